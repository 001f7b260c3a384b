//! The CRM cache (`crm_owners`, `crm_companies`, `crm_contacts`, `crm_deals`, `crm_notes`,
//! `crm_tasks`, `crm_meetings`): records fetched from a CRM, keyed by (connection, CRM id),
//! stored as the vendor-neutral [`callbrief_core::model`] types.
//!
//! Reads return [`Cached`] values carrying `fetched_at`; the caller decides whether they
//! are fresh enough ([`Cached::is_fresh`]) or must be fetched again.

use std::time::Duration;

use callbrief_core::model::{
    Company, Contact, CrmSnapshot, Deal, Note, Owner, ScheduledMeeting, Task,
};
use rusqlite::{Connection, OptionalExtension, Params, Transaction, params};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::json_column;
use crate::error::StoreError;
use crate::page::{Page, Paged};
use crate::time::UnixMs;

/// A cached CRM record and when it was fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cached<T> {
    /// The record as the CRM sent it (mapped to the vendor-neutral model).
    pub record: T,
    /// When it was fetched from the CRM.
    pub fetched_at: UnixMs,
}

impl<T> Cached<T> {
    /// Whether the record was fetched no longer than `ttl` before `now`.
    pub fn is_fresh(&self, ttl: Duration, now: UnixMs) -> bool {
        self.fetched_at.is_within(ttl, now)
    }
}

/// How many records of each kind [`upsert_snapshot`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotCounts {
    /// Owners.
    pub owners: usize,
    /// Companies.
    pub companies: usize,
    /// Contacts.
    pub contacts: usize,
    /// Deals.
    pub deals: usize,
    /// Notes.
    pub notes: usize,
    /// Tasks.
    pub tasks: usize,
    /// Scheduled meetings.
    pub meetings: usize,
}

/// Whether a deal with this stage is still open. CRMs spell closed stages differently
/// (`closedwon`, `Closed Lost`, `won`), so letters are compared without case or spacing.
pub fn deal_is_open(stage: Option<&str>) -> bool {
    let Some(stage) = stage else { return true };
    let letters = normalise(stage);
    !(letters.starts_with("closed") || letters == "won" || letters == "lost")
}

/// Whether a task with this status is still to do.
pub fn task_is_open(status: Option<&str>) -> bool {
    let Some(status) = status else { return true };
    !matches!(
        normalise(status).as_str(),
        "completed" | "complete" | "done" | "closed"
    )
}

