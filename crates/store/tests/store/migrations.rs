//! Schema migrations: empty → latest, and every earlier version → latest with data.

use callbrief_core::settings::{Locale, Theme};
use callbrief_store::connection::APPLICATION_ID;
use callbrief_store::migrations::migrations;
use callbrief_store::repo::connections::CrmKind;
use callbrief_store::repo::outbox::PushState;
use callbrief_store::repo::transcript::SegmentFilter;
use callbrief_store::repo::{chat, events, participants, transcript};
use callbrief_store::{Page, SCHEMA_VERSION, Store};
use rusqlite::Connection;

use crate::support::{db_path, table_counts, table_names};

/// Every table of the latest schema. Update when a migration adds or drops one.
const TABLES: &[&str] = &[
    "chat_messages",
    "crm_companies",
    "crm_connections",
    "crm_contacts",
    "crm_deals",
    "crm_meetings",
    "crm_notes",
    "crm_owners",
    "crm_tasks",
    "identity_map",
    "meeting_events",
    "meetings",
    "outbox",
    "participants",
    "settings",
    "transcript_fts",
    "transcript_segments",
];

#[test]
fn migrations_validate() {
    migrations().validate().unwrap();
}

#[tokio::test]
async fn empty_file_migrates_to_latest() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let store = Store::open(&path).await.unwrap();
    let (version, app_id, tables) = store
        .call(|conn| {
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            Ok((version, app_id, table_names(conn)))
        })
        .await
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION as i64);
    assert_eq!(app_id, APPLICATION_ID);
    assert_eq!(tables, TABLES);
}

#[tokio::test]
async fn zero_byte_and_version_zero_files_are_treated_as_new() {
    let dir = tempfile::tempdir().unwrap();
    let zero_bytes = dir.path().join("zero.sqlite3");
    std::fs::write(&zero_bytes, b"").unwrap();
    let version_zero = dir.path().join("v0.sqlite3");
    {
        // A real SQLite file with nothing in it (as a crash before migration 1 leaves it).
        let conn = Connection::open(&version_zero).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL; VACUUM;")
            .unwrap();
    }
    for path in [zero_bytes, version_zero] {
        let store = Store::open(&path).await.unwrap();
        let version: i64 = store
            .call(|conn| Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION as i64, "{}", path.display());
    }
}

#[tokio::test]
async fn reopening_at_latest_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let store = Store::open(&path).await.unwrap();
    store.save_settings(Default::default()).await.unwrap();
    drop(store);
    let before = std::fs::read(&path).unwrap();
    drop(Store::open(&path).await.unwrap());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// For each version k, seed a database at k with `fixtures/seed_v{k}.sql`, migrate it to the
/// latest version through `Store::open`, and check that every row is still there and
/// readable by today's repositories. Adding a migration extends this loop by itself.
#[tokio::test]
async fn data_seeded_at_every_version_survives_migration_to_latest() {
    for version in 1..=SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = db_path(&dir);
        let seeded_counts = {
            let mut conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            migrations().to_version(&mut conn, version).unwrap();
            conn.execute_batch(&seed_sql(version))
                .unwrap_or_else(|err| panic!("seed_v{version:04}.sql failed: {err}"));
            let counts = table_counts(&conn);
            for (table, count) in &counts {
                assert!(*count > 0, "seed_v{version:04}.sql leaves {table} empty");
            }
            counts
        };

        let store = Store::open(&path).await.unwrap();
        let migrated_counts = store.call(|conn| Ok(table_counts(conn))).await.unwrap();
        for (table, count) in &seeded_counts {
            if let Some(after) = migrated_counts.get(table) {
                assert_eq!(after, count, "rows of {table} seeded at version {version}");
            }
        }
        check_seeded_data(&store).await;
        let (fk_problems, quick_check) = store
            .call(|conn| {
                let fk: i64 =
                    conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                        r.get(0)
                    })?;
                Ok((fk, callbrief_store::connection::quick_check(conn)?))
            })
            .await
            .unwrap();
        assert_eq!(
            fk_problems, 0,
            "foreign keys after migrating from version {version}"
        );
        assert!(quick_check.is_empty(), "{quick_check:?}");
    }
}

fn seed_sql(version: usize) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/store/fixtures/seed_v{version:04}.sql"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "{}: {err}. Every schema version needs a seed so its data is tested across later \
             migrations; write one against that version's schema.",
            path.display()
        )
    })
}

/// Reads the canonical seed rows back through today's API.
async fn check_seeded_data(store: &Store) {
    let settings = store.settings().await.unwrap();
    assert_eq!(
        (settings.locale, settings.theme),
        (Locale::ZhCn, Theme::Dark)
    );

    let connection = store.connection("seed-conn").await.unwrap().unwrap();
    assert_eq!(connection.crm, CrmKind::HubSpot);

    let company = store.company("seed-conn", "c1").await.unwrap().unwrap();
    assert_eq!(company.record.name, "Seed Co");
    let page = Page::default();
    let contacts = store
        .contacts_of_company("seed-conn", "c1", page)
        .await
        .unwrap();
    assert_eq!(contacts.items[0].record.display_name(), "Anna Chen");
    let deals = store
        .open_deals_of_company("seed-conn", "c1", page)
        .await
        .unwrap();
    assert_eq!(deals.items[0].record.contact_ids, ["p1"]);
    let notes = store
        .recent_notes_of_company("seed-conn", "c1", page)
        .await
        .unwrap();
    assert_eq!(notes.items[0].record.body, "Seed note");
    let tasks = store
        .open_tasks_of_company("seed-conn", "c1", page)
        .await
        .unwrap();
    assert_eq!(tasks.items[0].record.subject, "Send pricing");
    let upcoming = store
        .upcoming_crm_meetings("seed-conn", "2026-01-01T00:00:00Z", page)
        .await
        .unwrap();
    assert_eq!(upcoming.items[0].record.title, "Seed review");

    let meeting = store.meeting("seed-meeting").await.unwrap().unwrap();
    assert_eq!(meeting.meeting.topic.as_deref(), Some("Seed topic"));
    assert_eq!(meeting.meeting.instance_id.as_deref(), Some("uuid-1"));
    assert_eq!(meeting.association_confidence, Some(0.95));

    let (participants, event_count, segments, chat) = store
        .call(|conn| {
            Ok((
                participants::list(conn, "seed-meeting", Page::default())?,
                events::count(conn, "seed-meeting")?,
                transcript::list(conn, "seed-meeting", SegmentFilter::Final, Page::default())?,
                chat::list(conn, "seed-meeting", Page::default())?,
            ))
        })
        .await
        .unwrap();
    assert_eq!(
        participants.items[0].participant.provider_user_id,
        "zu-seed"
    );
    assert_eq!(event_count, 1);
    assert_eq!(segments.items[0].segment_id, "s1");
    assert_eq!(chat.items[0].text, "hello");
    let hits = store
        .search_transcripts("seedword", None, page)
        .await
        .unwrap();
    assert_eq!(hits.items.len(), 1, "the full-text index survives");

    let links = store.identity_links("zoom", "zu-seed", page).await.unwrap();
    assert_eq!(links.items[0].link.crm_id, "p1");
    let retrying = store
        .pushes_by_state(PushState::Retrying, page)
        .await
        .unwrap();
    assert_eq!(retrying.items[0].push_id, "seed-push");
    assert_eq!(retrying.items[0].payload["body"], "Seed summary");
}
