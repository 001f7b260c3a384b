//! A credential held in memory. It prints as `***` and cannot be serialised, so a token
//! can reach neither a log line, a panic message nor an IPC payload by accident.

use std::fmt;

/// A secret string (API token, refresh token, passcode).
///
/// `Debug` and `Display` print `***`; there is deliberately no `Serialize` impl. Read the
/// value with [`Secret::expose`] only at the point where it is sent to its owner (an HTTP
/// header, the OS keychain).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself. Call sites are few and easy to audit with `grep expose`.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the secret is empty or only white space (a paste that went wrong).
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let secret = Secret::new("pat-na1-0123456789");
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(format!("{secret}"), "***");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(***)");
        assert_eq!(secret.expose(), "pat-na1-0123456789");
    }

    #[test]
    fn a_struct_holding_a_secret_debug_prints_without_it() {
        #[derive(Debug)]
        #[allow(dead_code)] // Only read through Debug.
        struct Connection {
            portal: u32,
            token: Secret,
        }
        let printed = format!(
            "{:?}",
            Connection {
                portal: 7,
                token: Secret::new("abc-123")
            }
        );
        assert!(!printed.contains("abc-123"), "{printed}");
        assert!(printed.contains("***"));
    }

    #[test]
    fn blank_detects_whitespace_only_pastes() {
        assert!(Secret::new("  \n").is_blank());
        assert!(!Secret::new(" x ").is_blank());
    }
}
