//! LiveKit webhooks (shape from `livekit_webhook.proto` WebhookEvent: `id`, `event`,
//! `createdAt` seconds, `room`, `participant`, `egressInfo` with `fileResults[]` of
//! FileInfo `{filename, location, …}`), as JSON with camelCase or snake_case names and
//! int64 values as numbers or strings.

use callbrief_core::event::{Channel, Provider};
use serde_json::{Value, json};

use crate::Adapted;
use crate::build::{self, Ctx, MeetingJson, Spec};
use crate::fields::{self as f, Reason};

const IGNORED: &[&str] = &[
    "track_published",
    "track_unpublished",
    "egress_started",
    "egress_updated",
    "ingress_started",
    "ingress_ended",
    "participant_connection_aborted",
];

/// The first of several spellings that is present.
fn pick<'v>(v: &'v Value, names: &[&str]) -> Option<&'v Value> {
    names.iter().find_map(|n| f::get(v, n))
}

/// Adapts a verified LiveKit webhook body.
pub fn adapt_webhook(body: &Value) -> Adapted {
    adapt(body, body)
}

pub(super) fn adapt(body: &Value, warn_raw: &Value) -> Adapted {
    let mut out = Adapted::default();
    let event = f::opt_text(body, "event")
        .ok()
        .flatten()
        .unwrap_or_default();
    if event.is_empty() {
        out.warn(Provider::Livekit, "", f::missing("event"), warn_raw);
        return out;
    }
    if IGNORED.contains(&event.as_str()) {
        return out;
    }
    let handler: fn(&mut Adapted, &Ctx<'_>, &Value, &str) -> Result<(), Reason> =
        match event.as_str() {
            "room_started" | "room_finished" => room,
            "participant_joined" | "participant_left" => participant,
            "egress_ended" => egress,
            other => {
                out.warn(
                    Provider::Livekit,
                    other,
                    format!("unknown LiveKit webhook event {other:?}"),
                    warn_raw,
                );
                return out;
            }
        };
    let ctx = match context(body, warn_raw, &event) {
        Ok(c) => c,
        Err(reason) => {
            out.warn(Provider::Livekit, &event, reason, warn_raw);
            return out;
        }
    };
    let id = f::opt_id(body, "id").ok().flatten();
    let Some(id) = id else {
        out.warn(Provider::Livekit, &event, f::missing("id"), warn_raw);
        return out;
    };
    out.run(&ctx, |o, c| handler(o, c, body, &id));
    out
}

fn context<'a>(body: &'a Value, warn_raw: &'a Value, event: &str) -> Result<Ctx<'a>, Reason> {
    let (name, sid, metadata) = if let Some(room) = f::get(body, "room") {
        (
            f::id(room, "name").map_err(|_| f::missing("room.name"))?,
            f::opt_id(room, "sid")?,
            f::opt_text(room, "metadata")?,
        )
    } else if let Some(egress) = pick(body, &["egressInfo", "egress_info"]) {
        (
            pick(egress, &["roomName", "room_name"])
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| f::missing("egressInfo.roomName"))?,
            pick(egress, &["roomId", "room_id"])
                .and_then(Value::as_str)
                .map(str::to_owned),
            None,
        )
    } else {
        return Err(f::missing("room"));
    };
    let created = pick(body, &["createdAt", "created_at"])
        .map(|_| {
            f::opt_int(body, "createdAt")
                .ok()
                .flatten()
                .or(f::opt_int(body, "created_at").ok().flatten())
        })
        .unwrap_or(None);
    Ok(Ctx {
        provider: Provider::Livekit,
        channel: Channel::Webhook,
        event: event.to_owned(),
        meeting: MeetingJson {
            provider_meeting_id: name,
            instance_id: sid,
            topic: None,
            join_url: None,
        },
        started_at_ms: None,
        ts_ms: created.map(|s| s * 1000),
        seq: None,
        crm: super::metadata_crm(metadata.as_deref()),
        raw: body,
        warn_raw,
    })
}

fn created_ms(ctx: &Ctx<'_>) -> Result<i64, Reason> {
    ctx.ts_ms.ok_or_else(|| f::missing("createdAt"))
}

