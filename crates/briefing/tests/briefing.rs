//! Briefings against the CRM sandbox over real HTTP, cached in a real store.

use callbrief_accounts::Accounts;
use callbrief_briefing::{BriefError, Briefer, Freshness};
use callbrief_core::Secret;
use callbrief_platform::Keychain;
use callbrief_sandbox::{Sandbox, SandboxOptions, demo_seed};
use callbrief_store::Store;

struct Setup {
    sandbox: Sandbox,
    accounts: Accounts,
    briefer: Briefer,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let sandbox = Sandbox::start(SandboxOptions {
        seed: demo_seed(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("callbrief.sqlite3"))
        .await
        .unwrap();
    let service = format!(
        "callbrief-test-briefing-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    );
    let keychain = Keychain::open_service(&service).await;
    let accounts = Accounts::new(store.clone(), keychain, sandbox.hubspot().base_url);
    let briefer = Briefer::new(accounts.clone(), store);
    Setup {
        sandbox,
        accounts,
        briefer,
        _dir: dir,
    }
}

async fn connect(s: &Setup) {
    s.accounts
        .connect_hubspot(Secret::new(s.sandbox.hubspot().token))
        .await
        .unwrap();
}

#[tokio::test]
async fn nothing_to_brief_before_a_crm_is_connected() {
    let s = setup().await;
    assert_eq!(
        s.briefer.refresh_upcoming().await.unwrap_err(),
        BriefError::NotConnected
    );
    let cached = s.briefer.cached_upcoming().await.unwrap();
    assert!(cached.calls.is_empty());
    assert!(s.briefer.cached("1", &[]).await.unwrap().is_none());
}

#[tokio::test]
async fn the_calendar_lists_the_next_call_and_its_briefing_is_ready_offline() {
    let s = setup().await;
    connect(&s).await;

    let upcoming = s.briefer.refresh_upcoming().await.unwrap();
    assert_eq!(upcoming.freshness, Freshness::Live);
    let next = upcoming
        .calls
        .first()
        .expect("the demo seed has a call in a few minutes");
    let starts: Vec<_> = upcoming.calls.iter().map(|c| c.start.clone()).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "soonest first");
    let company_id = next.company_id.clone().expect("linked to a customer");
    assert!(
        next.company_name.is_some(),
        "the customer's name is known after the prefetch"
    );

    // The CRM goes away: the calendar and the prefetched briefing still show, from cache.
    s.sandbox.shutdown().await;
    let cached = s.briefer.cached_upcoming().await.unwrap();
    assert_eq!(cached.calls.len(), upcoming.calls.len());
    assert_eq!(cached.freshness, Freshness::Cached);
    let briefing = s
        .briefer
        .cached(&company_id, &next.contact_ids)
        .await
        .unwrap()
        .expect("prefetched");
    assert_eq!(briefing.company.id, company_id);
    assert!(!briefing.contacts.is_empty());
    assert!(briefing.contacts[0].in_meeting, "invitees come first");
    assert!(matches!(
        s.briefer.refresh(&company_id, &[]).await.unwrap_err(),
        BriefError::Offline { .. }
    ));
}

#[tokio::test]
async fn a_briefing_has_contacts_open_deals_readable_notes_and_open_tasks() {
    let s = setup().await;
    connect(&s).await;
    let upcoming = s.briefer.refresh_upcoming().await.unwrap();
    let company_id = upcoming.calls[0].company_id.clone().unwrap();

    let briefing = s.briefer.refresh(&company_id, &[]).await.unwrap();
    assert_eq!(briefing.freshness, Freshness::Live);
    assert!(!briefing.contacts.is_empty());
    assert!(!briefing.deals.is_empty(), "open deals");
    assert!(
        briefing
            .deals
            .iter()
            .all(|d| d.stage.as_deref() != Some("closedwon"))
    );
    assert!(!briefing.notes.is_empty());
    for note in &briefing.notes {
        assert!(
            !note.text.contains('<'),
            "notes are plain text: {}",
            note.text
        );
    }
    // Only open tasks: the seed marks some completed.
    let seeded = demo_seed();
    for task in &briefing.tasks {
        let source = seeded
            .tasks
            .iter()
            .find(|t| t.subject == task.subject)
            .expect("seeded task");
        assert_eq!(source.status.as_deref(), Some("open"), "{}", task.subject);
    }
    let cached = s.briefer.cached(&company_id, &[]).await.unwrap().unwrap();
    assert_eq!(cached.freshness, Freshness::Cached);
    assert_eq!(cached.company, briefing.company);
    assert_eq!(cached.deals.len(), briefing.deals.len());
    assert_eq!(cached.tasks.len(), briefing.tasks.len());
}

#[tokio::test]
async fn a_revoked_token_asks_to_reconnect() {
    let s = setup().await;
    let token = s.sandbox.hubspot().token;
    connect(&s).await;
    s.sandbox.revoke_hubspot_token(&token);
    assert!(matches!(
        s.briefer.refresh_upcoming().await.unwrap_err(),
        BriefError::Reconnect { .. }
    ));
}

#[tokio::test]
async fn search_finds_customers_by_email_domain_and_name() {
    let s = setup().await;
    connect(&s).await;
    let seed = demo_seed();
    let contact = seed.contacts.iter().find(|c| c.email.is_some()).unwrap();
    let company = seed
        .companies
        .iter()
        .find(|c| Some(&c.id) == contact.company_id.as_ref())
        .unwrap();

    let by_email = s
        .briefer
        .search(contact.email.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(
        by_email.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        [company.name.as_str()]
    );
    let by_domain = s
        .briefer
        .search(company.domain.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(by_domain[0].name, company.name);
    let by_name = s.briefer.search("Acme").await.unwrap();
    assert!(
        by_name.iter().any(|c| c.name == "Acme Robotics"),
        "{by_name:?}"
    );
    assert!(s.briefer.search("   ").await.unwrap().is_empty());
}

#[tokio::test]
async fn search_finds_cached_customers_by_chinese_fragment_also_offline() {
    let s = setup().await;
    connect(&s).await;
    s.briefer.refresh_upcoming().await.unwrap(); // caches the next day's customers
    let cached = s.briefer.cached_upcoming().await.unwrap();
    let name = cached
        .calls
        .iter()
        .find_map(|c| c.company_name.clone())
        .unwrap();
    let fragment: String = name.chars().skip(1).take(3).collect();

    s.sandbox.shutdown().await;
    let found = s.briefer.search(&fragment).await.unwrap();
    assert!(
        found.iter().any(|c| c.name == name),
        "{fragment} → {found:?}"
    );
    assert!(matches!(
        s.briefer.search("no such customer").await.unwrap_err(),
        BriefError::Offline { .. }
    ));
}
