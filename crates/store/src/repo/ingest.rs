//! Ingesting meeting-event v1: keep every event, drop redeliveries, and project what the
//! live panel and the sync step read (participants, chat, transcript, meeting times,
//! recording link, CRM hints).
//!
//! Every projection is order-independent, so events delivered late, twice or shuffled end
//! in the same state: times take the earliest start and latest end, transcript segments
//! the highest revision (a delete is a tombstone at its revision), chat and events are
//! keyed by id, and the recording link and CRM hint keep the latest by `occurred_at`
//! (ties broken by `dedupe_key`).

use std::collections::HashMap;

use callbrief_core::event::{EventBody, MeetingEvent, SegmentOp};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::events::{self, Inserted, NewEvent};
use super::meetings::{self, NewMeeting};
use super::{chat, participants, transcript};
use crate::error::StoreError;
use crate::time::UnixMs;

/// What one ingest call did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestReport {
    /// Events stored (new `dedupe_key`s).
    pub accepted: u64,
    /// Events dropped because their `dedupe_key` was already stored for the meeting.
    pub duplicates: u64,
    /// The local ids of the meetings the events belong to, in order of first appearance.
    pub meeting_ids: Vec<String>,
}

/// Stores `events` and updates the projections. Call inside one transaction (the async
/// [`crate::Store::ingest_events`] does): any failure must leave nothing behind.
pub fn ingest(
    conn: &Connection,
    events: &[MeetingEvent],
    now: UnixMs,
) -> Result<IngestReport, StoreError> {
    let mut report = IngestReport::default();
    // (provider, meeting id, instance) → (local id, topic known, join link known)
    let mut known: HashMap<(&str, &str, &str), (String, bool, bool)> = HashMap::new();
    for event in events {
        let meeting = &event.meeting;
        let key = (
            event.source.provider.as_str(),
            meeting.provider_meeting_id.as_str(),
            meeting.instance_id.as_deref().unwrap_or(""),
        );
        let cached = known.get(&key);
        let needs_upsert = cached.is_none_or(|(_, has_topic, has_url)| {
            (!has_topic && meeting.topic.is_some()) || (!has_url && meeting.join_url.is_some())
        });
        if needs_upsert {
            let new = NewMeeting {
                provider: key.0.to_owned(),
                provider_meeting_id: meeting.provider_meeting_id.clone(),
                instance_id: meeting.instance_id.clone(),
                topic: meeting.topic.clone(),
                join_url: meeting.join_url.clone(),
                started_at: None,
            };
            let record = meetings::create_or_get(conn, &new, now)?.meeting;
            let stored = record.meeting;
            if !report.meeting_ids.contains(&stored.id) {
                report.meeting_ids.push(stored.id.clone());
            }
            known.insert(
                key,
                (stored.id, stored.topic.is_some(), stored.join_url.is_some()),
            );
        }
        let meeting_id = known
            .get(&key)
            .map(|(id, _, _)| id.clone())
            .unwrap_or_default();

        let new_event = NewEvent {
            event_id: event.event_id.clone(),
            dedupe_key: event.dedupe_key.clone(),
            kind: event.kind().to_owned(),
            occurred_at: event.occurred_at.clone(),
            seq: event.seq,
            event: stored_form(event)?,
        };
        match events::insert(conn, &meeting_id, &new_event, now)? {
            Inserted::Duplicate => report.duplicates += 1,
            Inserted::New => {
                report.accepted += 1;
                project(conn, &meeting_id, event, now)?;
            }
        }
    }
    Ok(report)
}

/// The event as kept in `meeting_events`: the wire form, minus download links that expire
/// (they carry a short-lived credential and must never reach a CRM).
fn stored_form(event: &MeetingEvent) -> Result<Value, StoreError> {
    let mut value = serde_json::to_value(event)?;
    if let Some(files) = value
        .pointer_mut("/payload/files")
        .and_then(Value::as_array_mut)
    {
        for file in files {
            if file.get("expires_at").is_some_and(|v| !v.is_null())
                && let Some(object) = file.as_object_mut()
                && object.remove("url").is_some()
            {
                object.insert("url_removed".into(), json!("expiring link not stored"));
            }
        }
    }
    Ok(value)
}

