//! Zoom webhooks (shapes from the Zoom Meetings webhook reference: `meeting.started`,
//! `meeting.ended`, `meeting.participant_joined`, `meeting.participant_left`,
//! `meeting.sharing_started`, `meeting.sharing_ended`, `recording.completed`):
//! `{"event", "event_ts", "payload": {"account_id", "object": {…}}, "download_token"?}`.

use callbrief_core::Secret;
use callbrief_core::event::{Channel, Provider};
use serde_json::{Value, json};

use crate::build::{self, Ctx, MeetingJson, Spec};
use crate::envelope::Envelope;
use crate::fields::{self as f, Reason};
use crate::{Adapted, fields};

/// Zoom's `download_token` lets recording downloads work for 24 hours.
const DOWNLOAD_TOKEN_TTL_MS: i64 = 24 * 3600 * 1000;

/// Tracking fields read as a pre-association (set them on the meeting in Zoom).
pub const TRACKING_CUSTOMER: &str = "callbrief_customer_id";
/// Tracking field naming the CRM deal.
pub const TRACKING_DEAL: &str = "callbrief_deal_id";

const IGNORED: &[&str] = &[
    "endpoint.url_validation",
    "meeting.created",
    "meeting.updated",
    "meeting.deleted",
    "meeting.participant_waiting",
    "meeting.participant_admitted",
    "recording.started",
    "recording.stopped",
    "recording.paused",
    "recording.resumed",
];

/// Adapts a verified Zoom webhook body.
pub fn adapt_webhook(body: &Value) -> Adapted {
    adapt(body, body, None)
}

pub(super) fn adapt(body: &Value, warn_raw: &Value, env: Option<&Envelope>) -> Adapted {
    let mut out = Adapted::default();
    let event = f::opt_text(body, "event")
        .ok()
        .flatten()
        .unwrap_or_default();
    if event.is_empty() {
        out.warn(Provider::Zoom, "", f::missing("event"), warn_raw);
        return out;
    }
    if IGNORED.contains(&event.as_str()) {
        return out;
    }
    let handler: fn(&mut Adapted, &Ctx<'_>, &Value, &str) -> Result<(), Reason> =
        match event.as_str() {
            "meeting.started" | "meeting.ended" => meeting,
            "meeting.participant_joined" | "meeting.participant_left" => participant,
            "meeting.sharing_started" | "meeting.sharing_ended" => sharing,
            "recording.completed" => recording,
            other => {
                out.warn(
                    Provider::Zoom,
                    other,
                    format!("unknown Zoom webhook event {other:?}"),
                    warn_raw,
                );
                return out;
            }
        };
    let ctx = match context(body, warn_raw, &event, env) {
        Ok(ctx) => ctx,
        Err(reason) => {
            out.warn(Provider::Zoom, &event, reason, warn_raw);
            return out;
        }
    };
    let event_id = event_id(body, &event);
    out.run(&ctx, |o, c| handler(o, c, body, &event_id));
    out
}

fn context<'a>(
    body: &'a Value,
    warn_raw: &'a Value,
    event: &str,
    env: Option<&Envelope>,
) -> Result<Ctx<'a>, Reason> {
    let object = f::get(body, "payload.object").ok_or_else(|| f::missing("payload.object"))?;
    let id = f::id(object, "id").map_err(|_| f::missing("payload.object.id"))?;
    let crm = env
        .and_then(|e| e.crm.clone())
        .or_else(|| tracking_crm(object));
    Ok(Ctx {
        provider: Provider::Zoom,
        channel: Channel::Webhook,
        event: event.to_owned(),
        meeting: MeetingJson {
            provider_meeting_id: id,
            instance_id: f::opt_id(object, "uuid")?,
            topic: f::opt_text(object, "topic")?,
            join_url: f::opt_text(object, "join_url")?,
        },
        started_at_ms: f::opt_rfc3339_ms(object, "start_time")?,
        ts_ms: f::opt_int(body, "event_ts")?,
        seq: None,
        crm,
        raw: body,
        warn_raw,
    })
}

/// `{event}:{event_ts}:{hash of payload}`: Zoom's events have no id of their own.
fn event_id(body: &Value, event: &str) -> String {
    let ts = f::opt_int(body, "event_ts").ok().flatten().unwrap_or(0);
    let payload = body
        .get("payload")
        .map(Value::to_string)
        .unwrap_or_default();
    format!("{event}:{ts}:{}", build::short_hash(&[&payload]))
}

