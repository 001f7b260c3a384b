//! The `participants` table: who was in each meeting.

use callbrief_core::model::Participant;
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::page::{Page, Paged};

/// A stored participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipantRecord {
    /// Who.
    pub participant: Participant,
    /// When they first joined (RFC 3339).
    pub joined_at: Option<String>,
    /// When they last left (RFC 3339); `None` while they are in the call.
    pub left_at: Option<String>,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<ParticipantRecord> {
    Ok(ParticipantRecord {
        participant: Participant {
            provider_user_id: row.get(0)?,
            name: row.get(1)?,
            email: row.get(2)?,
            role: row.get(3)?,
        },
        joined_at: row.get(4)?,
        left_at: row.get(5)?,
    })
}

/// The latest of a stored and a new time; either may be NULL.
const LATER_JOIN: &str = "coalesce(max(last_joined_at, excluded.last_joined_at), \
     last_joined_at, excluded.last_joined_at)";
const LATER_LEAVE: &str = "coalesce(max(last_left_at, excluded.last_left_at), \
     last_left_at, excluded.last_left_at)";

/// Records that `participant` joined at `joined_at`.
///
/// Joins and leaves may arrive in any order and converge to the same row: `joined_at` is
/// the earliest join, `left_at` the latest leave unless a later join followed it (then
/// `None`: they are back in the call). Name and role come from the latest join; a known
/// email is kept when a later event has none.
pub fn joined(
    conn: &Connection,
    meeting_id: &str,
    participant: &Participant,
    joined_at: Option<&str>,
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO participants
             (meeting_id, provider_user_id, name, email, role, joined_at, last_joined_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (meeting_id, provider_user_id) DO UPDATE SET
             name = CASE WHEN last_joined_at IS NULL OR excluded.last_joined_at >= last_joined_at
                         THEN excluded.name ELSE name END,
             email = coalesce(excluded.email, email),
             role = coalesce(excluded.role, role),
             joined_at = coalesce(min(joined_at, excluded.joined_at), joined_at, excluded.joined_at),
             last_joined_at = {LATER_JOIN},
             left_at = CASE WHEN last_left_at IS NOT NULL
                             AND ({LATER_JOIN} IS NULL OR last_left_at >= {LATER_JOIN})
                            THEN last_left_at END"
    );
    conn.prepare_cached(&sql)?.execute(params![
        meeting_id,
        participant.provider_user_id,
        participant.name,
        participant.email,
        participant.role,
        joined_at
    ])?;
    Ok(())
}

/// Records that a participant left. A leave without a join creates the row, since events
/// can arrive out of order (see [`joined`] for how the two combine).
pub fn left(
    conn: &Connection,
    meeting_id: &str,
    participant: &Participant,
    left_at: &str,
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO participants
             (meeting_id, provider_user_id, name, email, role, left_at, last_left_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (meeting_id, provider_user_id) DO UPDATE SET
             email = coalesce(email, excluded.email),
             role = coalesce(role, excluded.role),
             last_left_at = {LATER_LEAVE},
             left_at = CASE WHEN last_joined_at IS NULL OR {LATER_LEAVE} >= last_joined_at
                            THEN {LATER_LEAVE} END"
    );
    conn.prepare_cached(&sql)?.execute(params![
        meeting_id,
        participant.provider_user_id,
        participant.name,
        participant.email,
        participant.role,
        left_at
    ])?;
    Ok(())
}

/// The meeting's participants in order of joining (unknown join time last).
pub fn list(
    conn: &Connection,
    meeting_id: &str,
    page: Page,
) -> Result<Paged<ParticipantRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT provider_user_id, name, email, role, joined_at, left_at FROM participants
         WHERE meeting_id = ?1 ORDER BY joined_at NULLS LAST, provider_user_id
         LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt
        .query_map(
            params![meeting_id, page.sql_limit(), page.sql_offset()],
            from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{add_meeting, memory_db};

    fn anna() -> Participant {
        Participant {
            provider_user_id: "u-anna".into(),
            name: "Anna Chen".into(),
            email: Some("anna@acme.example".into()),
            role: Some("attendee".into()),
        }
    }

    #[test]
    fn rejoin_keeps_first_join_and_clears_left() {
        let conn = memory_db();
        let meeting = add_meeting(&conn, "m");
        joined(&conn, &meeting, &anna(), Some("2026-01-01T10:05:00Z")).unwrap();
        left(&conn, &meeting, &anna(), "2026-01-01T10:10:00Z").unwrap();
        let after_leave = list(&conn, &meeting, Page::default()).unwrap().items;
        assert_eq!(
            after_leave[0].left_at.as_deref(),
            Some("2026-01-01T10:10:00Z")
        );

        let renamed = Participant {
            name: "Anna C.".into(),
            email: None,
            ..anna()
        };
        joined(&conn, &meeting, &renamed, Some("2026-01-01T10:12:00Z")).unwrap();
        let rows = list(&conn, &meeting, Page::default()).unwrap().items;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].joined_at.as_deref(), Some("2026-01-01T10:05:00Z"));
        assert_eq!(rows[0].left_at, None);
        assert_eq!(rows[0].participant.name, "Anna C.");
        assert_eq!(
            rows[0].participant.email.as_deref(),
            Some("anna@acme.example")
        );
    }

    #[test]
    fn leave_before_join_is_kept() {
        let conn = memory_db();
        let meeting = add_meeting(&conn, "m");
        left(&conn, &meeting, &anna(), "2026-01-01T11:00:00Z").unwrap();
        joined(&conn, &meeting, &anna(), Some("2026-01-01T10:00:00Z")).unwrap();
        let row = &list(&conn, &meeting, Page::default()).unwrap().items[0];
        assert_eq!(row.joined_at.as_deref(), Some("2026-01-01T10:00:00Z"));
        assert_eq!(row.left_at.as_deref(), Some("2026-01-01T11:00:00Z"));
    }

    #[test]
    fn any_order_of_joins_and_leaves_converges() {
        let events: [(bool, &str); 3] = [
            (true, "2026-01-01T10:00:00Z"),
            (false, "2026-01-01T10:10:00Z"),
            (true, "2026-01-01T10:12:00Z"),
        ];
        for order in [
            [0, 1, 2],
            [2, 1, 0],
            [1, 2, 0],
            [1, 0, 2],
            [0, 2, 1],
            [2, 0, 1],
        ] {
            let conn = memory_db();
            let meeting = add_meeting(&conn, "m");
            for i in order {
                let (join, at) = events[i];
                if join {
                    joined(&conn, &meeting, &anna(), Some(at)).unwrap();
                } else {
                    left(&conn, &meeting, &anna(), at).unwrap();
                }
            }
            let row = &list(&conn, &meeting, Page::default()).unwrap().items[0];
            assert_eq!(
                row.joined_at.as_deref(),
                Some("2026-01-01T10:00:00Z"),
                "{order:?}"
            );
            assert_eq!(row.left_at, None, "{order:?}");
        }
    }

    #[test]
    fn participant_of_a_missing_meeting_is_rejected() {
        let conn = memory_db();
        let err = joined(&conn, "no-meeting", &anna(), None).unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    }
}
