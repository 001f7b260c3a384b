//! LiveKit client events (shapes from the LiveKit client SDK reference: RoomEvent,
//! TranscriptionSegment, TextStreamInfo and TranscriptionAttributes with `lk.segment_id`,
//! `lk.transcribed_track_id`, `lk.transcription_final`; legacy chat `{id, timestamp,
//! message}` on the `lk-chat-topic` data topic).

use serde_json::Value;

use crate::Adapted;
use crate::build::{self, Ctx, Segment};
use crate::fields::{self as f, Reason};
use crate::revision;

const IGNORED: &[&str] = &[
    "ActiveSpeakersChanged",
    "ConnectionQualityChanged",
    "TrackSubscribed",
    "TrackUnsubscribed",
    "TrackMuted",
    "TrackUnmuted",
    "ParticipantMetadataChanged",
    "ParticipantAttributesChanged",
    "RoomMetadataChanged",
    "Reconnecting",
    "Reconnected",
];

const SEGMENT_ID: &str = "info.attributes[\"lk.segment_id\"]";
const FINAL: &str = "info.attributes[\"lk.transcription_final\"]";

pub(super) fn adapt(out: &mut Adapted, ctx: &Ctx<'_>) {
    match ctx.event.as_str() {
        "ParticipantConnected" => out.run(ctx, |o, c| presence(o, c, true)),
        "ParticipantDisconnected" => out.run(ctx, |o, c| presence(o, c, false)),
        "TrackPublished" | "TrackUnpublished" => out.run(ctx, screenshare),
        "DataReceived" => out.run(ctx, data_received),
        "TextStreamReceived" => out.run(ctx, text_stream),
        "TranscriptionReceived" => out.run(ctx, transcription_received),
        name if IGNORED.contains(&name) => {}
        other => out.warn_ctx(ctx, format!("unknown LiveKit client event {other:?}")),
    }
}

/// `ParticipantConnected(participant)` / `ParticipantDisconnected(participant)`.
fn presence(out: &mut Adapted, ctx: &Ctx<'_>, connected: bool) -> Result<(), Reason> {
    let d = ctx.raw;
    let identity = f::id(d, "identity").map_err(|_| f::missing("data.identity"))?;
    let name = f::opt_text(d, "name")?.unwrap_or_default();
    let at = ctx.ts()?;
    let (kind, verb) = if connected {
        ("participant.joined", "join")
    } else {
        ("participant.left", "leave")
    };
    let p = build::participant(&identity, &name, None, None);
    build::emit_participant(out, ctx, kind, format!("{verb}:{identity}:{at}"), p, at);
    Ok(())
}

/// `TrackPublished(publication, participant)` / `TrackUnpublished`: only the
/// `screen_share` source matters.
fn screenshare(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let source = f::opt_text(d, "publication.source")?.unwrap_or_default();
    if source != "screen_share" {
        return Ok(());
    }
    let identity =
        f::id(d, "participant.identity").map_err(|_| f::missing("data.participant.identity"))?;
    let track = f::opt_id(d, "publication.trackSid")?.unwrap_or_default();
    let kind = if ctx.event == "TrackPublished" {
        "screenshare.started"
    } else {
        "screenshare.stopped"
    };
    let at = ctx.ts()?;
    let name = f::opt_text(d, "participant.name")?.unwrap_or_default();
    build::emit_participant(
        out,
        ctx,
        kind,
        format!("{kind}:{identity}:{track}"),
        build::participant(&identity, &name, None, None),
        at,
    );
    Ok(())
}

