//! Parsing and validation: every kind round-trips, every error names its field.

use serde_json::{Value, json};

use super::*;

/// A valid event of `kind` with `payload`.
fn event(kind: &str, payload: Value) -> Value {
    json!({
        "schema_version": "1.0",
        "event_id": "e-1",
        "kind": kind,
        "dedupe_key": format!("k-{kind}"),
        "source": {"provider": "livekit", "channel": "webhook", "provider_event": "x"},
        "meeting": {"provider_meeting_id": "room-1", "instance_id": "i-1", "topic": "Pricing"},
        "occurred_at": "2026-11-25T06:00:00Z",
        "seq": 7,
        "crm": {"customer_id": "c1", "association": "pre", "method": "room_metadata", "confidence": 1.0},
        "payload": payload,
        "raw": {"vendor": {"anything": [1, 2]}}
    })
}

fn anna() -> Value {
    json!({"provider_user_id": "u-anna", "name": "Anna Chen", "email": "anna.chen@acme-robotics.example", "role": "attendee"})
}

/// One valid sample per known kind.
fn samples() -> Vec<Value> {
    let meeting = json!({"host": {"id": "h1", "name": "Li Wei", "email": "li.wei@seller.example"},
                         "scheduled_start": "2026-11-25T06:00:00Z", "duration_s": 2700});
    vec![
        event("meeting.started", meeting.clone()),
        event("meeting.ended", meeting),
        event("participant.joined", json!({"participant": anna()})),
        event("participant.left", json!({"participant": anna()})),
        event("screenshare.started", json!({"participant": anna()})),
        event("screenshare.stopped", json!({"participant": anna()})),
        event(
            "screenshare.snapshot",
            json!({"participant": anna(), "blob": {"sha256": "a".repeat(64), "mime": "image/png", "bytes": 1234}}),
        ),
        event(
            "chat.message",
            json!({"message_id": "m1", "sender": {"provider_user_id": "u-anna", "name": "Anna"},
                   "to": "everyone", "text": "hi", "sent_at": "2026-11-25T06:00:01Z"}),
        ),
        event(
            "transcript.segment",
            json!({"segment_id": "s1", "revision": 2, "op": "upsert", "is_final": true,
                   "speaker": {"provider_user_id": "u-anna", "name": "Anna"},
                   "start_ms": 1000, "end_ms": 2500, "text": "We need SSO.", "language": "en"}),
        ),
        event(
            "recording.completed",
            json!({"share_url": "https://meet.example/rec/share/abc",
                   "files": [{"kind": "video", "url": "https://meet.example/rec/download/abc",
                              "expires_at": "2026-11-26T06:00:00Z", "requires_auth": true},
                             {"kind": "audio", "path": "/home/u/rec.m4a"}],
                   "passcode_ref": "callbrief:recording:abc"}),
        ),
        event(
            "crm.association_changed",
            json!({"customer_id": "c1", "deal_id": "d1", "method": "email_domain", "confidence": 0.8, "by": "auto"}),
        ),
    ]
}

fn parse_err(value: &Value) -> EventError {
    MeetingEvent::parse(value).expect_err("should be refused")
}

#[test]
fn every_kind_parses_and_round_trips() {
    let samples = samples();
    assert_eq!(samples.len(), KNOWN_KINDS.len());
    for (sample, kind) in samples.iter().zip(KNOWN_KINDS) {
        let parsed = MeetingEvent::parse(sample).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(parsed.kind(), *kind);
        assert!(!matches!(parsed.body, EventBody::Unknown { .. }), "{kind}");
        let wire = serde_json::to_value(&parsed).unwrap();
        assert_eq!(wire["kind"], *kind);
        assert_eq!(
            wire["payload"],
            sample["payload"].clone().normalised_times()
        );
        let again: MeetingEvent = serde_json::from_value(wire).unwrap();
        assert_eq!(again, parsed, "{kind}");
    }
}

/// Test helper: the payload with its times in normalised form.
trait NormalisedTimes {
    fn normalised_times(self) -> Value;
}

