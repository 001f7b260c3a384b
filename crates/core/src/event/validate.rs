//! Checks serde cannot express: non-empty ids, UTC timestamps, ranges, size caps. Also the
//! normalisations applied on parse (timestamps, oversized `raw`, credential-like keys).

use serde_json::{Map, Value, json};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use super::EventError;
use super::envelope::MeetingEvent;
use super::kinds::EventBody;

/// Largest text (chat message, transcript segment, topic) in bytes.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Largest `raw` (and unknown envelope fields) kept, in bytes of compact JSON.
pub const MAX_RAW_BYTES: usize = 16 * 1024;
/// Largest id (event id, dedupe key, meeting id, segment id, …) in bytes.
pub const MAX_ID_BYTES: usize = 1024;

type Check = Result<(), EventError>;

fn err(field: &str, message: impl Into<String>) -> EventError {
    EventError::new(field, message)
}

fn id(field: &str, value: &str) -> Check {
    if value.trim().is_empty() {
        return Err(err(field, "must not be empty"));
    }
    if value.len() > MAX_ID_BYTES {
        return Err(err(field, format!("is longer than {MAX_ID_BYTES} bytes")));
    }
    Ok(())
}

fn optional_id(field: &str, value: Option<&str>) -> Check {
    value.map_or(Ok(()), |v| id(field, v))
}

fn text(field: &str, value: &str) -> Check {
    if value.len() > MAX_TEXT_BYTES {
        return Err(err(
            field,
            format!(
                "is {} bytes; at most {MAX_TEXT_BYTES} are accepted",
                value.len()
            ),
        ));
    }
    Ok(())
}

/// Parses an RFC 3339 time that must be in UTC and returns it normalised to
/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, a form that sorts correctly as text.
pub fn normalize_utc(field: &str, value: &str) -> Result<String, EventError> {
    let parsed = OffsetDateTime::parse(value, &Rfc3339).map_err(|e| {
        err(
            field,
            format!("{value:?} is not an RFC 3339 time like 2026-11-25T06:00:00Z ({e})"),
        )
    })?;
    if parsed.offset() != UtcOffset::UTC {
        return Err(err(
            field,
            format!("{value:?} must be in UTC (end with Z or +00:00)"),
        ));
    }
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        parsed.year(),
        u8::from(parsed.month()),
        parsed.day(),
        parsed.hour(),
        parsed.minute(),
        parsed.second(),
        parsed.millisecond()
    ))
}

fn normalize_optional(field: &str, value: &mut Option<String>) -> Check {
    if let Some(v) = value {
        *v = normalize_utc(field, v)?;
    }
    Ok(())
}

fn participant(field: &str, p: &crate::model::Participant) -> Check {
    id(&format!("{field}.provider_user_id"), &p.provider_user_id)?;
    text(&format!("{field}.name"), &p.name)
}

/// Validates `event` and applies the parse-time normalisations. Field names in errors are
/// relative to the event object.
pub fn validate(event: &mut MeetingEvent) -> Check {
    id("event_id", &event.event_id)?;
    id("dedupe_key", &event.dedupe_key)?;
    id(
        "meeting.provider_meeting_id",
        &event.meeting.provider_meeting_id,
    )?;
    optional_id("meeting.instance_id", event.meeting.instance_id.as_deref())?;
    if let Some(topic) = &event.meeting.topic {
        text("meeting.topic", topic)?;
    }
    event.occurred_at = normalize_utc("occurred_at", &event.occurred_at)?;
    if let Some(crm) = &event.crm {
        optional_id("crm.customer_id", crm.customer_id.as_deref())?;
        optional_id("crm.deal_id", crm.deal_id.as_deref())?;
        if let Some(c) = crm.confidence {
            confidence("crm.confidence", c)?;
        }
    }
    validate_body(&mut event.body)?;
    if let Some(raw) = event.raw.take() {
        event.raw = Some(cap_raw(scrub_credentials(raw)));
    }
    if !event.extra.is_empty() {
        let size = serde_json::to_string(&event.extra).map_or(usize::MAX, |s| s.len());
        if size > MAX_RAW_BYTES {
            event.extra = Map::from_iter([(
                "unknown_fields_truncated".to_owned(),
                json!({"original_bytes": size}),
            )]);
        }
    }
    Ok(())
}

fn confidence(field: &str, c: f64) -> Check {
    if !(0.0..=1.0).contains(&c) {
        return Err(err(field, format!("{c} is outside 0..=1")));
    }
    Ok(())
}