fn project(
    conn: &Connection,
    meeting_id: &str,
    event: &MeetingEvent,
    now: UnixMs,
) -> Result<(), StoreError> {
    let at = event.occurred_at.as_str();
    if let Some(crm) = &event.crm
        && crm.customer_id.is_some()
    {
        let hint = json!({
            "customer_id": crm.customer_id,
            "deal_id": crm.deal_id,
            "association": crm.association,
            "method": crm.method,
            "confidence": crm.confidence,
        });
        set_latest(conn, "crm_hint", meeting_id, hint, event, now)?;
    }
    match &event.body {
        EventBody::MeetingStarted(_) => {
            conn.prepare_cached(
                "UPDATE meetings SET started_at = ?2, updated_at = ?3
                 WHERE id = ?1 AND (started_at IS NULL OR started_at > ?2)",
            )?
            .execute(params![meeting_id, at, now])?;
        }
        EventBody::MeetingEnded(_) => {
            conn.prepare_cached(
                "UPDATE meetings SET ended_at = ?2, updated_at = ?3
                 WHERE id = ?1 AND (ended_at IS NULL OR ended_at < ?2)",
            )?
            .execute(params![meeting_id, at, now])?;
        }
        EventBody::ParticipantJoined(p) => {
            participants::joined(conn, meeting_id, &p.participant, Some(at))?;
        }
        EventBody::ParticipantLeft(p) => {
            participants::left(conn, meeting_id, &p.participant, at)?;
        }
        EventBody::ChatMessage(p) => {
            let message = chat::ChatMessage {
                message_id: p.message_id.clone(),
                sender_id: Some(p.sender.provider_user_id.clone()),
                sender_name: p.sender.name.clone(),
                recipient: p.to.clone(),
                text: p.text.clone(),
                sent_at: p.sent_at.clone(),
            };
            chat::insert(conn, meeting_id, &message)?;
        }
        EventBody::TranscriptSegment(p) => match p.op {
            SegmentOp::Upsert => {
                let segment = transcript::Segment {
                    segment_id: p.segment_id.clone(),
                    revision: p.revision,
                    is_final: p.is_final,
                    speaker_id: p.speaker.provider_user_id.clone(),
                    speaker_name: p.speaker.name.clone(),
                    start_ms: p.start_ms,
                    end_ms: p.end_ms,
                    text: p.text.clone(),
                    language: p.language.clone(),
                };
                transcript::upsert(conn, meeting_id, &segment, now)?;
            }
            SegmentOp::Delete => {
                transcript::delete(conn, meeting_id, &p.segment_id, p.revision, now)?;
            }
        },
        EventBody::RecordingCompleted(p) => {
            if let Some(share_url) = &p.share_url {
                let recording = json!({"share_url": share_url, "passcode_ref": p.passcode_ref});
                set_latest(conn, "recording", meeting_id, recording, event, now)?;
            }
        }
        EventBody::CrmAssociationChanged(p) => {
            let hint = json!({
                "customer_id": p.customer_id,
                "deal_id": p.deal_id,
                "association": "post",
                "method": p.method,
                "confidence": p.confidence,
                "by": p.by,
            });
            set_latest(conn, "crm_hint", meeting_id, hint, event, now)?;
        }
        // Kept in meeting_events only; the live timeline reads them from there.
        EventBody::ScreenshareStarted(_)
        | EventBody::ScreenshareStopped(_)
        | EventBody::ScreenshareSnapshot(_)
        | EventBody::Unknown { .. } => {}
    }
    Ok(())
}

/// Writes `value` (plus the event's time and key) into a JSON column of the meeting unless
/// the stored one comes from a later event.
fn set_latest(
    conn: &Connection,
    column: &'static str,
    meeting_id: &str,
    mut value: Value,
    event: &MeetingEvent,
    now: UnixMs,
) -> Result<(), StoreError> {
    value["occurred_at"] = json!(event.occurred_at);
    value["dedupe_key"] = json!(event.dedupe_key);
    let sql = format!(
        "UPDATE meetings SET {column} = ?2, updated_at = ?5
         WHERE id = ?1 AND ({column} IS NULL
             OR (json_extract({column}, '$.occurred_at'), json_extract({column}, '$.dedupe_key'))
                < (?3, ?4))"
    );
    conn.prepare_cached(&sql)?.execute(params![
        meeting_id,
        serde_json::to_string(&value)?,
        event.occurred_at,
        event.dedupe_key,
        now
    ])?;
    Ok(())
}
