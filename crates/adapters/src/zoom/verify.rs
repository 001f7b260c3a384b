//! Zoom webhook signatures: `x-zm-signature` = `v0=` + hex HMAC-SHA256 of
//! `v0:{x-zm-request-timestamp}:{raw body}` with the app's secret token, and the
//! `endpoint.url_validation` challenge (`encryptedToken` = hex HMAC-SHA256 of `plainToken`).

use callbrief_core::Secret;
use serde_json::{Value, json};

use crate::webhook::{WebhookError, ct_eq, hmac_sha256};

/// The largest accepted distance between `x-zm-request-timestamp` and now, in seconds.
pub const MAX_SKEW_S: i64 = 300;

/// Checks a Zoom webhook. `signature` and `timestamp` are the `x-zm-signature` and
/// `x-zm-request-timestamp` headers, `body` the raw request body, `now_s` the current Unix
/// time in seconds. The comparison is constant-time.
pub fn verify_webhook(
    secret: &Secret,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now_s: i64,
) -> Result<(), WebhookError> {
    if secret.is_blank() {
        return Err(WebhookError::NoSecret);
    }
    let signature = signature.ok_or(WebhookError::MissingHeader("x-zm-signature"))?;
    let timestamp = timestamp.ok_or(WebhookError::MissingHeader("x-zm-request-timestamp"))?;
    let ts: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| WebhookError::Malformed("x-zm-request-timestamp"))?;
    let skew = now_s.saturating_sub(ts).saturating_abs();
    if skew > MAX_SKEW_S {
        return Err(WebhookError::StaleTimestamp {
            skew_s: skew,
            max_s: MAX_SKEW_S,
        });
    }
    let hex_sig = signature
        .trim()
        .strip_prefix("v0=")
        .ok_or(WebhookError::Malformed("x-zm-signature"))?;
    let given = hex::decode(hex_sig).map_err(|_| WebhookError::Malformed("x-zm-signature"))?;
    let expected = hmac_sha256(secret.expose().as_bytes(), &message(timestamp.trim(), body));
    if ct_eq(&given, &expected) {
        Ok(())
    } else {
        Err(WebhookError::BadSignature)
    }
}

fn message(timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(body.len() + timestamp.len() + 4);
    m.extend_from_slice(b"v0:");
    m.extend_from_slice(timestamp.as_bytes());
    m.push(b':');
    m.extend_from_slice(body);
    m
}

/// The `x-zm-signature` value for `body` sent at `timestamp_s` (for tests and tools that
/// relay webhooks).
pub fn sign_webhook(secret: &Secret, timestamp_s: i64, body: &[u8]) -> String {
    let mac = hmac_sha256(
        secret.expose().as_bytes(),
        &message(&timestamp_s.to_string(), body),
    );
    format!("v0={}", hex::encode(mac))
}

/// The answer to an `endpoint.url_validation` request, or `None` when `body` is not one.
///
/// Verify the request with [`verify_webhook`] first; then reply `200` with this JSON:
/// `{"plainToken": …, "encryptedToken": hex HMAC-SHA256(secret, plainToken)}`.
pub fn url_validation_response(secret: &Secret, body: &[u8]) -> Option<Value> {
    let v: Value = serde_json::from_slice(body).ok()?;
    if v.get("event")?.as_str()? != "endpoint.url_validation" {
        return None;
    }
    let plain = v.get("payload")?.get("plainToken")?.as_str()?;
    let encrypted = hex::encode(hmac_sha256(secret.expose().as_bytes(), plain.as_bytes()));
    Some(json!({"plainToken": plain, "encryptedToken": encrypted}))
}
