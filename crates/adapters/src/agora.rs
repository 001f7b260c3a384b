//! Agora: Web SDK (agora-rtc-sdk-ng) client events, Signaling (RTM) messages, Real-Time STT
//! results, and the Cloud Recording callback.
//!
//! Shapes: client events `user-joined(user)` / `user-left(user, reason)` with `user.uid`;
//! `stream-message(uid, payload)` whose payload the client decodes (the STT `Text` message
//! of `SttMessage.proto` — `uid`, `seqnum`, `time`, `words[{text, start_ms, duration_ms,
//! is_final}]`, `end_of_segment`, `data_type`, `culture` — in snake_case or protobufjs
//! camelCase, or an application chat JSON `{id, text}`); RTM 2.x `message` events
//! (`publisher`, `message`, `timestamp`, `channelName`); the Cloud Recording callback
//! (`noticeId`, `productId`, `eventType`, `notifyMs`, `payload {cname, uid, sid, sequence,
//! sendts, details {msgName, fileList}}`).
//!
//! STT messages carry no segment id; the id is synthetic from (speaker uid, start of the
//! first word) and the revision is the STT `seqnum`.

use callbrief_core::event::{Channel, Provider};
use serde_json::{Value, json};

use crate::build::{self, Ctx, MeetingJson, Segment, Spec};
use crate::envelope::{Envelope, SourceKind};
use crate::fields::{self as f, Reason};
use crate::versions::{SdkSupport, VersionRule};
use crate::{Adapted, revision};

/// The Agora SDKs this adapter reads.
pub const SUPPORTED: &[SdkSupport] = &[
    SdkSupport {
        sdk: "Agora Web SDK (agora-rtc-sdk-ng)",
        events: &["user-joined", "user-left", "stream-message"],
        rule: VersionRule::Majors(&[4]),
        tested: &["4.22.0"],
        notes: "STT results arrive as stream messages; the client decodes the protobuf \
                Text message to JSON before forwarding it.",
    },
    SdkSupport {
        sdk: "Agora Signaling (RTM) SDK",
        events: &["rtm:message"],
        rule: VersionRule::Majors(&[2]),
        tested: &["2.2.0"],
        notes: "RTM 2.x `message` events; 1.x (ChannelMessage) is not read.",
    },
];

/// Cloud Recording's product id in callbacks.
const PRODUCT_CLOUD_RECORDING: i64 = 3;
/// `uploaded`: every recorded file is in the third-party storage.
const EVENT_UPLOADED: i64 = 31;

pub(crate) fn adapt_envelope(env: &Envelope, raw: &Value, out: &mut Adapted) {
    if env.source == SourceKind::Webhook {
        out.extend(callback(&env.data, raw));
        return;
    }
    let ctx = Ctx::from_envelope(env, raw, Channel::Sdk);
    match env.event.as_str() {
        "user-joined" => out.run(&ctx, |o, c| presence(o, c, true)),
        "user-left" => out.run(&ctx, |o, c| presence(o, c, false)),
        "stream-message" => out.run(&ctx, stream_message),
        "rtm:message" => out.run(&ctx, rtm_message),
        "user-published" | "user-unpublished" | "volume-indicator" | "network-quality" => {}
        other => out.warn_ctx(&ctx, format!("unknown Agora client event {other:?}")),
    }
}

fn presence(out: &mut Adapted, ctx: &Ctx<'_>, joined: bool) -> Result<(), Reason> {
    let uid = f::id(ctx.raw, "uid")
        .or_else(|_| f::id(ctx.raw, "user.uid"))
        .map_err(|_| f::missing("data.uid"))?;
    let name = f::opt_text(ctx.raw, "name")?.unwrap_or_default();
    let at = ctx.ts()?;
    let (kind, verb) = if joined {
        ("participant.joined", "join")
    } else {
        ("participant.left", "leave")
    };
    let p = build::participant(&uid, &name, None, None);
    build::emit_participant(out, ctx, kind, format!("{verb}:{uid}:{at}"), p, at);
    Ok(())
}

