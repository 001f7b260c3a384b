//! Opening files Callbrief must not use, and failing clearly when it cannot write.

use std::path::Path;

use callbrief_core::{AppError, ErrorCode};
use callbrief_store::repo::settings;
use callbrief_store::{SCHEMA_VERSION, Store, StoreError, UnixMs};
use rusqlite::Connection;

use crate::support::{db_path, dir_listing, temp_store};

/// Opens `path`, expects an error, and checks that the file and its folder are unchanged.
async fn open_must_fail_untouched(path: &Path) -> StoreError {
    let dir = path.parent().unwrap();
    let bytes_before = std::fs::read(path).unwrap();
    let listing_before = dir_listing(dir);
    let err = Store::open(path).await.unwrap_err();
    assert_eq!(
        std::fs::read(path).unwrap(),
        bytes_before,
        "file bytes changed"
    );
    assert_eq!(
        dir_listing(dir),
        listing_before,
        "files were added next to it"
    );
    err
}

#[tokio::test]
async fn garbage_file_is_corrupt_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).unwrap();

    let err = open_must_fail_untouched(&path).await;
    assert!(
        matches!(&err, StoreError::Corrupt { path: p } if p == &path),
        "{err:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
    let app = AppError::from(err);
    assert_eq!(app.code, ErrorCode::Storage);
    assert!(
        app.message.contains(&path.display().to_string()),
        "{}",
        app.message
    );
    assert!(
        app.message.contains("move the file aside"),
        "{}",
        app.message
    );
}

#[tokio::test]
async fn sqlite_header_followed_by_garbage_is_corrupt_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..4080u32).map(|i| (i * 7 + 3) as u8));
    std::fs::write(&path, &bytes).unwrap();
    let err = open_must_fail_untouched(&path).await;
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
}

#[tokio::test]
async fn short_file_is_corrupt_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    std::fs::write(&path, b"SQLite").unwrap();
    let err = open_must_fail_untouched(&path).await;
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
}

#[tokio::test]
async fn another_apps_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE photos (id INTEGER PRIMARY KEY); PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let err = open_must_fail_untouched(&path).await;
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
}

#[tokio::test]
async fn newer_schema_is_refused_and_untouched() {
    // A rollback-journal file matters most: opening it read-write would switch it to WAL,
    // rewriting its header, before any migration could refuse it.
    for journal_mode in ["DELETE", "WAL"] {
        // Reserved URI characters in the folder name check the read-only probe's escaping.
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a b?c#d%e");
        let path = dir.join("callbrief.sqlite3");
        drop(Store::open(&path).await.unwrap());
        let newer = SCHEMA_VERSION as i64 + 1;
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "journal_mode", journal_mode)
                .unwrap();
            conn.pragma_update(None, "user_version", newer).unwrap();
        }
        assert_eq!(
            dir_listing(&dir),
            ["callbrief.sqlite3"],
            "WAL checkpointed on close"
        );

        let err = open_must_fail_untouched(&path).await;
        match &err {
            StoreError::NewerVersion {
                path: p,
                found,
                supported,
            } => {
                assert_eq!(p, &path);
                assert_eq!(*found, newer);
                assert_eq!(*supported, SCHEMA_VERSION);
            }
            other => panic!("{journal_mode}: expected NewerVersion, got {other:?}"),
        }
        assert!(err.to_string().contains("Update Callbrief"), "{err}");
    }
}

#[tokio::test]
async fn newer_schema_still_in_the_wal_is_seen() {
    // Another process bumped the version and has not checkpointed yet: the main file's
    // header still says the old version, the WAL has the new one.
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    drop(Store::open(&path).await.unwrap());
    let writer = Connection::open(&path).unwrap();
    writer.pragma_update(None, "journal_mode", "WAL").unwrap();
    writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    writer
        .pragma_update(None, "user_version", SCHEMA_VERSION as i64 + 5)
        .unwrap();
    let bytes_before = std::fs::read(&path).unwrap();

    let err = Store::open(&path).await.unwrap_err();
    assert!(matches!(err, StoreError::NewerVersion { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes_before);
    drop(writer);
}

#[tokio::test]
async fn missing_parent_folders_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a").join("b").join("callbrief.sqlite3");
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.path(), path);
    assert!(path.is_file());
}

#[tokio::test]
async fn parent_that_is_a_file_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let err = Store::open(blocker.join("callbrief.sqlite3"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Io { path, .. } if path == &blocker),
        "{err:?}"
    );
    assert!(err.to_string().contains("not-a-folder"), "{err}");
}

#[tokio::test]
async fn full_database_gives_disk_full_and_recovers() {
    let (_dir, store) = temp_store().await;
    // SQLite reports a database that reached max_page_count exactly as a full disk.
    let err = store
        .call(|conn| {
            let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            conn.pragma_update(None, "max_page_count", pages)?;
            let big = serde_json::json!({"blob": "x".repeat(1 << 20)});
            settings::set_json(conn, "big", &big, UnixMs(1))
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::DiskFull), "{err:?}");
    assert_eq!(AppError::from(err).code, ErrorCode::Storage);

    store
        .call(|conn| {
            conn.pragma_update(None, "max_page_count", 1_073_741_823)?;
            Ok(())
        })
        .await
        .unwrap();
    store.save_settings(Default::default()).await.unwrap();
}
