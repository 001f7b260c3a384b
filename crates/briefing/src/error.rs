//! Why a briefing could not be refreshed.

use callbrief_accounts::ConnectError;
use callbrief_crm::{CrmError, CrmErrorKind};
use callbrief_store::StoreError;
use serde::Serialize;

/// A failed refresh; the panel keeps showing the cached copy and says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum BriefError {
    /// No CRM is connected.
    #[error("no CRM is connected")]
    NotConnected,
    /// The CRM needs the user to reconnect (token rejected or scopes missing).
    #[error("the CRM needs you to reconnect: {message}")]
    Reconnect {
        /// The CRM's words.
        message: String,
    },
    /// The CRM could not be reached or is rate-limiting; retried in the background.
    #[error("the CRM is unavailable: {message}")]
    Offline {
        /// What happened.
        message: String,
    },
    /// The customer is not in the CRM (any more).
    #[error("not found in the CRM")]
    NotFound,
    /// Anything else.
    #[error("{message}")]
    Failed {
        /// What happened.
        message: String,
    },
}

impl From<CrmError> for BriefError {
    fn from(error: CrmError) -> Self {
        let message = error.to_string();
        match error.kind {
            CrmErrorKind::Auth | CrmErrorKind::MissingScopes(_) => Self::Reconnect { message },
            CrmErrorKind::Transient | CrmErrorKind::RateLimited { .. } => Self::Offline { message },
            CrmErrorKind::NotFound => Self::NotFound,
            _ => Self::Failed { message },
        }
    }
}

impl From<StoreError> for BriefError {
    fn from(error: StoreError) -> Self {
        Self::Failed {
            message: error.to_string(),
        }
    }
}

impl From<ConnectError> for BriefError {
    fn from(error: ConnectError) -> Self {
        Self::Failed {
            message: error.message,
        }
    }
}
