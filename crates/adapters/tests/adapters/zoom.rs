use callbrief_adapters::{adapt, zoom};
use callbrief_core::event::{Channel, EventBody, SegmentOp};
use serde_json::json;

use crate::support::*;

#[test]
fn chat_in_both_sdk_majors() {
    for ver in ["6.3.0", "5.17.11"] {
        let events = adapt_clean(&envelopes(&format!("zoom/{ver}/chat.json")));
        assert_eq!(kinds(&events), ["chat.message", "chat.message"]);
        let EventBody::ChatMessage(all) = &events[0].body else {
            panic!()
        };
        assert_eq!(all.to, "everyone");
        assert_eq!(all.sender.provider_user_id, "16778240");
        assert_eq!(all.sent_at, "2025-11-25T06:01:05.000Z");
        assert_eq!(
            events[0].dedupe_key,
            "zoom:86120034417/q1zT0n3xQvKx1Yc2mW8aRg==:chat:msg-001"
        );
        assert_eq!(events[0].source.channel, Channel::Sdk);
        assert_eq!(events[0].source.provider_event, "onChatMsgNotification");
        assert!(events[0].raw.is_some());
        let EventBody::ChatMessage(private) = &events[1].body else {
            panic!()
        };
        assert_eq!(private.to, "16778240");
    }
}

#[test]
fn users_join_and_leave() {
    let events = adapt_clean(&envelopes("zoom/6.3.0/users.json"));
    assert_eq!(
        kinds(&events),
        [
            "participant.joined",
            "participant.joined",
            "participant.left"
        ]
    );
    let EventBody::ParticipantJoined(host) = &events[0].body else {
        panic!()
    };
    assert_eq!(host.participant.role.as_deref(), Some("host"));
    assert_stable_keys(&envelopes("zoom/6.3.0/users.json"));
}

#[test]
fn sharing_has_the_same_meaning_in_5x_and_6x() {
    let v6 = adapt_clean(&envelopes("zoom/6.3.0/share.json"));
    let v5 = adapt_clean(&envelopes("zoom/5.17.11/share.json"));
    assert_eq!(kinds(&v6), ["screenshare.started", "screenshare.stopped"]);
    assert_eq!(kinds(&v5), kinds(&v6));
    for (a, b) in v5.iter().zip(&v6) {
        assert_eq!(a.body, b.body);
        assert_eq!(a.occurred_at, b.occurred_at);
    }
}

#[test]
fn live_transcription_revisions_converge_in_any_order() {
    let envs = envelopes("zoom/6.3.0/transcript.json");
    let state = assert_order_independent(&envs);
    let m = "86120034417".to_owned();
    let first = &state[&(m.clone(), "lt-0001".to_owned())];
    assert_eq!(first.3, "We need SSO for two hundred seats.");
    assert!(first.2);
    assert_eq!(
        state[&(m.clone(), "lt-0002".to_owned())].1,
        SegmentOp::Delete
    );
    assert_eq!(
        state[&(m, "lt-0003".to_owned())].3,
        "Pricing is per seat per year."
    );
    assert_stable_keys(&envs);
}

#[test]
fn an_update_outranks_its_add_and_a_complete_outranks_both() {
    let events = adapt_clean(&envelopes("zoom/6.3.0/transcript.json")[..4]);
    let revs: Vec<i64> = events
        .iter()
        .map(|e| match &e.body {
            EventBody::TranscriptSegment(p) => p.revision,
            _ => panic!(),
        })
        .collect();
    assert!(revs.windows(2).all(|w| w[0] < w[1]), "{revs:?}");
    let EventBody::TranscriptSegment(p) = &events[1].body else {
        panic!()
    };
    assert_eq!(p.start_ms, 120_000);
}