/// `tracking_fields: [{field, value}]` naming the CRM customer (and deal).
fn tracking_crm(object: &Value) -> Option<Value> {
    let fields = object.get("tracking_fields")?.as_array()?;
    let find = |name: &str| {
        fields.iter().find_map(|t| {
            (t.get("field")?.as_str()? == name)
                .then(|| t.get("value")?.as_str().map(str::to_owned))
                .flatten()
        })
    };
    let customer = find(TRACKING_CUSTOMER)?;
    let mut crm = json!({"customer_id": customer, "association": "pre",
                         "method": "tracking_field", "confidence": 1.0});
    if let (Some(deal), Some(obj)) = (find(TRACKING_DEAL), crm.as_object_mut()) {
        obj.insert("deal_id".into(), json!(deal));
    }
    Some(crm)
}

fn event_time(ctx: &Ctx<'_>) -> Result<i64, Reason> {
    ctx.ts_ms.ok_or_else(|| f::missing("event_ts"))
}

fn meeting(out: &mut Adapted, ctx: &Ctx<'_>, body: &Value, event_id: &str) -> Result<(), Reason> {
    let o = f::get(body, "payload.object").ok_or_else(|| f::missing("payload.object"))?;
    let host = f::id(o, "host_id").map_err(|_| f::missing("payload.object.host_id"))?;
    let started = f::opt_rfc3339_ms(o, "start_time")?;
    let ended = f::opt_rfc3339_ms(o, "end_time")?;
    let (kind, at, duration_s) = if ctx.event == "meeting.started" {
        let planned = f::opt_int(o, "duration")?.map(|m| m.max(0) * 60);
        ("meeting.started", started, planned)
    } else {
        let actual = started.zip(ended).map(|(s, e)| (e - s).max(0) / 1000);
        ("meeting.ended", ended, actual)
    };
    let at = at.map_or_else(|| event_time(ctx), Ok)?;
    let mut payload = json!({"host": {"id": host, "name": ""}});
    if let (Some(d), Some(obj)) = (duration_s, payload.as_object_mut()) {
        obj.insert("duration_s".into(), json!(d));
    }
    out.emit(
        ctx,
        Spec {
            kind,
            key: kind.to_owned(),
            event_id: Some(event_id.to_owned()),
            occurred_at_ms: at,
            payload,
        },
    );
    Ok(())
}

fn participant(
    out: &mut Adapted,
    ctx: &Ctx<'_>,
    body: &Value,
    event_id: &str,
) -> Result<(), Reason> {
    let p = f::get(body, "payload.object.participant")
        .ok_or_else(|| f::missing("payload.object.participant"))?;
    let joined = ctx.event == "meeting.participant_joined";
    let (kind, verb, time_field) = if joined {
        ("participant.joined", "join", "join_time")
    } else {
        ("participant.left", "leave", "leave_time")
    };
    let id = f::opt_id(p, "user_id")?
        .or(f::opt_id(p, "participant_uuid")?)
        .ok_or_else(|| f::missing("payload.object.participant.user_id"))?;
    let at = f::opt_rfc3339_ms(p, time_field)?.map_or_else(|| event_time(ctx), Ok)?;
    let person = build::participant(
        &id,
        &f::opt_text(p, "user_name")?.unwrap_or_default(),
        f::opt_text(p, "email")?.as_deref(),
        None,
    );
    out.emit(
        ctx,
        Spec {
            kind,
            key: format!("{verb}:{id}:{at}"),
            event_id: Some(event_id.to_owned()),
            occurred_at_ms: at,
            payload: json!({"participant": person}),
        },
    );
    Ok(())
}

