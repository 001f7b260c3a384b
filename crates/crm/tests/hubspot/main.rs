//! The HubSpot connector against the sandbox over real HTTP (one test binary).

mod context;
mod faults;
mod find;
mod idempotency;
mod identity;
mod mapping;
mod meetings;
mod push;
mod support;
