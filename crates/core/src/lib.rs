//! Callbrief's domain core: the types every other crate speaks.
//!
//! - [`model`]: customers (companies), contacts, deals, notes, tasks, meetings and
//!   participants as Callbrief stores them, independent of any CRM vendor.
//! - [`event`]: meeting-event v1, the normalised events of the meeting hook (parse,
//!   validate, JSON Schema).
//! - [`settings`]: user preferences shared by the desktop shell and the CLI.
//! - [`error`]: the error shape that crosses the IPC boundary (`{code, message}`).
//! - [`secret`]: [`Secret`], a string that never prints itself.
//!
//! This crate does no I/O and never depends on Tauri; TypeScript derives sit behind the
//! `specta` feature, enabled only by the shell that generates `ui/src/bindings.ts`.
#![deny(missing_docs)]

pub mod error;
pub mod event;
pub mod model;
pub mod secret;
pub mod settings;

pub use error::{AppError, ErrorCode};
pub use secret::Secret;
