//! Repositories: plain synchronous functions over a `&Connection`, one module per table
//! group. They never open their own transaction (except where a signature asks for a
//! `&Transaction`), so a caller can compose several into one:
//!
//! ```no_run
//! # async fn demo(store: callbrief_store::Store, push: callbrief_store::repo::outbox::NewPush)
//! # -> Result<(), callbrief_store::StoreError> {
//! use callbrief_store::{UnixMs, repo};
//! store
//!     .call(move |conn| {
//!         let tx = conn.transaction()?;
//!         repo::meetings::set_ended(&tx, "meeting-id", "2026-11-25T06:45:00Z", UnixMs::now())?;
//!         repo::outbox::enqueue(&tx, &push, UnixMs::now())?;
//!         tx.commit()?;
//!         Ok(())
//!     })
//!     .await
//! # }
//! ```
//!
//! Each async method on [`crate::Store`] is a thin wrapper over one of these.

pub mod chat;
pub mod connections;
pub mod crm_cache;
pub mod events;
pub mod identity;
pub mod ingest;
pub mod live;
pub mod meetings;
pub mod outbox;
pub mod participants;
pub mod settings;
pub mod transcript;

/// Reads a JSON TEXT column into `T`, reporting a decode failure as a column error.
pub(crate) fn json_column<T: serde::de::DeserializeOwned>(
    row: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(err))
    })
}
