use callbrief_core::event::EventBody;
use serde_json::json;

use crate::support::*;

#[test]
fn iframe_events() {
    let envs = envelopes("jitsi/iframe/events.json");
    let events = adapt_clean(&envs);
    assert_eq!(
        kinds(&events),
        [
            "participant.joined",
            "chat.message",
            "chat.message",
            "screenshare.started",
            "screenshare.stopped",
            "participant.left",
            "recording.completed"
        ]
    );
    let EventBody::ChatMessage(private) = &events[2].body else {
        panic!()
    };
    assert_eq!(private.to, "e5f6a7b8");
    let EventBody::RecordingCompleted(rec) = &events[6].body else {
        panic!()
    };
    assert!(
        rec.share_url.is_none(),
        "an expiring link is never the share link"
    );
    assert_eq!(
        rec.files[0].expires_at.as_deref(),
        Some("2025-11-26T06:45:00.000Z")
    );
    assert_stable_keys(&envs);
}

#[test]
fn chunks_move_from_unstable_to_final_in_any_order() {
    let envs = envelopes("jitsi/iframe/transcript.json");
    let state = assert_order_independent(&envs);
    let a = &state[&("AcmePricingReview".to_owned(), "c7d1e2".to_owned())];
    assert!(a.2);
    assert_eq!(a.3, "We need SSO for two hundred seats.");
    let b = &state[&("AcmePricingReview".to_owned(), "c7d1e3".to_owned())];
    assert_eq!(b.3, "And audit logs.");
}

#[test]
fn missing_pieces_warn() {
    let mut env = envelopes("jitsi/iframe/events.json")[2].clone();
    env["data"].as_object_mut().unwrap().remove("to");
    assert!(warnings_of(&env)[0].reason.contains("data.to"));
    let mut env = envelopes("jitsi/iframe/transcript.json")[0].clone();
    env["data"] = json!({"messageID": "x"});
    assert!(warnings_of(&env)[0].reason.contains("data.final"));
    let mut env = envelopes("jitsi/iframe/events.json")[0].clone();
    env.as_object_mut().unwrap().remove("ts");
    assert_eq!(warnings_of(&env)[0].reason, "missing field `ts`");
    env["event"] = json!("brandNewEvent");
    assert!(warnings_of(&env)[0].reason.contains("unknown Jitsi"));
}
