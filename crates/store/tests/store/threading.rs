//! The store thread: where work runs, concurrency, panics, leftover transactions, shutdown.

use std::collections::HashSet;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use callbrief_store::repo::outbox::{NewPush, PushObject};
use callbrief_store::repo::settings;
use callbrief_store::store::THREAD_NAME;
use callbrief_store::{Store, StoreError, UnixMs};
use serde_json::json;

use crate::support::{db_path, new_connection, temp_store};

fn count_settings(conn: &rusqlite::Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM settings", [], |r| r.get(0))?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_runs_on_the_store_thread_not_the_runtime() {
    let (_dir, store) = temp_store().await;
    let caller = std::thread::current().id();
    let (name, id) = store
        .call(|_| {
            let me = std::thread::current();
            Ok((me.name().map(str::to_owned), me.id()))
        })
        .await
        .unwrap();
    assert_eq!(name.as_deref(), Some(THREAD_NAME));
    assert_eq!(THREAD_NAME, "callbrief-store");
    assert_ne!(id, caller);
    // Every call, from every clone, uses that same thread.
    let clone = store.clone();
    let again = tokio::spawn(async move { clone.call(|_| Ok(std::thread::current().id())).await })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again, id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_from_many_tasks_all_complete() {
    let (_dir, store) = temp_store().await;
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .call(move |conn| {
                        settings::set_json(conn, &format!("k{i}"), &json!(i), UnixMs(i))?;
                        Ok(i)
                    })
                    .await
            })
        })
        .collect();
    let mut done = Vec::new();
    for task in tasks {
        done.push(task.await.unwrap().unwrap());
    }
    done.sort_unstable();
    assert_eq!(done, (0..64).collect::<Vec<_>>());
    assert_eq!(store.call(|conn| count_settings(conn)).await.unwrap(), 64);
}

#[tokio::test]
async fn a_panicking_job_is_rolled_back_and_the_store_keeps_working() {
    let (_dir, store) = temp_store().await;
    let err = store
        .call(|conn| -> Result<(), StoreError> {
            let tx = conn.transaction()?;
            settings::set_json(&tx, "half-done", &json!(1), UnixMs(1))?;
            panic!("bug in a job");
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Panicked), "{err:?}");
    assert_eq!(store.call(|conn| count_settings(conn)).await.unwrap(), 0);
    store.save_settings(Default::default()).await.unwrap();
}

#[tokio::test]
async fn a_transaction_left_open_is_rolled_back_before_the_next_job() {
    let (_dir, store) = temp_store().await;
    store
        .call(|conn| {
            conn.execute_batch("BEGIN")?;
            settings::set_json(conn, "dangling", &json!(1), UnixMs(1))?;
            Ok(())
        })
        .await
        .unwrap();
    let (autocommit, count) = store
        .call(|conn| Ok((conn.is_autocommit(), count_settings(conn)?)))
        .await
        .unwrap();
    assert!(autocommit);
    assert_eq!(count, 0);
}

#[tokio::test]
async fn dropping_the_last_handle_closes_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let wal = dir.path().join("callbrief.sqlite3-wal");
    let store = Store::open(&path).await.unwrap();
    let clone = store.clone();
    store.save_settings(Default::default()).await.unwrap();
    assert!(wal.exists(), "WAL is in use while open");

    drop(store);
    // The clone keeps the thread alive.
    assert_eq!(clone.call(|conn| count_settings(conn)).await.unwrap(), 1);
    drop(clone);
    // Drop waited for the thread: the connection is closed, so SQLite has checkpointed and
    // removed the WAL file.
    assert!(!wal.exists(), "the last close removes the WAL");
}

#[tokio::test]
async fn the_last_handle_may_be_dropped_by_a_job_on_the_store_thread() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let wal = dir.path().join("callbrief.sqlite3-wal");
    let store = Store::open(&path).await.unwrap();
    store.save_settings(Default::default()).await.unwrap();
    let held = store.clone();
    let (gate_tx, gate_rx) = mpsc::channel::<()>();
    let job = store.call(move |_| {
        gate_rx.recv().ok();
        drop(held); // the last handle, dropped on the store thread itself
        Ok(())
    });
    // Send the job, then abandon the wait so only the job holds a handle.
    assert!(
        tokio::time::timeout(Duration::from_millis(50), job)
            .await
            .is_err()
    );
    drop(store);
    gate_tx.send(()).unwrap();

    let deadline = Instant::now() + Duration::from_secs(10);
    while wal.exists() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(!wal.exists(), "the thread exited and closed the database");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_on_one_file_never_claim_the_same_push() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    // Two stores are two connections, as the app and the CLI would be.
    let a = Store::open(&path).await.unwrap();
    let b = Store::open(&path).await.unwrap();
    let connection = a.upsert_connection(new_connection("portal")).await.unwrap();
    let mut queued = HashSet::new();
    for _ in 0..100 {
        let push = NewPush {
            meeting_id: None,
            connection_id: connection.id.clone(),
            object_kind: PushObject::Note,
            payload: json!({}),
        };
        queued.insert(a.enqueue_push(push).await.unwrap().push_id);
    }

    let workers: Vec<_> = [a.clone(), b.clone(), a, b]
        .into_iter()
        .map(|store| {
            tokio::spawn(async move {
                let mut claimed = Vec::new();
                while let Some(item) = store.claim_next_push().await.unwrap() {
                    claimed.push(item.push_id);
                }
                claimed
            })
        })
        .collect();
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.unwrap());
    }
    let unique: HashSet<_> = all.iter().cloned().collect();
    assert_eq!(all.len(), 100, "every push claimed exactly once");
    assert_eq!(unique, queued);
}
