//! Why connecting failed, in terms the UI can turn into a sentence and an action.

use callbrief_crm::{CrmError, CrmErrorKind};
use callbrief_platform::KeychainError;
use callbrief_store::StoreError;
use serde::Serialize;

/// The kind of failure; the UI words each one and offers the right next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ConnectErrorKind {
    /// Nothing was pasted.
    EmptyToken,
    /// The CRM did not accept the token.
    TokenRejected,
    /// The token works but lacks scopes (listed in `scopes`).
    MissingScopes,
    /// The CRM could not be reached or answered with a server error.
    Unreachable,
    /// The CRM asked us to slow down.
    RateLimited,
    /// The OS keychain refused to store or read the token.
    Keychain,
    /// The local database failed.
    Storage,
    /// Anything else the CRM refused.
    Crm,
}

/// A failed connect (or status/disconnect) with the CRM's own words when there are any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct ConnectError {
    /// What kind of failure.
    pub kind: ConnectErrorKind,
    /// A sentence for the user or support; never contains the token.
    pub message: String,
    /// The scopes to add, for `MissingScopes`.
    pub scopes: Vec<String>,
    /// The CRM's request id, for support.
    pub correlation_id: Option<String>,
}

impl ConnectError {
    pub(crate) fn new(kind: ConnectErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            scopes: Vec::new(),
            correlation_id: None,
        }
    }
}

impl From<CrmError> for ConnectError {
    fn from(error: CrmError) -> Self {
        let (kind, scopes) = match &error.kind {
            CrmErrorKind::Auth => (ConnectErrorKind::TokenRejected, Vec::new()),
            CrmErrorKind::MissingScopes(scopes) => {
                (ConnectErrorKind::MissingScopes, scopes.clone())
            }
            CrmErrorKind::RateLimited { .. } => (ConnectErrorKind::RateLimited, Vec::new()),
            CrmErrorKind::Transient => (ConnectErrorKind::Unreachable, Vec::new()),
            CrmErrorKind::Validation { .. }
            | CrmErrorKind::NotFound
            | CrmErrorKind::Conflict
            | CrmErrorKind::Permanent => (ConnectErrorKind::Crm, Vec::new()),
        };
        Self {
            kind,
            message: error.message,
            scopes,
            correlation_id: error.correlation_id,
        }
    }
}

impl From<KeychainError> for ConnectError {
    fn from(error: KeychainError) -> Self {
        Self::new(ConnectErrorKind::Keychain, error.to_string())
    }
}

impl From<StoreError> for ConnectError {
    fn from(error: StoreError) -> Self {
        Self::new(ConnectErrorKind::Storage, error.to_string())
    }
}
