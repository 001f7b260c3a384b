//! The CRM account the user connected.
//!
//! Connecting checks the token live against the CRM (who is it, which scopes), prepares the
//! account for idempotent pushes, then keeps the token in the OS keychain and only a
//! reference to it in the store. The token never leaves this crate except towards the CRM.

mod account;
mod error;
mod requirements;
mod status;

pub use account::{Accounts, CrmSession, HUBSPOT_BASE_URL, HUBSPOT_BASE_URL_ENV};
pub use error::{ConnectError, ConnectErrorKind};
pub use requirements::{CrmRequirements, RequiredScope, requirements};
pub use status::{ConnectedAccount, ConnectionStatus, ReconnectReason};
