//! The `outbox` table: writes waiting to go to a CRM, and their delivery state.
//!
//! ```text
//! pending ──claim──> in_flight ──> done
//!    ^                  │  └─────> retrying ──claim──> in_flight …
//!    │                  └────────> needs_attention ──requeue──┘ (to pending)
//! ```
//! `needs_attention` can also be reached from `pending` and `retrying` (the worker found
//! the item cannot be sent as it is). An item's `attempts` counts claims: when it is above
//! zero an earlier attempt may have reached the CRM, so the worker must look the record up
//! by `push_id` before creating it again.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::json_column;
use crate::error::StoreError;
use crate::page::{Page, Paged};
use crate::sql_enum::sql_enum;
use crate::time::UnixMs;

sql_enum! {
    /// Where an outbox item is in its delivery.
    pub enum PushState {
        /// Waiting for its first attempt.
        Pending = "pending",
        /// A worker is sending it now (or was, when the app stopped).
        InFlight = "in_flight",
        /// The CRM has it.
        Done = "done",
        /// An attempt failed in a way worth retrying at `next_attempt_at`.
        Retrying = "retrying",
        /// It cannot be sent without the user (bad data, revoked access).
        NeedsAttention = "needs_attention",
    }
}

sql_enum! {
    /// What kind of CRM record a push creates.
    pub enum PushObject {
        /// A note (HubSpot note, Salesforce ContentNote, Pipedrive note).
        Note = "note",
        /// A meeting record (HubSpot meeting, Salesforce Event).
        Meeting = "meeting",
        /// A call record.
        Call = "call",
        /// A follow-up task.
        Task = "task",
    }
}

/// A push to enqueue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewPush {
    /// The meeting it came from, if any.
    pub meeting_id: Option<String>,
    /// The CRM connection to send it to.
    pub connection_id: String,
    /// What it creates.
    pub object_kind: PushObject,
    /// What to send, as the sync step drafted it.
    pub payload: Value,
}

/// A stored outbox item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushItem {
    /// UUID v7; also written into the CRM record to find it again.
    pub push_id: String,
    /// The meeting it came from (cleared if the meeting was deleted).
    pub meeting_id: Option<String>,
    /// The CRM connection.
    pub connection_id: String,
    /// What it creates.
    pub object_kind: PushObject,
    /// What to send.
    pub payload: Value,
    /// Delivery state.
    pub state: PushState,
    /// How many times it was claimed.
    pub attempts: u32,
    /// Not to be claimed before this time.
    pub next_attempt_at: UnixMs,
    /// The last failure, for the user and the logs.
    pub last_error: Option<String>,
    /// The CRM's id of the created record, once known.
    pub crm_record_id: Option<String>,
    /// When it was enqueued.
    pub created_at: UnixMs,
    /// When it last changed.
    pub updated_at: UnixMs,
}

const COLUMNS: &str = "push_id, meeting_id, connection_id, object_kind, payload, state, \
    attempts, next_attempt_at, last_error, crm_record_id, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<PushItem> {
    Ok(PushItem {
        push_id: row.get(0)?,
        meeting_id: row.get(1)?,
        connection_id: row.get(2)?,
        object_kind: row.get(3)?,
        payload: json_column(row, 4)?,
        state: row.get(5)?,
        attempts: row.get(6)?,
        next_attempt_at: row.get(7)?,
        last_error: row.get(8)?,
        crm_record_id: row.get(9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
    })
}

/// The error recorded on items that were in flight when the app stopped.
pub const INTERRUPTED: &str =
    "Callbrief stopped while sending; the CRM may or may not have the record";

/// Adds a push, due now. Call it in the same transaction as the change it depends on
/// (e.g. recording the user's confirmation), so both happen or neither does.
pub fn enqueue(conn: &Connection, push: &NewPush, now: UnixMs) -> Result<PushItem, StoreError> {
    let sql = format!(
        "INSERT INTO outbox (push_id, meeting_id, connection_id, object_kind, payload, state,
                             next_attempt_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6, ?6)
         RETURNING {COLUMNS}"
    );
    Ok(conn.query_row(
        &sql,
        params![
            uuid::Uuid::now_v7().to_string(),
            push.meeting_id,
            push.connection_id,
            push.object_kind,
            serde_json::to_string(&push.payload)?,
            now
        ],
        from_row,
    )?)
}

