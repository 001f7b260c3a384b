//! The error that crosses the IPC boundary.
//!
//! The UI branches on [`ErrorCode`] and shows `message`; a variant is added only when the
//! UI needs to act differently on it (reconnect, retry, fix a field).

use serde::{Deserialize, Serialize};

/// What kind of failure happened, as far as the UI needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ErrorCode {
    /// The input was wrong; `message` names the field.
    Validation,
    /// Local storage failed (disk full, corrupt or newer database).
    Storage,
    /// The OS keychain refused or is unavailable.
    Keychain,
    /// Anything else; the message says what.
    Internal,
}

/// An error as the UI receives it: `{"code": "...", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("{message}")]
pub struct AppError {
    /// The kind of failure.
    pub code: ErrorCode,
    /// A sentence for the user; never contains a secret.
    pub message: String,
}

impl AppError {
    /// Builds an error of the given kind.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// An [`ErrorCode::Validation`] error.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Validation, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let json = serde_json::to_value(AppError::new(ErrorCode::Storage, "disk full")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "Storage", "message": "disk full"})
        );
    }
}
