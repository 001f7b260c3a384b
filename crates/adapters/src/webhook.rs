//! What webhook verification can report. Every variant is answered `401` by the hook.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Why a webhook was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// The configured secret is empty: nothing can be verified with it.
    #[error("the webhook secret is not configured")]
    NoSecret,
    /// A required header is absent.
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    /// A header is present but not in the expected form.
    #[error("malformed {0}")]
    Malformed(&'static str),
    /// The signature does not match the body.
    #[error("signature mismatch")]
    BadSignature,
    /// The request timestamp is too far from now.
    #[error("timestamp is {skew_s} s away from now (at most {max_s} s allowed)")]
    StaleTimestamp {
        /// Distance from now, seconds.
        skew_s: i64,
        /// The allowed window, seconds.
        max_s: i64,
    },
    /// The token was issued for another API key.
    #[error("token issuer is not the configured API key")]
    WrongIssuer,
    /// The token has expired.
    #[error("token expired")]
    Expired,
    /// The token is not valid yet.
    #[error("token not valid yet")]
    NotYetValid,
    /// The body is not the one the token was signed for.
    #[error("body hash does not match the token's sha256 claim")]
    BodyHashMismatch,
}

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 of `message` with `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so `new_from_slice` cannot fail here.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return Vec::new(),
    };
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// Constant-time equality (lengths are not secret).
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}
