//! The event kinds and their payloads.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::Participant;

/// An event's kind and payload. On the wire these are the sibling keys `kind` and `payload`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", content = "payload")]
pub enum EventBody {
    /// The meeting began.
    #[serde(rename = "meeting.started")]
    MeetingStarted(MeetingPayload),
    /// The meeting ended.
    #[serde(rename = "meeting.ended")]
    MeetingEnded(MeetingPayload),
    /// Someone joined.
    #[serde(rename = "participant.joined")]
    ParticipantJoined(ParticipantPayload),
    /// Someone left.
    #[serde(rename = "participant.left")]
    ParticipantLeft(ParticipantPayload),
    /// Someone started sharing their screen.
    #[serde(rename = "screenshare.started")]
    ScreenshareStarted(ParticipantPayload),
    /// Screen sharing stopped.
    #[serde(rename = "screenshare.stopped")]
    ScreenshareStopped(ParticipantPayload),
    /// A still of the shared screen, uploaded beforehand with `POST /v1/blobs`.
    #[serde(rename = "screenshare.snapshot")]
    ScreenshareSnapshot(SnapshotPayload),
    /// A chat message.
    #[serde(rename = "chat.message")]
    ChatMessage(ChatPayload),
    /// A transcript segment (new, revised or deleted).
    #[serde(rename = "transcript.segment")]
    TranscriptSegment(TranscriptPayload),
    /// A recording is available.
    #[serde(rename = "recording.completed")]
    RecordingCompleted(RecordingPayload),
    /// The meeting's CRM customer or deal changed.
    #[serde(rename = "crm.association_changed")]
    CrmAssociationChanged(AssociationPayload),
    /// A kind introduced by a later 1.x minor version. Kept (stored as received) but not
    /// interpreted. Only accepted when the event's `schema_version` is newer than 1.0.
    #[serde(untagged)]
    #[schemars(skip)]
    Unknown {
        /// The kind as sent.
        kind: String,
        /// The payload as sent.
        payload: Value,
    },
}

/// Every kind this build understands, as sent on the wire.
pub const KNOWN_KINDS: &[&str] = &[
    "meeting.started",
    "meeting.ended",
    "participant.joined",
    "participant.left",
    "screenshare.started",
    "screenshare.stopped",
    "screenshare.snapshot",
    "chat.message",
    "transcript.segment",
    "recording.completed",
    "crm.association_changed",
];

impl EventBody {
    /// The wire name of the kind.
    pub fn kind(&self) -> &str {
        match self {
            EventBody::MeetingStarted(_) => "meeting.started",
            EventBody::MeetingEnded(_) => "meeting.ended",
            EventBody::ParticipantJoined(_) => "participant.joined",
            EventBody::ParticipantLeft(_) => "participant.left",
            EventBody::ScreenshareStarted(_) => "screenshare.started",
            EventBody::ScreenshareStopped(_) => "screenshare.stopped",
            EventBody::ScreenshareSnapshot(_) => "screenshare.snapshot",
            EventBody::ChatMessage(_) => "chat.message",
            EventBody::TranscriptSegment(_) => "transcript.segment",
            EventBody::RecordingCompleted(_) => "recording.completed",
            EventBody::CrmAssociationChanged(_) => "crm.association_changed",
            EventBody::Unknown { kind, .. } => kind,
        }
    }
}

/// A meeting's host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Host {
    /// The platform's user id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Email, when shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// `meeting.started` / `meeting.ended`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MeetingPayload {
    /// Who hosts the meeting.
    pub host: Host,
    /// Planned start (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_start: Option<String>,
    /// Planned (on start) or actual (on end) length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u64>,
}

/// `participant.*` and `screenshare.started` / `screenshare.stopped`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ParticipantPayload {
    /// Who.
    pub participant: Participant,
}

/// An uploaded file, named by its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BlobRef {
    /// Lower-case hex SHA-256 of the bytes (64 characters).
    pub sha256: String,
    /// Media type (`image/png`, …).
    pub mime: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// `screenshare.snapshot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SnapshotPayload {
    /// Whose screen.
    pub participant: Participant,
    /// The image.
    pub blob: BlobRef,
}

/// The sender of a chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChatSender {
    /// The platform's user id.
    pub provider_user_id: String,
    /// Display name.
    pub name: String,
}

/// `chat.message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChatPayload {
    /// The platform's message id; a message is stored once per meeting.
    pub message_id: String,
    /// Who sent it.
    pub sender: ChatSender,
    /// `"everyone"` or the recipient's provider user id.
    pub to: String,
    /// The message, at most 64 KiB.
    pub text: String,
    /// When it was sent (RFC 3339, UTC; normalised like `occurred_at`).
    pub sent_at: String,
}

/// Whether a transcript event writes or removes a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum SegmentOp {
    /// Create or revise the segment.
    #[default]
    Upsert,
    /// Remove it (a tombstone keeps late, older revisions out).
    Delete,
}

/// Who spoke a segment, as far as the platform knows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Speaker {
    /// The platform's user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_user_id: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `transcript.segment`.
///
/// Segments are upserted by (meeting, `segment_id`); a higher `revision` replaces a lower
/// one. Interim segments (`is_final: false`) show live; only final ones are archived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TranscriptPayload {
    /// The platform's segment id, or a synthetic one from (speaker, `start_ms`).
    pub segment_id: String,
    /// 0, 1, 2, …; higher replaces lower.
    #[schemars(range(min = 0))]
    pub revision: i64,
    /// `upsert` (default) or `delete`.
    #[serde(default)]
    pub op: SegmentOp,
    /// Whether the text is settled.
    pub is_final: bool,
    /// Who spoke.
    #[serde(default)]
    pub speaker: Speaker,
    /// Start, ms from the meeting start.
    #[schemars(range(min = 0))]
    pub start_ms: i64,
    /// End, ms from the meeting start; not before `start_ms`.
    #[schemars(range(min = 0))]
    pub end_ms: i64,
    /// What was said, at most 64 KiB (may be empty for `delete`).
    pub text: String,
    /// BCP 47 language tag (`en`, `zh-CN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// One file of a recording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecordingFile {
    /// `video`, `audio`, `transcript`, `chat`, …
    pub kind: String,
    /// Where to download it (exactly one of `url` and `path`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A local file the client recorded (exactly one of `url` and `path`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// When `url` stops working (RFC 3339, UTC). Expiring links are never sent to a CRM
    /// and are not kept by the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Whether downloading needs the platform's credentials.
    #[serde(default)]
    pub requires_auth: bool,
}

/// `recording.completed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecordingPayload {
    /// The stable link to share; the only recording link a CRM receives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_url: Option<String>,
    /// The recording's files.
    #[serde(default)]
    pub files: Vec<RecordingFile>,
    /// Names the keychain entry holding the recording passcode (never the passcode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passcode_ref: Option<String>,
}

/// Who changed a meeting's CRM link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChangedBy {
    /// The user chose it.
    User,
    /// Matching decided it.
    Auto,
}

/// `crm.association_changed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AssociationPayload {
    /// CRM company id.
    pub customer_id: String,
    /// CRM deal id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<String>,
    /// How it was decided.
    pub method: String,
    /// 0..=1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub confidence: f64,
    /// `user` or `auto`.
    pub by: ChangedBy,
}
