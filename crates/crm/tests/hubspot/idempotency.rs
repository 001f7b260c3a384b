use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use callbrief_crm::hubspot::{HubSpotConnector, RetryPolicy};
use callbrief_crm::{CrmConnector, PushAssociations, PushStatus};
use callbrief_sandbox::{Sandbox, SandboxOptions, demo_seed};
use futures::StreamExt;
use serde_json::Value;

use crate::push::note_request;
use crate::support::{company_id, config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_pushes_under_lost_responses_give_exactly_a_thousand_notes() {
    const PUSHES: usize = 1_000;
    let sandbox = Sandbox::start(SandboxOptions {
        seed: demo_seed(),
        rate_limit_per_10s: 100_000,
        fault_rng_seed: Some(7),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let mut config = config(&sandbox, &sandbox.hubspot().token);
    config.max_in_flight = 16;
    config.retry = RetryPolicy {
        max_attempts: 12,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(200),
        total_cap: Duration::from_secs(60),
    };
    let crm = Arc::new(HubSpotConnector::new(config).unwrap());
    let company = company_id(
        crm.as_ref(),
        demo_seed().companies[0].domain.as_deref().unwrap(),
    )
    .await;
    crm.ensure_ready().await.unwrap();
    let before: usize = sandbox.hubspot_records("notes").await.len();

    sandbox.set_faults(
        "429:0.02,503:0.03,reset:0.02,lost_response:0.1"
            .parse()
            .unwrap(),
    );
    let started = Instant::now();
    let push_ids: Vec<String> = (0..PUSHES)
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    let outcomes: Vec<_> = futures::stream::iter(push_ids.clone())
        .map(|push_id| {
            let crm = crm.clone();
            let company = company.clone();
            async move {
                let request = note_request(
                    &push_id,
                    &format!("<p>Call {push_id}</p>"),
                    PushAssociations {
                        company_id: Some(company),
                        ..PushAssociations::default()
                    },
                );
                crm.push(&request).await
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    let elapsed = started.elapsed();
    sandbox.set_faults(callbrief_sandbox::FaultPlan::none());

    let failures: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} failed, first: {:?}",
        failures.len(),
        failures.first()
    );
    assert!(
        outcomes
            .iter()
            .all(|o| o.as_ref().unwrap().status == PushStatus::Created)
    );

    let records = sandbox.hubspot_records("notes").await;
    let mut per_push: BTreeMap<String, usize> = BTreeMap::new();
    for record in &records {
        if let Some(id) = record
            .pointer("/properties/callbrief_push_id")
            .and_then(Value::as_str)
        {
            *per_push.entry(id.to_owned()).or_default() += 1;
        }
    }
    assert_eq!(records.len() - before, PUSHES, "exactly one note per push");
    assert_eq!(per_push.len(), PUSHES);
    assert!(per_push.values().all(|n| *n == 1));
    assert!(push_ids.iter().all(|id| per_push.contains_key(id)));

    let stats = sandbox.stats();
    let ours = crm.stats();
    let lost = stats.faults.get("lost_response").copied().unwrap_or(0);
    println!(
        "1000 pushes: {} notes created, {:.1} s; sandbox: {} requests, faults {:?}, 429s {}; \
         connector: {} requests, {} retries, {} uncertain writes resolved by look-up",
        records.len() - before,
        elapsed.as_secs_f64(),
        stats.requests,
        stats.faults,
        stats.rate_limited,
        ours.requests,
        ours.retries,
        ours.uncertain_writes,
    );
    assert!(
        lost > 0,
        "the test must actually lose responses: {:?}",
        stats.faults
    );
    assert!(ours.uncertain_writes >= lost.min(1));
    sandbox.shutdown().await;
}
