//! Building meeting events: every event is written as JSON and read back through
//! [`MeetingEvent::parse`], so adapters cannot emit anything the hook would refuse.

use callbrief_core::event::{Channel, MeetingEvent, Provider, SCHEMA_VERSION};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::fields::{self, Reason};
use crate::{Adapted, Envelope};

/// What every event from one vendor event shares.
pub(crate) struct Ctx<'a> {
    pub provider: Provider,
    pub channel: Channel,
    /// The vendor's event name (`source.provider_event`).
    pub event: String,
    pub meeting: MeetingJson,
    /// When the meeting started (Unix ms), to place wall-clock transcript times.
    pub started_at_ms: Option<i64>,
    /// The client's capture time (Unix ms).
    pub ts_ms: Option<i64>,
    /// Per-meeting order: the vendor's sequence, else the client's capture counter.
    pub seq: Option<i64>,
    pub crm: Option<Value>,
    /// What `raw` holds: the vendor payload.
    pub raw: &'a Value,
    /// What a warning holds: the whole envelope or webhook body.
    pub warn_raw: &'a Value,
}

/// `meeting` of the event.
#[derive(Debug, Clone, Default)]
pub(crate) struct MeetingJson {
    pub provider_meeting_id: String,
    pub instance_id: Option<String>,
    pub topic: Option<String>,
    pub join_url: Option<String>,
}

impl MeetingJson {
    fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "provider_meeting_id".into(),
            json!(self.provider_meeting_id),
        );
        for (k, v) in [
            ("instance_id", &self.instance_id),
            ("topic", &self.topic),
            ("join_url", &self.join_url),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), json!(v));
            }
        }
        Value::Object(m)
    }

    /// `{id}` or `{id}/{instance}`: the meeting part of every dedupe key.
    pub fn key(&self) -> String {
        match &self.instance_id {
            Some(i) => format!("{}/{}", self.provider_meeting_id, i),
            None => self.provider_meeting_id.clone(),
        }
    }
}

impl<'a> Ctx<'a> {
    /// The context of an envelope (SDK and RTMS events carry `meeting`).
    pub fn from_envelope(env: &'a Envelope, raw: &'a Value, channel: Channel) -> Ctx<'a> {
        let m = env.meeting.clone().unwrap_or_default();
        Ctx {
            provider: env.provider,
            channel,
            event: env.event.clone(),
            meeting: MeetingJson {
                provider_meeting_id: m.provider_meeting_id,
                instance_id: m.instance_id,
                topic: m.topic,
                join_url: m.join_url,
            },
            started_at_ms: m.started_at_ms,
            ts_ms: env.ts_ms,
            seq: env.seq,
            crm: env.crm.clone(),
            raw: &env.data,
            warn_raw: raw,
        }
    }

    /// The client's capture time, required when the vendor event carries no time.
    pub fn ts(&self) -> Result<i64, Reason> {
        self.ts_ms.ok_or_else(|| fields::missing("ts"))
    }

    /// A wall-clock time as milliseconds from the meeting start.
    pub fn offset_ms(&self, at_ms: i64) -> Result<i64, Reason> {
        let start = self.started_at_ms.ok_or_else(|| {
            "missing field `meeting.started_at` (needed to place this vendor's wall-clock \
             transcript times)"
                .to_owned()
        })?;
        Ok((at_ms - start).max(0))
    }

    /// The full dedupe key for `suffix`.
    pub fn key(&self, suffix: &str) -> String {
        format!("{}:{}:{suffix}", self.provider.as_str(), self.meeting.key())
    }
}

/// One event to emit.
pub(crate) struct Spec {
    pub kind: &'static str,
    /// Appended to `{provider}:{meeting}:`.
    pub key: String,
    /// The vendor's event id, when it has one; else a UUID v7 is used.
    pub event_id: Option<String>,
    pub occurred_at_ms: i64,
    pub payload: Value,
}

impl Adapted {
    /// Emits `spec`, or a warning when the result is not valid meeting-event v1.
    pub(crate) fn emit(&mut self, ctx: &Ctx<'_>, spec: Spec) {
        let mut event = json!({
            "schema_version": SCHEMA_VERSION,
            "event_id": spec.event_id.unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
            "kind": spec.kind,
            "dedupe_key": ctx.key(&spec.key),
            "source": {
                "provider": ctx.provider,
                "channel": ctx.channel,
                "provider_event": ctx.event,
            },
            "meeting": ctx.meeting.to_value(),
            "occurred_at": fields::format_ms(spec.occurred_at_ms),
            "payload": spec.payload,
            "raw": ctx.raw,
        });
        if let Some(obj) = event.as_object_mut() {
            if let Some(seq) = ctx.seq {
                obj.insert("seq".into(), json!(seq));
            }
            if let Some(crm) = &ctx.crm {
                obj.insert("crm".into(), crm.clone());
            }
        }
        match MeetingEvent::parse(&event) {
            Ok(e) => self.events.push(e),
            Err(e) => self.warn(
                ctx.provider,
                &ctx.event,
                format!("the {} event built from it is invalid: {e}", spec.kind),
                ctx.warn_raw,
            ),
        }
    }

