//! Reading a meeting back: the live panel's view ([`live`]) and the archived record as
//! `callbrief-cli export` prints it ([`export`]).

use callbrief_core::model::Participant;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::chat::{self, ChatMessage};
use super::events;
use super::meetings::{self, MeetingRecord};
use super::participants::{self, ParticipantRecord};
use super::transcript::{self, Segment, SegmentFilter};
use crate::error::StoreError;
use crate::page::Page;

/// The event kinds shown on the live timeline.
pub const TIMELINE_KINDS: &[&str] = &["meeting.*", "screenshare.*", "recording.*", "crm.*"];

/// How much of each list the live panel gets. The defaults hold a whole 1-hour call's chat
/// and the last ~20 minutes of transcript; the panel pages older text from the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveLimits {
    /// Latest chat messages.
    pub chat: u32,
    /// Latest transcript segments (final and interim).
    pub transcript: u32,
    /// Latest timeline entries.
    pub timeline: u32,
    /// Participants (in join order).
    pub participants: u32,
}

impl Default for LiveLimits {
    fn default() -> Self {
        LiveLimits {
            chat: 200,
            transcript: 300,
            timeline: 100,
            participants: 200,
        }
    }
}

/// The newest items of a list, oldest first, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tail<T> {
    /// The newest items, in time order.
    pub items: Vec<T>,
    /// How many exist (`total > items.len()` means older ones were left out).
    pub total: u64,
}

/// One entry of the live timeline (meeting, screen share, recording, CRM events).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The event kind (`screenshare.started`, …).
    pub kind: String,
    /// When it happened (RFC 3339, UTC).
    pub occurred_at: String,
    /// Who, for screen-share events.
    pub participant: Option<Participant>,
    /// The recording's share link, for `recording.completed`.
    pub share_url: Option<String>,
    /// The uploaded image's hash, for `screenshare.snapshot`.
    pub blob_sha256: Option<String>,
}

/// What the live panel shows for one meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveMeeting {
    /// The meeting (times, topic, confirmed CRM link).
    pub meeting: MeetingRecord,
    /// The stable recording link, once a recording completed.
    pub recording_share_url: Option<String>,
    /// The latest CRM hint the events carried (`customer_id`, `deal_id`, `method`, …).
    pub crm_hint: Option<Value>,
    /// Who is or was in the call.
    pub participants: Vec<ParticipantRecord>,
    /// Chat, in send order.
    pub chat: Tail<ChatMessage>,
    /// Transcript in time order: final segments and current interim ones, each at its
    /// latest revision.
    pub transcript: Tail<Segment>,
    /// Meeting, screen-share, recording and CRM events in time order.
    pub timeline: Tail<TimelineEntry>,
    /// How many events were stored for the meeting.
    pub events: u64,
}

/// The meeting's `recording` and `crm_hint` JSON columns.
fn meeting_extras(
    conn: &Connection,
    meeting_id: &str,
) -> Result<(Option<Value>, Option<Value>), StoreError> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT recording, crm_hint FROM meetings WHERE id = ?1",
            [meeting_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (recording, hint) = row.unwrap_or_default();
    let parse = |text: Option<String>| -> Result<Option<Value>, StoreError> {
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    };
    Ok((parse(recording)?, parse(hint)?))
}

fn count(conn: &Connection, sql: &str, meeting_id: &str) -> Result<u64, StoreError> {
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row([meeting_id], |row| row.get(0))?;
    Ok(u64::try_from(n).unwrap_or_default())
}