/// Claims the item that has been due longest: moves it from `pending` or `retrying` to
/// `in_flight` and counts the attempt. One statement, so two workers (even in two
/// processes) never claim the same item.
pub fn claim_next_due(conn: &Connection, now: UnixMs) -> Result<Option<PushItem>, StoreError> {
    let sql = format!(
        "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, updated_at = ?1
         WHERE push_id = (
             SELECT push_id FROM outbox
             WHERE state IN ('pending', 'retrying') AND next_attempt_at <= ?1
             ORDER BY next_attempt_at, created_at, push_id LIMIT 1)
         RETURNING {COLUMNS}"
    );
    Ok(conn.query_row(&sql, [now], from_row).optional()?)
}

/// `in_flight` → `done`, recording the CRM's id for the record when it is known.
pub fn mark_done(
    conn: &Connection,
    push_id: &str,
    crm_record_id: Option<&str>,
    now: UnixMs,
) -> Result<PushItem, StoreError> {
    let sql = format!(
        "UPDATE outbox SET state = 'done', crm_record_id = coalesce(?2, crm_record_id),
             last_error = NULL, updated_at = ?3
         WHERE push_id = ?1 AND state = 'in_flight'
         RETURNING {COLUMNS}"
    );
    let row = conn
        .query_row(&sql, params![push_id, crm_record_id, now], from_row)
        .optional()?;
    row.map_or_else(|| Err(refusal(conn, push_id, PushState::Done)), Ok)
}

/// `in_flight` → `retrying`, due again at `next_attempt_at`.
pub fn mark_retrying(
    conn: &Connection,
    push_id: &str,
    error: &str,
    next_attempt_at: UnixMs,
    now: UnixMs,
) -> Result<PushItem, StoreError> {
    let sql = format!(
        "UPDATE outbox SET state = 'retrying', last_error = ?2, next_attempt_at = ?3,
             updated_at = ?4
         WHERE push_id = ?1 AND state = 'in_flight'
         RETURNING {COLUMNS}"
    );
    let row = conn
        .query_row(
            &sql,
            params![push_id, error, next_attempt_at, now],
            from_row,
        )
        .optional()?;
    row.map_or_else(|| Err(refusal(conn, push_id, PushState::Retrying)), Ok)
}

/// Any state but `done` → `needs_attention`: it will not be retried until the user acts.
pub fn mark_needs_attention(
    conn: &Connection,
    push_id: &str,
    error: &str,
    now: UnixMs,
) -> Result<PushItem, StoreError> {
    let sql = format!(
        "UPDATE outbox SET state = 'needs_attention', last_error = ?2, updated_at = ?3
         WHERE push_id = ?1 AND state IN ('pending', 'in_flight', 'retrying')
         RETURNING {COLUMNS}"
    );
    let row = conn
        .query_row(&sql, params![push_id, error, now], from_row)
        .optional()?;
    row.map_or_else(
        || Err(refusal(conn, push_id, PushState::NeedsAttention)),
        Ok,
    )
}

/// `needs_attention` → `pending`, due now (the user fixed the problem and retries).
pub fn requeue(conn: &Connection, push_id: &str, now: UnixMs) -> Result<PushItem, StoreError> {
    let sql = format!(
        "UPDATE outbox SET state = 'pending', next_attempt_at = ?2, updated_at = ?2
         WHERE push_id = ?1 AND state = 'needs_attention'
         RETURNING {COLUMNS}"
    );
    let row = conn
        .query_row(&sql, params![push_id, now], from_row)
        .optional()?;
    row.map_or_else(|| Err(refusal(conn, push_id, PushState::Pending)), Ok)
}

