//! The `transcript_segments` table and its full-text index `transcript_fts`.
//!
//! Segments are upserted by (meeting, segment id); a higher revision replaces a lower one
//! and anything else is ignored, so redelivered and out-of-order events are harmless. Only
//! final segments are indexed for search (triggers in migration 0001 keep the index in step).

use rusqlite::types::Value;
use rusqlite::{Connection, Row, params, params_from_iter};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::page::{Page, Paged};
use crate::time::UnixMs;

/// One transcript segment as the hook delivers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Vendor segment id (or a synthetic one from speaker and start).
    pub segment_id: String,
    /// Higher replaces lower.
    pub revision: i64,
    /// Interim segments show live; only final ones are archived and searchable.
    pub is_final: bool,
    /// Speaker's provider user id.
    pub speaker_id: Option<String>,
    /// Speaker's name.
    pub speaker_name: Option<String>,
    /// Start, ms from the meeting start.
    pub start_ms: i64,
    /// End, ms from the meeting start.
    pub end_ms: i64,
    /// What was said.
    pub text: String,
    /// BCP 47 language tag.
    pub language: Option<String>,
}

/// Whether a write changed the stored transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SegmentWrite {
    /// The write was newer and was stored.
    Applied,
    /// The stored revision is as new or newer; nothing changed.
    Stale,
}

/// Which segments [`list`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SegmentFilter {
    /// Final segments only (the archived transcript).
    Final,
    /// Final and interim segments (the live view).
    All,
}

/// A search match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptHit {
    /// The meeting the segment belongs to.
    pub meeting_id: String,
    /// The matching segment.
    pub segment: Segment,
}

