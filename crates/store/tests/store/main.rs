//! Integration tests for `callbrief-store`: one binary, one module per concern.

mod ingest;
mod migrations;
mod open_errors;
mod repos;
mod support;
mod threading;