/// Moves every `in_flight` item to `retrying`, due now, and returns them (oldest first).
/// Call once at startup, before any worker runs: these attempts were cut off, so the CRM may
/// already have their records and each must be looked up by `push_id` before a new attempt.
pub fn reset_in_flight_on_startup(
    conn: &Connection,
    now: UnixMs,
) -> Result<Vec<PushItem>, StoreError> {
    let sql = format!(
        "UPDATE outbox SET state = 'retrying', next_attempt_at = ?1, last_error = ?2,
             updated_at = ?1
         WHERE state = 'in_flight'
         RETURNING {COLUMNS}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut items = stmt
        .query_map(params![now, INTERRUPTED], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // RETURNING gives no order guarantee.
    items.sort_by(|a, b| (a.created_at, &a.push_id).cmp(&(b.created_at, &b.push_id)));
    Ok(items)
}

/// The item with this push id.
pub fn get(conn: &Connection, push_id: &str) -> Result<Option<PushItem>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE push_id = ?1");
    Ok(conn.query_row(&sql, [push_id], from_row).optional()?)
}

/// Items in `state`, oldest first.
pub fn list_by_state(
    conn: &Connection,
    state: PushState,
    page: Page,
) -> Result<Paged<PushItem>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox WHERE state = ?1
         ORDER BY created_at, push_id LIMIT ?2 OFFSET ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![state, page.sql_limit(), page.sql_offset()],
            from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

/// Why a transition to `to` did not apply: the item is missing or in the wrong state.
fn refusal(conn: &Connection, push_id: &str, to: PushState) -> StoreError {
    let current = conn
        .query_row(
            "SELECT state FROM outbox WHERE push_id = ?1",
            [push_id],
            |row| row.get::<_, PushState>(0),
        )
        .optional();
    match current {
        Ok(Some(from)) => StoreError::InvalidTransition {
            push_id: push_id.to_owned(),
            from,
            to,
        },
        Ok(None) => StoreError::not_found("push", push_id),
        Err(err) => err.into(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::testing::{add_connection, memory_db};

    fn push(connection_id: &str) -> NewPush {
        NewPush {
            meeting_id: None,
            connection_id: connection_id.into(),
            object_kind: PushObject::Note,
            payload: json!({"body": "Summary"}),
        }
    }

    #[test]
    fn full_happy_path() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        let item = enqueue(&conn, &push(&cid), UnixMs(100)).unwrap();
        assert_eq!(item.state, PushState::Pending);
        assert_eq!(item.attempts, 0);
        assert_eq!(
            uuid::Uuid::parse_str(&item.push_id)
                .unwrap()
                .get_version_num(),
            7
        );

        let claimed = claim_next_due(&conn, UnixMs(100)).unwrap().unwrap();
        assert_eq!(
            (claimed.push_id.as_str(), claimed.state, claimed.attempts),
            (item.push_id.as_str(), PushState::InFlight, 1)
        );
        assert_eq!(claim_next_due(&conn, UnixMs(100)).unwrap(), None);

        let done = mark_done(&conn, &item.push_id, Some("crm-42"), UnixMs(101)).unwrap();
        assert_eq!(done.state, PushState::Done);
        assert_eq!(done.crm_record_id.as_deref(), Some("crm-42"));
        assert_eq!(done.payload, json!({"body": "Summary"}));
    }

    #[test]
    fn retrying_items_wait_until_due() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        let item = enqueue(&conn, &push(&cid), UnixMs(0)).unwrap();
        claim_next_due(&conn, UnixMs(0)).unwrap().unwrap();
        let retrying =
            mark_retrying(&conn, &item.push_id, "503", UnixMs(5_000), UnixMs(1)).unwrap();
        assert_eq!(retrying.state, PushState::Retrying);
        assert_eq!(retrying.last_error.as_deref(), Some("503"));
        assert_eq!(claim_next_due(&conn, UnixMs(4_999)).unwrap(), None);
        let again = claim_next_due(&conn, UnixMs(5_000)).unwrap().unwrap();
        assert_eq!(again.attempts, 2);
    }

    #[test]
    fn claims_oldest_due_first() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        let late = enqueue(&conn, &push(&cid), UnixMs(20)).unwrap();
        let early = enqueue(&conn, &push(&cid), UnixMs(10)).unwrap();
        assert_eq!(
            claim_next_due(&conn, UnixMs(30)).unwrap().unwrap().push_id,
            early.push_id
        );
        assert_eq!(
            claim_next_due(&conn, UnixMs(30)).unwrap().unwrap().push_id,
            late.push_id
        );
    }

    #[test]
    fn invalid_transitions_are_refused_with_the_current_state() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        let item = enqueue(&conn, &push(&cid), UnixMs(0)).unwrap();
        let err = mark_done(&conn, &item.push_id, None, UnixMs(1)).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::InvalidTransition {
                    from: PushState::Pending,
                    to: PushState::Done,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = requeue(&conn, &item.push_id, UnixMs(1)).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::InvalidTransition {
                    from: PushState::Pending,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = mark_retrying(&conn, "missing", "x", UnixMs(1), UnixMs(1)).unwrap_err();
        assert!(
            matches!(err, StoreError::NotFound { what: "push", .. }),
            "{err:?}"
        );

        claim_next_due(&conn, UnixMs(0)).unwrap();
        mark_done(&conn, &item.push_id, None, UnixMs(1)).unwrap();
        let err = mark_needs_attention(&conn, &item.push_id, "late", UnixMs(2)).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::InvalidTransition {
                    from: PushState::Done,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn needs_attention_waits_for_requeue() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        let item = enqueue(&conn, &push(&cid), UnixMs(0)).unwrap();
        mark_needs_attention(&conn, &item.push_id, "field missing", UnixMs(1)).unwrap();
        assert_eq!(claim_next_due(&conn, UnixMs(i64::MAX)).unwrap(), None);
        let listed = list_by_state(&conn, PushState::NeedsAttention, Page::default()).unwrap();
        assert_eq!(listed.items.len(), 1);
        let requeued = requeue(&conn, &item.push_id, UnixMs(50)).unwrap();
        assert_eq!(
            (requeued.state, requeued.next_attempt_at),
            (PushState::Pending, UnixMs(50))
        );
        assert!(claim_next_due(&conn, UnixMs(50)).unwrap().is_some());
    }

    #[test]
    fn startup_reset_reports_in_flight_items_and_makes_them_due() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        let a = enqueue(&conn, &push(&cid), UnixMs(1)).unwrap();
        let b = enqueue(&conn, &push(&cid), UnixMs(2)).unwrap();
        let untouched = enqueue(&conn, &push(&cid), UnixMs(3)).unwrap();
        claim_next_due(&conn, UnixMs(10)).unwrap();
        claim_next_due(&conn, UnixMs(10)).unwrap();

        let reset = reset_in_flight_on_startup(&conn, UnixMs(99)).unwrap();
        let ids: Vec<_> = reset.iter().map(|i| i.push_id.as_str()).collect();
        assert_eq!(ids, [a.push_id.as_str(), b.push_id.as_str()]);
        assert!(
            reset
                .iter()
                .all(|i| i.state == PushState::Retrying && i.attempts == 1)
        );
        assert_eq!(reset[0].last_error.as_deref(), Some(INTERRUPTED));
        assert_eq!(
            get(&conn, &untouched.push_id).unwrap().unwrap().state,
            PushState::Pending
        );
        assert!(
            reset_in_flight_on_startup(&conn, UnixMs(100))
                .unwrap()
                .is_empty()
        );
        // Reset items are due again, after the pending item that was due earlier.
        let order: Vec<_> = std::iter::from_fn(|| claim_next_due(&conn, UnixMs(99)).unwrap())
            .map(|item| item.push_id)
            .collect();
        assert_eq!(order, [untouched.push_id, a.push_id, b.push_id]);
    }

    #[test]
    fn every_state_and_kind_passes_the_check_constraints_and_others_fail() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        let item = enqueue(&conn, &push(&cid), UnixMs(0)).unwrap();
        for state in PushState::ALL {
            conn.execute("UPDATE outbox SET state = ?1", [state])
                .unwrap();
            assert_eq!(get(&conn, &item.push_id).unwrap().unwrap().state, *state);
        }
        for kind in PushObject::ALL {
            conn.execute("UPDATE outbox SET object_kind = ?1", [kind])
                .unwrap();
        }
        let err = conn
            .execute("UPDATE outbox SET state = 'failed'", [])
            .unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
        let err = conn
            .execute("UPDATE outbox SET object_kind = 'invoice'", [])
            .unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
        let err = conn
            .execute("UPDATE outbox SET attempts = -1", [])
            .unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
    }
}
