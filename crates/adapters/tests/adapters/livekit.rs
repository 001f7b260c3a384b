use callbrief_adapters::{adapt, livekit};
use callbrief_core::event::{Channel, EventBody};
use serde_json::json;

use crate::support::*;

#[test]
fn earlier_2x_events_and_legacy_chat() {
    let envs = envelopes("livekit/2.5.0/events.json");
    let events = adapt_clean(&envs);
    assert_eq!(
        kinds(&events),
        [
            "participant.joined",
            "chat.message",
            "screenshare.started",
            "screenshare.stopped",
            "participant.left"
        ]
    );
    let EventBody::ChatMessage(c) = &events[1].body else {
        panic!()
    };
    assert_eq!(
        (c.message_id.as_str(), c.sender.provider_user_id.as_str()),
        ("chat-7f1", "anna")
    );
    assert_eq!(
        events[1].dedupe_key,
        "livekit:acme-pricing/RM_k3YbX9aQ:chat:chat-7f1"
    );
    assert_stable_keys(&envs);
}

#[test]
fn transcription_received_segments_converge() {
    let envs = envelopes("livekit/2.5.0/transcript.json");
    let events = adapt_clean(&envs);
    assert_eq!(events.len(), 5, "one event per segment");
    let state = assert_order_independent(&envs);
    let room = "acme-pricing".to_owned();
    assert_eq!(
        state[&(room.clone(), "SG_a1".into())].3,
        "We need SSO for two hundred seats."
    );
    assert_eq!(state[&(room, "SG_a2".into())].3, "And audit logs.");
}

#[test]
fn text_streams_for_chat_and_transcription() {
    let events = adapt_clean(&envelopes("livekit/2.15.0/events.json"));
    assert_eq!(kinds(&events), ["participant.joined", "chat.message"]);
    let envs = envelopes("livekit/2.15.0/transcript.json");
    let state = assert_order_independent(&envs);
    let seg = &state[&("acme-pricing".to_owned(), "SG_b1".to_owned())];
    assert!(seg.2, "lk.transcription_final");
    assert_eq!(seg.3, "We need SSO for two hundred seats.");
    let first = adapt_clean(&envs[..1]);
    let EventBody::TranscriptSegment(p) = &first[0].body else {
        panic!()
    };
    assert_eq!(p.speaker.provider_user_id.as_deref(), Some("anna"));
    assert_eq!(p.start_ms, 120_400);
    assert_stable_keys(&envs);
}

#[test]
fn webhooks_use_the_event_id_and_room_metadata() {
    let envs = envelopes("livekit/webhook/events.json");
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
    assert_eq!(events[0].event_id, "EV_0001");
    assert_eq!(
        events[0].meeting.instance_id.as_deref(),
        Some("RM_k3YbX9aQ")
    );
    let EventBody::MeetingStarted(m) = &events[0].body else {
        panic!()
    };
    assert_eq!(
        (m.host.id.as_str(), m.host.name.as_str()),
        ("liwei", "Li Wei")
    );
    assert_eq!(
        events[0].crm.as_ref().unwrap().customer_id.as_deref(),
        Some("c1")
    );
    let EventBody::MeetingEnded(end) = &events[3].body else {
        panic!()
    };
    assert_eq!(end.duration_s, Some(2700));
    let EventBody::RecordingCompleted(rec) = &events[4].body else {
        panic!()
    };
    assert_eq!(
        rec.files[0].url.as_deref(),
        Some("https://storage.example/recordings/acme-pricing-2026-11-25.mp4")
    );
    assert_eq!(events[4].source.channel, Channel::Webhook);
    assert_eq!(
        events[4].dedupe_key,
        "livekit:acme-pricing/RM_k3YbX9aQ:recording.completed:EG_r1"
    );
    // The bare body gives the same events.
    let direct = livekit::adapt_webhook(&envs[5]["data"]);
    assert_eq!(direct.events[0].dedupe_key, events[4].dedupe_key);
    assert_stable_keys(&envs);
}

#[test]
fn unknown_shapes_and_versions_warn() {
    let mut env = envelopes("livekit/2.15.0/events.json")[0].clone();
    env["sdk_version"] = json!("1.15.0");
    assert!(warnings_of(&env)[0].reason.contains("unsupported"));
    env["sdk_version"] = json!("2.15.0");
    env["event"] = json!("SomethingElse");
    assert!(
        warnings_of(&env)[0]
            .reason
            .contains("unknown LiveKit client event")
    );
    let mut env = envelopes("livekit/2.15.0/transcript.json")[0].clone();
    env["data"].as_object_mut().unwrap().remove("text");
    assert_eq!(warnings_of(&env)[0].reason, "missing field `data.text`");
    let body = json!({"event": "room_started", "createdAt": "1764050400"});
    let out = livekit::adapt_webhook(&body);
    assert_eq!(out.warnings[0].reason, "missing field `room`");
    let out = adapt(
        &json!({"provider": "livekit", "channel": "webhook", "event": "x",
                            "data": {"event": "sip_magic", "id": "EV_9"}}),
    );
    assert!(
        out.warnings[0]
            .reason
            .contains("unknown LiveKit webhook event")
    );
}
