//! Shared set-up: a sandbox and a connector with test-friendly timings.

use std::time::Duration;

use callbrief_core::Secret;
use callbrief_core::model::{Company, Contact, CrmSnapshot, Deal, Note, SNAPSHOT_FORMAT, Task};
use callbrief_crm::hubspot::{HubSpotConfig, HubSpotConnector, RetryPolicy};
use callbrief_crm::{CrmConnector, CustomerQuery};
use callbrief_sandbox::{Sandbox, SandboxOptions};

/// A sandbox with `seed`, no search lag, a generous rate limit.
pub async fn sandbox(seed: CrmSnapshot) -> Sandbox {
    Sandbox::start(SandboxOptions {
        seed,
        rate_limit_per_10s: 100_000,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

/// Fast retries, a short total cap, short timeouts.
pub fn config(sandbox: &Sandbox, token: &str) -> HubSpotConfig {
    let mut config = HubSpotConfig::new(sandbox.hubspot().base_url, Secret::new(token));
    config.rate_limit_per_10s = 100_000;
    config.search_per_second = 1_000;
    config.retry = RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(500),
        total_cap: Duration::from_secs(20),
    };
    config.request_timeout = Duration::from_secs(2);
    config.connect_timeout = Duration::from_secs(2);
    config
}

/// A connector with the sandbox's all-scopes token.
pub fn connector(sandbox: &Sandbox) -> HubSpotConnector {
    HubSpotConnector::new(config(sandbox, &sandbox.hubspot().token)).expect("connector")
}

/// The HubSpot id of the company with `domain`.
pub async fn company_id(crm: &dyn CrmConnector, domain: &str) -> String {
    let found = crm
        .find_customers(&CustomerQuery::Domain(domain.into()))
        .await
        .expect("domain search");
    found[0].company.as_ref().expect("company").id.clone()
}

/// One big customer: 150 contacts, 130 notes, 3 deals (1 won), 4 tasks (1 done), plus a
/// second small customer that must not leak into the first one's context.
pub fn big_seed() -> CrmSnapshot {
    let mut seed = CrmSnapshot {
        format: SNAPSHOT_FORMAT.into(),
        ..CrmSnapshot::default()
    };
    for (id, name, domain) in [
        ("c1", "Big Customer", "big.example"),
        ("c2", "Other Ltd", "other.example"),
    ] {
        seed.companies.push(Company {
            id: id.into(),
            name: name.into(),
            domain: Some(domain.into()),
            industry: None,
            phone: None,
            employees: Some(5000),
            owner_id: None,
        });
    }
    for n in 0..150 {
        seed.contacts.push(Contact {
            id: format!("p{n}"),
            first_name: format!("Person{n}"),
            last_name: "Big".into(),
            email: Some(format!("person{n}@big.example")),
            phone: None,
            title: None,
            company_id: Some("c1".into()),
        });
    }
    seed.contacts.push(Contact {
        id: "q1".into(),
        first_name: "Olga".into(),
        last_name: "Other".into(),
        email: Some("olga@other.example".into()),
        phone: None,
        title: None,
        company_id: Some("c2".into()),
    });
    for n in 0..130 {
        seed.notes.push(Note {
            id: format!("n{n}"),
            body: format!("<p>Note {n}<script>alert({n})</script></p>"),
            timestamp: Some(format!(
                "2026-{:02}-{:02}T09:00:00Z",
                1 + n / 28,
                1 + n % 28
            )),
            company_id: Some("c1".into()),
            contact_ids: Vec::new(),
            deal_id: None,
        });
    }
    for (id, stage) in [
        ("d1", "qualifiedtobuy"),
        ("d2", "closedwon"),
        ("d3", "contractsent"),
    ] {
        seed.deals.push(Deal {
            id: id.into(),
            name: format!("Deal {id}"),
            stage: Some(stage.into()),
            amount: Some(1000.0),
            currency: Some("EUR".into()),
            close_date: Some("2026-12-20".into()),
            next_step: None,
            company_id: Some("c1".into()),
            contact_ids: Vec::new(),
            owner_id: None,
        });
    }
    for (id, status) in [
        ("t1", "open"),
        ("t2", "completed"),
        ("t3", "open"),
        ("t4", "open"),
    ] {
        seed.tasks.push(Task {
            id: id.into(),
            subject: format!("Task {id}"),
            due: Some("2026-12-01".into()),
            status: Some(status.into()),
            company_id: Some("c1".into()),
            contact_id: None,
            deal_id: None,
        });
    }
    seed
}
