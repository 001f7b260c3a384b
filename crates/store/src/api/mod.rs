//! The typed async methods of [`crate::Store`], one file per repository. Each runs one
//! repository function (in a transaction when it writes several rows) on the store thread.
//! For anything else, or to combine several in one transaction, use [`crate::Store::call`].

mod connections;
mod crm_cache;
mod identity;
mod ingest;
mod meetings;
mod outbox;
mod settings;
