//! Ingest throughput on the 48-minute English sample meeting (about 1,200 events).
//!
//! Prints `ingest_events_per_s` and its ratio to a baseline measured in the same run:
//! storing the same events in `meeting_events` only (same transaction, same compression),
//! without the participant/chat/transcript projections. Absolute numbers vary with the
//! machine; the ratio is the figure to watch.
//!
//! `cargo bench -p callbrief-store --bench ingest`

use std::time::{Duration, Instant};

use callbrief_core::event::MeetingEvent;
use callbrief_store::repo::events::{self, NewEvent};
use callbrief_store::repo::meetings::{self, NewMeeting};
use callbrief_store::{Store, UnixMs};

const ROUNDS: usize = 7;

fn load() -> Vec<MeetingEvent> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/meetings/acme-pricing-en.jsonl");
    let text = std::fs::read_to_string(&path).expect("sample meeting");
    text.lines()
        .map(|line| MeetingEvent::parse(&serde_json::from_str(line).expect("json")).expect("event"))
        .collect()
}

/// Median of the per-round times.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

async fn fresh_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("bench.sqlite3"))
        .await
        .expect("store");
    (dir, store)
}

/// Full ingest, in the hook's batch size (one request of 50 events at a time).
async fn ingest_round(events: &[MeetingEvent]) -> Duration {
    let (_dir, store) = fresh_store().await;
    let start = Instant::now();
    for batch in events.chunks(50) {
        store.ingest_events(batch.to_vec()).await.expect("ingest");
    }
    start.elapsed()
}

/// Baseline: the same rows into meeting_events only, same batching.
async fn baseline_round(events: &[MeetingEvent]) -> Duration {
    let (_dir, store) = fresh_store().await;
    let start = Instant::now();
    for batch in events.chunks(50) {
        let batch = batch.to_vec();
        store
            .call(move |conn| {
                let tx = conn.transaction()?;
                let now = UnixMs::now();
                for event in &batch {
                    let new = NewMeeting {
                        provider: event.source.provider.as_str().to_owned(),
                        provider_meeting_id: event.meeting.provider_meeting_id.clone(),
                        instance_id: event.meeting.instance_id.clone(),
                        ..NewMeeting::default()
                    };
                    let id = meetings::create_or_get(&tx, &new, now)?.meeting.meeting.id;
                    let row = NewEvent {
                        event_id: event.event_id.clone(),
                        dedupe_key: event.dedupe_key.clone(),
                        kind: event.kind().to_owned(),
                        occurred_at: event.occurred_at.clone(),
                        seq: event.seq,
                        event: serde_json::to_value(event)?,
                    };
                    events::insert(&tx, &id, &row, now)?;
                }
                tx.commit()?;
                Ok(())
            })
            .await
            .expect("baseline");
    }
    start.elapsed()
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let events = load();
    let n = events.len() as f64;
    let (mut full, mut base) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        // Alternate the two so drift on a shared machine hits both alike.
        for _ in 0..ROUNDS {
            full.push(ingest_round(&events).await);
            base.push(baseline_round(&events).await);
        }
    });
    let full_rate = n / median(full).as_secs_f64();
    let base_rate = n / median(base).as_secs_f64();
    println!(
        "ingest_events_per_s {full_rate:.0} events/s ({} events, median of {ROUNDS})",
        events.len()
    );
    println!(
        "ingest_baseline_events_per_s {base_rate:.0} events/s (meeting_events only, no projections)"
    );
    println!(
        "ingest_ratio {:.2} (full / baseline; 1.0 = projections cost nothing)",
        full_rate / base_rate
    );
}
