//! Daily: daily-js call events and Daily webhooks (shapes from the Daily reference:
//! events `participant-joined`, `participant-left`, `app-message`,
//! `transcription-message`; webhooks `meeting.started`, `meeting.ended`,
//! `participant.joined`, `participant.left`, `recording.ready-to-download` with the common
//! fields `version`, `type`, `id`, `payload`, `event_ts`).
//!
//! Prebuilt chat travels as an `app-message` whose `data` is `{event: "chat-msg",
//! message, name, room}`; other app messages are the application's own and are ignored.
//! Chat and transcript messages have no ids: chat ids are a hash of (sender, text, `ts`),
//! transcript ids come from (participant, timestamp).

use callbrief_core::event::{Channel, Provider};
use serde_json::{Value, json};

use crate::build::{self, Ctx, MeetingJson, Segment, Spec};
use crate::envelope::{Envelope, SourceKind};
use crate::fields::{self as f, Reason};
use crate::versions::{SdkSupport, VersionRule};
use crate::{Adapted, revision};

/// The Daily SDKs this adapter reads.
pub const SUPPORTED: &[SdkSupport] = &[SdkSupport {
    sdk: "daily-js (and react-native-daily-js)",
    events: &["*"],
    rule: VersionRule::Majors(&[0]),
    tested: &["0.80.0"],
    notes: "daily-js is still in 0.x; the event objects read here are the same across the \
            0.x releases that emit transcription-message.",
}];

const IGNORED: &[&str] = &[
    "joined-meeting",
    "left-meeting",
    "participant-updated",
    "active-speaker-change",
    "track-started",
    "track-stopped",
    "transcription-started",
    "transcription-stopped",
    "recording-started",
    "recording-stopped",
];

pub(crate) fn adapt_envelope(env: &Envelope, raw: &Value, out: &mut Adapted) {
    if env.source == SourceKind::Webhook {
        out.extend(adapt_webhook_inner(&env.data, raw));
        return;
    }
    let ctx = Ctx::from_envelope(env, raw, Channel::Sdk);
    match env.event.as_str() {
        "participant-joined" => out.run(&ctx, |o, c| presence(o, c, true)),
        "participant-left" => out.run(&ctx, |o, c| presence(o, c, false)),
        "app-message" => out.run(&ctx, app_message),
        "transcription-message" => out.run(&ctx, transcript),
        name if IGNORED.contains(&name) => {}
        other => out.warn_ctx(&ctx, format!("unknown daily-js event {other:?}")),
    }
}

/// `participant-joined` / `participant-left {participant: {session_id, user_name, …}}`.
fn presence(out: &mut Adapted, ctx: &Ctx<'_>, joined: bool) -> Result<(), Reason> {
    let p = f::get(ctx.raw, "participant").ok_or_else(|| f::missing("data.participant"))?;
    let id = f::id(p, "session_id").map_err(|_| f::missing("data.participant.session_id"))?;
    let name = f::opt_text(p, "user_name")?.unwrap_or_default();
    let at = if joined {
        f::opt_time_ms(p, "joined_at", 1)?.map_or_else(|| ctx.ts(), Ok)?
    } else {
        ctx.ts()?
    };
    let role = f::opt_bool(p, "owner")?.filter(|o| *o).map(|_| "owner");
    let (kind, verb) = if joined {
        ("participant.joined", "join")
    } else {
        ("participant.left", "leave")
    };
    let person = build::participant(&id, &name, None, role);
    // One join and one leave per session id.
    build::emit_participant(out, ctx, kind, format!("{verb}:{id}"), person, at);
    Ok(())
}

/// `app-message {data, fromId}`; Prebuilt chat is `data.event == "chat-msg"`.
fn app_message(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    if f::opt_text(d, "data.event")?.as_deref() != Some("chat-msg") {
        return Ok(());
    }
    let from = f::id(d, "fromId").map_err(|_| f::missing("data.fromId"))?;
    let text = f::text(d, "data.message").map_err(|_| f::missing("data.data.message"))?;
    let at = ctx.ts()?;
    let id = build::short_hash(&[&from, &at.to_string(), &text]);
    let name = f::opt_text(d, "data.name")?.unwrap_or_default();
    build::emit_chat(out, ctx, &id, &from, &name, "everyone", &text, at);
    Ok(())
}

/// `transcription-message {participantId, text, timestamp, rawResponse?}`. Daily sends
/// final utterances; with `includeRawResponse` the Deepgram `is_final` is honoured.
fn transcript(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let who = f::id(d, "participantId").map_err(|_| f::missing("data.participantId"))?;
    let text = f::text(d, "text").map_err(|_| f::missing("data.text"))?;
    let at = f::opt_time_ms(d, "timestamp", 1)?.ok_or_else(|| f::missing("data.timestamp"))?;
    let is_final = f::opt_bool(d, "rawResponse.is_final")?.unwrap_or(true);
    // Deepgram's `start` (seconds into the stream) is the same for the interim and the
    // final result of one utterance; without it the timestamp names the utterance.
    let utterance = f::get(d, "rawResponse.start")
        .and_then(Value::as_f64)
        .map_or_else(
            || at.to_string(),
            |s| format!("s{}", (s * 1000.0).round() as i64),
        );
    let start = ctx.offset_ms(at)?;
    let seg = Segment {
        id: format!("{who}-{utterance}"),
        revision: revision::compose(is_final, at),
        delete: false,
        is_final,
        speaker_id: Some(who),
        speaker_name: f::opt_text(d, "user_name")?,
        start_ms: start,
        end_ms: start,
        text,
        language: None,
    };
    build::emit_segment(out, ctx, &seg, at);
    Ok(())
}

