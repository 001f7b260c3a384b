//! The `meetings` table: Callbrief's own record of each call seen through the hook.

use callbrief_core::model::Meeting;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::page::{Page, Paged};
use crate::time::UnixMs;

/// What identifies a call when the first event about it arrives, plus what that event may
/// already know.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMeeting {
    /// Video platform (`zoom`, `livekit`, …).
    pub provider: String,
    /// The platform's meeting id.
    pub provider_meeting_id: String,
    /// The platform's id of this occurrence, when it has one.
    pub instance_id: Option<String>,
    /// Topic.
    pub topic: Option<String>,
    /// Join link.
    pub join_url: Option<String>,
    /// Start (RFC 3339).
    pub started_at: Option<String>,
}

/// How a meeting was linked to a CRM customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Association {
    /// The CRM connection the ids belong to.
    pub connection_id: String,
    /// CRM company id.
    pub company_id: String,
    /// CRM deal id.
    pub deal_id: Option<String>,
    /// How it was decided (`tracking_field`, `email_domain`, `user`, …).
    pub method: String,
    /// 0..=1.
    pub confidence: f64,
}

/// A stored meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingRecord {
    /// The meeting, including the linked CRM company and deal.
    pub meeting: Meeting,
    /// The CRM connection `crm_company_id`/`crm_deal_id` belong to.
    pub crm_connection_id: Option<String>,
    /// How the CRM link was decided.
    pub association_method: Option<String>,
    /// How sure that decision is, 0..=1.
    pub association_confidence: Option<f64>,
    /// When Callbrief first saw the meeting.
    pub created_at: UnixMs,
    /// When the row last changed.
    pub updated_at: UnixMs,
}

/// The result of [`create_or_get`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateOrGet {
    /// The meeting, new or existing.
    pub meeting: MeetingRecord,
    /// Whether this call created it.
    pub created: bool,
}

const COLUMNS: &str = "id, provider, provider_meeting_id, instance_id, topic, join_url, \
    started_at, ended_at, crm_company_id, crm_deal_id, crm_connection_id, association_method, \
    association_confidence, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<MeetingRecord> {
    let instance_id: String = row.get(3)?;
    Ok(MeetingRecord {
        meeting: Meeting {
            id: row.get(0)?,
            provider: row.get(1)?,
            provider_meeting_id: row.get(2)?,
            instance_id: (!instance_id.is_empty()).then_some(instance_id),
            topic: row.get(4)?,
            join_url: row.get(5)?,
            started_at: row.get(6)?,
            ended_at: row.get(7)?,
            crm_company_id: row.get(8)?,
            crm_deal_id: row.get(9)?,
        },
        crm_connection_id: row.get(10)?,
        association_method: row.get(11)?,
        association_confidence: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
    })
}

/// Returns the meeting with these provider ids, creating it (with a new UUID v7) if it is
/// new. Events arrive in any order, so details already known are kept and missing ones
/// (topic, join link, start) are filled in from `new`.
pub fn create_or_get(
    conn: &Connection,
    new: &NewMeeting,
    now: UnixMs,
) -> Result<CreateOrGet, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    let sql = format!(
        "INSERT INTO meetings (id, provider, provider_meeting_id, instance_id, topic, join_url,
                               started_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
         ON CONFLICT (provider, provider_meeting_id, instance_id) DO UPDATE SET
             topic = coalesce(topic, excluded.topic),
             join_url = coalesce(join_url, excluded.join_url),
             started_at = coalesce(started_at, excluded.started_at),
             updated_at = CASE
                 WHEN topic IS NULL AND excluded.topic IS NOT NULL
                   OR join_url IS NULL AND excluded.join_url IS NOT NULL
                   OR started_at IS NULL AND excluded.started_at IS NOT NULL
                 THEN excluded.updated_at ELSE updated_at END
         RETURNING {COLUMNS}"
    );
    let meeting = conn.query_row(
        &sql,
        params![
            id,
            new.provider,
            new.provider_meeting_id,
            new.instance_id.as_deref().unwrap_or(""),
            new.topic,
            new.join_url,
            new.started_at,
            now
        ],
        from_row,
    )?;
    let created = meeting.meeting.id == id;
    Ok(CreateOrGet { meeting, created })
}

/// The meeting with this id.
pub fn get(conn: &Connection, id: &str) -> Result<Option<MeetingRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM meetings WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], from_row).optional()?)
}

/// Meetings, latest start first; meetings without a start yet come last, newest first.
pub fn list(conn: &Connection, page: Page) -> Result<Paged<MeetingRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM meetings
         ORDER BY started_at DESC NULLS LAST, created_at DESC, id DESC
         LIMIT ?1 OFFSET ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![page.sql_limit(), page.sql_offset()], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

/// Records when the meeting ended.
pub fn set_ended(
    conn: &Connection,
    id: &str,
    ended_at: &str,
    now: UnixMs,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE meetings SET ended_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, ended_at, now],
    )?;
    require_found(changed, id)
}

/// Links the meeting to a CRM company (and deal), replacing any earlier link.
pub fn set_association(
    conn: &Connection,
    id: &str,
    association: &Association,
    now: UnixMs,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE meetings SET crm_connection_id = ?2, crm_company_id = ?3, crm_deal_id = ?4,
             association_method = ?5, association_confidence = ?6, updated_at = ?7
         WHERE id = ?1",
        params![
            id,
            association.connection_id,
            association.company_id,
            association.deal_id,
            association.method,
            association.confidence,
            now
        ],
    )?;
    require_found(changed, id)
}

