//! LiveKit: client SDK room events, webhooks, and webhook tokens.
//!
//! - SDK events: `event` is the client's RoomEvent name (`ParticipantConnected`,
//!   `DataReceived`, `TranscriptionReceived`) or `TextStreamReceived` for a text-stream
//!   handler; `data` holds the callback arguments as JSON (see `docs/adapters.md`).
//! - Webhooks: the raw `WebhookEvent` JSON after [`verify_webhook`]; see [`adapt_webhook`].
//!
//! LiveKit has no meeting host: `meeting.started`/`ended` name the host given in the room
//! metadata (`{"host_identity", "host_name"}`), else the room itself. Room metadata may
//! also pre-associate the meeting: `{"customer_id", "deal_id"}`.

mod sdk;
mod verify;
mod webhook;

use callbrief_core::event::Channel;
use serde_json::{Value, json};

use crate::Adapted;
use crate::build::Ctx;
use crate::envelope::{Envelope, SourceKind};
use crate::versions::{SdkSupport, VersionRule};

pub use verify::{LEEWAY_S, sign_webhook, verify_webhook};
pub use webhook::adapt_webhook;

/// The LiveKit client SDKs this adapter reads.
pub const SUPPORTED: &[SdkSupport] = &[SdkSupport {
    sdk: "LiveKit client SDK (livekit-client and the native SDKs)",
    events: &["*"],
    rule: VersionRule::Majors(&[2]),
    tested: &["2.5.0", "2.15.0"],
    notes: "Earlier 2.x clients deliver transcripts as TranscriptionReceived segments and \
            chat as DataReceived on the lk-chat-topic; later 2.x clients use text streams \
            (topics lk.chat and lk.transcription with lk.segment_id and \
            lk.transcription_final attributes). Both are read.",
}];

pub(crate) fn adapt_envelope(env: &Envelope, raw: &Value, out: &mut Adapted) {
    match env.source {
        SourceKind::Webhook => out.extend(webhook::adapt(&env.data, raw)),
        SourceKind::Sdk | SourceKind::Rtms => {
            let ctx = Ctx::from_envelope(env, raw, Channel::Sdk);
            sdk::adapt(out, &ctx);
        }
    }
}

/// CRM hints from room metadata (`{"customer_id", "deal_id"}`), as meeting-event `crm`.
pub(crate) fn metadata_crm(metadata: Option<&str>) -> Option<Value> {
    let meta: Value = serde_json::from_str(metadata?).ok()?;
    let customer = meta.get("customer_id")?.as_str()?;
    let mut crm = json!({"customer_id": customer, "association": "pre",
                         "method": "room_metadata", "confidence": 1.0});
    if let (Some(deal), Some(obj)) = (
        meta.get("deal_id").and_then(Value::as_str),
        crm.as_object_mut(),
    ) {
        obj.insert("deal_id".into(), json!(deal));
    }
    Some(crm)
}
