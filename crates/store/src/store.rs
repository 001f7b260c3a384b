//! [`Store`]: the async handle. One OS thread owns the read-write connection and runs the
//! closures sent to it, one at a time, so SQLite never blocks an async worker thread.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::thread::{self, JoinHandle};

use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::connection::{self, quick_check};
use crate::error::StoreError;

/// The name of the thread that owns the connection (visible in debuggers and panics).
pub const THREAD_NAME: &str = "callbrief-store";

/// A unit of work for the store thread.
type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// A handle to the local database. Cheap to clone; all clones share one store thread.
///
/// Dropping the last clone lets the thread finish the requests already queued, close the
/// connection (checkpointing the WAL) and exit; the drop waits for that.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    // `Option`s so that `Drop` can close the channel before joining the thread.
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.inner.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the database at `path` (see [`connection::open`]) on a new store thread.
    ///
    /// Fails with [`StoreError::Corrupt`] or [`StoreError::NewerVersion`] without changing
    /// the file, and with [`StoreError::NotWritable`] or [`StoreError::DiskFull`] when it
    /// cannot be created.
    pub async fn open(path: impl Into<PathBuf>) -> Result<Store, StoreError> {
        let path = path.into();
        let (ready_tx, ready_rx) = oneshot::channel();
        let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
        let thread_path = path.clone();
        let thread = thread::Builder::new()
            .name(THREAD_NAME.to_owned())
            .spawn(move || match connection::open(&thread_path) {
                Ok(conn) => {
                    if ready_tx.send(Ok(())).is_ok() {
                        serve(conn, &jobs_rx);
                    }
                }
                Err(err) => {
                    let _ = ready_tx.send(Err(err));
                }
            })
            .map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
        ready_rx.await.map_err(|_| StoreError::Panicked)??;
        Ok(Store {
            inner: Arc::new(Inner {
                path,
                jobs: Some(jobs_tx),
                thread: Some(thread),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` on the store thread with the read-write connection and returns its result.
    ///
    /// `f` may start a transaction (`conn.transaction()`, IMMEDIATE) to compose repository
    /// functions atomically. If `f` returns with a transaction still open, or panics, the
    /// transaction is rolled back. The request runs even if the returned future is dropped.
    pub async fn call<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let (reply_tx, reply_rx) = oneshot::channel();
        let path = self.inner.path.clone();
        let job: Job = Box::new(move |conn| {
            let result = catch_unwind(AssertUnwindSafe(|| f(conn)))
                .unwrap_or(Err(StoreError::Panicked))
                .map_err(|err| err.at_path(&path));
            // The caller may have gone away; its result is then dropped.
            let _ = reply_tx.send(result);
        });
        let jobs = self.inner.jobs.as_ref().ok_or(StoreError::Closed)?;
        jobs.send(job).map_err(|_| StoreError::Closed)?;
        reply_rx.await.map_err(|_| StoreError::Closed)?
    }

    /// Runs SQLite's `quick_check` over the whole file; returns the problems found (empty
    /// when healthy). Slow on large databases: for a diagnostics command, not every start.
    pub async fn quick_check(&self) -> Result<Vec<String>, StoreError> {
        self.call(|conn| quick_check(conn)).await
    }
}

/// The store thread's loop: run jobs until every [`Store`] clone is gone.
fn serve(mut conn: Connection, jobs: &mpsc::Receiver<Job>) {
    while let Ok(job) = jobs.recv() {
        job(&mut conn);
        // Every job must leave the connection as it found it, or the next job would run
        // inside someone else's transaction.
        if !conn.is_autocommit() {
            tracing::warn!("a store job left a transaction open; rolling it back");
            if let Err(err) = conn.execute_batch("ROLLBACK") {
                tracing::error!(%err, "rolling back a leftover transaction failed");
            }
        }
    }
    if let Err((_, err)) = conn.close() {
        tracing::warn!(%err, "closing the database failed");
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Closing the channel ends `serve` once queued jobs are done.
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            // If a job owned the last clone, the store thread itself is dropping it; joining
            // would wait for ourselves. It exits right after this job instead.
            if thread.thread().id() != thread::current().id() && thread.join().is_err() {
                tracing::error!("the store thread panicked");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}

    #[test]
    fn store_is_send_sync_clone() {
        assert_send_sync_clone::<Store>();
    }
}