impl NormalisedTimes for Value {
    fn normalised_times(self) -> Value {
        match self {
            Value::String(s) if s.ends_with('Z') && s.len() == 20 => {
                Value::String(s.replace('Z', ".000Z"))
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, v.normalised_times()))
                    .collect(),
            ),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| v.normalised_times()).collect())
            }
            // Defaults the parser fills in.
            other => other,
        }
        .with_defaults()
    }
}

trait WithDefaults {
    fn with_defaults(self) -> Value;
}

impl WithDefaults for Value {
    fn with_defaults(mut self) -> Value {
        if let Some(files) = self.get_mut("files").and_then(Value::as_array_mut) {
            for file in files {
                if file.get("requires_auth").is_none() {
                    file["requires_auth"] = json!(false);
                }
            }
        }
        self
    }
}

#[test]
fn errors_name_the_field() {
    let cases: Vec<(Value, &str)> = vec![
        (
            {
                let mut v = samples()[8].clone();
                v["payload"].as_object_mut().unwrap().remove("start_ms");
                v
            },
            "payload.start_ms",
        ),
        (
            {
                let mut v = samples()[8].clone();
                v["payload"]["start_ms"] = json!("soon");
                v
            },
            "payload.start_ms",
        ),
        (
            {
                let mut v = samples()[8].clone();
                v["payload"]["end_ms"] = json!(10);
                v
            },
            "payload.end_ms",
        ),
        (
            {
                let mut v = samples()[8].clone();
                v["payload"]["revision"] = json!(-1);
                v
            },
            "payload.revision",
        ),
        (
            {
                let mut v = samples()[8].clone();
                v["payload"]["op"] = json!("merge");
                v
            },
            "payload.op",
        ),
        (
            {
                let mut v = samples()[8].clone();
                v["payload"]["segment_id"] = json!("");
                v
            },
            "payload.segment_id",
        ),
        (
            {
                let mut v = samples()[8].clone();
                v["payload"]["text"] = json!("x".repeat(validate::MAX_TEXT_BYTES + 1));
                v
            },
            "payload.text",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["event_id"] = json!(" ");
                v
            },
            "event_id",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["dedupe_key"] = json!("");
                v
            },
            "dedupe_key",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v.as_object_mut().unwrap().remove("dedupe_key");
                v
            },
            "dedupe_key",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["occurred_at"] = json!("2026-11-25 06:00");
                v
            },
            "occurred_at",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["occurred_at"] = json!("2026-11-25T14:00:00+08:00");
                v
            },
            "occurred_at",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["source"]["provider"] = json!("skype");
                v
            },
            "source.provider",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["source"]["channel"] = json!(3);
                v
            },
            "source.channel",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["meeting"]["provider_meeting_id"] = json!("");
                v
            },
            "meeting.provider_meeting_id",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["crm"]["confidence"] = json!(1.5);
                v
            },
            "crm.confidence",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["kind"] = json!("meeting.paused");
                v
            },
            "kind",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v.as_object_mut().unwrap().remove("payload");
                v
            },
            "payload",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["payload"]["host"].as_object_mut().unwrap().remove("id");
                v
            },
            "payload.host.id",
        ),
        (
            {
                let mut v = samples()[7].clone();
                v["payload"]["sent_at"] = json!("later");
                v
            },
            "payload.sent_at",
        ),
        (
            {
                let mut v = samples()[9].clone();
                v["payload"]["files"][1]["url"] = json!("https://x");
                v
            },
            "payload.files[1].url",
        ),
        (
            {
                let mut v = samples()[9].clone();
                v["payload"]["files"][0]["requires_auth"] = json!("yes");
                v
            },
            "payload.files[0].requires_auth",
        ),
        (
            {
                let mut v = samples()[6].clone();
                v["payload"]["blob"]["sha256"] = json!("abc");
                v
            },
            "payload.blob.sha256",
        ),
        (
            {
                let mut v = samples()[10].clone();
                v["payload"]["by"] = json!("robot");
                v
            },
            "payload.by",
        ),
        (
            {
                let mut v = samples()[0].clone();
                v["schema_version"] = json!(1);
                v
            },
            "schema_version",
        ),
    ];
    for (value, field) in cases {
        let err = parse_err(&value);
        assert_eq!(err.field, field, "{err}");
        assert_eq!(err.index, None);
        assert!(!err.message.is_empty());
    }
}