/// `stream-message(uid, payload)`: an STT `Text` (it has `words`) or an app chat message.
fn stream_message(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let p = f::get(ctx.raw, "payload").ok_or_else(|| f::missing("data.payload"))?;
    if p.get("words").is_some() {
        return stt(out, ctx, p);
    }
    let (Some(id), Some(text)) = (f::opt_id(p, "id")?, f::opt_text(p, "text")?) else {
        return Ok(()); // the application's own data
    };
    let uid = f::id(ctx.raw, "uid").map_err(|_| f::missing("data.uid"))?;
    let at = f::opt_int(p, "ts")?.map_or_else(|| ctx.ts(), Ok)?;
    let name = f::opt_text(p, "name")?.unwrap_or_default();
    build::emit_chat(out, ctx, &id, &uid, &name, "everyone", &text, at);
    Ok(())
}

fn pick<'v>(v: &'v Value, snake: &str, camel: &str) -> Option<&'v Value> {
    f::get(v, snake).or_else(|| f::get(v, camel))
}

fn pick_int(v: &Value, snake: &str, camel: &str) -> Result<Option<i64>, Reason> {
    if f::get(v, snake).is_some() {
        f::opt_int(v, snake)
    } else {
        f::opt_int(v, camel)
    }
}

fn stt(out: &mut Adapted, ctx: &Ctx<'_>, p: &Value) -> Result<(), Reason> {
    let data_type = pick(p, "data_type", "dataType")
        .and_then(Value::as_str)
        .unwrap_or("transcribe");
    if data_type != "transcribe" {
        return Ok(()); // translations
    }
    let uid = f::id(p, "uid").map_err(|_| f::missing("data.payload.uid"))?;
    let seq = f::int(p, "seqnum").map_err(|_| f::missing("data.payload.seqnum"))?;
    let words = p
        .get("words")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let Some(first) = words.first() else {
        return Ok(()); // keep-alive without text
    };
    let start = pick_int(first, "start_ms", "startMs")?.unwrap_or(0);
    let last = words.last().unwrap_or(first);
    let end = pick_int(last, "start_ms", "startMs")?.unwrap_or(start)
        + pick_int(last, "duration_ms", "durationMs")?.unwrap_or(0);
    let all_final = words
        .iter()
        .all(|w| pick(w, "is_final", "isFinal").and_then(Value::as_bool) == Some(true));
    let is_final = all_final
        || pick(p, "end_of_segment", "endOfSegment").and_then(Value::as_bool) == Some(true);
    let culture = f::opt_text(p, "culture")?.filter(|c| !c.is_empty());
    let joiner = if culture
        .as_deref()
        .is_some_and(|c| ["zh", "ja", "ko"].iter().any(|l| c.starts_with(l)))
    {
        ""
    } else {
        " "
    };
    let text = words
        .iter()
        .filter_map(|w| w.get("text").and_then(Value::as_str))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(joiner);
    let at = f::opt_int(p, "time")?.map_or_else(|| ctx.ts(), Ok)?;
    let seg = Segment {
        id: format!("stt-{uid}-{start}"),
        revision: revision::compose(is_final, seq),
        delete: false,
        is_final,
        speaker_id: Some(uid),
        speaker_name: None,
        start_ms: start,
        end_ms: end,
        text,
        language: culture,
    };
    build::emit_segment(out, ctx, &seg, at);
    Ok(())
}

