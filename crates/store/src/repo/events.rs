//! The `meeting_events` table: every meeting-event v1 object as received, deduplicated by
//! `dedupe_key` per meeting.

use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::json_column;
use crate::error::StoreError;
use crate::page::{Page, Paged};
use crate::time::UnixMs;

/// An event to store. The envelope fields are copied out of `event` by the hook so the
/// store can index them without knowing the schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEvent {
    /// The event's id.
    pub event_id: String,
    /// Stable across redeliveries.
    pub dedupe_key: String,
    /// `meeting.started`, `transcript.segment`, …
    pub kind: String,
    /// Vendor time (RFC 3339).
    pub occurred_at: String,
    /// Per-meeting order, when the vendor gives one.
    pub seq: Option<i64>,
    /// The whole event object.
    pub event: Value,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// The event as received.
    pub event: NewEvent,
    /// When Callbrief received it.
    pub received_at: UnixMs,
}

/// Whether a write added a row or found it already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inserted {
    /// A new row was written.
    New,
    /// A row with the same key existed; nothing changed.
    Duplicate,
}

/// Stores an event unless one with the same `dedupe_key` is already stored for the meeting.
pub fn insert(
    conn: &Connection,
    meeting_id: &str,
    event: &NewEvent,
    received_at: UnixMs,
) -> Result<Inserted, StoreError> {
    let changed = conn.execute(
        "INSERT INTO meeting_events
             (meeting_id, event_id, dedupe_key, kind, occurred_at, received_at, seq, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (meeting_id, dedupe_key) DO NOTHING",
        params![
            meeting_id,
            event.event_id,
            event.dedupe_key,
            event.kind,
            event.occurred_at,
            received_at,
            event.seq,
            serde_json::to_string(&event.event)?
        ],
    )?;
    Ok(if changed > 0 {
        Inserted::New
    } else {
        Inserted::Duplicate
    })
}

/// How many events are stored for the meeting.
pub fn count(conn: &Connection, meeting_id: &str) -> Result<u64, StoreError> {
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM meeting_events WHERE meeting_id = ?1",
        [meeting_id],
        |row| row.get(0),
    )?;
    // count(*) is never negative.
    Ok(u64::try_from(count).unwrap_or_default())
}

/// The meeting's events in vendor order (time, then sequence, then arrival).
pub fn list(
    conn: &Connection,
    meeting_id: &str,
    page: Page,
) -> Result<Paged<StoredEvent>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT event_id, dedupe_key, kind, occurred_at, seq, event, received_at
         FROM meeting_events WHERE meeting_id = ?1
         ORDER BY occurred_at, seq NULLS LAST, id LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt
        .query_map(
            params![meeting_id, page.sql_limit(), page.sql_offset()],
            from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        event: NewEvent {
            event_id: row.get(0)?,
            dedupe_key: row.get(1)?,
            kind: row.get(2)?,
            occurred_at: row.get(3)?,
            seq: row.get(4)?,
            event: json_column(row, 5)?,
        },
        received_at: row.get(6)?,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::testing::{add_meeting, memory_db};

    fn event(key: &str, kind: &str, at: &str, seq: Option<i64>) -> NewEvent {
        NewEvent {
            event_id: format!("e-{key}"),
            dedupe_key: key.into(),
            kind: kind.into(),
            occurred_at: at.into(),
            seq,
            event: json!({"kind": kind, "payload": {"n": key}}),
        }
    }

    #[test]
    fn duplicates_are_dropped_per_meeting() {
        let conn = memory_db();
        let m1 = add_meeting(&conn, "m1");
        let m2 = add_meeting(&conn, "m2");
        let e = event("k1", "chat.message", "2026-01-01T00:00:00Z", None);
        assert_eq!(insert(&conn, &m1, &e, UnixMs(1)).unwrap(), Inserted::New);
        assert_eq!(
            insert(&conn, &m1, &e, UnixMs(2)).unwrap(),
            Inserted::Duplicate
        );
        assert_eq!(insert(&conn, &m2, &e, UnixMs(3)).unwrap(), Inserted::New);
        assert_eq!(count(&conn, &m1).unwrap(), 1);
        let stored = list(&conn, &m1, Page::default()).unwrap().items;
        assert_eq!(
            stored,
            vec![StoredEvent {
                event: e,
                received_at: UnixMs(1)
            }]
        );
    }

    #[test]
    fn listed_in_vendor_order() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        insert(
            &conn,
            &m,
            &event("b", "x.y", "2026-01-01T00:00:01Z", Some(2)),
            UnixMs(1),
        )
        .unwrap();
        insert(
            &conn,
            &m,
            &event("a", "x.y", "2026-01-01T00:00:01Z", Some(1)),
            UnixMs(2),
        )
        .unwrap();
        insert(
            &conn,
            &m,
            &event("c", "x.y", "2026-01-01T00:00:00Z", None),
            UnixMs(3),
        )
        .unwrap();
        let keys: Vec<_> = list(&conn, &m, Page::default())
            .unwrap()
            .items
            .into_iter()
            .map(|e| e.event.dedupe_key)
            .collect();
        assert_eq!(keys, ["c", "a", "b"]);
    }

    #[test]
    fn malformed_kind_is_rejected() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        let err = insert(
            &conn,
            &m,
            &event("k", "NoDot", "2026-01-01T00:00:00Z", None),
            UnixMs(1),
        )
        .unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
    }
}