/// `DataReceived(payload, participant, kind, topic)`: chat on `lk-chat-topic` (or
/// `lk.chat`), payload decoded to JSON `{id, timestamp, message}`.
fn data_received(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let topic = f::opt_text(d, "topic")?.unwrap_or_default();
    if topic != "lk-chat-topic" && topic != "lk.chat" {
        return Ok(());
    }
    let payload = match f::get(d, "payload") {
        Some(Value::String(s)) => serde_json::from_str(s)
            .map_err(|_| "field `data.payload` is not chat JSON".to_owned())?,
        Some(v) => v.clone(),
        None => return Err(f::missing("data.payload")),
    };
    let id = f::id(&payload, "id").map_err(|_| f::missing("data.payload.id"))?;
    let text = f::text(&payload, "message").map_err(|_| f::missing("data.payload.message"))?;
    let at = f::opt_int(&payload, "timestamp")?.map_or_else(|| ctx.ts(), Ok)?;
    let sender =
        f::id(d, "participant.identity").map_err(|_| f::missing("data.participant.identity"))?;
    let name = f::opt_text(d, "participant.name")?.unwrap_or_default();
    build::emit_chat(out, ctx, &id, &sender, &name, "everyone", &text, at);
    Ok(())
}

/// A text stream read to the end: `{topic, info: {id, timestamp, attributes}, text,
/// participantIdentity}`.
fn text_stream(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let topic = f::text(d, "topic").map_err(|_| f::missing("data.topic"))?;
    let from =
        f::id(d, "participantIdentity").map_err(|_| f::missing("data.participantIdentity"))?;
    let text = f::text(d, "text").map_err(|_| f::missing("data.text"))?;
    let at = f::int(d, "info.timestamp").map_err(|_| f::missing("data.info.timestamp"))?;
    match topic.as_str() {
        "lk.chat" => {
            let id = f::id(d, "info.id").map_err(|_| f::missing("data.info.id"))?;
            let name = f::opt_text(d, "participantName")?.unwrap_or_default();
            build::emit_chat(out, ctx, &id, &from, &name, "everyone", &text, at);
        }
        "lk.transcription" => {
            let id = f::opt_id(d, SEGMENT_ID)?
                .or(f::opt_id(d, "info.id")?)
                .ok_or_else(|| f::missing("data.info.attributes[\"lk.segment_id\"]"))?;
            let is_final = f::opt_bool(d, FINAL)?.unwrap_or(false);
            // The publisher may be a transcription agent; the client names the speaker
            // (the owner of `lk.transcribed_track_id`) when it knows it.
            let speaker = f::opt_id(d, "speakerIdentity")?.unwrap_or(from);
            let start = ctx.offset_ms(at)?;
            let seg = Segment {
                id,
                revision: revision::compose(is_final, at),
                delete: false,
                is_final,
                speaker_id: Some(speaker),
                speaker_name: f::opt_text(d, "speakerName")?,
                start_ms: start,
                end_ms: start,
                text,
                language: f::opt_text(d, "info.attributes[\"lk.language\"]")
                    .ok()
                    .flatten(),
            };
            build::emit_segment(out, ctx, &seg, at);
        }
        _ => {}
    }
    Ok(())
}

/// `TranscriptionReceived(segments, participant, publication)`.
fn transcription_received(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let segments = f::get(d, "segments")
        .and_then(Value::as_array)
        .ok_or_else(|| f::missing("data.segments"))?;
    let speaker =
        f::id(d, "participant.identity").map_err(|_| f::missing("data.participant.identity"))?;
    let name = f::opt_text(d, "participant.name")?;
    for (i, s) in segments.iter().enumerate() {
        let field = |k: &str| format!("data.segments[{i}].{k}");
        let id = f::id(s, "id").map_err(|_| f::missing(&field("id")))?;
        let last =
            f::int(s, "lastReceivedTime").map_err(|_| f::missing(&field("lastReceivedTime")))?;
        let first = f::opt_int(s, "firstReceivedTime")?.unwrap_or(last);
        let is_final = f::opt_bool(s, "final")?.unwrap_or(false);
        let seg = Segment {
            id,
            revision: revision::compose(is_final, last),
            delete: false,
            is_final,
            speaker_id: Some(speaker.clone()),
            speaker_name: name.clone(),
            start_ms: ctx.offset_ms(first)?,
            end_ms: ctx.offset_ms(last)?,
            text: f::text(s, "text").map_err(|_| f::missing(&field("text")))?,
            language: f::opt_text(s, "language")?.filter(|l| !l.is_empty()),
        };
        build::emit_segment(out, ctx, &seg, last);
    }
    Ok(())
}