/// RTM 2.x `message {channelName, publisher, message, timestamp, customType?}`; the
/// application's chat sends JSON `{id, text, name?}` as the message.
fn rtm_message(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let publisher = f::id(d, "publisher").map_err(|_| f::missing("data.publisher"))?;
    let at = f::opt_int(d, "timestamp")?.map_or_else(|| ctx.ts(), Ok)?;
    let message = f::text(d, "message").map_err(|_| f::missing("data.message"))?;
    let parsed: Option<Value> = serde_json::from_str(&message).ok();
    let (id, text, name) = match &parsed {
        Some(v) if v.get("text").is_some() => (
            f::opt_id(v, "id")?,
            f::text(v, "text")?,
            f::opt_text(v, "name")?,
        ),
        _ => (None, message.clone(), None),
    };
    let id = id.unwrap_or_else(|| build::short_hash(&[&publisher, &at.to_string(), &text]));
    build::emit_chat(
        out,
        ctx,
        &id,
        &publisher,
        &name.unwrap_or_default(),
        "everyone",
        &text,
        at,
    );
    Ok(())
}

/// Adapts an Agora Cloud Recording callback body.
pub fn adapt_webhook(body: &Value) -> Adapted {
    callback(body, body)
}

fn callback(body: &Value, warn_raw: &Value) -> Adapted {
    let mut out = Adapted::default();
    let event_type = f::opt_int(body, "eventType").ok().flatten();
    let product = f::opt_int(body, "productId").ok().flatten();
    let name = event_type.map(|t| t.to_string()).unwrap_or_default();
    let (Some(event_type), Some(product)) = (event_type, product) else {
        out.warn(
            Provider::Agora,
            &name,
            "missing field `eventType` or `productId`",
            warn_raw,
        );
        return out;
    };
    if product != PRODUCT_CLOUD_RECORDING {
        out.warn(
            Provider::Agora,
            &name,
            format!("callbacks of Agora product {product} are not adapted"),
            warn_raw,
        );
        return out;
    }
    if event_type != EVENT_UPLOADED {
        return out; // recorder and upload lifecycle: nothing to store
    }
    let ctx = Ctx {
        provider: Provider::Agora,
        channel: Channel::Webhook,
        event: format!("cloud_recording:{event_type}"),
        meeting: MeetingJson {
            provider_meeting_id: f::opt_id(body, "payload.cname")
                .ok()
                .flatten()
                .unwrap_or_default(),
            instance_id: None,
            topic: None,
            join_url: None,
        },
        started_at_ms: None,
        ts_ms: f::opt_int(body, "notifyMs").ok().flatten(),
        seq: f::opt_int(body, "payload.sequence").ok().flatten(),
        crm: None,
        raw: body,
        warn_raw,
    };
    out.run(&ctx, |o, c| uploaded(o, c, body));
    out
}

/// `eventType` 31 (`uploaded`). The files are in the customer's own storage bucket under
/// `fileList[].fileName`; the event records the recording and keeps the names in `raw`.
/// A `fileName` that is already an https URL is listed as a file.
fn uploaded(out: &mut Adapted, ctx: &Ctx<'_>, body: &Value) -> Result<(), Reason> {
    if ctx.meeting.provider_meeting_id.is_empty() {
        return Err(f::missing("payload.cname"));
    }
    let notice = f::id(body, "noticeId").map_err(|_| f::missing("noticeId"))?;
    let sid = f::id(body, "payload.sid")
        .or_else(|_| f::id(body, "sid"))
        .map_err(|_| f::missing("payload.sid"))?;
    let at = ctx.ts_ms.ok_or_else(|| f::missing("notifyMs"))?;
    let files: Vec<Value> = f::get(body, "payload.details.fileList")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|file| file.get("fileName")?.as_str())
                .filter(|name| name.starts_with("https://"))
                .map(|url| json!({"kind": "video", "url": url, "requires_auth": true}))
                .collect()
        })
        .unwrap_or_default();
    out.emit(
        ctx,
        Spec {
            kind: "recording.completed",
            key: format!("recording.completed:{sid}"),
            event_id: Some(notice),
            occurred_at_ms: at,
            payload: json!({"files": files}),
        },
    );
    Ok(())
}
