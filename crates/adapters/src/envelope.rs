//! The envelope a client wraps each vendor event in.

use callbrief_core::event::Provider;
use serde_json::Value;

use crate::AdapterWarning;
use crate::fields::{self, Reason};
use crate::versions::SdkVersion;

/// How the vendor event reached the client or relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A client SDK callback (`"channel": "sdk"`).
    Sdk,
    /// A provider webhook body (`"channel": "webhook"`).
    Webhook,
    /// A Zoom Realtime Media Streams message relayed by a server (`"channel": "rtms"`).
    Rtms,
}

/// The meeting as the client knows it (`envelope.meeting`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingContext {
    /// The platform's meeting id (Zoom meeting number, LiveKit room name, Jitsi room, …).
    pub provider_meeting_id: String,
    /// The occurrence id (Zoom meeting uuid, LiveKit room sid, Daily session id), if known.
    pub instance_id: Option<String>,
    /// Topic, if known.
    pub topic: Option<String>,
    /// Join link, if known.
    pub join_url: Option<String>,
    /// When the meeting (or the client's session) started, as Unix ms. Transcript times
    /// that a vendor gives as wall-clock times are stored relative to it.
    pub started_at_ms: Option<i64>,
}

/// A parsed envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// `provider`.
    pub provider: Provider,
    /// `channel`.
    pub source: SourceKind,
    /// `event`: the vendor's event or callback name.
    pub event: String,
    /// `sdk_version`: required for `sdk` events, optional otherwise.
    pub sdk_version: Option<SdkVersion>,
    /// `meeting`: required for `sdk` and `rtms` events; webhooks carry their own.
    pub meeting: Option<MeetingContext>,
    /// `crm`: CRM hints the client already has (passed through as meeting-event `crm`).
    pub crm: Option<Value>,
    /// `ts`: when the client captured the event (RFC 3339), as Unix ms.
    pub ts_ms: Option<i64>,
    /// `seq`: the client's capture counter for this meeting, written at capture time.
    pub seq: Option<i64>,
    /// `data`: the vendor payload as the SDK or webhook delivered it.
    pub data: Value,
}

impl Envelope {
    /// Reads an envelope; anything wrong becomes a warning holding the raw input.
    pub fn read(raw: &Value) -> Result<Envelope, Box<AdapterWarning>> {
        let provider_name = fields::opt_text(raw, "provider").ok().flatten();
        let provider = provider_name
            .as_deref()
            .and_then(|name| Provider::ALL.iter().copied().find(|p| p.as_str() == name));
        let event = fields::opt_text(raw, "event")
            .ok()
            .flatten()
            .unwrap_or_default();
        let fail = |reason: Reason| {
            Box::new(AdapterWarning {
                provider: provider.unwrap_or(Provider::Generic),
                event: event.clone(),
                reason,
                raw: raw.clone(),
            })
        };
        if !raw.is_object() {
            return Err(fail("the envelope is not a JSON object".to_owned()));
        }
        let provider = match (provider, provider_name) {
            (Some(p), _) => p,
            (None, Some(name)) => return Err(fail(format!("unknown provider {name:?}"))),
            (None, None) => return Err(fail(fields::missing("provider"))),
        };
        if event.is_empty() {
            return Err(fail(fields::missing("event")));
        }
        let source = match fields::opt_text(raw, "channel").map_err(&fail)?.as_deref() {
            None | Some("sdk") => SourceKind::Sdk,
            Some("webhook") => SourceKind::Webhook,
            Some("rtms") if provider == Provider::Zoom => SourceKind::Rtms,
            Some(other) => {
                return Err(fail(format!(
                    "unknown channel {other:?} (expected \"sdk\", \"webhook\" or, for zoom, \"rtms\")"
                )));
            }
        };
        let sdk_version = match fields::opt_text(raw, "sdk_version").map_err(&fail)? {
            None => None,
            Some(text) => Some(SdkVersion::parse(&text).map_err(&fail)?),
        };
        let meeting = match fields::get(raw, "meeting") {
            None => None,
            Some(m) => Some(read_meeting(m).map_err(&fail)?),
        };
        if meeting.is_none() && source != SourceKind::Webhook && provider != Provider::Generic {
            return Err(fail(fields::missing("meeting.provider_meeting_id")));
        }
        let ts_ms = fields::opt_rfc3339_ms(raw, "ts").map_err(&fail)?;
        let seq = fields::opt_int(raw, "seq").map_err(&fail)?;
        let data = match fields::get(raw, "data") {
            Some(d) => d.clone(),
            None => return Err(fail(fields::missing("data"))),
        };
        Ok(Envelope {
            provider,
            source,
            event,
            sdk_version,
            meeting,
            crm: fields::get(raw, "crm").cloned(),
            ts_ms,
            seq,
            data,
        })
    }
}

fn read_meeting(m: &Value) -> Result<MeetingContext, Reason> {
    let id = fields::id(m, "provider_meeting_id")
        .map_err(|_| fields::missing("meeting.provider_meeting_id"))?;
    Ok(MeetingContext {
        provider_meeting_id: id,
        instance_id: fields::opt_id(m, "instance_id")?,
        topic: fields::opt_text(m, "topic")?,
        join_url: fields::opt_text(m, "join_url")?,
        started_at_ms: fields::opt_rfc3339_ms(m, "started_at")
            .map_err(|_| "field `meeting.started_at` is not an RFC 3339 time".to_owned())?,
    })
}
