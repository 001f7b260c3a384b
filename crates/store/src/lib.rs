//! Callbrief's local store: one SQLite file (bundled SQLite with FTS5, WAL mode) holding the
//! CRM cache, the meetings seen through the hook, the outbox of CRM writes and the user's
//! preferences.
//!
//! # Using it
//!
//! ```no_run
//! # async fn demo() -> Result<(), callbrief_store::StoreError> {
//! use callbrief_store::{Page, Store};
//!
//! let store = Store::open("/path/to/data/callbrief.sqlite3").await?;
//! let settings = store.settings().await?;
//! let recent = store.list_meetings(Page::first(20)).await?;
//! // Anything without a typed method, or several steps in one transaction:
//! let n: i64 = store
//!     .call(|conn| Ok(conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?))
//!     .await?;
//! # let _ = (settings, recent, n);
//! # Ok(())
//! # }
//! ```
//!
//! - [`Store`] is a cheap, cloneable async handle. A dedicated OS thread
//!   ([`store::THREAD_NAME`]) owns the only read-write connection and runs requests one at a
//!   time, so no SQLite call ever blocks a tokio worker. Dropping the last clone closes it.
//! - [`repo`] holds the queries as plain synchronous functions over `&rusqlite::Connection`,
//!   one module per table group. They compose into one transaction inside [`Store::call`].
//!   The typed async methods on `Store` (in `src/api/`) wrap one each.
//! - [`StoreError`] says what went wrong and what to do; it converts into
//!   [`callbrief_core::AppError`] with code `Storage` for the UI.
//!
//! # Opening is safe
//!
//! [`Store::open`] creates the folder and file if needed. An existing file is first checked
//! read-only: a file that is not a Callbrief database or is damaged gives
//! [`StoreError::Corrupt`], one written by a newer Callbrief gives
//! [`StoreError::NewerVersion`], and in both cases the file is left byte-for-byte unchanged.
//! Only then is it opened read-write (WAL, `synchronous = NORMAL`, foreign keys on, 5 s busy
//! timeout, IMMEDIATE transactions) and migrated. A full disk gives [`StoreError::DiskFull`],
//! an unwritable folder [`StoreError::NotWritable`].
//!
//! # Schema conventions
//!
//! See the header of `migrations/0001_initial.sql`: STRICT tables, CHECK constraints on
//! every enum-like column (mirrored by a Rust enum made with `sql_enum!`), INTEGER
//! `*_at` = Unix ms recorded by Callbrief ([`UnixMs`]), TEXT `*_at` = RFC 3339 from a vendor,
//! JSON in TEXT columns checked with `json_valid`, `ON DELETE CASCADE` from a meeting to
//! everything recorded in it. No column ever holds a secret; the tests check column names.
//!
//! # Adding a table or a column
//!
//! 1. Write `migrations/NNNN_what.sql` with the next number. It runs inside a transaction:
//!    no `BEGIN`/`COMMIT`, and no `PRAGMA foreign_keys` (it cannot change inside one). To
//!    rebuild a table (SQLite cannot alter constraints), create the new table, copy, drop,
//!    rename, and mark the step with `.foreign_key_check()`.
//! 2. Append it to `MIGRATION_STEPS` in `src/migrations.rs`. Never edit a shipped migration.
//! 3. Add or extend a module in `src/repo/` (one per table group: row structs, `sql_enum!`
//!    enums, sync functions, unit tests against [`connection::open_in_memory`]). Every list
//!    function takes a [`Page`] and returns [`Paged`].
//! 4. If the app needs it, add a thin async method in `src/api/<module>.rs`.
//! 5. Add `tests/store/fixtures/seed_vNNNN.sql` for the *previous* version if it has none:
//!    the migration test seeds a database at every earlier version, migrates it to the
//!    latest and checks the data survived.
//!
//! # Meeting events
//!
//! [`Store::ingest_events`] takes parsed meeting-event v1 objects (see
//! `callbrief_core::event`), stores each once (deduplicated by `dedupe_key` per meeting, in
//! one transaction per call) and projects participants, chat, transcript, meeting times,
//! the recording's share link and CRM hints; see [`repo::ingest`]. The live panel reads
//! [`Store::meeting_live`], `export` reads [`Store::export_meeting`]. Events over 1 KiB are
//! stored zstd-compressed.
//!
//! # Not here yet
//!
//! Read-only connection pool (one writer thread is enough at desktop scale), zstd
//! compression of archived transcript text (the full-text index reads it as plain text),
//! retention and legal hold.
#![deny(missing_docs)]

mod api;
pub mod connection;
pub mod error;
pub mod migrations;
pub mod page;
pub mod repo;
mod sql_enum;
pub mod store;
pub mod time;

#[cfg(test)]
mod testing;

pub use error::StoreError;
pub use migrations::SCHEMA_VERSION;
pub use page::{Page, Paged};
pub use sql_enum::UnknownValue;
pub use store::Store;
pub use time::UnixMs;
