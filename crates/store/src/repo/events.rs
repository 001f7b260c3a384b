//! The `meeting_events` table: every meeting-event v1 object as received, deduplicated by
//! `dedupe_key` per meeting. Events larger than [`COMPRESS_ABOVE_BYTES`] are stored
//! zstd-compressed (`event_zstd`); reading gives the same JSON either way.

use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

/// Events whose JSON is longer than this are stored compressed.
pub const COMPRESS_ABOVE_BYTES: usize = 1024;

/// zstd level: fast, and most of the gain on JSON comes early.
const ZSTD_LEVEL: i32 = 3;

/// Stores an event unless one with the same `dedupe_key` is already stored for the meeting.
pub fn insert(
    conn: &Connection,
    meeting_id: &str,
    event: &NewEvent,
    received_at: UnixMs,
) -> Result<Inserted, StoreError> {
    let text = serde_json::to_string(&event.event)?;
    let (plain, compressed) = if text.len() > COMPRESS_ABOVE_BYTES {
        let packed = zstd::bulk::compress(text.as_bytes(), ZSTD_LEVEL).map_err(|err| {
            StoreError::Json(serde::ser::Error::custom(format!("compressing: {err}")))
        })?;
        (None, Some(packed))
    } else {
        (Some(text), None)
    };
    let mut stmt = conn.prepare_cached(
        "INSERT INTO meeting_events
             (meeting_id, event_id, dedupe_key, kind, occurred_at, received_at, seq, event,
              event_zstd)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (meeting_id, dedupe_key) DO NOTHING",
    )?;
    let changed = stmt.execute(params![
        meeting_id,
        event.event_id,
        event.dedupe_key,
        event.kind,
        event.occurred_at,
        received_at,
        event.seq,
        plain,
        compressed
    ])?;
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
        "SELECT event_id, dedupe_key, kind, occurred_at, seq, event, received_at, event_zstd
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

/// The newest events of these kinds (`meeting.*` style patterns), newest first.
pub fn latest_of_kinds(
    conn: &Connection,
    meeting_id: &str,
    kind_globs: &[&str],
    limit: u32,
) -> Result<Vec<StoredEvent>, StoreError> {
    let mut rows = Vec::new();
    // One indexed range per pattern, merged here: the lists are short.
    for glob in kind_globs {
        let mut stmt = conn.prepare_cached(
            "SELECT event_id, dedupe_key, kind, occurred_at, seq, event, received_at, event_zstd
             FROM meeting_events WHERE meeting_id = ?1 AND kind GLOB ?2
             ORDER BY occurred_at DESC, seq DESC, id DESC LIMIT ?3",
        )?;
        let found = stmt
            .query_map(params![meeting_id, glob, limit], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.extend(found);
    }
    rows.sort_by(|a, b| {
        (&b.event.occurred_at, b.event.seq).cmp(&(&a.event.occurred_at, a.event.seq))
    });
    rows.truncate(limit as usize);
    Ok(rows)
}

/// How many events of these kinds the meeting has.
pub fn count_of_kinds(
    conn: &Connection,
    meeting_id: &str,
    kind_globs: &[&str],
) -> Result<u64, StoreError> {
    let mut total = 0u64;
    for glob in kind_globs {
        let n: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM meeting_events WHERE meeting_id = ?1 AND kind GLOB ?2",
            )?
            .query_row(params![meeting_id, glob], |row| row.get(0))?;
        total += u64::try_from(n).unwrap_or_default();
    }
    Ok(total)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<StoredEvent> {
    let plain: Option<String> = row.get(5)?;
    let packed: Option<Vec<u8>> = row.get(7)?;
    let decode_error = |err: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Blob, err)
    };
    let text = match (plain, packed) {
        (Some(text), _) => text,
        (None, Some(packed)) => {
            let bytes = zstd::stream::decode_all(packed.as_slice())
                .map_err(|err| decode_error(Box::new(err)))?;
            String::from_utf8(bytes).map_err(|err| decode_error(Box::new(err)))?
        }
        (None, None) => "null".to_owned(),
    };
    let event = serde_json::from_str(&text).map_err(|err| decode_error(Box::new(err)))?;
    Ok(StoredEvent {
        event: NewEvent {
            event_id: row.get(0)?,
            dedupe_key: row.get(1)?,
            kind: row.get(2)?,
            occurred_at: row.get(3)?,
            seq: row.get(4)?,
            event,
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
    fn large_events_are_compressed_and_read_back_unchanged() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        let mut big = event("big", "chat.message", "2026-01-01T00:00:00Z", None);
        big.event = json!({"kind": "chat.message", "payload": {"text": "price ".repeat(500)}});
        insert(&conn, &m, &big, UnixMs(1)).unwrap();
        insert(
            &conn,
            &m,
            &event("small", "x.y", "2026-01-01T00:00:01Z", None),
            UnixMs(1),
        )
        .unwrap();
        let (plain, packed): (i64, i64) = conn
            .query_row(
                "SELECT count(event), count(event_zstd) FROM meeting_events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((plain, packed), (1, 1));
        let size: i64 = conn
            .query_row(
                "SELECT length(event_zstd) FROM meeting_events WHERE dedupe_key = 'big'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(size < 500, "compressed to {size} bytes");
        let stored = list(&conn, &m, Page::default()).unwrap().items;
        assert_eq!(stored[0].event, big);
        let timeline = latest_of_kinds(&conn, &m, &["chat.*", "x.*"], 1).unwrap();
        assert_eq!(timeline[0].event.dedupe_key, "small");
        assert_eq!(count_of_kinds(&conn, &m, &["chat.*", "x.*"]).unwrap(), 2);
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
