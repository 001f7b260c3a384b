//! The durable push under the worst conditions: 200 confirmed notes, a CRM sandbox that
//! answers 429/503, drops connections before writes and loses responses after them, and a
//! worker process killed with SIGKILL at random moments and restarted, again and again.
//! Every note must land in the CRM exactly once.
//!
//! The worker runs as a child process: this test binary re-executes itself with
//! `CALLBRIEF_DRILL_DB` set, which turns `drill_worker` into the worker.

use std::process::{Child, Command};
use std::sync::Arc;
use std::time::{Duration, Instant};

use callbrief_core::Secret;
use callbrief_crm::hubspot::{HubSpotConfig, HubSpotConnector, RetryPolicy};
use callbrief_crm::{PushAssociations, PushObject};
use callbrief_sandbox::{Sandbox, SandboxOptions};
use callbrief_store::Store;
use callbrief_store::repo::outbox::PushState;
use callbrief_store::{
    Page,
    repo::connections::{CrmKind, NewConnection},
};
use callbrief_sync::outbox::{Backoff, OutboxWorker, PushDraft, enqueue};
use rand::Rng;
use serde_json::Value;

const NOTES: usize = 200;

fn fast_connector(base_url: &str, token: &str) -> HubSpotConnector {
    let mut config = HubSpotConfig::new(base_url, Secret::new(token));
    config.rate_limit_per_10s = 100_000;
    config.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        total_cap: Duration::from_secs(5),
    };
    config.request_timeout = Duration::from_secs(2);
    HubSpotConnector::new(config).expect("connector")
}

/// The worker process: repair, then drain until nothing is left.
#[test]
fn drill_worker() {
    let Ok(db) = std::env::var("CALLBRIEF_DRILL_DB") else {
        return;
    };
    let (base_url, token) = (
        std::env::var("CALLBRIEF_DRILL_URL").unwrap(),
        std::env::var("CALLBRIEF_DRILL_TOKEN").unwrap(),
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = Store::open(std::path::Path::new(&db)).await.unwrap();
        let worker = OutboxWorker::new(store.clone(), Arc::new(fast_connector(&base_url, &token)))
            .with_backoff(Backoff {
                first: Duration::from_millis(50),
                max: Duration::from_millis(400),
            });
        worker.repair().await.unwrap();
        loop {
            worker.drain().await.unwrap();
            if open_items(&store).await == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
}

async fn open_items(store: &Store) -> usize {
    let mut open = 0;
    for state in [PushState::Pending, PushState::InFlight, PushState::Retrying] {
        open += store
            .pushes_by_state(
                state,
                Page {
                    limit: 1000,
                    offset: 0,
                },
            )
            .await
            .unwrap()
            .items
            .len();
    }
    open
}

fn spawn_worker(db: &std::path::Path, sandbox: &Sandbox) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["drill_worker", "--exact", "--test-threads", "1"])
        .env("CALLBRIEF_DRILL_DB", db)
        .env("CALLBRIEF_DRILL_URL", sandbox.hubspot().base_url)
        .env("CALLBRIEF_DRILL_TOKEN", sandbox.hubspot().token)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_workers_lose_nothing_and_write_nothing_twice() {
    let sandbox = Sandbox::start(SandboxOptions {
        fault_rng_seed: Some(7),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("callbrief.sqlite3");
    let store = Store::open(&db).await.unwrap();
    let connection = store
        .upsert_connection(NewConnection {
            crm: CrmKind::HubSpot,
            account_id: "drill".into(),
            display_name: "drill".into(),
            base_url: sandbox.hubspot().base_url,
            keychain_account: "hubspot:drill".into(),
        })
        .await
        .unwrap();
    for n in 0..NOTES {
        let draft = PushDraft {
            entity: "sales_call".into(),
            object: PushObject::Note,
            fields: [
                ("body_html".to_owned(), format!("<p>Call notes {n}</p>")),
                ("started_at".to_owned(), "2026-11-25T06:00:00Z".to_owned()),
            ]
            .into(),
            associations: PushAssociations::default(),
        };
        enqueue(&store, &connection.id, None, &draft).await.unwrap();
    }
    sandbox.set_faults(
        "429:0.05,503:0.05,reset:0.03,lost_response:0.1"
            .parse()
            .unwrap(),
    );

    // Kill the worker at random moments until the outbox is empty.
    let started = Instant::now();
    let mut kills = 0;
    while open_items(&store).await > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "the outbox did not drain"
        );
        let mut worker = spawn_worker(&db, &sandbox);
        let lifetime = Duration::from_millis(rand::thread_rng().gen_range(150..900));
        tokio::time::sleep(lifetime).await;
        if worker.try_wait().unwrap().is_none() {
            worker.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        worker.wait().unwrap();
    }

    let notes = sandbox.hubspot_records("notes").await;
    let mut push_ids: Vec<&str> = notes
        .iter()
        .filter_map(|n| {
            n.pointer("/properties/callbrief_push_id")
                .and_then(Value::as_str)
        })
        .collect();
    let written = push_ids.len();
    push_ids.sort_unstable();
    push_ids.dedup();
    let stats = sandbox.stats();
    println!(
        "outbox drill: {NOTES} notes, {kills} worker kills, {written} records, {} unique; sandbox stats {stats:?}; {:.1} s",
        push_ids.len(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(written, NOTES, "every note written exactly once");
    assert_eq!(push_ids.len(), NOTES);
    let done = store
        .pushes_by_state(
            PushState::Done,
            Page {
                limit: 1000,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(done.items.len(), NOTES);
    assert!(kills > 0, "the drill must actually kill workers");
}
