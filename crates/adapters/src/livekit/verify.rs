//! LiveKit webhook tokens: the `Authorization` header is a JWT (HS256) signed with the API
//! secret, issued by the API key, whose `sha256` claim is the base64 SHA-256 of the raw
//! body. Checked here with HMAC directly: header `alg`, signature (constant time), `iss`,
//! `exp`/`nbf` (with [`LEEWAY_S`]), then the body hash (constant time).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use callbrief_core::Secret;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::webhook::{WebhookError, ct_eq, hmac_sha256};

/// Clock skew tolerated on `exp` and `nbf`, seconds.
pub const LEEWAY_S: i64 = 60;

/// Checks a LiveKit webhook. `authorization` is the `Authorization` header (the bare
/// token, or `Bearer <token>`), `body` the raw request body, `now_s` the Unix time.
pub fn verify_webhook(
    api_key: &str,
    api_secret: &Secret,
    authorization: Option<&str>,
    body: &[u8],
    now_s: i64,
) -> Result<(), WebhookError> {
    if api_secret.is_blank() || api_key.trim().is_empty() {
        return Err(WebhookError::NoSecret);
    }
    let header = authorization.ok_or(WebhookError::MissingHeader("Authorization"))?;
    let token = header.trim();
    let token = token
        .strip_prefix("Bearer ")
        .or_else(|| token.strip_prefix("bearer "))
        .unwrap_or(token)
        .trim();
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(WebhookError::Malformed("Authorization token"));
    };
    let decode = |part: &str| {
        URL_SAFE_NO_PAD
            .decode(part.trim_end_matches('='))
            .map_err(|_| WebhookError::Malformed("Authorization token"))
    };
    let header: Value = serde_json::from_slice(&decode(h)?)
        .map_err(|_| WebhookError::Malformed("Authorization token"))?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(WebhookError::Malformed(
            "Authorization token (alg must be HS256)",
        ));
    }
    let signature = decode(s)?;
    let expected = hmac_sha256(
        api_secret.expose().as_bytes(),
        format!("{h}.{p}").as_bytes(),
    );
    if !ct_eq(&signature, &expected) {
        return Err(WebhookError::BadSignature);
    }
    let claims: Value = serde_json::from_slice(&decode(p)?)
        .map_err(|_| WebhookError::Malformed("Authorization token"))?;
    if claims.get("iss").and_then(Value::as_str) != Some(api_key) {
        return Err(WebhookError::WrongIssuer);
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or(WebhookError::Malformed("Authorization token (no exp)"))?;
    if now_s > exp + LEEWAY_S {
        return Err(WebhookError::Expired);
    }
    if let Some(nbf) = claims.get("nbf").and_then(Value::as_i64)
        && now_s + LEEWAY_S < nbf
    {
        return Err(WebhookError::NotYetValid);
    }
    let claimed = claims
        .get("sha256")
        .and_then(Value::as_str)
        .ok_or(WebhookError::Malformed(
            "Authorization token (no sha256 claim)",
        ))?;
    let claimed = STANDARD
        .decode(claimed)
        .map_err(|_| WebhookError::Malformed("Authorization token (sha256 claim)"))?;
    let actual = Sha256::digest(body);
    if ct_eq(&claimed, &actual) {
        Ok(())
    } else {
        Err(WebhookError::BodyHashMismatch)
    }
}

/// A webhook `Authorization` token for `body`, valid from `now_s` for `ttl_s` seconds (for
/// tests and tools that relay webhooks).
pub fn sign_webhook(
    api_key: &str,
    api_secret: &Secret,
    body: &[u8],
    now_s: i64,
    ttl_s: i64,
) -> String {
    let header = URL_SAFE_NO_PAD.encode(json!({"alg": "HS256", "typ": "JWT"}).to_string());
    let claims = json!({
        "iss": api_key,
        "nbf": now_s,
        "exp": now_s + ttl_s,
        "sha256": STANDARD.encode(Sha256::digest(body)),
    });
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let sig = hmac_sha256(
        api_secret.expose().as_bytes(),
        format!("{header}.{payload}").as_bytes(),
    );
    format!("{header}.{payload}.{}", URL_SAFE_NO_PAD.encode(sig))
}