/// Stores `segment` if its revision is newer than the stored one (or there is none).
pub fn upsert(
    conn: &Connection,
    meeting_id: &str,
    segment: &Segment,
    now: UnixMs,
) -> Result<SegmentWrite, StoreError> {
    let changed = conn.execute(
        "INSERT INTO transcript_segments
             (meeting_id, segment_id, revision, is_final, speaker_id, speaker_name, start_ms,
              end_ms, text, language, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (meeting_id, segment_id) DO UPDATE SET
             revision = excluded.revision, is_final = excluded.is_final, deleted = 0,
             speaker_id = excluded.speaker_id, speaker_name = excluded.speaker_name,
             start_ms = excluded.start_ms, end_ms = excluded.end_ms, text = excluded.text,
             language = excluded.language, updated_at = excluded.updated_at
         WHERE excluded.revision > transcript_segments.revision",
        params![
            meeting_id,
            segment.segment_id,
            segment.revision,
            segment.is_final,
            segment.speaker_id,
            segment.speaker_name,
            segment.start_ms,
            segment.end_ms,
            segment.text,
            segment.language,
            now
        ],
    )?;
    Ok(if changed > 0 {
        SegmentWrite::Applied
    } else {
        SegmentWrite::Stale
    })
}

/// Deletes a segment at `revision` (if that is at least the stored revision), leaving a
/// tombstone so a late, older upsert cannot bring it back.
pub fn delete(
    conn: &Connection,
    meeting_id: &str,
    segment_id: &str,
    revision: i64,
    now: UnixMs,
) -> Result<SegmentWrite, StoreError> {
    let changed = conn.execute(
        "INSERT INTO transcript_segments
             (meeting_id, segment_id, revision, is_final, deleted, start_ms, end_ms, text, updated_at)
         VALUES (?1, ?2, ?3, 0, 1, 0, 0, '', ?4)
         ON CONFLICT (meeting_id, segment_id) DO UPDATE SET
             revision = excluded.revision, is_final = 0, deleted = 1, text = '',
             updated_at = excluded.updated_at
         WHERE excluded.revision >= transcript_segments.revision
           AND transcript_segments.deleted = 0",
        params![meeting_id, segment_id, revision, now],
    )?;
    Ok(if changed > 0 {
        SegmentWrite::Applied
    } else {
        SegmentWrite::Stale
    })
}

/// The meeting's segments in time order.
pub fn list(
    conn: &Connection,
    meeting_id: &str,
    filter: SegmentFilter,
    page: Page,
) -> Result<Paged<Segment>, StoreError> {
    let finals_only = filter == SegmentFilter::Final;
    let mut stmt = conn.prepare_cached(
        "SELECT segment_id, revision, is_final, speaker_id, speaker_name, start_ms, end_ms,
                text, language, meeting_id
         FROM transcript_segments
         WHERE meeting_id = ?1 AND deleted = 0 AND (is_final = 1 OR NOT ?2)
         ORDER BY start_ms, segment_id LIMIT ?3 OFFSET ?4",
    )?;
    let rows = stmt
        .query_map(
            params![meeting_id, finals_only, page.sql_limit(), page.sql_offset()],
            segment_from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

/// Searches final transcript text in all meetings, or in one. Every whitespace-separated
/// term must occur (as a substring, ignoring case). Best matches first when a term has at
/// least three characters (the full-text index), otherwise newest segments first.
pub fn search(
    conn: &Connection,
    query: &str,
    meeting_id: Option<&str>,
    page: Page,
) -> Result<Paged<TranscriptHit>, StoreError> {
    let terms: Vec<&str> = query.split_whitespace().collect();
    if terms.is_empty() {
        return Ok(Paged::from_rows(Vec::new(), page));
    }
    // The trigram index only answers terms of three or more characters; shorter ones
    // (common in Chinese: 价格) are checked with LIKE on the indexed matches, or on all
    // final segments when there is no long term.
    let (long, short): (Vec<&str>, Vec<&str>) = terms
        .into_iter()
        .partition(|term| term.chars().count() >= 3);

    let mut args: Vec<Value> = Vec::new();
    let mut sql = String::from(
        "SELECT s.segment_id, s.revision, s.is_final, s.speaker_id, s.speaker_name, s.start_ms,
                s.end_ms, s.text, s.language, s.meeting_id ",
    );
    if long.is_empty() {
        sql.push_str("FROM transcript_segments s WHERE s.is_final = 1");
    } else {
        sql.push_str(
            "FROM transcript_fts JOIN transcript_segments s ON s.id = transcript_fts.rowid
             WHERE transcript_fts MATCH ?",
        );
        args.push(Value::Text(fts_phrases(&long)));
    }
    for term in &short {
        sql.push_str(r" AND s.text LIKE ? ESCAPE '\'");
        args.push(Value::Text(format!("%{}%", escape_like(term))));
    }
    if let Some(meeting_id) = meeting_id {
        sql.push_str(" AND s.meeting_id = ?");
        args.push(Value::Text(meeting_id.to_owned()));
    }
    sql.push_str(if long.is_empty() {
        " ORDER BY s.id DESC LIMIT ? OFFSET ?"
    } else {
        " ORDER BY transcript_fts.rank, s.id DESC LIMIT ? OFFSET ?"
    });
    args.push(Value::Integer(page.sql_limit()));
    args.push(Value::Integer(page.sql_offset()));

    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(args), |row| {
            Ok(TranscriptHit {
                segment: segment_from_row(row)?,
                meeting_id: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

/// `"a" AND "b"`: each term as a quoted FTS5 phrase, so user input is never parsed as
/// query syntax (`AND`, `*`, `:`, quotes).
fn fts_phrases(terms: &[&str]) -> String {
    terms
        .iter()
        .map(|term| format!("\"{}\"", term.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Escapes LIKE's wildcards so the term matches literally (with `ESCAPE '\'`).
fn escape_like(term: &str) -> String {
    let mut escaped = String::with_capacity(term.len());
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

pub(crate) fn segment_from_row(row: &Row<'_>) -> rusqlite::Result<Segment> {
    Ok(Segment {
        segment_id: row.get(0)?,
        revision: row.get(1)?,
        is_final: row.get(2)?,
        speaker_id: row.get(3)?,
        speaker_name: row.get(4)?,
        start_ms: row.get(5)?,
        end_ms: row.get(6)?,
        text: row.get(7)?,
        language: row.get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{add_meeting, memory_db};

    fn segment(id: &str, revision: i64, is_final: bool, start_ms: i64, text: &str) -> Segment {
        Segment {
            segment_id: id.into(),
            revision,
            is_final,
            speaker_id: Some("u1".into()),
            speaker_name: Some("Anna".into()),
            start_ms,
            end_ms: start_ms + 1_000,
            text: text.into(),
            language: None,
        }
    }

    fn hit_ids(paged: &Paged<TranscriptHit>) -> Vec<&str> {
        paged
            .items
            .iter()
            .map(|h| h.segment.segment_id.as_str())
            .collect()
    }

    #[test]
    fn higher_revision_wins_regardless_of_arrival_order() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        let now = UnixMs(1);
        assert_eq!(
            upsert(&conn, &m, &segment("s", 2, true, 0, "final"), now).unwrap(),
            SegmentWrite::Applied
        );
        assert_eq!(
            upsert(&conn, &m, &segment("s", 1, false, 0, "interim"), now).unwrap(),
            SegmentWrite::Stale
        );
        assert_eq!(
            upsert(&conn, &m, &segment("s", 2, true, 0, "dup"), now).unwrap(),
            SegmentWrite::Stale
        );
        let stored = list(&conn, &m, SegmentFilter::All, Page::default())
            .unwrap()
            .items;
        assert_eq!(stored, vec![segment("s", 2, true, 0, "final")]);
    }

    #[test]
    fn delete_leaves_a_tombstone_that_older_upserts_cannot_revive() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        upsert(
            &conn,
            &m,
            &segment("s", 1, true, 0, "oops wrong words"),
            UnixMs(1),
        )
        .unwrap();
        assert_eq!(
            delete(&conn, &m, "s", 1, UnixMs(2)).unwrap(),
            SegmentWrite::Applied
        );
        assert_eq!(
            upsert(&conn, &m, &segment("s", 1, true, 0, "late copy"), UnixMs(3)).unwrap(),
            SegmentWrite::Stale
        );
        assert!(
            list(&conn, &m, SegmentFilter::All, Page::default())
                .unwrap()
                .items
                .is_empty()
        );
        assert!(
            search(&conn, "wrong", None, Page::default())
                .unwrap()
                .items
                .is_empty()
        );
        // A delete that arrives before anything else also blocks older upserts.
        assert_eq!(
            delete(&conn, &m, "t", 3, UnixMs(4)).unwrap(),
            SegmentWrite::Applied
        );
        assert_eq!(
            upsert(&conn, &m, &segment("t", 2, true, 0, "x"), UnixMs(5)).unwrap(),
            SegmentWrite::Stale
        );
        // A newer revision after the delete is a correction and shows again.
        assert_eq!(
            upsert(&conn, &m, &segment("t", 4, true, 0, "back"), UnixMs(6)).unwrap(),
            SegmentWrite::Applied
        );
        let texts: Vec<_> = list(&conn, &m, SegmentFilter::Final, Page::default())
            .unwrap()
            .items
            .into_iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(texts, ["back"]);
    }

    #[test]
    fn final_filter_hides_interim_segments() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        upsert(
            &conn,
            &m,
            &segment("b", 1, false, 2_000, "still talking"),
            UnixMs(1),
        )
        .unwrap();
        upsert(&conn, &m, &segment("a", 1, true, 1_000, "done"), UnixMs(1)).unwrap();
        let finals = list(&conn, &m, SegmentFilter::Final, Page::default()).unwrap();
        assert_eq!(finals.items.len(), 1);
        let all = list(&conn, &m, SegmentFilter::All, Page::default()).unwrap();
        let ids: Vec<_> = all.items.iter().map(|s| s.segment_id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn search_finds_final_text_only_and_follows_revisions() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        upsert(
            &conn,
            &m,
            &segment("1", 1, true, 0, "We discussed Pricing for 200 seats"),
            UnixMs(1),
        )
        .unwrap();
        upsert(
            &conn,
            &m,
            &segment("2", 1, false, 1_000, "interim pricing words"),
            UnixMs(1),
        )
        .unwrap();
        assert_eq!(
            hit_ids(&search(&conn, "pricing", None, Page::default()).unwrap()),
            ["1"]
        );

        // Becoming final makes it searchable; a revision replaces the indexed text.
        upsert(
            &conn,
            &m,
            &segment("2", 2, true, 1_000, "final pricing words"),
            UnixMs(2),
        )
        .unwrap();
        upsert(
            &conn,
            &m,
            &segment("1", 2, true, 0, "We discussed contracts"),
            UnixMs(2),
        )
        .unwrap();
        assert_eq!(
            hit_ids(&search(&conn, "PRICING", None, Page::default()).unwrap()),
            ["2"]
        );
        assert_eq!(
            hit_ids(&search(&conn, "contracts discussed", None, Page::default()).unwrap()),
            ["1"]
        );
        assert!(
            search(&conn, "seats", None, Page::default())
                .unwrap()
                .items
                .is_empty()
        );
    }

    #[test]
    fn search_handles_chinese_short_terms_and_query_syntax() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        let other = add_meeting(&conn, "other");
        upsert(
            &conn,
            &m,
            &segment("1", 1, true, 0, "我们讨论了价格和合同"),
            UnixMs(1),
        )
        .unwrap();
        upsert(
            &conn,
            &other,
            &segment("2", 1, true, 0, "100% \"quoted\" AND stuff"),
            UnixMs(1),
        )
        .unwrap();
        assert_eq!(
            hit_ids(&search(&conn, "价格和", None, Page::default()).unwrap()),
            ["1"]
        );
        assert_eq!(
            hit_ids(&search(&conn, "价格", None, Page::default()).unwrap()),
            ["1"]
        );
        assert_eq!(
            hit_ids(&search(&conn, "讨论了 合同", None, Page::default()).unwrap()),
            ["1"]
        );
        assert_eq!(
            hit_ids(&search(&conn, "\"quoted\" AND", None, Page::default()).unwrap()),
            ["2"]
        );
        assert_eq!(
            hit_ids(&search(&conn, "0%", None, Page::default()).unwrap()),
            ["2"]
        );
        assert!(
            search(&conn, "5%", None, Page::default())
                .unwrap()
                .items
                .is_empty()
        );
        assert!(
            search(&conn, "价格", Some(&other), Page::default())
                .unwrap()
                .items
                .is_empty()
        );
        assert!(
            search(&conn, "   ", None, Page::default())
                .unwrap()
                .items
                .is_empty()
        );
    }

    #[test]
    fn fts_index_passes_integrity_check_after_churn() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        for revision in 1..=3 {
            upsert(
                &conn,
                &m,
                &segment("1", revision, revision > 1, 0, &format!("text {revision}")),
                UnixMs(1),
            )
            .unwrap();
        }
        delete(&conn, &m, "1", 4, UnixMs(2)).unwrap();
        upsert(&conn, &m, &segment("2", 1, true, 0, "kept"), UnixMs(3)).unwrap();
        conn.execute(
            "INSERT INTO transcript_fts (transcript_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
        assert_eq!(
            hit_ids(&search(&conn, "kept", None, Page::default()).unwrap()),
            ["2"]
        );
    }
}
