//! [`StoreError`]: every way the store can fail, worded for the person who has to act.

use std::path::{Path, PathBuf};

use callbrief_core::{AppError, ErrorCode};
use rusqlite::ErrorCode as SqliteCode;

use crate::repo::outbox::PushState;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file is not a Callbrief database, or SQLite cannot read it. It was not changed.
    #[error(
        "{} is not a Callbrief database or is damaged. Quit Callbrief, move the file aside \
         (or restore a backup) and start again; a new database will be created. The file was \
         left untouched.",
        path.display()
    )]
    Corrupt {
        /// The database file.
        path: PathBuf,
    },

    /// The database was written by a newer Callbrief. It was not changed.
    #[error(
        "{} was written by a newer version of Callbrief (schema {found}; this version \
         understands up to {supported}). Update Callbrief to open it; the file was left \
         untouched.",
        path.display()
    )]
    NewerVersion {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: usize,
    },

    /// The disk (or the database's size limit) is full; nothing was written.
    #[error("The disk is full, so Callbrief could not save. Free some space and try again.")]
    DiskFull,

    /// The database or its folder cannot be written.
    #[error(
        "Callbrief cannot write to {}. Check that the folder exists, is writable by you and \
         is not on a read-only disk.",
        path.display()
    )]
    NotWritable {
        /// The file or folder.
        path: PathBuf,
    },

    /// Another process holds the database lock for longer than the busy timeout.
    #[error("The database is busy (is another Callbrief process running?). Try again.")]
    Busy,

    /// A file-system operation outside SQLite failed.
    #[error("Cannot use {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },

    /// A row the caller named does not exist.
    #[error("No {what} with id {id}.")]
    NotFound {
        /// What was looked up (`meeting`, `push`, …).
        what: &'static str,
        /// The id that was looked up.
        id: String,
    },

    /// An outbox item cannot move from its current state to the requested one.
    #[error("Push {push_id} is {from} and cannot become {to}.")]
    InvalidTransition {
        /// The outbox item.
        push_id: String,
        /// Its current state.
        from: PushState,
        /// The requested state.
        to: PushState,
    },

    /// A CRM connection still has writes that have not reached the CRM.
    #[error(
        "This CRM connection still has {unsent} unsent item(s). Send or discard them before \
         removing the connection."
    )]
    ConnectionHasUnsentPushes {
        /// The connection.
        connection_id: String,
        /// How many outbox items are not done.
        unsent: u64,
    },

    /// Bringing the schema up to date failed; the database was rolled back.
    #[error("Updating the database schema failed (nothing was changed): {0}")]
    Migration(String),

    /// A JSON document in the database could not be read or written.
    #[error("A stored JSON document could not be read or written: {0}")]
    Json(#[from] serde_json::Error),

    /// Any other SQLite failure.
    #[error("Database error: {0}")]
    Sqlite(#[source] rusqlite::Error),

    /// The store's thread has stopped, so the request was not run.
    #[error("The database has been closed.")]
    Closed,

    /// The request panicked on the store thread; its transaction was rolled back.
    #[error("A database task failed unexpectedly and was rolled back.")]
    Panicked,
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(SqliteCode::DiskFull) => StoreError::DiskFull,
            Some(SqliteCode::DatabaseBusy | SqliteCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(err),
        }
    }
}

impl StoreError {
    /// Names the database file in errors that need it. SQLite does not know the path when
    /// it reports a damaged or read-only file, but the person fixing it does need it.
    pub(crate) fn at_path(self, path: &Path) -> Self {
        let StoreError::Sqlite(err) = &self else {
            return self;
        };
        match err.sqlite_error_code() {
            Some(SqliteCode::NotADatabase | SqliteCode::DatabaseCorrupt) => StoreError::Corrupt {
                path: path.to_owned(),
            },
            Some(SqliteCode::ReadOnly | SqliteCode::CannotOpen | SqliteCode::PermissionDenied) => {
                StoreError::NotWritable {
                    path: path.to_owned(),
                }
            }
            _ => self,
        }
    }

    /// A [`StoreError::NotFound`], for callers composing their own queries too.
    pub fn not_found(what: &'static str, id: impl Into<String>) -> Self {
        StoreError::NotFound {
            what,
            id: id.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        AppError::new(ErrorCode::Storage, err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn sqlite_full_becomes_disk_full() {
        let err = StoreError::from(sqlite_failure(rusqlite::ffi::SQLITE_FULL));
        assert!(matches!(err, StoreError::DiskFull), "{err:?}");
    }

    #[test]
    fn busy_and_locked_become_busy() {
        for code in [rusqlite::ffi::SQLITE_BUSY, rusqlite::ffi::SQLITE_LOCKED] {
            assert!(matches!(
                StoreError::from(sqlite_failure(code)),
                StoreError::Busy
            ));
        }
    }

    #[test]
    fn at_path_names_the_file_for_corrupt_and_read_only() {
        let path = Path::new("/data/callbrief.sqlite3");
        let corrupt = StoreError::from(sqlite_failure(rusqlite::ffi::SQLITE_NOTADB)).at_path(path);
        assert!(matches!(&corrupt, StoreError::Corrupt { path: p } if p == path));
        let read_only =
            StoreError::from(sqlite_failure(rusqlite::ffi::SQLITE_READONLY)).at_path(path);
        assert!(matches!(&read_only, StoreError::NotWritable { path: p } if p == path));
        let other = StoreError::from(sqlite_failure(rusqlite::ffi::SQLITE_MISMATCH)).at_path(path);
        assert!(matches!(other, StoreError::Sqlite(_)));
    }

    #[test]
    fn maps_to_a_storage_app_error_with_the_same_message() {
        let app = AppError::from(StoreError::DiskFull);
        assert_eq!(app.code, ErrorCode::Storage);
        assert_eq!(
            app.message,
            "The disk is full, so Callbrief could not save. Free some space and try again."
        );
    }

    #[test]
    fn corrupt_message_says_what_to_do_and_names_the_file() {
        let msg = StoreError::Corrupt {
            path: PathBuf::from("/x/db.sqlite3"),
        }
        .to_string();
        assert!(msg.contains("/x/db.sqlite3"), "{msg}");
        assert!(msg.contains("move the file aside"), "{msg}");
    }
}