fn validate_body(body: &mut EventBody) -> Check {
    match body {
        EventBody::MeetingStarted(p) | EventBody::MeetingEnded(p) => {
            id("payload.host.id", &p.host.id)?;
            normalize_optional("payload.scheduled_start", &mut p.scheduled_start)
        }
        EventBody::ParticipantJoined(p)
        | EventBody::ParticipantLeft(p)
        | EventBody::ScreenshareStarted(p)
        | EventBody::ScreenshareStopped(p) => participant("payload.participant", &p.participant),
        EventBody::ScreenshareSnapshot(p) => {
            participant("payload.participant", &p.participant)?;
            let hash = &p.blob.sha256;
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(err(
                    "payload.blob.sha256",
                    "must be 64 hexadecimal characters",
                ));
            }
            id("payload.blob.mime", &p.blob.mime)
        }
        EventBody::ChatMessage(p) => {
            id("payload.message_id", &p.message_id)?;
            id(
                "payload.sender.provider_user_id",
                &p.sender.provider_user_id,
            )?;
            id("payload.to", &p.to)?;
            text("payload.text", &p.text)?;
            p.sent_at = normalize_utc("payload.sent_at", &p.sent_at)?;
            Ok(())
        }
        EventBody::TranscriptSegment(p) => {
            id("payload.segment_id", &p.segment_id)?;
            if p.revision < 0 {
                return Err(err("payload.revision", "must be 0 or more"));
            }
            if p.start_ms < 0 {
                return Err(err("payload.start_ms", "must be 0 or more"));
            }
            if p.end_ms < p.start_ms {
                return Err(err(
                    "payload.end_ms",
                    format!("{} is before start_ms {}", p.end_ms, p.start_ms),
                ));
            }
            text("payload.text", &p.text)
        }
        EventBody::RecordingCompleted(p) => {
            for (i, file) in p.files.iter_mut().enumerate() {
                let field = format!("payload.files[{i}]");
                if file.url.is_some() == file.path.is_some() {
                    return Err(err(
                        &format!("{field}.url"),
                        "exactly one of url and path is required",
                    ));
                }
                normalize_optional(&format!("{field}.expires_at"), &mut file.expires_at)?;
            }
            Ok(())
        }
        EventBody::CrmAssociationChanged(p) => {
            id("payload.customer_id", &p.customer_id)?;
            optional_id("payload.deal_id", p.deal_id.as_deref())?;
            confidence("payload.confidence", p.confidence)
        }
        EventBody::Unknown { .. } => Ok(()),
    }
}

/// Whether an object key looks like it holds a credential.
fn is_credential_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "token",
        "password",
        "passcode",
        "secret",
        "authorization",
        "signature",
    ]
    .iter()
    .any(|word| key.contains(word))
}

/// Removes credential-like keys (a Zoom `download_token`, a passcode) anywhere in `value`.
fn scrub_credentials(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(key, _)| !is_credential_key(key))
                .map(|(key, v)| (key, scrub_credentials(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(scrub_credentials).collect()),
        other => other,
    }
}

/// Replaces a `raw` larger than [`MAX_RAW_BYTES`] by a marker.
fn cap_raw(raw: Value) -> Value {
    let size = serde_json::to_string(&raw).map_or(usize::MAX, |s| s.len());
    if size <= MAX_RAW_BYTES {
        raw
    } else {
        json!({"truncated": true, "original_bytes": size})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_normalised_to_utc_milliseconds() {
        assert_eq!(
            normalize_utc("t", "2026-11-25T06:00:00Z").unwrap(),
            "2026-11-25T06:00:00.000Z"
        );
        assert_eq!(
            normalize_utc("t", "2026-11-25T06:00:00.123456+00:00").unwrap(),
            "2026-11-25T06:00:00.123Z"
        );
        let e = normalize_utc("occurred_at", "2026-11-25T14:00:00+08:00").unwrap_err();
        assert_eq!(e.field, "occurred_at");
        assert!(e.message.contains("UTC"), "{e}");
        assert!(normalize_utc("t", "yesterday").is_err());
    }

    #[test]
    fn credentials_are_scrubbed_from_raw() {
        let raw = json!({"download_token": "x", "a": [{"Password": 1, "keep": 2}]});
        assert_eq!(scrub_credentials(raw), json!({"a": [{"keep": 2}]}));
    }
}
