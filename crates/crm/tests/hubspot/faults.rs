use std::time::{Duration, Instant};

use callbrief_crm::hubspot::{HubSpotConnector, RetryPolicy};
use callbrief_crm::{ContextOptions, CrmConnector, CrmErrorKind, CustomerQuery};
use callbrief_sandbox::{Sandbox, SandboxOptions, demo_seed};

use crate::support::{company_id, config, connector, sandbox};

#[tokio::test]
async fn unknown_and_revoked_tokens_are_auth_errors_with_hubspots_message() {
    let sandbox = sandbox(demo_seed()).await;
    let bad = HubSpotConnector::new(config(&sandbox, "pat-na1-not-a-token")).unwrap();
    let error = bad.who_am_i().await.unwrap_err();
    assert_eq!(error.kind, CrmErrorKind::Auth);
    assert!(
        error.message.contains("Authentication credentials"),
        "{error}"
    );

    let token =
        sandbox.issue_hubspot_token(&["crm.objects.contacts.read", "crm.objects.companies.read"]);
    let crm = HubSpotConnector::new(config(&sandbox, &token)).unwrap();
    crm.find_customers(&CustomerQuery::Domain("x.example".into()))
        .await
        .unwrap();
    sandbox.revoke_hubspot_token(&token);
    let error = crm
        .find_customers(&CustomerQuery::Domain("x.example".into()))
        .await
        .unwrap_err();
    assert_eq!(error.kind, CrmErrorKind::Auth);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_call_without_its_scope_names_the_missing_scope() {
    let seed = demo_seed();
    let sandbox = sandbox(seed.clone()).await;
    let token =
        sandbox.issue_hubspot_token(&["crm.objects.contacts.read", "crm.objects.companies.read"]);
    let crm = HubSpotConnector::new(config(&sandbox, &token)).unwrap();
    let id = company_id(&crm, seed.companies[0].domain.as_deref().unwrap()).await;
    let error = crm
        .customer_context(&id, ContextOptions::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.kind,
        CrmErrorKind::MissingScopes(vec!["crm.objects.deals.read".into()]),
        "{error}"
    );
    assert!(error.correlation_id.is_some());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_low_rate_limit_slows_calls_down_but_they_succeed() {
    let seed = demo_seed();
    let sandbox = Sandbox::start(SandboxOptions {
        seed: seed.clone(),
        rate_limit_per_10s: 10,
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    // The connector believes in the documented 100/10 s, so the server's 429s and
    // headers have to slow it down.
    let mut config = config(&sandbox, &sandbox.hubspot().token);
    config.rate_limit_per_10s = 100;
    config.retry.total_cap = Duration::from_secs(60);
    config.retry.max_attempts = 20;
    let crm = HubSpotConnector::new(config).unwrap();
    let started = Instant::now();
    for _ in 0..15 {
        crm.list_properties("notes").await.unwrap();
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(4),
        "15 calls at 10/10 s took {elapsed:?}"
    );
    println!(
        "15 calls under a 10/10 s limit: {:.1} s, server 429s: {}, connector retries: {}",
        elapsed.as_secs_f64(),
        sandbox.stats().rate_limited,
        crm.stats().retries
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn persistent_5xx_becomes_transient_after_retries_within_the_cap() {
    let sandbox = sandbox(demo_seed()).await;
    let mut config = config(&sandbox, &sandbox.hubspot().token);
    config.retry = RetryPolicy {
        max_attempts: 50,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        total_cap: Duration::from_secs(2),
    };
    let crm = HubSpotConnector::new(config).unwrap();
    sandbox.set_faults("503:1.0".parse().unwrap());
    let started = Instant::now();
    let error = crm.list_properties("notes").await.unwrap_err();
    assert_eq!(error.kind, CrmErrorKind::Transient);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(crm.stats().retries >= 2);
    assert!(error.message.contains("gave up"), "{error}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn timeouts_become_transient_within_the_cap() {
    let sandbox = sandbox(demo_seed()).await;
    let mut config = config(&sandbox, &sandbox.hubspot().token);
    config.request_timeout = Duration::from_millis(300);
    config.retry = RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        total_cap: Duration::from_secs(2),
    };
    let crm = HubSpotConnector::new(config).unwrap();
    sandbox.set_faults("timeout:1.0".parse().unwrap());
    let started = Instant::now();
    let error = crm.who_am_i().await.unwrap_err();
    assert_eq!(error.kind, CrmErrorKind::Transient, "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn occasional_faults_are_retried_transparently() {
    let sandbox = sandbox(demo_seed()).await;
    let crm = connector(&sandbox);
    sandbox.set_faults("429:0.2,500:0.1,502:0.1,reset:0.1".parse().unwrap());
    for _ in 0..10 {
        crm.find_customers(&CustomerQuery::Name("Robot".into()))
            .await
            .unwrap();
    }
    assert!(crm.stats().retries > 0);
    sandbox.shutdown().await;
}
