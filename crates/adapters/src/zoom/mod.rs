//! Zoom: Meeting SDK callbacks, webhooks, and Realtime Media Streams transcripts.
//!
//! - SDK events (`"channel": "sdk"`): `data` holds the callback's object with each getter
//!   written as a JSON key, the `Get`/`Is` prefix dropped and the first letter lower-cased
//!   (`IChatMsgInfo::GetMessageID` → `messageID`, `IsChatToAll` → `isChatToAll`); enums as
//!   their names (`"Sharing_Other_Share_Begin"`) or numbers.
//! - Webhooks: the raw body after [`verify_webhook`]; see [`adapt_webhook`].
//! - RTMS (`"channel": "rtms"`): the media-connection message as received
//!   (`{"msg_type": 17, "content": {…}}`).

mod rtms;
mod sdk;
mod verify;
mod webhook;

use callbrief_core::event::Channel;
use serde_json::Value;

use crate::Adapted;
use crate::build::Ctx;
use crate::envelope::{Envelope, SourceKind};
use crate::versions::{SdkSupport, VersionRule};

pub use verify::{MAX_SKEW_S, sign_webhook, url_validation_response, verify_webhook};
pub use webhook::{RecordingSecrets, adapt_webhook, recording_secrets};

/// The Zoom SDKs this adapter reads.
pub const SUPPORTED: &[SdkSupport] = &[SdkSupport {
    sdk: "Zoom Meeting SDK (Windows, macOS, Linux)",
    events: &["*"],
    rule: VersionRule::Majors(&[5, 6]),
    tested: &["5.17.11", "6.3.0"],
    notes: "5.x reports sharing as onSharingStatus(status, userId); 6.x passes a \
            ZoomSDKSharingSourceInfo {userid, shareSourceID, status}. Chat, live \
            transcription and user events have the same shape in both.",
}];

pub(crate) fn adapt_envelope(env: &Envelope, raw: &Value, out: &mut Adapted) {
    match env.source {
        SourceKind::Webhook => out.extend(webhook::adapt(&env.data, raw, Some(env))),
        SourceKind::Rtms => {
            let ctx = Ctx::from_envelope(env, raw, Channel::Sdk);
            rtms::adapt(out, &ctx);
        }
        SourceKind::Sdk => {
            let ctx = Ctx::from_envelope(env, raw, Channel::Sdk);
            sdk::adapt(out, &ctx, env);
        }
    }
}