fn normalise(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Stores every record of `snapshot` for `connection_id`, replacing cached versions. Records
/// missing from the snapshot are left alone: a snapshot may be a partial fetch. Takes a
/// transaction so the cache never shows half a snapshot.
pub fn upsert_snapshot(
    tx: &Transaction<'_>,
    connection_id: &str,
    snapshot: &CrmSnapshot,
    fetched_at: UnixMs,
) -> Result<SnapshotCounts, StoreError> {
    let mut counts = SnapshotCounts::default();
    let mut stmt = tx.prepare(
        "INSERT INTO crm_owners (connection_id, crm_id, name, email, fetched_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (connection_id, crm_id) DO UPDATE SET
             name = excluded.name, email = excluded.email,
             fetched_at = excluded.fetched_at, record = excluded.record",
    )?;
    for o in &snapshot.owners {
        let json = serde_json::to_string(o)?;
        counts.owners += stmt.execute(params![
            connection_id,
            o.id,
            o.name,
            o.email,
            fetched_at,
            json
        ])?;
    }

    let mut stmt = tx.prepare(
        "INSERT INTO crm_companies (connection_id, crm_id, name, domain, owner_id, fetched_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (connection_id, crm_id) DO UPDATE SET
             name = excluded.name, domain = excluded.domain, owner_id = excluded.owner_id,
             fetched_at = excluded.fetched_at, record = excluded.record",
    )?;
    for c in &snapshot.companies {
        let json = serde_json::to_string(c)?;
        counts.companies += stmt.execute(params![
            connection_id,
            c.id,
            c.name,
            c.domain,
            c.owner_id,
            fetched_at,
            json
        ])?;
    }

    let mut stmt = tx.prepare(
        "INSERT INTO crm_contacts (connection_id, crm_id, name, email, company_id, fetched_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (connection_id, crm_id) DO UPDATE SET
             name = excluded.name, email = excluded.email, company_id = excluded.company_id,
             fetched_at = excluded.fetched_at, record = excluded.record",
    )?;
    for c in &snapshot.contacts {
        let json = serde_json::to_string(c)?;
        counts.contacts += stmt.execute(params![
            connection_id,
            c.id,
            c.display_name(),
            c.email,
            c.company_id,
            fetched_at,
            json
        ])?;
    }

    let mut stmt = tx.prepare(
        "INSERT INTO crm_deals
             (connection_id, crm_id, name, stage, is_open, close_date, company_id, fetched_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (connection_id, crm_id) DO UPDATE SET
             name = excluded.name, stage = excluded.stage, is_open = excluded.is_open,
             close_date = excluded.close_date, company_id = excluded.company_id,
             fetched_at = excluded.fetched_at, record = excluded.record",
    )?;
    for d in &snapshot.deals {
        let json = serde_json::to_string(d)?;
        let open = deal_is_open(d.stage.as_deref());
        counts.deals += stmt.execute(params![
            connection_id,
            d.id,
            d.name,
            d.stage,
            open,
            d.close_date,
            d.company_id,
            fetched_at,
            json
        ])?;
    }

    let mut stmt = tx.prepare(
        "INSERT INTO crm_notes (connection_id, crm_id, company_id, deal_id, noted_at, fetched_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (connection_id, crm_id) DO UPDATE SET
             company_id = excluded.company_id, deal_id = excluded.deal_id,
             noted_at = excluded.noted_at, fetched_at = excluded.fetched_at,
             record = excluded.record",
    )?;
    for n in &snapshot.notes {
        let json = serde_json::to_string(n)?;
        counts.notes += stmt.execute(params![
            connection_id,
            n.id,
            n.company_id,
            n.deal_id,
            n.timestamp,
            fetched_at,
            json
        ])?;
    }

    let mut stmt = tx.prepare(
        "INSERT INTO crm_tasks
             (connection_id, crm_id, subject, status, is_open, due, company_id, fetched_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (connection_id, crm_id) DO UPDATE SET
             subject = excluded.subject, status = excluded.status, is_open = excluded.is_open,
             due = excluded.due, company_id = excluded.company_id,
             fetched_at = excluded.fetched_at, record = excluded.record",
    )?;
    for t in &snapshot.tasks {
        let json = serde_json::to_string(t)?;
        let open = task_is_open(t.status.as_deref());
        counts.tasks += stmt.execute(params![
            connection_id,
            t.id,
            t.subject,
            t.status,
            open,
            t.due,
            t.company_id,
            fetched_at,
            json
        ])?;
    }

    let mut stmt = tx.prepare(
        "INSERT INTO crm_meetings
             (connection_id, crm_id, title, starts_at, ends_at, company_id, deal_id, join_url,
              fetched_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (connection_id, crm_id) DO UPDATE SET
             title = excluded.title, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
             company_id = excluded.company_id, deal_id = excluded.deal_id,
             join_url = excluded.join_url, fetched_at = excluded.fetched_at,
             record = excluded.record",
    )?;
    for m in &snapshot.meetings {
        let json = serde_json::to_string(m)?;
        counts.meetings += stmt.execute(params![
            connection_id,
            m.id,
            m.title,
            m.start,
            m.end,
            m.company_id,
            m.deal_id,
            m.join_url,
            fetched_at,
            json
        ])?;
    }
    Ok(counts)
}

/// One cached owner (salesperson).
pub fn owner(
    conn: &Connection,
    connection_id: &str,
    crm_id: &str,
) -> Result<Option<Cached<Owner>>, StoreError> {
    one(conn, "crm_owners", connection_id, crm_id)
}

/// One cached company.
pub fn company(
    conn: &Connection,
    connection_id: &str,
    crm_id: &str,
) -> Result<Option<Cached<Company>>, StoreError> {
    one(conn, "crm_companies", connection_id, crm_id)
}

/// Cached companies matching `query`: a name containing it (any script, case-insensitive
/// for ASCII), the exact domain, or the company of a contact with that exact email.
/// Works offline and for partial Chinese names, which CRM token search often misses.
pub fn find_companies(
    conn: &Connection,
    connection_id: &str,
    query: &str,
    page: Page,
) -> Result<Paged<Cached<Company>>, StoreError> {
    let pattern = format!("%{}%", escape_like(query.trim()));
    list(
        conn,
        "SELECT record, fetched_at FROM crm_companies
         WHERE connection_id = ?1
           AND (name LIKE ?2 ESCAPE '\\' OR domain = ?3 COLLATE NOCASE
                OR crm_id IN (SELECT company_id FROM crm_contacts
                              WHERE connection_id = ?1 AND email = ?3 COLLATE NOCASE))
         ORDER BY name COLLATE NOCASE, crm_id LIMIT ?4 OFFSET ?5",
        params![
            connection_id,
            pattern,
            query.trim(),
            page.sql_limit(),
            page.sql_offset()
        ],
        page,
    )
}

/// `%` and `_` match literally in a LIKE pattern escaped with `\`.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The company's contacts, by name.
pub fn contacts_of_company(
    conn: &Connection,
    connection_id: &str,
    company_id: &str,
    page: Page,
) -> Result<Paged<Cached<Contact>>, StoreError> {
    list(
        conn,
        "SELECT record, fetched_at FROM crm_contacts
         WHERE connection_id = ?1 AND company_id = ?2
         ORDER BY name COLLATE NOCASE, crm_id LIMIT ?3 OFFSET ?4",
        params![
            connection_id,
            company_id,
            page.sql_limit(),
            page.sql_offset()
        ],
        page,
    )
}

/// The company's open deals, soonest expected close first (undated last).
pub fn open_deals_of_company(
    conn: &Connection,
    connection_id: &str,
    company_id: &str,
    page: Page,
) -> Result<Paged<Cached<Deal>>, StoreError> {
    list(
        conn,
        "SELECT record, fetched_at FROM crm_deals
         WHERE connection_id = ?1 AND company_id = ?2 AND is_open = 1
         ORDER BY close_date NULLS LAST, crm_id LIMIT ?3 OFFSET ?4",
        params![
            connection_id,
            company_id,
            page.sql_limit(),
            page.sql_offset()
        ],
        page,
    )
}

/// The company's notes, newest first (undated last).
pub fn recent_notes_of_company(
    conn: &Connection,
    connection_id: &str,
    company_id: &str,
    page: Page,
) -> Result<Paged<Cached<Note>>, StoreError> {
    list(
        conn,
        "SELECT record, fetched_at FROM crm_notes
         WHERE connection_id = ?1 AND company_id = ?2
         ORDER BY noted_at DESC NULLS LAST, crm_id LIMIT ?3 OFFSET ?4",
        params![
            connection_id,
            company_id,
            page.sql_limit(),
            page.sql_offset()
        ],
        page,
    )
}

/// The company's open tasks, soonest due first (undated last).
pub fn open_tasks_of_company(
    conn: &Connection,
    connection_id: &str,
    company_id: &str,
    page: Page,
) -> Result<Paged<Cached<Task>>, StoreError> {
    list(
        conn,
        "SELECT record, fetched_at FROM crm_tasks
         WHERE connection_id = ?1 AND company_id = ?2 AND is_open = 1
         ORDER BY due NULLS LAST, crm_id LIMIT ?3 OFFSET ?4",
        params![
            connection_id,
            company_id,
            page.sql_limit(),
            page.sql_offset()
        ],
        page,
    )
}

/// Scheduled meetings starting at or after `from` (RFC 3339, UTC), soonest first.
pub fn upcoming_meetings(
    conn: &Connection,
    connection_id: &str,
    from: &str,
    page: Page,
) -> Result<Paged<Cached<ScheduledMeeting>>, StoreError> {
    list(
        conn,
        "SELECT record, fetched_at FROM crm_meetings
         WHERE connection_id = ?1 AND starts_at >= ?2
         ORDER BY starts_at, crm_id LIMIT ?3 OFFSET ?4",
        params![connection_id, from, page.sql_limit(), page.sql_offset()],
        page,
    )
}

fn one<T: DeserializeOwned>(
    conn: &Connection,
    table: &'static str,
    connection_id: &str,
    crm_id: &str,
) -> Result<Option<Cached<T>>, StoreError> {
    let sql =
        format!("SELECT record, fetched_at FROM {table} WHERE connection_id = ?1 AND crm_id = ?2");
    Ok(conn
        .query_row(&sql, [connection_id, crm_id], cached_from_row)
        .optional()?)
}

fn list<T: DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    page: Page,
) -> Result<Paged<Cached<T>>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params, cached_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

fn cached_from_row<T: DeserializeOwned>(row: &rusqlite::Row<'_>) -> rusqlite::Result<Cached<T>> {
    Ok(Cached {
        record: json_column(row, 0)?,
        fetched_at: row.get(1)?,
    })
}

#[cfg(test)]
mod tests {
    use callbrief_core::model::SNAPSHOT_FORMAT;

    use super::*;
    use crate::testing::{add_connection, memory_db};

    fn snapshot() -> CrmSnapshot {
        serde_json::from_value(serde_json::json!({
            "format": SNAPSHOT_FORMAT,
            "owners": [{"id": "u1", "name": "Li Wei"}],
            "companies": [{"id": "c1", "name": "Acme Robotics", "domain": "acme.example"},
                          {"id": "c2", "name": "Other"}],
            "contacts": [{"id": "p2", "first_name": "Zed", "company_id": "c1"},
                         {"id": "p1", "first_name": "Anna", "last_name": "Chen", "company_id": "c1"},
                         {"id": "p3", "first_name": "Elsewhere", "company_id": "c2"}],
            "deals": [{"id": "d1", "name": "Open late", "stage": "proposal", "close_date": "2026-12-20", "company_id": "c1"},
                      {"id": "d2", "name": "Won", "stage": "Closed Won", "company_id": "c1"},
                      {"id": "d3", "name": "Open soon", "close_date": "2026-11-01", "company_id": "c1"}],
            "notes": [{"id": "n1", "body": "old", "timestamp": "2026-01-01T00:00:00Z", "company_id": "c1"},
                      {"id": "n2", "body": "new", "timestamp": "2026-06-01T00:00:00Z", "company_id": "c1"}],
            "tasks": [{"id": "t1", "subject": "Done", "status": "completed", "company_id": "c1"},
                      {"id": "t2", "subject": "Call back", "status": "open", "due": "2026-11-30", "company_id": "c1"}],
            "meetings": [{"id": "m1", "title": "Past", "start": "2026-01-01T00:00:00Z"},
                         {"id": "m2", "title": "Next", "start": "2026-11-25T06:00:00Z"}]
        }))
        .unwrap()
    }

    fn seeded() -> (Connection, String) {
        let mut conn = memory_db();
        let connection_id = add_connection(&conn, "portal");
        let tx = conn.transaction().unwrap();
        let counts = upsert_snapshot(&tx, &connection_id, &snapshot(), UnixMs(1_000)).unwrap();
        tx.commit().unwrap();
        assert_eq!(
            counts,
            SnapshotCounts {
                owners: 1,
                companies: 2,
                contacts: 3,
                deals: 3,
                notes: 2,
                tasks: 2,
                meetings: 2
            }
        );
        (conn, connection_id)
    }

    fn ids<T>(paged: &Paged<Cached<T>>, id: impl Fn(&T) -> &str) -> Vec<String> {
        paged
            .items
            .iter()
            .map(|c| id(&c.record).to_owned())
            .collect()
    }

    #[test]
    fn company_round_trips_with_fetched_at() {
        let (conn, cid) = seeded();
        let company = company(&conn, &cid, "c1").unwrap().unwrap();
        assert_eq!(company.record.domain.as_deref(), Some("acme.example"));
        assert_eq!(company.fetched_at, UnixMs(1_000));
        assert!(company.is_fresh(Duration::from_secs(1), UnixMs(2_000)));
        assert!(!company.is_fresh(Duration::from_secs(1), UnixMs(2_001)));
        assert_eq!(
            owner(&conn, &cid, "u1").unwrap().unwrap().record.name,
            "Li Wei"
        );
        assert!(self::company(&conn, &cid, "nope").unwrap().is_none());
        assert!(
            self::company(&conn, "other-connection", "c1")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn lists_filter_and_order() {
        let (conn, cid) = seeded();
        let contacts = contacts_of_company(&conn, &cid, "c1", Page::default()).unwrap();
        assert_eq!(ids(&contacts, |c| &c.id), ["p1", "p2"]);
        let deals = open_deals_of_company(&conn, &cid, "c1", Page::default()).unwrap();
        assert_eq!(ids(&deals, |d| &d.id), ["d3", "d1"]);
        let notes = recent_notes_of_company(&conn, &cid, "c1", Page::default()).unwrap();
        assert_eq!(ids(&notes, |n| &n.id), ["n2", "n1"]);
        let tasks = open_tasks_of_company(&conn, &cid, "c1", Page::default()).unwrap();
        assert_eq!(ids(&tasks, |t| &t.id), ["t2"]);
        let upcoming =
            upcoming_meetings(&conn, &cid, "2026-06-01T00:00:00Z", Page::default()).unwrap();
        assert_eq!(ids(&upcoming, |m| &m.id), ["m2"]);
    }

    #[test]
    fn upsert_replaces_a_cached_record() {
        let (mut conn, cid) = seeded();
        let mut changed = CrmSnapshot::default();
        changed.deals.push(Deal {
            stage: Some("closedlost".into()),
            ..snapshot().deals[0].clone()
        });
        let tx = conn.transaction().unwrap();
        upsert_snapshot(&tx, &cid, &changed, UnixMs(5_000)).unwrap();
        tx.commit().unwrap();
        let deals = open_deals_of_company(&conn, &cid, "c1", Page::default()).unwrap();
        assert_eq!(ids(&deals, |d| &d.id), ["d3"]);
        // Records absent from a partial snapshot stay cached.
        assert!(company(&conn, &cid, "c2").unwrap().is_some());
    }

    #[test]
    fn a_failing_record_leaves_nothing_of_the_snapshot() {
        let mut conn = memory_db();
        let cid = add_connection(&conn, "portal");
        // Fail on tasks, after owners, companies, contacts, deals and notes were written.
        conn.execute_batch(
            "CREATE TEMP TRIGGER fail_tasks BEFORE INSERT ON crm_tasks
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
        let tx = conn.transaction().unwrap();
        let err = upsert_snapshot(&tx, &cid, &snapshot(), UnixMs(1)).unwrap_err();
        drop(tx);
        assert!(err.to_string().contains("boom"), "{err}");
        let count: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM crm_owners) + (SELECT count(*) FROM crm_notes)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(count, 0);
    }

    #[test]
    fn open_and_closed_stages_and_statuses() {
        for closed in ["closedwon", "Closed Lost", "closed_won", "WON", "lost"] {
            assert!(!deal_is_open(Some(closed)), "{closed}");
        }
        for open in ["proposal", "appointmentscheduled", "Negotiation/Review"] {
            assert!(deal_is_open(Some(open)), "{open}");
        }
        assert!(deal_is_open(None));
        assert!(!task_is_open(Some("COMPLETED")));
        assert!(!task_is_open(Some("Completed")));
        assert!(task_is_open(Some("NOT_STARTED")));
        assert!(task_is_open(None));
    }

    #[test]
    fn paging_walks_every_contact_once() {
        let (conn, cid) = seeded();
        let mut seen = Vec::new();
        let mut page = Some(Page::first(1));
        while let Some(p) = page {
            let paged = contacts_of_company(&conn, &cid, "c1", p).unwrap();
            seen.extend(ids(&paged, |c| &c.id));
            page = paged.next;
        }
        assert_eq!(seen, ["p1", "p2"]);
    }
}