fn sharing(out: &mut Adapted, ctx: &Ctx<'_>, body: &Value, event_id: &str) -> Result<(), Reason> {
    let p = f::get(body, "payload.object.participant")
        .ok_or_else(|| f::missing("payload.object.participant"))?;
    let kind = if ctx.event == "meeting.sharing_started" {
        "screenshare.started"
    } else {
        "screenshare.stopped"
    };
    let id = f::id(p, "user_id").map_err(|_| f::missing("payload.object.participant.user_id"))?;
    let at =
        f::opt_rfc3339_ms(p, "sharing_details.date_time")?.map_or_else(|| event_time(ctx), Ok)?;
    let person = build::participant(
        &id,
        &f::opt_text(p, "user_name")?.unwrap_or_default(),
        None,
        None,
    );
    out.emit(
        ctx,
        Spec {
            kind,
            key: format!("{kind}:{id}:{at}"),
            event_id: Some(event_id.to_owned()),
            occurred_at_ms: at,
            payload: json!({"participant": person}),
        },
    );
    Ok(())
}

/// The keychain entry name for a recording's passcode.
fn passcode_ref(uuid: &str) -> String {
    format!("zoom:recording:{uuid}")
}

fn recording(out: &mut Adapted, ctx: &Ctx<'_>, body: &Value, event_id: &str) -> Result<(), Reason> {
    let o = f::get(body, "payload.object").ok_or_else(|| f::missing("payload.object"))?;
    let at = event_time(ctx)?;
    let has_token = f::opt_text(body, "download_token")?.is_some();
    let mut files = Vec::new();
    if let Some(list) = o.get("recording_files").and_then(Value::as_array) {
        for (i, file) in list.iter().enumerate() {
            if f::opt_text(file, "status")?.is_some_and(|s| s != "completed") {
                continue;
            }
            let url = f::text(file, "download_url").map_err(|_| {
                f::missing(&format!("payload.object.recording_files[{i}].download_url"))
            })?;
            let kind = match f::opt_text(file, "file_type")?.as_deref() {
                Some("MP4") => "video",
                Some("M4A") => "audio",
                Some("TRANSCRIPT") => "transcript",
                Some("CHAT") => "chat",
                Some("CC") => "captions",
                Some("TIMELINE") => "timeline",
                Some("CSV") => "poll",
                _ => "other",
            };
            let mut entry = json!({"kind": kind, "url": url, "requires_auth": true});
            if let (true, Some(obj)) = (has_token, entry.as_object_mut()) {
                obj.insert(
                    "expires_at".into(),
                    json!(fields::format_ms(at + DOWNLOAD_TOKEN_TTL_MS)),
                );
            }
            files.push(entry);
        }
    }
    let mut payload = json!({"files": files});
    if let Some(obj) = payload.as_object_mut() {
        if let Some(share) = f::opt_text(o, "share_url")? {
            obj.insert("share_url".into(), json!(share));
        }
        if passcode(o).is_some() {
            let uuid = ctx.meeting.instance_id.clone().unwrap_or(ctx.meeting.key());
            obj.insert("passcode_ref".into(), json!(passcode_ref(&uuid)));
        }
    }
    out.emit(
        ctx,
        Spec {
            kind: "recording.completed",
            key: "recording.completed".to_owned(),
            event_id: Some(event_id.to_owned()),
            occurred_at_ms: at,
            payload,
        },
    );
    Ok(())
}

fn passcode(object: &Value) -> Option<String> {
    ["recording_play_passcode", "password"]
        .iter()
        .find_map(|k| {
            f::opt_text(object, k)
                .ok()
                .flatten()
                .filter(|s| !s.is_empty())
        })
}

/// The credentials of a `recording.completed` webhook, for the keychain. They never
/// appear in meeting events (`raw` is scrubbed of them too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingSecrets {
    /// Where the passcode belongs: the `passcode_ref` of the event.
    pub passcode_ref: Option<String>,
    /// The recording passcode.
    pub passcode: Option<Secret>,
    /// `download_token`, valid about 24 hours, for downloading the files.
    pub download_token: Option<Secret>,
}

/// The passcode and download token of a `recording.completed` body, if it is one.
pub fn recording_secrets(body: &Value) -> Option<RecordingSecrets> {
    if f::opt_text(body, "event").ok()??.as_str() != "recording.completed" {
        return None;
    }
    let object = f::get(body, "payload.object")?;
    let uuid = f::opt_id(object, "uuid").ok().flatten();
    let pass = passcode(object);
    Some(RecordingSecrets {
        passcode_ref: pass.as_ref().and(uuid.as_deref()).map(passcode_ref),
        passcode: pass.map(Secret::new),
        download_token: f::opt_text(body, "download_token")
            .ok()
            .flatten()
            .map(Secret::new),
    })
}
