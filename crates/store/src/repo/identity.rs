//! The `identity_map` table: which CRM person a meeting participant is.

use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::page::{Page, Paged};
use crate::sql_enum::sql_enum;
use crate::time::UnixMs;

sql_enum! {
    /// The kind of CRM record a participant maps to.
    pub enum CrmObject {
        /// A customer contact.
        Contact = "contact",
        /// A CRM user (a salesperson on the seller's side).
        Owner = "owner",
    }
}

sql_enum! {
    /// Where a link came from.
    pub enum IdentitySource {
        /// The user confirmed it; never replaced automatically.
        User = "user",
        /// Callbrief inferred it (same email, accepted association).
        Learned = "learned",
    }
}

/// A link to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewIdentityLink {
    /// Video platform.
    pub provider: String,
    /// The platform's user id.
    pub provider_user_id: String,
    /// The CRM connection `crm_id` belongs to.
    pub connection_id: String,
    /// Contact or owner.
    pub crm_object: CrmObject,
    /// The CRM record's id.
    pub crm_id: String,
    /// Who made the link.
    pub source: IdentitySource,
}

/// A stored link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityLink {
    /// Row id, for [`delete`].
    pub id: i64,
    /// The link.
    pub link: NewIdentityLink,
    /// When it was made.
    pub created_at: UnixMs,
}

const COLUMNS: &str =
    "id, provider, provider_user_id, connection_id, crm_object, crm_id, source, created_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<IdentityLink> {
    Ok(IdentityLink {
        id: row.get(0)?,
        link: NewIdentityLink {
            provider: row.get(1)?,
            provider_user_id: row.get(2)?,
            connection_id: row.get(3)?,
            crm_object: row.get(4)?,
            crm_id: row.get(5)?,
            source: row.get(6)?,
        },
        created_at: row.get(7)?,
    })
}

/// Adds a link, or returns the existing identical one. Adding a `user` link over a
/// `learned` one marks it as confirmed; a `learned` link never downgrades a `user` one.
pub fn add(
    conn: &Connection,
    link: &NewIdentityLink,
    now: UnixMs,
) -> Result<IdentityLink, StoreError> {
    let sql = format!(
        "INSERT INTO identity_map
             (provider, provider_user_id, connection_id, crm_object, crm_id, source, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (provider, provider_user_id, connection_id, crm_object, crm_id) DO UPDATE SET
             source = CASE WHEN excluded.source = 'user' THEN 'user' ELSE source END
         RETURNING {COLUMNS}"
    );
    Ok(conn.query_row(
        &sql,
        params![
            link.provider,
            link.provider_user_id,
            link.connection_id,
            link.crm_object,
            link.crm_id,
            link.source,
            now
        ],
        from_row,
    )?)
}

/// The CRM records a participant is linked to, user-confirmed first, then newest.
pub fn list_for_provider_user(
    conn: &Connection,
    provider: &str,
    provider_user_id: &str,
    page: Page,
) -> Result<Paged<IdentityLink>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM identity_map WHERE provider = ?1 AND provider_user_id = ?2
         ORDER BY source = 'user' DESC, created_at DESC, id DESC LIMIT ?3 OFFSET ?4"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![
                provider,
                provider_user_id,
                page.sql_limit(),
                page.sql_offset()
            ],
            from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

/// Removes a link. Returns whether it existed.
pub fn delete(conn: &Connection, id: i64) -> Result<bool, StoreError> {
    Ok(conn.execute("DELETE FROM identity_map WHERE id = ?1", [id])? > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{add_connection, memory_db};

    fn link(connection_id: &str, crm_id: &str, source: IdentitySource) -> NewIdentityLink {
        NewIdentityLink {
            provider: "zoom".into(),
            provider_user_id: "zu-1".into(),
            connection_id: connection_id.into(),
            crm_object: CrmObject::Contact,
            crm_id: crm_id.into(),
            source,
        }
    }

    #[test]
    fn one_participant_maps_to_many_records_user_links_first() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        add(&conn, &link(&cid, "p1", IdentitySource::User), UnixMs(1)).unwrap();
        add(&conn, &link(&cid, "p2", IdentitySource::Learned), UnixMs(2)).unwrap();
        let links = list_for_provider_user(&conn, "zoom", "zu-1", Page::default())
            .unwrap()
            .items;
        let ids: Vec<_> = links.iter().map(|l| l.link.crm_id.as_str()).collect();
        assert_eq!(ids, ["p1", "p2"]);
        assert!(
            list_for_provider_user(&conn, "zoom", "other", Page::default())
                .unwrap()
                .items
                .is_empty()
        );
    }

    #[test]
    fn user_confirmation_upgrades_and_learned_never_downgrades() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        let learned = add(&conn, &link(&cid, "p1", IdentitySource::Learned), UnixMs(1)).unwrap();
        let confirmed = add(&conn, &link(&cid, "p1", IdentitySource::User), UnixMs(2)).unwrap();
        assert_eq!(confirmed.id, learned.id);
        assert_eq!(confirmed.link.source, IdentitySource::User);
        assert_eq!(confirmed.created_at, UnixMs(1));
        let again = add(&conn, &link(&cid, "p1", IdentitySource::Learned), UnixMs(3)).unwrap();
        assert_eq!(again.link.source, IdentitySource::User);
    }

    #[test]
    fn delete_removes_only_that_link() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        let a = add(&conn, &link(&cid, "p1", IdentitySource::User), UnixMs(1)).unwrap();
        add(&conn, &link(&cid, "p2", IdentitySource::User), UnixMs(1)).unwrap();
        assert!(delete(&conn, a.id).unwrap());
        assert!(!delete(&conn, a.id).unwrap());
        let left = list_for_provider_user(&conn, "zoom", "zu-1", Page::default())
            .unwrap()
            .items;
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].link.crm_id, "p2");
    }

    #[test]
    fn every_enum_value_passes_the_check_constraints() {
        let conn = memory_db();
        let cid = add_connection(&conn, "portal");
        for object in CrmObject::ALL {
            for source in IdentitySource::ALL {
                let new = NewIdentityLink {
                    crm_object: *object,
                    ..link(&cid, &format!("{object}-{source}"), *source)
                };
                let stored = add(&conn, &new, UnixMs(1)).unwrap();
                assert_eq!(
                    (stored.link.crm_object, stored.link.source),
                    (*object, *source)
                );
            }
        }
    }
}