#[test]
fn webhooks_become_events_with_vendor_ids() {
    let envs = envelopes("zoom/webhook/events.json");
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
    for e in &events {
        assert_eq!(e.source.channel, Channel::Webhook);
        assert!(
            e.event_id.starts_with(&e.source.provider_event),
            "{}",
            e.event_id
        );
    }
    let crm = events[0]
        .crm
        .as_ref()
        .expect("tracking fields pre-associate");
    assert_eq!(crm.customer_id.as_deref(), Some("c1"));
    assert_eq!(crm.deal_id.as_deref(), Some("d1"));
    assert!(events[4].crm.is_none());
    let EventBody::MeetingEnded(ended) = &events[3].body else {
        panic!()
    };
    assert_eq!(ended.duration_s, Some(2700));
    let EventBody::RecordingCompleted(rec) = &events[4].body else {
        panic!()
    };
    assert_eq!(
        rec.share_url.as_deref(),
        Some("https://zoom.example/rec/share/Abc123")
    );
    assert_eq!(rec.files.len(), 2);
    assert_eq!(rec.files[0].kind, "video");
    assert_eq!(
        rec.files[0].expires_at.as_deref(),
        Some("2025-11-26T06:50:00.000Z")
    );
    assert!(rec.files[0].requires_auth);
    assert_eq!(
        rec.passcode_ref.as_deref(),
        Some("zoom:recording:q1zT0n3xQvKx1Yc2mW8aRg==")
    );
    let raw = events[4].raw.as_ref().unwrap().to_string();
    assert!(
        !raw.contains("download_token") && !raw.contains("pW9xYz"),
        "{raw}"
    );
    assert_stable_keys(&envs);
}

#[test]
fn webhook_bodies_adapt_directly_and_give_up_their_secrets() {
    let envs = envelopes("zoom/webhook/events.json");
    let body = &envs[4]["data"];
    let direct = zoom::adapt_webhook(body);
    let wrapped = adapt(&envs[4]);
    assert_eq!(direct.events.len(), 1);
    assert_eq!(direct.events[0].dedupe_key, wrapped.events[0].dedupe_key);
    assert_eq!(direct.events[0].event_id, wrapped.events[0].event_id);
    let secrets = zoom::recording_secrets(body).unwrap();
    assert_eq!(secrets.passcode.unwrap().expose(), "pW9xYz");
    assert_eq!(
        secrets.download_token.unwrap().expose(),
        "eyJhbGciOiJIUzI1NiJ9.dl.tok"
    );
    assert_eq!(
        secrets.passcode_ref.as_deref(),
        Some("zoom:recording:q1zT0n3xQvKx1Yc2mW8aRg==")
    );
    assert!(zoom::recording_secrets(&envs[0]["data"]).is_none());
}

#[test]
fn rtms_transcripts_get_synthetic_segment_ids() {
    let envs = envelopes("zoom/rtms/transcript.json");
    let events = adapt_clean(&envs);
    assert_eq!(kinds(&events), ["transcript.segment", "transcript.segment"]);
    let EventBody::TranscriptSegment(p) = &events[0].body else {
        panic!()
    };
    assert_eq!(p.segment_id, "rtms-16778240-1764050520000");
    assert_eq!((p.start_ms, p.end_ms), (120_000, 123_500));
    assert!(p.is_final);
    assert_order_independent(&envs);
}

#[test]
fn unknown_shapes_are_warnings_with_the_raw_event() {
    let mut env = envelopes("zoom/6.3.0/chat.json")[0].clone();
    env["event"] = json!("onSomethingNew");
    assert!(
        warnings_of(&env)[0]
            .reason
            .contains("unknown Zoom SDK event")
    );

    let mut env = envelopes("zoom/6.3.0/chat.json")[0].clone();
    env["data"].as_object_mut().unwrap().remove("messageID");
    assert_eq!(
        warnings_of(&env)[0].reason,
        "missing field `data.messageID`"
    );

    let mut env = envelopes("zoom/6.3.0/chat.json")[0].clone();
    env["sdk_version"] = json!("4.6.0");
    let w = &warnings_of(&env)[0];
    assert!(
        w.reason.contains("unsupported") && w.reason.contains("4.6.0"),
        "{}",
        w.reason
    );
    assert_eq!(w.event, "onChatMsgNotification");

    let mut env = envelopes("zoom/6.3.0/chat.json")[0].clone();
    env.as_object_mut().unwrap().remove("sdk_version");
    assert!(warnings_of(&env)[0].reason.contains("sdk_version"));

    let mut env = envelopes("zoom/6.3.0/transcript.json")[0].clone();
    env["meeting"].as_object_mut().unwrap().remove("started_at");
    assert!(warnings_of(&env)[0].reason.contains("meeting.started_at"));

    let body = json!({"event": "meeting.brand_new", "event_ts": 1, "payload": {}});
    let out = zoom::adapt_webhook(&body);
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].raw, body);

    let not_json_object = json!(["zoom"]);
    assert!(
        warnings_of(&not_json_object)[0]
            .reason
            .contains("not a JSON object")
    );
}
