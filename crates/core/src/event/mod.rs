//! meeting-event v1: the one shape every meeting platform's events are normalised to
//! before they reach the store.
//!
//! ```
//! use callbrief_core::event::{EventBody, MeetingEvent};
//!
//! let json = serde_json::json!({
//!     "schema_version": "1.0",
//!     "event_id": "e1",
//!     "kind": "chat.message",
//!     "dedupe_key": "zoom:123:chat:m1",
//!     "source": {"provider": "zoom", "channel": "sdk", "provider_event": "onChatMsgNotification"},
//!     "meeting": {"provider_meeting_id": "123"},
//!     "occurred_at": "2026-11-25T06:01:00Z",
//!     "payload": {"message_id": "m1", "sender": {"provider_user_id": "u1", "name": "Anna"},
//!                 "to": "everyone", "text": "hello", "sent_at": "2026-11-25T06:01:00Z"}
//! });
//! let event = MeetingEvent::parse(&json).unwrap();
//! assert!(matches!(event.body, EventBody::ChatMessage(_)));
//! assert_eq!(event.occurred_at, "2026-11-25T06:01:00.000Z");
//! ```
//!
//! - [`MeetingEvent::parse`] reads one object, [`parse_batch`] an object or an array (the
//!   hook's request body). Every error is an [`EventError`] naming the JSON path of the
//!   field (`payload.start_ms`, `[3].kind`).
//! - [`version`]: `1.x` is read, any other major refused.
//! - [`validate`]: what serde cannot check, and the normalisations applied on parse.
//! - [`schema`]: the JSON Schema published for integrators.
//!
//! No I/O here: the hook parses, the store persists.

mod envelope;
mod kinds;
pub mod validate;
pub mod version;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

pub use envelope::{
    AssociationTiming, Channel, CrmContext, MeetingEvent, MeetingRef, Provider, SCHEMA_VERSION,
    Source,
};
pub use kinds::{
    AssociationPayload, BlobRef, ChangedBy, ChatPayload, ChatSender, EventBody, Host, KNOWN_KINDS,
    MeetingPayload, ParticipantPayload, RecordingFile, RecordingPayload, SegmentOp,
    SnapshotPayload, Speaker, TranscriptPayload,
};
pub use version::Version;

/// Why an event (or a batch) was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error)]
#[error("{}: {message}", if field.is_empty() { "(event)" } else { field.as_str() })]
pub struct EventError {
    /// JSON path of the offending field: `payload.start_ms`, or in a batch `[3].kind`.
    /// Empty when the whole document is wrong (not an object, not JSON).
    pub field: String,
    /// The position in the batch array, when the body was an array.
    pub index: Option<usize>,
    /// What is wrong, for the integrator.
    pub message: String,
}

impl EventError {
    /// An error about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        EventError {
            field: field.into(),
            index: None,
            message: message.into(),
        }
    }

    /// The same error, located at `index` of a batch.
    fn at_index(mut self, index: usize) -> Self {
        self.field = if self.field.is_empty() {
            format!("[{index}]")
        } else {
            format!("[{index}].{}", self.field)
        };
        self.index = Some(index);
        self
    }
}

/// The envelope without its payload, as read in the first step of parsing.
#[derive(Deserialize)]
struct Head {
    event_id: String,
    kind: String,
    dedupe_key: String,
    source: Source,
    meeting: MeetingRef,
    occurred_at: String,
    #[serde(default)]
    seq: Option<i64>,
    #[serde(default)]
    crm: Option<CrmContext>,
    #[serde(default)]
    raw: Option<Value>,
}

/// Envelope keys this version knows; others go to [`MeetingEvent::extra`].
const ENVELOPE_KEYS: &[&str] = &[
    "schema_version",
    "event_id",
    "kind",
    "dedupe_key",
    "source",
    "meeting",
    "occurred_at",
    "seq",
    "crm",
    "payload",
    "raw",
];

/// Deserialises `value` into `T`, naming the failing field relative to `prefix`.
fn typed<T: DeserializeOwned>(value: &Value, prefix: &str) -> Result<T, EventError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let mut path = error.path().to_string();
        let message = error.into_inner().to_string();
        if path == "." {
            path.clear();
        }
        // serde reports a missing field at its parent; name the field itself.
        if let Some(name) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            path = join(&path, name);
        }
        EventError::new(join(prefix, &path), message)
    })
}

fn join(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (_, true) => prefix.to_owned(),
        (true, false) => path.to_owned(),
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    }
}

fn payload<T: DeserializeOwned>(payload: &Value) -> Result<T, EventError> {
    typed(payload, "payload")
}

