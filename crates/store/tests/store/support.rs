//! Shared helpers: temporary stores and sample records.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use callbrief_core::model::CrmSnapshot;
use callbrief_store::Store;
use callbrief_store::repo::connections::{CrmKind, NewConnection};
use callbrief_store::repo::meetings::NewMeeting;
use rusqlite::Connection;
use tempfile::TempDir;

/// A store in a fresh temporary folder (kept alive by the returned `TempDir`).
pub async fn temp_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(db_path(&dir)).await.unwrap();
    (dir, store)
}

/// Where tests put the database inside `dir`.
pub fn db_path(dir: &TempDir) -> PathBuf {
    dir.path().join("callbrief.sqlite3")
}

/// A HubSpot connection for `account`.
pub fn new_connection(account: &str) -> NewConnection {
    NewConnection {
        crm: CrmKind::HubSpot,
        account_id: account.into(),
        display_name: format!("HubSpot {account}"),
        base_url: "http://127.0.0.1:9".into(),
        keychain_account: format!("hubspot:{account}"),
    }
}

/// A Zoom meeting with this provider id.
pub fn new_meeting(provider_meeting_id: &str) -> NewMeeting {
    NewMeeting {
        provider: "zoom".into(),
        provider_meeting_id: provider_meeting_id.into(),
        ..NewMeeting::default()
    }
}

/// The example snapshot from the interfaces document.
pub fn snapshot() -> CrmSnapshot {
    serde_json::from_value(serde_json::json!({
      "format": "callbrief-crm-snapshot/1",
      "owners":    [{"id": "u1", "name": "Li Wei", "email": "li.wei@seller.example"}],
      "companies": [{"id": "c1", "name": "Acme Robotics", "domain": "acme-robotics.example",
                     "industry": "manufacturing", "phone": "+86 21 5555 0101", "owner_id": "u1"}],
      "contacts":  [{"id": "p1", "first_name": "Anna", "last_name": "Chen",
                     "email": "anna.chen@acme-robotics.example", "phone": "+86 138 0013 8000",
                     "title": "CTO", "company_id": "c1"}],
      "deals":     [{"id": "d1", "name": "Acme – 200 seats", "stage": "proposal", "amount": 120000,
                     "currency": "CNY", "close_date": "2026-12-20", "company_id": "c1",
                     "contact_ids": ["p1"], "owner_id": "u1"}],
      "notes":     [{"id": "n1", "body": "…", "timestamp": "2026-11-02T09:00:00Z",
                     "company_id": "c1", "contact_ids": ["p1"], "deal_id": "d1"}],
      "tasks":     [{"id": "t1", "subject": "Send pricing", "due": "2026-11-30", "status": "open",
                     "company_id": "c1", "contact_id": "p1", "deal_id": "d1"}],
      "meetings":  [{"id": "m1", "title": "Acme pricing review", "start": "2026-11-25T06:00:00Z",
                     "end": "2026-11-25T06:45:00Z", "company_id": "c1", "contact_ids": ["p1"],
                     "deal_id": "d1", "join_url": "https://meet.example/acme"}]
    }))
    .unwrap()
}

/// Row counts of every ordinary table (FTS shadow tables excluded: they are the index).
pub fn table_counts(conn: &Connection) -> BTreeMap<String, i64> {
    table_names(conn)
        .into_iter()
        .map(|table| {
            let count = conn
                .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                    r.get(0)
                })
                .unwrap();
            (table, count)
        })
        .collect()
}

/// Names of the ordinary tables.
pub fn table_names(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'transcript_fts_%'
             ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The names of the entries in `dir`, sorted.
pub fn dir_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
