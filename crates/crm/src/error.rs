//! The one error every connector returns.
//!
//! Vendor errors are mapped into a small set of kinds the rest of Callbrief can act on
//! (re-login, ask for more scopes, wait, fix a field, give up). `message` is the CRM's own
//! sentence and `correlation_id` its request id, so support can trace a failure.

use std::fmt;
use std::time::Duration;

use callbrief_core::{AppError, ErrorCode};

/// What went wrong, as far as a caller needs to know to react.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrmErrorKind {
    /// The token is missing, invalid, expired or revoked: the user must reconnect.
    Auth,
    /// The token works but lacks these scopes.
    MissingScopes(Vec<String>),
    /// The CRM refused the call for load; try again after `retry_after` when known.
    RateLimited {
        /// How long the CRM asked us to wait.
        retry_after: Option<Duration>,
    },
    /// The request was invalid; `field` names the property when the CRM said which.
    Validation {
        /// The offending property or field.
        field: Option<String>,
    },
    /// The record (or endpoint) does not exist.
    NotFound,
    /// The write clashes with existing data (duplicate unique value, concurrent edit).
    Conflict,
    /// A failure that may go away on its own (network, timeout, 5xx).
    Transient,
    /// A failure that will not go away by retrying.
    Permanent,
}

/// A typed CRM failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CrmError {
    /// The kind of failure.
    pub kind: CrmErrorKind,
    /// The CRM's message (or ours when the CRM sent none). Never contains a token.
    pub message: String,
    /// The CRM's request id (`correlationId` at HubSpot), for support.
    pub correlation_id: Option<String>,
}

impl fmt::Display for CrmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            CrmErrorKind::MissingScopes(scopes) if !scopes.is_empty() => write!(
                f,
                "{} (missing scopes: {})",
                self.message,
                scopes.join(", ")
            )?,
            CrmErrorKind::Validation { field: Some(field) } => {
                write!(f, "{} (field: {field})", self.message)?
            }
            _ => f.write_str(&self.message)?,
        }
        if let Some(id) = &self.correlation_id {
            write!(f, " [correlation id {id}]")?;
        }
        Ok(())
    }
}

impl CrmError {
    /// An error of `kind` with `message` and no correlation id.
    pub fn new(kind: CrmErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            correlation_id: None,
        }
    }

    /// A [`CrmErrorKind::Transient`] error.
    pub fn transient(message: impl Into<String>) -> Self {
        Self::new(CrmErrorKind::Transient, message)
    }

    /// A [`CrmErrorKind::Permanent`] error.
    pub fn permanent(message: impl Into<String>) -> Self {
        Self::new(CrmErrorKind::Permanent, message)
    }

    /// A [`CrmErrorKind::Validation`] error about `field`.
    pub fn validation(field: Option<String>, message: impl Into<String>) -> Self {
        Self::new(CrmErrorKind::Validation { field }, message)
    }

    /// True when retrying the same call later can succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            CrmErrorKind::Transient | CrmErrorKind::RateLimited { .. }
        )
    }
}

impl From<CrmError> for AppError {
    fn from(error: CrmError) -> Self {
        // The IPC error has no CRM-specific codes yet; validation maps across, the rest
        // carries the full sentence (kind, CRM message, correlation id).
        let code = match error.kind {
            CrmErrorKind::Validation { .. } => ErrorCode::Validation,
            _ => ErrorCode::Internal,
        };
        let prefix = match &error.kind {
            CrmErrorKind::Auth => "CRM sign-in needed: ",
            CrmErrorKind::MissingScopes(_) => "CRM permissions missing: ",
            CrmErrorKind::RateLimited { .. } => "CRM busy, try again shortly: ",
            CrmErrorKind::NotFound => "Not found in the CRM: ",
            CrmErrorKind::Conflict => "CRM conflict: ",
            CrmErrorKind::Transient => "CRM unreachable: ",
            CrmErrorKind::Validation { .. } | CrmErrorKind::Permanent => "CRM error: ",
        };
        AppError::new(code, format!("{prefix}{error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_includes_scopes_field_and_correlation_id() {
        let mut error = CrmError::new(
            CrmErrorKind::MissingScopes(vec!["crm.objects.deals.read".into()]),
            "This app hasn't been granted all required scopes",
        );
        error.correlation_id = Some("abc-1".into());
        assert_eq!(
            error.to_string(),
            "This app hasn't been granted all required scopes (missing scopes: \
             crm.objects.deals.read) [correlation id abc-1]"
        );
        let error = CrmError::validation(Some("hs_timestamp".into()), "bad date");
        assert_eq!(error.to_string(), "bad date (field: hs_timestamp)");
    }

    #[test]
    fn converts_to_the_ipc_error() {
        let app: AppError = CrmError::validation(None, "bad").into();
        assert_eq!(app.code, ErrorCode::Validation);
        let app: AppError = CrmError::new(CrmErrorKind::Auth, "expired").into();
        assert_eq!(app.code, ErrorCode::Internal);
        assert_eq!(app.message, "CRM sign-in needed: expired");
    }

    #[test]
    fn only_transient_and_rate_limited_are_retryable() {
        assert!(CrmError::transient("x").is_retryable());
        assert!(CrmError::new(CrmErrorKind::RateLimited { retry_after: None }, "x").is_retryable());
        assert!(!CrmError::permanent("x").is_retryable());
        assert!(!CrmError::new(CrmErrorKind::Auth, "x").is_retryable());
    }
}