impl MeetingEvent {
    /// Reads and validates one meeting-event v1 object.
    ///
    /// Unknown envelope fields are kept in [`MeetingEvent::extra`], unknown payload fields
    /// are ignored, and a kind this build does not know is kept as [`EventBody::Unknown`]
    /// when the event declares a minor version above 0 (a 1.0 event with an unknown kind
    /// is a mistake and is refused). Errors name the field.
    pub fn parse(value: &Value) -> Result<MeetingEvent, EventError> {
        let Some(object) = value.as_object() else {
            return Err(EventError::new(
                "",
                "expected a meeting-event object ({...})",
            ));
        };
        let schema_version = match object.get("schema_version") {
            Some(Value::String(text)) => text.clone(),
            Some(_) => return Err(EventError::new("schema_version", "must be a string")),
            None => return Err(EventError::new("schema_version", "missing field")),
        };
        let version =
            Version::check(&schema_version).map_err(|m| EventError::new("schema_version", m))?;
        let head: Head = typed(value, "")?;
        if head.kind.is_empty() {
            return Err(EventError::new("kind", "must not be empty"));
        }
        let payload_value = match object.get("payload") {
            Some(v) => v,
            None => return Err(EventError::new("payload", "missing field `payload`")),
        };
        let body = match head.kind.as_str() {
            "meeting.started" => EventBody::MeetingStarted(payload(payload_value)?),
            "meeting.ended" => EventBody::MeetingEnded(payload(payload_value)?),
            "participant.joined" => EventBody::ParticipantJoined(payload(payload_value)?),
            "participant.left" => EventBody::ParticipantLeft(payload(payload_value)?),
            "screenshare.started" => EventBody::ScreenshareStarted(payload(payload_value)?),
            "screenshare.stopped" => EventBody::ScreenshareStopped(payload(payload_value)?),
            "screenshare.snapshot" => EventBody::ScreenshareSnapshot(payload(payload_value)?),
            "chat.message" => EventBody::ChatMessage(payload(payload_value)?),
            "transcript.segment" => EventBody::TranscriptSegment(payload(payload_value)?),
            "recording.completed" => EventBody::RecordingCompleted(payload(payload_value)?),
            "crm.association_changed" => EventBody::CrmAssociationChanged(payload(payload_value)?),
            other if version.minor > 0 && is_kind_shaped(other) => EventBody::Unknown {
                kind: other.to_owned(),
                payload: payload_value.clone(),
            },
            other => {
                return Err(EventError::new(
                    "kind",
                    format!(
                        "unknown kind {other:?}; schema {schema_version} has: {}",
                        KNOWN_KINDS.join(", ")
                    ),
                ));
            }
        };
        let extra: Map<String, Value> = object
            .iter()
            .filter(|(key, _)| !ENVELOPE_KEYS.contains(&key.as_str()))
            .map(|(key, v)| (key.clone(), v.clone()))
            .collect();
        let mut event = MeetingEvent {
            schema_version,
            event_id: head.event_id,
            body,
            dedupe_key: head.dedupe_key,
            source: head.source,
            meeting: head.meeting,
            occurred_at: head.occurred_at,
            seq: head.seq,
            crm: head.crm,
            raw: head.raw,
            extra,
        };
        validate::validate(&mut event)?;
        Ok(event)
    }
}

/// `area.action`, lower case: the shape every kind has (and the store checks).
fn is_kind_shaped(kind: &str) -> bool {
    let mut parts = kind.split('.');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| {
            p.starts_with(|c: char| c.is_ascii_lowercase())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
    };
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// Reads a request body: one event object or an array of them. The first invalid event
/// fails the whole batch; its error carries the array index (`[3].kind`).
pub fn parse_batch(value: &Value) -> Result<Vec<MeetingEvent>, EventError> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| MeetingEvent::parse(item).map_err(|e| e.at_index(index)))
            .collect(),
        Value::Object(_) => Ok(vec![MeetingEvent::parse(value)?]),
        _ => Err(EventError::new(
            "",
            "expected a meeting-event object or an array of them",
        )),
    }
}

/// [`parse_batch`] over JSON text; a syntax error is reported with its line and column.
pub fn parse_batch_str(text: &str) -> Result<Vec<MeetingEvent>, EventError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| EventError::new("", format!("not valid JSON: {e}")))?;
    parse_batch(&value)
}

/// The JSON Schema of meeting-event v1, as published in `docs/meeting-event-v1.schema.json`.
pub fn schema() -> Value {
    serde_json::to_value(schemars::schema_for!(MeetingEvent)).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests;
