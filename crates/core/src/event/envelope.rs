//! The envelope every meeting event shares: who sent it, which meeting, when, and how to
//! recognise a redelivery.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::kinds::EventBody;

/// The schema version this build writes. It reads every `1.x`.
pub const SCHEMA_VERSION: &str = "1.0";

/// The video platform an event comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Zoom Meeting SDK, RTMS or webhooks.
    Zoom,
    /// LiveKit.
    Livekit,
    /// Jitsi Meet.
    Jitsi,
    /// Daily.
    Daily,
    /// Agora.
    Agora,
    /// Tencent Meeting.
    Tencent,
    /// Anything else that speaks meeting-event v1 directly.
    Generic,
}

impl Provider {
    /// Every provider, in declaration order.
    pub const ALL: &'static [Provider] = &[
        Provider::Zoom,
        Provider::Livekit,
        Provider::Jitsi,
        Provider::Daily,
        Provider::Agora,
        Provider::Tencent,
        Provider::Generic,
    ];

    /// The wire name (`zoom`, `livekit`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::Zoom => "zoom",
            Provider::Livekit => "livekit",
            Provider::Jitsi => "jitsi",
            Provider::Daily => "daily",
            Provider::Agora => "agora",
            Provider::Tencent => "tencent",
            Provider::Generic => "generic",
        }
    }
}

/// How the event reached Callbrief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// From a meeting client SDK, live.
    Sdk,
    /// From a provider webhook.
    Webhook,
    /// Replayed from a file (`hook replay`).
    Replay,
    /// Entered by hand.
    Manual,
}

/// Where an event came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The video platform.
    pub provider: Provider,
    /// How it was delivered.
    pub channel: Channel,
    /// The platform's own name for the event (`onUserJoin`, `participant_joined`, …).
    #[serde(default)]
    pub provider_event: String,
}

/// Which meeting an event belongs to. Callbrief keys its meetings by
/// (provider, `provider_meeting_id`, `instance_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MeetingRef {
    /// The platform's meeting id (Zoom meeting number, LiveKit room name, …).
    pub provider_meeting_id: String,
    /// The platform's id of this occurrence (Zoom meeting uuid), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Topic as the platform shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Join link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_url: Option<String>,
}

/// When a CRM link was made: passed in before the meeting, or decided afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AssociationTiming {
    /// Passed as a meeting parameter (Zoom tracking field, LiveKit room metadata, …).
    Pre,
    /// Decided after the meeting.
    Post,
}

/// What the meeting platform already knows about the CRM customer of this meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CrmContext {
    /// CRM company id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// CRM deal id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<String>,
    /// `pre`, `post`, or null.
    #[serde(default)]
    pub association: Option<AssociationTiming>,
    /// How the link was made (`tracking_field`, `customer_key`, `room_metadata`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// 0..=1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// One normalised meeting event (meeting-event v1).
///
/// Build one from JSON with [`MeetingEvent::parse`] (or `serde_json::from_value`, which
/// calls it): that checks the version and validates every field. Serialising gives the
/// wire shape back, with `kind` and `payload` as sibling keys.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "meeting-event v1")]
pub struct MeetingEvent {
    /// `"1.0"`; any `1.x` is read.
    #[schemars(regex(pattern = r"^1(\.[0-9]+){0,2}$"))]
    pub schema_version: String,
    /// The vendor's event id when it has one, else a UUID v7.
    pub event_id: String,
    /// The event's kind and its kind-specific payload.
    #[serde(flatten)]
    pub body: EventBody,
    /// Stable across retries and redeliveries; a second event with the same key is dropped.
    pub dedupe_key: String,
    /// Where it came from.
    pub source: Source,
    /// Which meeting.
    pub meeting: MeetingRef,
    /// Vendor time, RFC 3339 in UTC. Normalised on parse to millisecond precision
    /// (`2026-11-25T06:00:00.000Z`) so stored times sort as text.
    pub occurred_at: String,
    /// Per-meeting order when the vendor gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<i64>,
    /// CRM hints known to the meeting platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crm: Option<CrmContext>,
    /// The original vendor payload, at most 16 KiB (larger ones are replaced by a marker
    /// object `{"truncated": true, "original_bytes": n}`); keys that look like credentials
    /// are removed on parse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<Value>,
    /// Envelope fields this version does not know (from a newer minor version), kept as
    /// sent and ignored.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Map<String, Value>,
}

impl MeetingEvent {
    /// The wire name of the kind (`transcript.segment`, …).
    pub fn kind(&self) -> &str {
        self.body.kind()
    }
}

impl<'de> Deserialize<'de> for MeetingEvent {
    /// Deserialising runs the full [`MeetingEvent::parse`], validation included.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        MeetingEvent::parse(&value).map_err(serde::de::Error::custom)
    }
}