fn room(out: &mut Adapted, ctx: &Ctx<'_>, body: &Value, id: &str) -> Result<(), Reason> {
    let room = f::get(body, "room").ok_or_else(|| f::missing("room"))?;
    let meta: Option<Value> =
        f::opt_text(room, "metadata")?.and_then(|m| serde_json::from_str(&m).ok());
    let host_id = meta
        .as_ref()
        .and_then(|m| m.get("host_identity")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| ctx.meeting.provider_meeting_id.clone());
    let host_name = meta
        .as_ref()
        .and_then(|m| m.get("host_name")?.as_str().map(str::to_owned))
        .unwrap_or_default();
    let started = pick(room, &["creationTime", "creation_time"])
        .and_then(|_| {
            f::opt_int(room, "creationTime")
                .ok()
                .flatten()
                .or(f::opt_int(room, "creation_time").ok().flatten())
        })
        .map(|s| s * 1000);
    let (kind, at) = if ctx.event == "room_started" {
        (
            "meeting.started",
            started.map_or_else(|| created_ms(ctx), Ok)?,
        )
    } else {
        ("meeting.ended", created_ms(ctx)?)
    };
    let mut payload = json!({"host": {"id": host_id, "name": host_name}});
    if let (Some(s), "meeting.ended", Some(obj)) = (started, kind, payload.as_object_mut()) {
        obj.insert("duration_s".into(), json!((at - s).max(0) / 1000));
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

fn participant(out: &mut Adapted, ctx: &Ctx<'_>, body: &Value, id: &str) -> Result<(), Reason> {
    let p = f::get(body, "participant").ok_or_else(|| f::missing("participant"))?;
    let identity = f::id(p, "identity").map_err(|_| f::missing("participant.identity"))?;
    let joined = ctx.event == "participant_joined";
    let at = if joined {
        f::opt_int(p, "joinedAt")?
            .or(f::opt_int(p, "joined_at")?)
            .map(|s| s * 1000)
            .map_or_else(|| created_ms(ctx), Ok)?
    } else {
        created_ms(ctx)?
    };
    let (kind, verb) = if joined {
        ("participant.joined", "join")
    } else {
        ("participant.left", "leave")
    };
    let person = build::participant(
        &identity,
        &f::opt_text(p, "name")?.unwrap_or_default(),
        None,
        None,
    );
    out.emit(
        ctx,
        Spec {
            kind,
            key: format!("{verb}:{identity}:{at}"),
            event_id: Some(id.to_owned()),
            occurred_at_ms: at,
            payload: json!({"participant": person}),
        },
    );
    Ok(())
}

fn egress(out: &mut Adapted, ctx: &Ctx<'_>, body: &Value, id: &str) -> Result<(), Reason> {
    let e = pick(body, &["egressInfo", "egress_info"]).ok_or_else(|| f::missing("egressInfo"))?;
    let egress_id = pick(e, &["egressId", "egress_id"])
        .and_then(Value::as_str)
        .ok_or_else(|| f::missing("egressInfo.egressId"))?;
    let status = f::opt_text(e, "status")?.unwrap_or_default();
    if !status.is_empty() && status != "EGRESS_COMPLETE" {
        // Failed or aborted egress: no recording to point at.
        return Ok(());
    }
    let mut files = Vec::new();
    let results = pick(e, &["fileResults", "file_results"])
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, file) in results.iter().enumerate() {
        let location = f::text(file, "location")
            .map_err(|_| f::missing(&format!("egressInfo.fileResults[{i}].location")))?;
        let filename = f::opt_text(file, "filename")?.unwrap_or_default();
        let lower = filename.to_ascii_lowercase();
        let kind = if [".ogg", ".m4a", ".mp3", ".wav"]
            .iter()
            .any(|x| lower.ends_with(x))
        {
            "audio"
        } else {
            "video"
        };
        files.push(json!({"kind": kind, "url": location, "requires_auth": true}));
    }
    out.emit(
        ctx,
        Spec {
            kind: "recording.completed",
            key: format!("recording.completed:{egress_id}"),
            event_id: Some(id.to_owned()),
            occurred_at_ms: created_ms(ctx)?,
            payload: json!({"files": files}),
        },
    );
    Ok(())
}
