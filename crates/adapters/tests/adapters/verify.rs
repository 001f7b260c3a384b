use callbrief_adapters::{WebhookError, livekit, zoom};
use callbrief_core::Secret;
use serde_json::json;

const NOW: i64 = 1_764_050_400;

fn zoom_secret() -> Secret {
    Secret::new("zm-secret-token-123")
}

#[test]
fn zoom_valid_signature() {
    let body = br#"{"event":"meeting.started","event_ts":1764050400000,"payload":{}}"#;
    let sig = zoom::sign_webhook(&zoom_secret(), NOW, body);
    assert!(sig.starts_with("v0="));
    assert_eq!(
        zoom::verify_webhook(
            &zoom_secret(),
            Some(&sig),
            Some(&NOW.to_string()),
            body,
            NOW + 30
        ),
        Ok(())
    );
}

#[test]
fn zoom_known_answers() {
    // Computed independently with Python's hmac module.
    assert_eq!(
        zoom::sign_webhook(&Secret::new("secret"), 1_700_000_000, b"{}"),
        "v0=84dd7b277ba946b3a34369b43499bfd9258b410b8894583f1288b1911aa6a6d6"
    );
    let body =
        br#"{"event":"endpoint.url_validation","payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"}}"#;
    let answer = zoom::url_validation_response(&Secret::new("secret"), body).unwrap();
    assert_eq!(
        answer["encryptedToken"],
        "72cef096bfd47c0b8664df30d07721641e4abd7e885ba432204260db477a9a3e"
    );
}

#[test]
fn zoom_refusals() {
    let body = br#"{"event":"meeting.started"}"#;
    let ts = NOW.to_string();
    let sig = zoom::sign_webhook(&zoom_secret(), NOW, body);
    let wrong = Secret::new("another-secret");
    assert_eq!(
        zoom::verify_webhook(&wrong, Some(&sig), Some(&ts), body, NOW),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        zoom::verify_webhook(
            &zoom_secret(),
            Some(&sig),
            Some(&ts),
            br#"{"event":"meeting.ended"}"#,
            NOW
        ),
        Err(WebhookError::BadSignature)
    );
    assert!(matches!(
        zoom::verify_webhook(&zoom_secret(), Some(&sig), Some(&ts), body, NOW + 301),
        Err(WebhookError::StaleTimestamp { skew_s: 301, .. })
    ));
    assert!(matches!(
        zoom::verify_webhook(&zoom_secret(), Some(&sig), Some(&ts), body, NOW - 400),
        Err(WebhookError::StaleTimestamp { .. })
    ));
    assert_eq!(
        zoom::verify_webhook(&zoom_secret(), None, Some(&ts), body, NOW),
        Err(WebhookError::MissingHeader("x-zm-signature"))
    );
    assert_eq!(
        zoom::verify_webhook(&zoom_secret(), Some("v1=00"), Some(&ts), body, NOW),
        Err(WebhookError::Malformed("x-zm-signature"))
    );
    assert_eq!(
        zoom::verify_webhook(&Secret::new(" "), Some(&sig), Some(&ts), body, NOW),
        Err(WebhookError::NoSecret)
    );
    // Replaying the old signature with a fresh timestamp fails too.
    let later = (NOW + 100).to_string();
    assert_eq!(
        zoom::verify_webhook(&zoom_secret(), Some(&sig), Some(&later), body, NOW + 100),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn zoom_url_validation() {
    let body = serde_json::to_vec(&json!({
        "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"},
        "event_ts": 1654503849680_i64,
        "event": "endpoint.url_validation"
    }))
    .unwrap();
    let answer = zoom::url_validation_response(&Secret::new("secret"), &body).unwrap();
    assert_eq!(answer["plainToken"], "qgg8vlvZRS6UYooatFL8Aw");
    let encrypted = answer["encryptedToken"].as_str().unwrap();
    assert_eq!(encrypted.len(), 64);
    assert!(
        encrypted
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    // A different secret gives a different answer; other events get none.
    let other = zoom::url_validation_response(&Secret::new("other"), &body).unwrap();
    assert_ne!(other["encryptedToken"], answer["encryptedToken"]);
    assert!(
        zoom::url_validation_response(&Secret::new("secret"), br#"{"event":"meeting.started"}"#)
            .is_none()
    );
}

const KEY: &str = "APIk3yAbc";

fn lk_secret() -> Secret {
    Secret::new("lk-api-secret-0123456789abcdef")
}

#[test]
fn livekit_valid_token() {
    let body = br#"{"event":"room_started","id":"EV_1","room":{"name":"acme"}}"#;
    let token = livekit::sign_webhook(KEY, &lk_secret(), body, NOW, 600);
    assert_eq!(
        livekit::verify_webhook(KEY, &lk_secret(), Some(&token), body, NOW + 5),
        Ok(())
    );
    let bearer = format!("Bearer {token}");
    assert_eq!(
        livekit::verify_webhook(KEY, &lk_secret(), Some(&bearer), body, NOW),
        Ok(())
    );
}

#[test]
fn livekit_refusals() {
    let body = br#"{"event":"room_started","id":"EV_1"}"#;
    let token = livekit::sign_webhook(KEY, &lk_secret(), body, NOW, 600);
    assert_eq!(
        livekit::verify_webhook(KEY, &Secret::new("wrong-secret"), Some(&token), body, NOW),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        livekit::verify_webhook("OtherKey", &lk_secret(), Some(&token), body, NOW),
        Err(WebhookError::WrongIssuer)
    );
    assert_eq!(
        livekit::verify_webhook(
            KEY,
            &lk_secret(),
            Some(&token),
            br#"{"event":"room_finished","id":"EV_1"}"#,
            NOW
        ),
        Err(WebhookError::BodyHashMismatch)
    );
    assert_eq!(
        livekit::verify_webhook(
            KEY,
            &lk_secret(),
            Some(&token),
            body,
            NOW + 600 + livekit::LEEWAY_S + 1
        ),
        Err(WebhookError::Expired)
    );
    let future = livekit::sign_webhook(KEY, &lk_secret(), body, NOW + 3600, 600);
    assert_eq!(
        livekit::verify_webhook(KEY, &lk_secret(), Some(&future), body, NOW),
        Err(WebhookError::NotYetValid)
    );
    assert_eq!(
        livekit::verify_webhook(KEY, &lk_secret(), None, body, NOW),
        Err(WebhookError::MissingHeader("Authorization"))
    );
    assert!(matches!(
        livekit::verify_webhook(KEY, &lk_secret(), Some("not.a-jwt"), body, NOW),
        Err(WebhookError::Malformed(_))
    ));
    // A token whose payload was edited (claims another body) fails the signature.
    let parts: Vec<&str> = token.split('.').collect();
    let other = livekit::sign_webhook(KEY, &lk_secret(), b"{}", NOW, 600);
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        other.split('.').nth(1).unwrap(),
        parts[2]
    );
    assert_eq!(
        livekit::verify_webhook(KEY, &lk_secret(), Some(&forged), b"{}", NOW),
        Err(WebhookError::BadSignature)
    );
}
