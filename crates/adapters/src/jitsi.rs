//! Jitsi Meet IFrame API events (shapes from the Jitsi handbook, "IFrame API – Events":
//! `incomingMessage`, `transcriptionChunkReceived`, `participantJoined`, `participantLeft`,
//! `screenSharingStatusChanged`, `recordingLinkAvailable`). Jitsi has no webhooks here.
//!
//! The API gives no message ids and few times, so the client's capture time `ts` is
//! required; chat ids are a hash of (sender, stamp, text).

use callbrief_core::event::Channel;
use serde_json::{Value, json};

use crate::build::{self, Ctx, Segment, Spec};
use crate::envelope::Envelope;
use crate::fields::{self as f, Reason};
use crate::versions::{SdkSupport, VersionRule};
use crate::{Adapted, fields, revision};

/// The Jitsi API this adapter reads.
pub const SUPPORTED: &[SdkSupport] = &[SdkSupport {
    sdk: "Jitsi Meet IFrame API (JitsiMeetExternalAPI)",
    events: &["*"],
    rule: VersionRule::Unversioned,
    tested: &["iframe"],
    notes: "The IFrame API follows the deployed jitsi-meet release and carries no version; \
            send the release (e.g. stable-9909) as sdk_version for the record.",
}];

const IGNORED: &[&str] = &[
    "videoConferenceJoined",
    "videoConferenceLeft",
    "audioMuteStatusChanged",
    "videoMuteStatusChanged",
    "dominantSpeakerChanged",
    "recordingStatusChanged",
    "transcribingStatusChanged",
    "displayNameChange",
    "tileViewChanged",
    "chatUpdated",
    "outgoingMessage",
    "contentSharingParticipantsChanged",
    "raiseHandUpdated",
    "participantRoleChanged",
];

pub(crate) fn adapt_envelope(env: &Envelope, raw: &Value, out: &mut Adapted) {
    let mut ctx = Ctx::from_envelope(env, raw, Channel::Sdk);
    // Some releases wrap the listener argument as {data: …}.
    let unwrapped;
    if env.event == "transcriptionChunkReceived"
        && let Some(inner) = env.data.get("data").filter(|d| d.is_object())
    {
        unwrapped = inner.clone();
        ctx.raw = &unwrapped;
        out.run(&ctx, transcript);
        return;
    }
    match env.event.as_str() {
        "incomingMessage" => out.run(&ctx, chat),
        "transcriptionChunkReceived" => out.run(&ctx, transcript),
        "participantJoined" => out.run(&ctx, |o, c| presence(o, c, true)),
        "participantLeft" => out.run(&ctx, |o, c| presence(o, c, false)),
        "screenSharingStatusChanged" => out.run(&ctx, screenshare),
        "recordingLinkAvailable" => out.run(&ctx, recording),
        name if IGNORED.contains(&name) => {}
        other => out.warn_ctx(&ctx, format!("unknown Jitsi IFrame API event {other:?}")),
    }
}

/// `incomingMessage {from, nick, privateMessage, message, stamp}`.
fn chat(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let from = f::id(d, "from").map_err(|_| f::missing("data.from"))?;
    let text = f::text(d, "message").map_err(|_| f::missing("data.message"))?;
    let stamp = f::opt_text(d, "stamp")?;
    let at = match stamp.as_deref().and_then(fields::parse_rfc3339_ms) {
        Some(ms) => ms,
        None => ctx.ts()?,
    };
    let to = if f::opt_bool(d, "privateMessage")?.unwrap_or(false) {
        f::id(d, "to").map_err(|_| {
            "missing field `data.to` (the local participant id, for a private message)".to_owned()
        })?
    } else {
        "everyone".to_owned()
    };
    let id = build::short_hash(&[
        &from,
        stamp.as_deref().unwrap_or(""),
        &at.to_string(),
        &text,
    ]);
    let nick = f::opt_text(d, "nick")?.unwrap_or_default();
    build::emit_chat(out, ctx, &id, &from, &nick, &to, &text, at);
    Ok(())
}