/// The live view of a meeting; [`StoreError::NotFound`] if there is none.
pub fn live(
    conn: &Connection,
    meeting_id: &str,
    limits: LiveLimits,
) -> Result<LiveMeeting, StoreError> {
    let meeting = meetings::get(conn, meeting_id)?
        .ok_or_else(|| StoreError::not_found("meeting", meeting_id))?;
    let (recording, crm_hint) = meeting_extras(conn, meeting_id)?;

    let participants =
        participants::list(conn, meeting_id, Page::first(limits.participants))?.items;

    let mut chat_items = conn
        .prepare_cached(
            "SELECT message_id, sender_id, sender_name, recipient, text, sent_at
             FROM chat_messages WHERE meeting_id = ?1
             ORDER BY sent_at DESC, id DESC LIMIT ?2",
        )?
        .query_map(params![meeting_id, limits.chat], chat::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    chat_items.reverse();
    let chat = Tail {
        items: chat_items,
        total: count(
            conn,
            "SELECT count(*) FROM chat_messages WHERE meeting_id = ?1",
            meeting_id,
        )?,
    };

    let mut segments = conn
        .prepare_cached(
            "SELECT segment_id, revision, is_final, speaker_id, speaker_name, start_ms, end_ms,
                    text, language, meeting_id
             FROM transcript_segments WHERE meeting_id = ?1 AND deleted = 0
             ORDER BY start_ms DESC, segment_id DESC LIMIT ?2",
        )?
        .query_map(
            params![meeting_id, limits.transcript],
            transcript::segment_from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    segments.reverse();
    let transcript = Tail {
        items: segments,
        total: count(
            conn,
            "SELECT count(*) FROM transcript_segments WHERE meeting_id = ?1 AND deleted = 0",
            meeting_id,
        )?,
    };

    let mut entries: Vec<TimelineEntry> =
        events::latest_of_kinds(conn, meeting_id, TIMELINE_KINDS, limits.timeline)?
            .into_iter()
            .map(|stored| {
                let payload = &stored.event.event["payload"];
                TimelineEntry {
                    participant: serde_json::from_value(payload["participant"].clone()).ok(),
                    share_url: payload["share_url"].as_str().map(str::to_owned),
                    blob_sha256: payload["blob"]["sha256"].as_str().map(str::to_owned),
                    kind: stored.event.kind,
                    occurred_at: stored.event.occurred_at,
                }
            })
            .collect();
    entries.reverse();
    let timeline = Tail {
        items: entries,
        total: events::count_of_kinds(conn, meeting_id, TIMELINE_KINDS)?,
    };

    Ok(LiveMeeting {
        meeting,
        recording_share_url: recording
            .as_ref()
            .and_then(|r| r["share_url"].as_str())
            .map(str::to_owned),
        crm_hint,
        participants,
        chat,
        transcript,
        timeline,
        events: events::count(conn, meeting_id)?,
    })
}

/// Every page of a list.
fn all<T>(
    mut fetch: impl FnMut(Page) -> Result<crate::Paged<T>, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut items = Vec::new();
    let mut page = Some(Page::first(Page::MAX_LIMIT));
    while let Some(current) = page {
        let paged = fetch(current)?;
        items.extend(paged.items);
        page = paged.next;
    }
    Ok(items)
}

/// The archived meeting in the `export` JSON shape:
/// `{"meeting":{…,"recording":{"share_url":…}|null},"participants":[…],"chat":[…],
/// "transcript":[…final segments in time order, latest revision…],"events":N}`.
pub fn export(conn: &Connection, meeting_id: &str) -> Result<Value, StoreError> {
    let record = meetings::get(conn, meeting_id)?
        .ok_or_else(|| StoreError::not_found("meeting", meeting_id))?;
    let (recording, _) = meeting_extras(conn, meeting_id)?;
    let m = &record.meeting;
    let meeting = json!({
        "id": m.id,
        "provider": m.provider,
        "provider_meeting_id": m.provider_meeting_id,
        "instance_id": m.instance_id,
        "topic": m.topic,
        "join_url": m.join_url,
        "started_at": m.started_at,
        "ended_at": m.ended_at,
        "crm_company_id": m.crm_company_id,
        "crm_deal_id": m.crm_deal_id,
        "recording": recording.map(|r| json!({"share_url": r["share_url"]})),
    });
    let participants: Vec<Value> = all(|page| participants::list(conn, meeting_id, page))?
        .into_iter()
        .map(|p| {
            json!({
                "provider_user_id": p.participant.provider_user_id,
                "name": p.participant.name,
                "email": p.participant.email,
                "role": p.participant.role,
                "joined_at": p.joined_at,
                "left_at": p.left_at,
            })
        })
        .collect();
    let chat: Vec<Value> = all(|page| chat::list(conn, meeting_id, page))?
        .into_iter()
        .map(|c| {
            json!({
                "message_id": c.message_id,
                "sender_id": c.sender_id,
                "sender_name": c.sender_name,
                "to": c.recipient,
                "text": c.text,
                "sent_at": c.sent_at,
            })
        })
        .collect();
    let transcript: Vec<Value> =
        all(|page| transcript::list(conn, meeting_id, SegmentFilter::Final, page))?
            .into_iter()
            .map(|s| {
                json!({
                    "segment_id": s.segment_id,
                    "revision": s.revision,
                    "speaker_id": s.speaker_id,
                    "speaker_name": s.speaker_name,
                    "start_ms": s.start_ms,
                    "end_ms": s.end_ms,
                    "text": s.text,
                    "language": s.language,
                })
            })
            .collect();
    Ok(json!({
        "meeting": meeting,
        "participants": participants,
        "chat": chat,
        "transcript": transcript,
        "events": events::count(conn, meeting_id)?,
    }))
}
