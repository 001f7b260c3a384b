//! Opening a database file safely: check it read-only, then open it read-write, set the
//! connection up and bring the schema up to date.
//!
//! The read-only check comes first so that a file Callbrief must not touch (damaged,
//! someone else's, or written by a newer Callbrief) is reported and left byte-for-byte as it
//! was. Opening it read-write straight away could already change it: switching to WAL
//! rewrites the header, and a migration would add tables.

use std::ffi::OsString;
use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use rusqlite_migration::MigrationDefinitionError;

use crate::error::StoreError;
use crate::migrations::{SCHEMA_VERSION, migrations};

/// `PRAGMA application_id` of a Callbrief database ("CBF1"); set by migration 0001.
pub const APPLICATION_ID: i32 = 0x4342_4631;

/// How long a write waits for another process (e.g. the CLI) to release the lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Opens (creating it and its folder if needed) the database at `path`, ready to use: WAL,
/// foreign keys on, busy timeout set, schema at [`SCHEMA_VERSION`].
///
/// The app uses [`crate::Store::open`], which calls this on the store thread; use this
/// directly only in tools and tests that need a plain connection.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| io_error(dir, source))?;
    }
    preflight(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)
        .map_err(|err| StoreError::from(err).at_path(path))?;
    configure(&mut conn, true).map_err(|err| err.at_path(path))?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// A migrated in-memory database with the same settings as a file (except WAL), for tests.
pub fn open_in_memory() -> Result<Connection, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    configure(&mut conn, false)?;
    migrate(&mut conn, Path::new(":memory:"))?;
    Ok(conn)
}

/// Runs `PRAGMA quick_check` and returns the problems it found (empty when healthy).
///
/// Not run on every open: it reads the whole file, which takes seconds on a large database.
pub fn quick_check(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        let line = row?;
        if line != "ok" {
            problems.push(line);
        }
    }
    Ok(problems)
}

/// Refuses, without writing anything, a file that is not a Callbrief database this build
/// can open. A missing or empty file passes: SQLite creates the database in it.
fn preflight(path: &Path) -> Result<(), StoreError> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(io_error(path, source)),
    };
    let mut header = [0u8; 100];
    let read = read_up_to(&mut file, &mut header).map_err(|source| io_error(path, source))?;
    drop(file);
    if read == 0 {
        return Ok(());
    }
    let corrupt = || StoreError::Corrupt {
        path: path.to_owned(),
    };
    if read < header.len() || !header.starts_with(SQLITE_MAGIC) {
        return Err(corrupt());
    }

    // Ask SQLite, read-only, for what the header alone cannot prove: that the schema is
    // readable, and the version as of the last commit (which may still be in the WAL).
    let probe = open_read_only(path).map_err(|err| StoreError::from(err).at_path(path))?;
    let (version, application_id, objects) = probe
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT application_id FROM pragma_application_id),
                    (SELECT count(*) FROM sqlite_schema)",
            [],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i32>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            },
        )
        .map_err(|err| match StoreError::from(err).at_path(path) {
            // Whatever stops SQLite reading its own schema means the file is unusable.
            StoreError::Sqlite(_) => corrupt(),
            other => other,
        })?;
    drop(probe);

    let ours = match application_id {
        APPLICATION_ID => true,
        // Version 0 is an empty database that migration 0001 has not claimed yet.
        0 => version == 0 && objects == 0,
        _ => false,
    };
    if !ours || version < 0 {
        return Err(corrupt());
    }
    if version > SCHEMA_VERSION as i64 {
        return Err(StoreError::NewerVersion {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Opens `path` read-only. Without a WAL file the main file holds every commit, so it is
/// opened `immutable`: SQLite then creates no `-wal`/`-shm` files and takes no locks.
fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    match immutable_uri(path) {
        Some(uri) if !with_suffix(path, "-wal").exists() => {
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
        }
        _ => Connection::open_with_flags(path, flags),
    }
}

/// `file:<absolute path>?immutable=1`, or `None` for paths a URI cannot express simply
/// (not UTF-8, Windows UNC).
fn immutable_uri(path: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    let text = absolute.to_str()?;
    let mut uri = String::from("file:");
    if cfg!(windows) {
        if text.starts_with(r"\\") {
            return None;
        }
        uri.push_str("///");
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(byte));
            }
            b'\\' if cfg!(windows) => uri.push('/'),
            b':' if cfg!(windows) => uri.push(':'),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

/// `path` with `suffix` appended to its file name (`db.sqlite3` → `db.sqlite3-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Reads until `buf` is full or the file ends; returns how many bytes were read.
fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}

/// Sets up a fresh connection. `expect_wal` is false for in-memory databases, which cannot
/// use WAL.
fn configure(conn: &mut Connection, expect_wal: bool) -> Result<(), StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets readers (the CLI, a future read pool) run while the store thread writes.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if expect_wal && !mode.eq_ignore_ascii_case("wal") {
        // Some network file systems cannot do WAL; SQLite then keeps a rollback journal,
        // which is slower but still safe.
        tracing::warn!(journal_mode = %mode, "SQLite refused WAL mode");
    }
    // NORMAL is durable across application crashes under WAL; only a power cut can lose
    // the last commits, never corrupt the file.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // IMMEDIATE takes the write lock at BEGIN, so two processes writing at once wait for
    // each other (busy timeout) instead of failing when a read upgrades to a write.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    Ok(())
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let Err(err) = migrations().to_latest(conn) else {
        return Ok(());
    };
    Err(match err {
        // Another process upgraded the file between the preflight and now.
        rusqlite_migration::Error::MigrationDefinition(
            MigrationDefinitionError::DatabaseTooFarAhead,
        ) => StoreError::NewerVersion {
            path: path.to_owned(),
            found: conn
                .query_row("PRAGMA user_version", [], |row| row.get(0))
                .unwrap_or(-1),
            supported: SCHEMA_VERSION,
        },
        rusqlite_migration::Error::RusqliteError { err, .. } => {
            match StoreError::from(err).at_path(path) {
                StoreError::Sqlite(err) => StoreError::Migration(err.to_string()),
                classified => classified,
            }
        }
        other => StoreError::Migration(other.to_string()),
    })
}

/// Maps a file-system error on `path` to the most helpful [`StoreError`].
fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    match source.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => StoreError::NotWritable {
            path: path.to_owned(),
        },
        ErrorKind::StorageFull => StoreError::DiskFull,
        _ => StoreError::Io {
            path: path.to_owned(),
            source,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_memory_database_is_migrated_with_foreign_keys_on() {
        let conn = open_in_memory().unwrap();
        let (version, fk, app_id): (i64, i64, i32) = conn
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT foreign_keys FROM pragma_foreign_keys),
                        (SELECT application_id FROM pragma_application_id)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION as i64);
        assert_eq!(fk, 1);
        assert_eq!(app_id, APPLICATION_ID);
        assert_eq!(quick_check(&conn).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn application_id_spells_cbf1() {
        assert_eq!(APPLICATION_ID.to_be_bytes(), *b"CBF1");
    }

    #[cfg(unix)]
    #[test]
    fn immutable_uri_escapes_reserved_characters() {
        let uri = immutable_uri(Path::new("/tmp/a b?c#d%e/db.sqlite3")).unwrap();
        assert_eq!(uri, "file:/tmp/a%20b%3Fc%23d%25e/db.sqlite3?immutable=1");
    }

    #[test]
    fn with_suffix_appends_to_the_file_name() {
        assert_eq!(
            with_suffix(Path::new("dir/db.sqlite3"), "-wal"),
            PathBuf::from("dir/db.sqlite3-wal")
        );
    }
}