/// `transcriptionChunkReceived {messageID, participant {id, name}, final | stable |
/// unstable, language}`: one chunk id is revised from unstable to stable to final.
fn transcript(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let id = f::id(d, "messageID").map_err(|_| f::missing("data.messageID"))?;
    let nonempty = |k: &str| -> Result<Option<String>, Reason> {
        Ok(f::opt_text(d, k)?.filter(|t| !t.trim().is_empty()))
    };
    let (text, rank) = if let Some(t) = nonempty("final")? {
        (t, 2)
    } else if let Some(t) = nonempty("stable")? {
        (t, 1)
    } else if let Some(t) = nonempty("unstable")? {
        (t, 0)
    } else {
        return Err("none of `data.final`, `data.stable`, `data.unstable` has text".to_owned());
    };
    let at = ctx.ts()?;
    let start = ctx.offset_ms(at)?;
    let seg = Segment {
        id,
        revision: revision::compose(rank == 2, at.saturating_mul(4) + rank),
        delete: false,
        is_final: rank == 2,
        speaker_id: f::opt_id(d, "participant.id")?,
        speaker_name: f::opt_text(d, "participant.name")?,
        start_ms: start,
        end_ms: start,
        text,
        language: f::opt_text(d, "language")?.filter(|l| !l.is_empty()),
    };
    build::emit_segment(out, ctx, &seg, at);
    Ok(())
}

/// `participantJoined {id, displayName}` / `participantLeft {id}`.
fn presence(out: &mut Adapted, ctx: &Ctx<'_>, joined: bool) -> Result<(), Reason> {
    let d = ctx.raw;
    let id = f::id(d, "id").map_err(|_| f::missing("data.id"))?;
    let name = f::opt_text(d, "displayName")?.unwrap_or_default();
    let at = ctx.ts()?;
    let (kind, verb) = if joined {
        ("participant.joined", "join")
    } else {
        ("participant.left", "leave")
    };
    let p = build::participant(&id, &name, None, None);
    build::emit_participant(out, ctx, kind, format!("{verb}:{id}:{at}"), p, at);
    Ok(())
}

/// `screenSharingStatusChanged {on, details}` — about the local participant only, whose id
/// the client adds as `data.id` (from `videoConferenceJoined`).
fn screenshare(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let on = f::opt_bool(d, "on")?.ok_or_else(|| f::missing("data.on"))?;
    let id = f::id(d, "id")
        .map_err(|_| "missing field `data.id` (the local participant id)".to_owned())?;
    let at = ctx.ts()?;
    let kind = if on {
        "screenshare.started"
    } else {
        "screenshare.stopped"
    };
    let name = f::opt_text(d, "displayName")?.unwrap_or_default();
    build::emit_participant(
        out,
        ctx,
        kind,
        format!("{kind}:{id}:{at}"),
        build::participant(&id, &name, None, None),
        at,
    );
    Ok(())
}

/// `recordingLinkAvailable {link, ttl}`: the link expires, so it is a file with
/// `expires_at` (never a `share_url`). `ttl` is the link's expiry in Unix ms (Jitsi passes
/// the recording service's `urlExpirationTimeMillis`); a small value is read as a duration.
fn recording(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let link = f::text(d, "link").map_err(|_| f::missing("data.link"))?;
    let at = ctx.ts()?;
    let mut file = json!({"kind": "video", "url": link, "requires_auth": false});
    if let (Some(ttl), Some(obj)) = (f::opt_int(d, "ttl")?, file.as_object_mut()) {
        let expires = if ttl > 1_000_000_000_000 {
            ttl
        } else {
            at + ttl
        };
        obj.insert("expires_at".into(), json!(fields::format_ms(expires)));
    }
    out.emit(
        ctx,
        Spec {
            kind: "recording.completed",
            key: format!("recording.completed:{}", build::short_hash(&[&link])),
            event_id: None,
            occurred_at_ms: at,
            payload: json!({"files": [file]}),
        },
    );
    Ok(())
}