    /// Records `reason` for this context's vendor event.
    pub(crate) fn warn_ctx(&mut self, ctx: &Ctx<'_>, reason: impl Into<String>) {
        self.warn(ctx.provider, &ctx.event, reason, ctx.warn_raw);
    }

    /// Runs a handler and turns its error into a warning.
    pub(crate) fn run(
        &mut self,
        ctx: &Ctx<'_>,
        handler: impl FnOnce(&mut Adapted, &Ctx<'_>) -> Result<(), Reason>,
    ) {
        let mut local = Adapted::default();
        match handler(&mut local, ctx) {
            Ok(()) => self.extend(local),
            Err(reason) => self.warn_ctx(ctx, reason),
        }
    }
}

/// The first 16 hex digits of the SHA-256 of `parts` joined by NUL: short, stable ids.
pub(crate) fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0u8]);
        }
        h.update(p.as_bytes());
    }
    hex::encode(&h.finalize()[..8])
}

/// Participant JSON (`provider_user_id`, `name`, optional `email` and `role`).
pub(crate) fn participant(id: &str, name: &str, email: Option<&str>, role: Option<&str>) -> Value {
    let mut p = json!({"provider_user_id": id, "name": name});
    if let Some(obj) = p.as_object_mut() {
        if let Some(e) = email.filter(|e| !e.is_empty()) {
            obj.insert("email".into(), json!(e));
        }
        if let Some(r) = role.filter(|r| !r.is_empty()) {
            obj.insert("role".into(), json!(r));
        }
    }
    p
}

/// A transcript segment payload.
pub(crate) struct Segment {
    pub id: String,
    pub revision: i64,
    pub delete: bool,
    pub is_final: bool,
    pub speaker_id: Option<String>,
    pub speaker_name: Option<String>,
    pub start_ms: i64,
    pub end_ms: i64,
    pub text: String,
    pub language: Option<String>,
}

impl Segment {
    pub fn payload(&self) -> Value {
        let mut speaker = Map::new();
        if let Some(id) = &self.speaker_id {
            speaker.insert("provider_user_id".into(), json!(id));
        }
        if let Some(name) = &self.speaker_name {
            speaker.insert("name".into(), json!(name));
        }
        let mut p = json!({
            "segment_id": self.id,
            "revision": self.revision,
            "op": if self.delete { "delete" } else { "upsert" },
            "is_final": self.is_final,
            "speaker": speaker,
            "start_ms": self.start_ms.max(0),
            "end_ms": self.end_ms.max(self.start_ms).max(0),
            "text": self.text,
        });
        if let (Some(lang), Some(obj)) = (&self.language, p.as_object_mut()) {
            obj.insert("language".into(), json!(lang));
        }
        p
    }

    /// The dedupe-key suffix: one key per (segment, revision).
    pub fn key(&self) -> String {
        format!("transcript:{}:{}", self.id, self.revision)
    }
}

/// Emits a transcript segment.
pub(crate) fn emit_segment(out: &mut Adapted, ctx: &Ctx<'_>, seg: &Segment, at_ms: i64) {
    out.emit(
        ctx,
        Spec {
            kind: "transcript.segment",
            key: seg.key(),
            event_id: None,
            occurred_at_ms: at_ms,
            payload: seg.payload(),
        },
    );
}

/// Emits a chat message.
#[allow(clippy::too_many_arguments)]
pub(crate) fn emit_chat(
    out: &mut Adapted,
    ctx: &Ctx<'_>,
    message_id: &str,
    sender_id: &str,
    sender_name: &str,
    to: &str,
    text: &str,
    sent_at_ms: i64,
) {
    out.emit(
        ctx,
        Spec {
            kind: "chat.message",
            key: format!("chat:{message_id}"),
            event_id: None,
            occurred_at_ms: sent_at_ms,
            payload: json!({
                "message_id": message_id,
                "sender": {"provider_user_id": sender_id, "name": sender_name},
                "to": to,
                "text": text,
                "sent_at": fields::format_ms(sent_at_ms),
            }),
        },
    );
}

/// Emits a participant (or screen-share) event; `key` identifies the occurrence.
pub(crate) fn emit_participant(
    out: &mut Adapted,
    ctx: &Ctx<'_>,
    kind: &'static str,
    key: String,
    participant: Value,
    at_ms: i64,
) {
    out.emit(
        ctx,
        Spec {
            kind,
            key,
            event_id: None,
            occurred_at_ms: at_ms,
            payload: json!({ "participant": participant }),
        },
    );
}
