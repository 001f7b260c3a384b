//! Vendor adapters: what video-meeting SDKs and webhooks emit, turned into meeting-event v1.
//!
//! A meeting client (or a relay) forwards each SDK callback as a small JSON **envelope**:
//!
//! ```json
//! {"provider": "zoom", "channel": "sdk", "event": "onChatMsgNotification",
//!  "sdk_version": "6.3.0", "ts": "2026-11-25T06:01:00Z", "seq": 17,
//!  "meeting": {"provider_meeting_id": "86120034417", "instance_id": "q1zT…==",
//!              "started_at": "2026-11-25T06:00:00Z"},
//!  "data": { …the callback's arguments as JSON… }}
//! ```
//!
//! [`adapt`] reads one envelope and returns [`Adapted`]: the meeting events it produced (none,
//! one or several) and [`AdapterWarning`]s for what it could not read (unknown event name,
//! missing field, unsupported SDK major version). It never panics and never drops an event
//! silently: an unreadable one comes back as a warning holding the raw envelope.
//!
//! Provider webhooks are verified first ([`zoom::verify_webhook`],
//! [`livekit::verify_webhook`]) and then adapted from their raw JSON body with
//! [`zoom::adapt_webhook`], [`livekit::adapt_webhook`], [`daily::adapt_webhook`] and
//! [`agora::adapt_webhook`] (or through [`adapt`] with `"channel": "webhook"` and the body as
//! `data`).
//!
//! Every event is built as JSON and read back with [`MeetingEvent::parse`], so what leaves
//! this crate is valid meeting-event v1 with its `raw` capped and scrubbed of credentials.
//!
//! Stable keys: `dedupe_key` depends only on what the vendor sent (message ids, segment ids
//! and revisions, participant ids and times, webhook event ids), never on local counters,
//! so a redelivered or replayed event gets the same key and the store drops it.
//! Transcript revisions are derived from vendor data (timestamps, sequence numbers, the
//! operation type); see [`revision`].
//!
//! The envelope per vendor, the supported SDK versions and a plain-HTTP recipe are in
//! `docs/adapters.md`.
#![deny(missing_docs)]

mod build;
mod envelope;
mod fields;
pub mod revision;
pub mod versions;
mod webhook;

pub mod agora;
pub mod daily;
pub mod jitsi;
pub mod livekit;
pub mod zoom;

use callbrief_core::event::{MeetingEvent, Provider};
use serde::Serialize;
use serde_json::Value;

pub use envelope::{Envelope, MeetingContext, SourceKind};
pub use versions::{SdkSupport, SdkVersion, VersionRule};
pub use webhook::WebhookError;

/// Something an adapter could not turn into an event. The raw input is kept so that
/// nothing is lost: the hook can log it or store it for a later version to re-read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdapterWarning {
    /// The provider the input claimed to come from ([`Provider::Generic`] when it named
    /// none that Callbrief knows).
    pub provider: Provider,
    /// The vendor's event name as sent (empty when the envelope had none).
    pub event: String,
    /// What was wrong, naming the field: ``missing field `data.messageID` ``.
    pub reason: String,
    /// The envelope or webhook body as received.
    pub raw: Value,
}

/// What one vendor event became.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adapted {
    /// Normalised events, in the order the vendor event implies.
    pub events: Vec<MeetingEvent>,
    /// What could not be read.
    pub warnings: Vec<AdapterWarning>,
}

impl Adapted {
    /// Appends another result.
    pub fn extend(&mut self, other: Adapted) {
        self.events.extend(other.events);
        self.warnings.extend(other.warnings);
    }

    fn warn(&mut self, provider: Provider, event: &str, reason: impl Into<String>, raw: &Value) {
        self.warnings.push(AdapterWarning {
            provider,
            event: event.to_owned(),
            reason: reason.into(),
            raw: raw.clone(),
        });
    }
}

/// Adapts one envelope (see the crate docs). Use [`adapt_all`] for a batch.
pub fn adapt(envelope: &Value) -> Adapted {
    let mut out = Adapted::default();
    let env = match Envelope::read(envelope) {
        Ok(env) => env,
        Err(warning) => {
            out.warnings.push(*warning);
            return out;
        }
    };
    if let Err(reason) = versions::check(&env) {
        out.warn(env.provider, &env.event, reason, envelope);
        return out;
    }
    match env.provider {
        Provider::Zoom => zoom::adapt_envelope(&env, envelope, &mut out),
        Provider::Livekit => livekit::adapt_envelope(&env, envelope, &mut out),
        Provider::Jitsi => jitsi::adapt_envelope(&env, envelope, &mut out),
        Provider::Daily => daily::adapt_envelope(&env, envelope, &mut out),
        Provider::Agora => agora::adapt_envelope(&env, envelope, &mut out),
        Provider::Generic => generic(&env, envelope, &mut out),
        Provider::Tencent => out.warn(
            env.provider,
            &env.event,
            "no adapter for provider \"tencent\" in this build; send meeting-event v1 directly",
            envelope,
        ),
    }
    out
}

/// Adapts an array of envelopes (or a single one), concatenating the results in order.
pub fn adapt_all(body: &Value) -> Adapted {
    match body {
        Value::Array(items) => {
            let mut out = Adapted::default();
            for item in items {
                out.extend(adapt(item));
            }
            out
        }
        other => adapt(other),
    }
}

/// `"provider": "generic"`: `data` already is a meeting-event v1 object (or an array).
fn generic(env: &Envelope, raw: &Value, out: &mut Adapted) {
    let items: Vec<&Value> = match &env.data {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    for (i, item) in items.into_iter().enumerate() {
        match MeetingEvent::parse(item) {
            Ok(event) => out.events.push(event),
            Err(e) => out.warn(
                Provider::Generic,
                &env.event,
                format!("data[{i}] is not meeting-event v1: {e}"),
                raw,
            ),
        }
    }
}
