use callbrief_adapters::agora;
use callbrief_core::event::EventBody;
use serde_json::json;

use crate::support::*;

#[test]
fn client_and_rtm_events() {
    let envs = envelopes("agora/4.22.0/events.json");
    let events = adapt_clean(&envs);
    assert_eq!(
        kinds(&events),
        [
            "participant.joined",
            "chat.message",
            "chat.message",
            "participant.left"
        ]
    );
    let EventBody::ChatMessage(c) = &events[2].body else {
        panic!()
    };
    assert_eq!(
        (c.message_id.as_str(), c.sender.name.as_str()),
        ("m-2", "Li Wei")
    );
    assert_stable_keys(&envs);
}

#[test]
fn stt_words_converge_on_the_final_sentence() {
    let envs = envelopes("agora/4.22.0/transcript.json");
    let state = assert_order_independent(&envs);
    let a = &state[&("acme-pricing".to_owned(), "stt-1001-120000".to_owned())];
    assert!(a.2);
    assert_eq!(a.3, "We need SSO for two hundred seats.");
    assert_eq!(
        state[&("acme-pricing".to_owned(), "stt-1001-123000".to_owned())].3,
        "And audit logs."
    );
}

#[test]
fn cloud_recording_callback() {
    let envs = envelopes("agora/webhook/events.json");
    let events = adapt_clean(&envs);
    assert_eq!(kinds(&events), ["recording.completed"]);
    assert_eq!(events[0].event_id, "2c0b5f8e-2");
    assert_eq!(events[0].seq, Some(2));
    let direct = agora::adapt_webhook(&envs[1]["data"]);
    assert_eq!(direct.events[0].dedupe_key, events[0].dedupe_key);
    let out = agora::adapt_webhook(&json!({"noticeId": "n", "productId": 20, "eventType": 1}));
    assert!(out.warnings[0].reason.contains("product 20"));
}

#[test]
fn rtm_1x_is_not_read() {
    let mut env = envelopes("agora/4.22.0/events.json")[2].clone();
    env["sdk_version"] = json!("1.5.1");
    assert!(warnings_of(&env)[0].reason.contains("Signaling"));
}
