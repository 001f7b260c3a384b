//! Platform services shared by the desktop shell and the CLI.
//!
//! - [`paths`]: the data, config and log folders (OS conventions via `directories`), with
//!   one override (`--data-dir` or `CALLBRIEF_DATA_DIR`) that moves all of them, so tests
//!   and side-by-side profiles never touch the user's real data.
//! - [`logging`]: `tracing` to a daily-rotated file in the log folder, plus stderr in
//!   development.
//! - [`keychain`]: credentials in the OS keychain (`keyring` 3). Nothing else in Callbrief
//!   stores a secret.
#![deny(missing_docs)]

pub mod keychain;
pub mod logging;
pub mod paths;

pub use keychain::{Keychain, KeychainError};
pub use paths::AppPaths;
