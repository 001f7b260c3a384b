//! Zoom Realtime Media Streams: transcript messages (`msg_type` 17, MEDIA_DATA_TRANSCRIPT),
//! shaped as in the RTMS "Handling media data" and event reference pages:
//! `{"msg_type": 17, "content": {"user_id", "user_name", "data", "timestamp",
//! "start_time"?, "end_time"?, "language"?}}`. Meeting transcripts carry no segment id, so
//! the id is synthetic: (speaker, start time).

use crate::Adapted;
use crate::build::{self, Ctx, Segment};
use crate::fields::{self as f, Reason};
use crate::revision;

/// Media and signaling messages that carry nothing Callbrief stores.
const IGNORED: &[i64] = &[12, 13, 14, 15, 16, 18];

pub(super) fn adapt(out: &mut Adapted, ctx: &Ctx<'_>) {
    let msg_type = match f::int(ctx.raw, "msg_type") {
        Ok(t) => t,
        Err(_) => return out.warn_ctx(ctx, f::missing("data.msg_type")),
    };
    match msg_type {
        17 => out.run(ctx, transcript),
        t if IGNORED.contains(&t) => {}
        t => out.warn_ctx(ctx, format!("unknown RTMS msg_type {t}")),
    }
}

fn transcript(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let c = f::get(ctx.raw, "content").ok_or_else(|| f::missing("data.content"))?;
    let user = f::id(c, "user_id").map_err(|_| f::missing("data.content.user_id"))?;
    let text = f::text(c, "data").map_err(|_| f::missing("data.content.data"))?;
    let timestamp = f::int(c, "timestamp").map_err(|_| f::missing("data.content.timestamp"))?;
    let start_abs = f::opt_int(c, "start_time")?.unwrap_or(timestamp);
    let end_abs = f::opt_int(c, "end_time")?
        .unwrap_or(start_abs)
        .max(start_abs);
    let seg = Segment {
        id: format!("rtms-{user}-{start_abs}"),
        revision: revision::compose(true, timestamp),
        delete: false,
        is_final: true,
        speaker_id: Some(user),
        speaker_name: f::opt_text(c, "user_name")?,
        start_ms: ctx.offset_ms(start_abs)?,
        end_ms: ctx.offset_ms(end_abs)?,
        text,
        language: f::opt_text(c, "language").ok().flatten(),
    };
    build::emit_segment(out, ctx, &seg, timestamp);
    Ok(())
}