/// Deletes the meeting with its participants, events, transcript and chat. Its outbox
/// history is kept (detached). Returns whether it existed.
pub fn delete(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn.execute("DELETE FROM meetings WHERE id = ?1", [id])? > 0)
}

fn require_found(changed: usize, id: &str) -> Result<(), StoreError> {
    if changed == 0 {
        return Err(StoreError::not_found("meeting", id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{add_connection, memory_db, new_meeting};

    #[test]
    fn create_or_get_is_idempotent_and_fills_missing_details() {
        let conn = memory_db();
        let first = create_or_get(&conn, &new_meeting("m-1"), UnixMs(1)).unwrap();
        assert!(first.created);
        assert_eq!(first.meeting.meeting.topic, None);

        let later = NewMeeting {
            topic: Some("Pricing".into()),
            ..new_meeting("m-1")
        };
        let second = create_or_get(&conn, &later, UnixMs(2)).unwrap();
        assert!(!second.created);
        assert_eq!(second.meeting.meeting.id, first.meeting.meeting.id);
        assert_eq!(second.meeting.meeting.topic.as_deref(), Some("Pricing"));
        assert_eq!(second.meeting.updated_at, UnixMs(2));

        // A known topic is not overwritten by a later event's.
        let other_topic = NewMeeting {
            topic: Some("Other".into()),
            ..new_meeting("m-1")
        };
        let third = create_or_get(&conn, &other_topic, UnixMs(3)).unwrap();
        assert_eq!(third.meeting.meeting.topic.as_deref(), Some("Pricing"));
        assert_eq!(third.meeting.updated_at, UnixMs(2));
    }

    #[test]
    fn instances_of_one_meeting_are_separate_and_none_is_one_instance() {
        let conn = memory_db();
        let a = NewMeeting {
            instance_id: Some("uuid-a".into()),
            ..new_meeting("m")
        };
        let b = NewMeeting {
            instance_id: Some("uuid-b".into()),
            ..new_meeting("m")
        };
        assert!(create_or_get(&conn, &a, UnixMs(1)).unwrap().created);
        assert!(create_or_get(&conn, &b, UnixMs(1)).unwrap().created);
        assert!(
            create_or_get(&conn, &new_meeting("m"), UnixMs(1))
                .unwrap()
                .created
        );
        let again = create_or_get(&conn, &new_meeting("m"), UnixMs(1)).unwrap();
        assert!(!again.created);
        assert_eq!(again.meeting.meeting.instance_id, None);
        let stored = get(&conn, &again.meeting.meeting.id).unwrap().unwrap();
        assert_eq!(stored, again.meeting);
    }

    #[test]
    fn list_orders_by_start_descending_with_unstarted_last() {
        let conn = memory_db();
        for (id, start) in [
            ("a", Some("2026-01-01T00:00:00Z")),
            ("b", None),
            ("c", Some("2026-03-01T00:00:00Z")),
        ] {
            let new = NewMeeting {
                started_at: start.map(str::to_owned),
                ..new_meeting(id)
            };
            create_or_get(&conn, &new, UnixMs(1)).unwrap();
        }
        let page = list(&conn, Page::first(2)).unwrap();
        let ids: Vec<_> = page
            .items
            .iter()
            .map(|m| m.meeting.provider_meeting_id.as_str())
            .collect();
        assert_eq!(ids, ["c", "a"]);
        let rest = list(&conn, page.next.unwrap()).unwrap();
        assert_eq!(rest.items[0].meeting.provider_meeting_id, "b");
        assert_eq!(rest.next, None);
    }

    #[test]
    fn association_and_end_are_recorded() {
        let conn = memory_db();
        let connection_id = add_connection(&conn, "portal");
        let id = create_or_get(&conn, &new_meeting("m"), UnixMs(1))
            .unwrap()
            .meeting
            .meeting
            .id;
        let association = Association {
            connection_id: connection_id.clone(),
            company_id: "c1".into(),
            deal_id: Some("d1".into()),
            method: "tracking_field".into(),
            confidence: 0.9,
        };
        set_association(&conn, &id, &association, UnixMs(2)).unwrap();
        set_ended(&conn, &id, "2026-11-25T06:45:00Z", UnixMs(3)).unwrap();
        let stored = get(&conn, &id).unwrap().unwrap();
        assert_eq!(stored.meeting.crm_company_id.as_deref(), Some("c1"));
        assert_eq!(stored.meeting.crm_deal_id.as_deref(), Some("d1"));
        assert_eq!(
            stored.meeting.ended_at.as_deref(),
            Some("2026-11-25T06:45:00Z")
        );
        assert_eq!(stored.crm_connection_id, Some(connection_id));
        assert_eq!(stored.association_confidence, Some(0.9));
        assert_eq!(stored.updated_at, UnixMs(3));
    }

    #[test]
    fn confidence_outside_0_1_is_rejected() {
        let conn = memory_db();
        let connection_id = add_connection(&conn, "portal");
        let id = create_or_get(&conn, &new_meeting("m"), UnixMs(1))
            .unwrap()
            .meeting
            .meeting
            .id;
        let association = Association {
            connection_id,
            company_id: "c1".into(),
            deal_id: None,
            method: "guess".into(),
            confidence: 1.5,
        };
        let err = set_association(&conn, &id, &association, UnixMs(2)).unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
    }

    #[test]
    fn updating_a_missing_meeting_is_not_found() {
        let conn = memory_db();
        let err = set_ended(&conn, "nope", "2026-01-01T00:00:00Z", UnixMs(1)).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::NotFound {
                    what: "meeting",
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
