use callbrief_adapters::daily;
use callbrief_core::event::EventBody;
use serde_json::json;

use crate::support::*;

#[test]
fn call_events() {
    let envs = envelopes("daily/0.80.0/events.json");
    let events = adapt_clean(&envs);
    assert_eq!(
        kinds(&events),
        ["participant.joined", "chat.message", "participant.left"]
    );
    let EventBody::ParticipantJoined(p) = &events[0].body else {
        panic!()
    };
    assert_eq!(p.participant.name, "Anna Chen");
    assert_eq!(events[0].occurred_at, "2025-11-25T06:00:03.000Z");
    assert_stable_keys(&envs);
}

#[test]
fn transcription_messages_converge() {
    let envs = envelopes("daily/0.80.0/transcript.json");
    let state = assert_order_independent(&envs);
    assert_eq!(state.len(), 2);
    let first = state.values().next().unwrap();
    assert_eq!(first.3, "We need SSO for two hundred seats.");
}

#[test]
fn webhooks() {
    let envs = envelopes("daily/webhook/events.json");
    let events = adapt_clean(&envs);
    assert_eq!(
        kinds(&events),
        [
            "meeting.started",
            "participant.joined",
            "participant.left",
            "meeting.ended",
            "recording.completed"
        ]
    );
    assert_eq!(events[4].event_id, "wh-5");
    assert_eq!(events[2].occurred_at, "2025-11-25T06:41:40.000Z");
    let direct = daily::adapt_webhook(&envs[0]["data"]);
    assert_eq!(direct.events[0].dedupe_key, events[0].dedupe_key);
    assert_stable_keys(&envs);
    let out = daily::adapt_webhook(&json!({"type": "dialout.connected", "id": "x", "payload": {}}));
    assert!(out.warnings[0].reason.contains("unknown Daily webhook"));
}

#[test]
fn unsupported_major_warns() {
    let mut env = envelopes("daily/0.80.0/events.json")[0].clone();
    env["sdk_version"] = json!("1.0.0");
    assert!(warnings_of(&env)[0].reason.contains("unsupported"));
}