#[test]
fn major_2_is_refused_naming_schema_version() {
    let mut v = samples()[0].clone();
    v["schema_version"] = json!("2.0");
    let err = parse_err(&v);
    assert_eq!(err.field, "schema_version");
    assert!(
        err.message.contains("2.0") && err.message.contains("1.x"),
        "{err}"
    );
}

#[test]
fn newer_minor_keeps_unknown_fields_and_kinds() {
    let mut v = samples()[7].clone();
    v["schema_version"] = json!("1.3");
    v["reactions"] = json!({"👍": 2});
    v["payload"]["thread_id"] = json!("t-9");
    let parsed = MeetingEvent::parse(&v).unwrap();
    assert_eq!(parsed.extra["reactions"], json!({"👍": 2}));
    let wire = serde_json::to_value(&parsed).unwrap();
    assert_eq!(
        wire["reactions"],
        json!({"👍": 2}),
        "unknown fields are kept"
    );

    v["kind"] = json!("poll.answered");
    let parsed = MeetingEvent::parse(&v).unwrap();
    assert_eq!(parsed.kind(), "poll.answered");
    assert!(matches!(parsed.body, EventBody::Unknown { .. }));
    let wire = serde_json::to_value(&parsed).unwrap();
    assert_eq!(wire["kind"], "poll.answered");
    assert_eq!(wire["payload"]["thread_id"], "t-9");

    // Unknown fields are fine at 1.0 too; an unknown kind at 1.0 is a mistake.
    let mut old = samples()[7].clone();
    old["later_field"] = json!(1);
    assert!(MeetingEvent::parse(&old).is_ok());
}

#[test]
fn batch_errors_carry_the_index() {
    let mut items = samples();
    items[3]["kind"] = json!("nope");
    let err = parse_batch(&Value::Array(items)).unwrap_err();
    assert_eq!(err.field, "[3].kind");
    assert_eq!(err.index, Some(3));
    assert_eq!(
        parse_batch(&json!(samples())).unwrap().len(),
        KNOWN_KINDS.len()
    );
    assert_eq!(parse_batch(&samples()[0]).unwrap().len(), 1);
    assert_eq!(parse_batch(&json!([])).unwrap().len(), 0);
    assert_eq!(parse_batch(&json!(3)).unwrap_err().field, "");
    assert_eq!(parse_batch(&json!([1])).unwrap_err().field, "[0]");
    let syntax = parse_batch_str("{\"a\":").unwrap_err();
    assert!(syntax.message.contains("not valid JSON"), "{syntax}");
}

#[test]
fn oversized_raw_is_replaced_by_a_marker_not_refused() {
    let mut v = samples()[0].clone();
    v["raw"] = json!({"blob": "x".repeat(validate::MAX_RAW_BYTES)});
    let parsed = MeetingEvent::parse(&v).unwrap();
    let raw = parsed.raw.unwrap();
    assert_eq!(raw["truncated"], true);
    assert!(raw["original_bytes"].as_u64().unwrap() > validate::MAX_RAW_BYTES as u64);

    let mut v = samples()[9].clone();
    v["raw"] =
        json!({"download_token": "secret", "payload": {"object": {"password": "p", "id": 1}}});
    let raw = MeetingEvent::parse(&v).unwrap().raw.unwrap();
    assert_eq!(raw, json!({"payload": {"object": {"id": 1}}}));
}

#[test]
fn error_display_names_the_field() {
    let mut v = samples()[8].clone();
    v["payload"]["end_ms"] = json!(1);
    let text = parse_err(&v).to_string();
    assert!(text.starts_with("payload.end_ms: "), "{text}");
}
