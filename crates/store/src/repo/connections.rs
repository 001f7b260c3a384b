//! The `crm_connections` table: which CRM accounts are connected. Only the keychain
//! entry's name is stored; the token stays in the OS keychain.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::page::{Page, Paged};
use crate::sql_enum::sql_enum;
use crate::time::UnixMs;

sql_enum! {
    /// A supported CRM.
    pub enum CrmKind {
        /// HubSpot.
        HubSpot = "hubspot",
        /// Salesforce.
        Salesforce = "salesforce",
        /// Pipedrive.
        Pipedrive = "pipedrive",
    }
}

/// A connection as the user sets it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewConnection {
    /// Which CRM.
    pub crm: CrmKind,
    /// HubSpot portal id, Salesforce org id or Pipedrive company domain.
    pub account_id: String,
    /// What the UI calls it.
    pub display_name: String,
    /// API base URL (instance URL for Salesforce; the sandbox's URL in tests).
    pub base_url: String,
    /// The keychain entry's account name, `<crm>:<account id>`.
    pub keychain_account: String,
}

/// A stored connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmConnection {
    /// Local id (UUID v7), stable across updates.
    pub id: String,
    /// Which CRM.
    pub crm: CrmKind,
    /// HubSpot portal id, Salesforce org id or Pipedrive company domain.
    pub account_id: String,
    /// What the UI calls it.
    pub display_name: String,
    /// API base URL.
    pub base_url: String,
    /// The keychain entry's account name.
    pub keychain_account: String,
    /// When it was first connected.
    pub created_at: UnixMs,
    /// When it last changed.
    pub updated_at: UnixMs,
}

const COLUMNS: &str =
    "id, crm, account_id, display_name, base_url, keychain_account, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<CrmConnection> {
    Ok(CrmConnection {
        id: row.get(0)?,
        crm: row.get(1)?,
        account_id: row.get(2)?,
        display_name: row.get(3)?,
        base_url: row.get(4)?,
        keychain_account: row.get(5)?,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
    })
}

/// Adds the connection, or updates the one for the same CRM account (keeping its id).
pub fn upsert(
    conn: &Connection,
    new: &NewConnection,
    now: UnixMs,
) -> Result<CrmConnection, StoreError> {
    let sql = format!(
        "INSERT INTO crm_connections ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (crm, account_id) DO UPDATE SET
             display_name = excluded.display_name,
             base_url = excluded.base_url,
             keychain_account = excluded.keychain_account,
             updated_at = excluded.updated_at
         RETURNING {COLUMNS}"
    );
    let id = uuid::Uuid::now_v7().to_string();
    Ok(conn.query_row(
        &sql,
        params![
            id,
            new.crm,
            new.account_id,
            new.display_name,
            new.base_url,
            new.keychain_account,
            now
        ],
        from_row,
    )?)
}

/// The connection with this id.
pub fn get(conn: &Connection, id: &str) -> Result<Option<CrmConnection>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM crm_connections WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], from_row).optional()?)
}

/// All connections, oldest first.
pub fn list(conn: &Connection, page: Page) -> Result<Paged<CrmConnection>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM crm_connections ORDER BY created_at, id LIMIT ?1 OFFSET ?2");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(params![page.sql_limit(), page.sql_offset()], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

/// Removes a connection with its CRM cache, identity links and delivered outbox history.
/// Refuses with [`StoreError::ConnectionHasUnsentPushes`] while anything is still to be
/// sent. Returns whether it existed. Run inside a transaction to make it atomic.
pub fn delete(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    let unsent: i64 = conn.query_row(
        "SELECT count(*) FROM outbox WHERE connection_id = ?1 AND state <> 'done'",
        [id],
        |row| row.get(0),
    )?;
    if let Ok(unsent @ 1..) = u64::try_from(unsent) {
        return Err(StoreError::ConnectionHasUnsentPushes {
            connection_id: id.to_owned(),
            unsent,
        });
    }
    conn.execute("DELETE FROM outbox WHERE connection_id = ?1", [id])?;
    Ok(conn.execute("DELETE FROM crm_connections WHERE id = ?1", [id])? > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{memory_db, new_connection};

    #[test]
    fn upsert_keeps_the_id_and_updates_fields() {
        let conn = memory_db();
        let first = upsert(&conn, &new_connection("portal-1"), UnixMs(10)).unwrap();
        let mut changed = new_connection("portal-1");
        changed.display_name = "Renamed".into();
        let second = upsert(&conn, &changed, UnixMs(20)).unwrap();
        assert_eq!(second.id, first.id);
        assert_eq!(second.display_name, "Renamed");
        assert_eq!(second.created_at, UnixMs(10));
        assert_eq!(second.updated_at, UnixMs(20));
        assert_eq!(get(&conn, &first.id).unwrap(), Some(second));
    }

    #[test]
    fn list_is_paged_in_creation_order() {
        let conn = memory_db();
        for (i, account) in ["a", "b", "c"].iter().enumerate() {
            upsert(&conn, &new_connection(account), UnixMs(i as i64)).unwrap();
        }
        let first = list(&conn, Page::first(2)).unwrap();
        let accounts: Vec<_> = first.items.iter().map(|c| c.account_id.as_str()).collect();
        assert_eq!(accounts, ["a", "b"]);
        let rest = list(&conn, first.next.unwrap()).unwrap();
        assert_eq!(rest.items.len(), 1);
        assert_eq!(rest.items[0].account_id, "c");
        assert_eq!(rest.next, None);
    }

    #[test]
    fn every_crm_kind_passes_the_check_constraint() {
        let conn = memory_db();
        for (i, kind) in CrmKind::ALL.iter().enumerate() {
            let new = NewConnection {
                crm: *kind,
                ..new_connection(&i.to_string())
            };
            assert_eq!(upsert(&conn, &new, UnixMs(0)).unwrap().crm, *kind);
        }
    }

    #[test]
    fn unknown_crm_is_rejected() {
        let conn = memory_db();
        let err = conn
            .execute(
                "INSERT INTO crm_connections VALUES ('x', 'zoho', 'a', 'n', 'u', 'k', 0, 0)",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
    }

    #[test]
    fn delete_missing_returns_false() {
        let conn = memory_db();
        assert!(!delete(&conn, "nope").unwrap());
    }
}