/// Adapts a Daily webhook body.
pub fn adapt_webhook(body: &Value) -> Adapted {
    adapt_webhook_inner(body, body)
}

fn adapt_webhook_inner(body: &Value, warn_raw: &Value) -> Adapted {
    let mut out = Adapted::default();
    let event = f::opt_text(body, "type").ok().flatten().unwrap_or_default();
    let handler: fn(&mut Adapted, &Ctx<'_>, &Value, &str) -> Result<(), Reason> =
        match event.as_str() {
            "meeting.started" | "meeting.ended" => meeting,
            "participant.joined" | "participant.left" => webhook_participant,
            "recording.ready-to-download" => recording,
            "recording.started"
            | "recording.error"
            | "transcript.started"
            | "transcript.ready-to-download"
            | "transcript.error" => return out,
            "" => {
                out.warn(Provider::Daily, "", f::missing("type"), warn_raw);
                return out;
            }
            other => {
                out.warn(
                    Provider::Daily,
                    other,
                    format!("unknown Daily webhook event {other:?}"),
                    warn_raw,
                );
                return out;
            }
        };
    let p = f::get(body, "payload").cloned().unwrap_or(Value::Null);
    let room = f::opt_id(&p, "room")
        .ok()
        .flatten()
        .or(f::opt_id(&p, "room_name").ok().flatten());
    let (Some(room), Some(id)) = (room, f::opt_id(body, "id").ok().flatten()) else {
        out.warn(
            Provider::Daily,
            &event,
            "missing field `payload.room` or `id`",
            warn_raw,
        );
        return out;
    };
    let ctx = Ctx {
        provider: Provider::Daily,
        channel: Channel::Webhook,
        event: event.clone(),
        meeting: MeetingJson {
            provider_meeting_id: room,
            instance_id: f::opt_id(&p, "meeting_id").ok().flatten(),
            topic: None,
            join_url: None,
        },
        started_at_ms: None,
        ts_ms: f::opt_time_ms(body, "event_ts", 1000).ok().flatten(),
        seq: None,
        crm: None,
        raw: body,
        warn_raw,
    };
    out.run(&ctx, |o, c| handler(o, c, &p, &id));
    out
}

fn meeting(out: &mut Adapted, ctx: &Ctx<'_>, p: &Value, id: &str) -> Result<(), Reason> {
    let start = f::opt_time_ms(p, "start_ts", 1000)?;
    let end = f::opt_time_ms(p, "end_ts", 1000)?;
    let (kind, at) = if ctx.event == "meeting.started" {
        ("meeting.started", start)
    } else {
        ("meeting.ended", end)
    };
    let at = at
        .or(ctx.ts_ms)
        .ok_or_else(|| f::missing("payload.start_ts"))?;
    // Daily rooms have no host; the room stands in for it.
    let mut payload = json!({"host": {"id": ctx.meeting.provider_meeting_id, "name": ""}});
    if let (Some(s), Some(e), Some(obj)) = (start, end, payload.as_object_mut()) {
        obj.insert("duration_s".into(), json!((e - s).max(0) / 1000));
    }
    out.emit(
        ctx,
        Spec {
            kind,
            key: kind.to_owned(),
            event_id: Some(id.to_owned()),
            occurred_at_ms: at,
            payload,
        },
    );
    Ok(())
}

fn webhook_participant(
    out: &mut Adapted,
    ctx: &Ctx<'_>,
    p: &Value,
    id: &str,
) -> Result<(), Reason> {
    let session = f::id(p, "session_id").map_err(|_| f::missing("payload.session_id"))?;
    let joined = ctx.event == "participant.joined";
    let joined_at = f::opt_time_ms(p, "joined_at", 1000)?;
    let at = if joined {
        joined_at.or(ctx.ts_ms)
    } else {
        joined_at
            .zip(f::opt_int(p, "duration")?)
            .map(|(j, d)| j + d * 1000)
            .or(ctx.ts_ms)
    }
    .ok_or_else(|| f::missing("payload.joined_at"))?;
    let (kind, verb) = if joined {
        ("participant.joined", "join")
    } else {
        ("participant.left", "leave")
    };
    let person = build::participant(
        &session,
        &f::opt_text(p, "user_name")?.unwrap_or_default(),
        None,
        f::opt_bool(p, "owner")?.filter(|o| *o).map(|_| "owner"),
    );
    out.emit(
        ctx,
        Spec {
            kind,
            key: format!("{verb}:{session}"),
            event_id: Some(id.to_owned()),
            occurred_at_ms: at,
            payload: json!({"participant": person}),
        },
    );
    Ok(())
}

/// `recording.ready-to-download`: the files sit in Daily's (or the customer's) storage
/// behind the REST API's access links, which expire; the event records the recording and
/// keeps `recording_id` and `s3_key` in `raw` for fetching a link when needed.
fn recording(out: &mut Adapted, ctx: &Ctx<'_>, p: &Value, id: &str) -> Result<(), Reason> {
    let rec = f::id(p, "recording_id").map_err(|_| f::missing("payload.recording_id"))?;
    let at = ctx
        .ts_ms
        .or(f::opt_time_ms(p, "start_ts", 1000)?)
        .ok_or_else(|| f::missing("event_ts"))?;
    out.emit(
        ctx,
        Spec {
            kind: "recording.completed",
            key: format!("recording.completed:{rec}"),
            event_id: Some(id.to_owned()),
            occurred_at_ms: at,
            payload: json!({"files": []}),
        },
    );
    Ok(())
}
