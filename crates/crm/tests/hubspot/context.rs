use callbrief_crm::{ContextOptions, CrmConnector, CrmErrorKind};
use callbrief_sandbox::demo_seed;

use crate::support::{big_seed, company_id, connector, sandbox};

#[tokio::test]
async fn context_pages_over_more_than_a_hundred_contacts_and_notes() {
    let sandbox = sandbox(big_seed()).await;
    let crm = connector(&sandbox);
    let id = company_id(&crm, "big.example").await;
    let options = ContextOptions {
        recent_notes: 500,
        recent_engagements: 50,
    };
    let context = crm.customer_context(&id, options).await.unwrap();
    assert_eq!(context.company.name, "Big Customer");
    assert_eq!(context.contacts.len(), 150);
    assert!(context.contacts.iter().all(|c| c.last_name == "Big"));
    assert_eq!(context.recent_notes.len(), 130);
    // Newest first, sanitised, with plain-text previews.
    let first = &context.recent_notes[0];
    assert!(!first.note.body.contains("script"), "{}", first.note.body);
    assert!(first.text.starts_with("Note "), "{}", first.text);
    let stamps: Vec<_> = context
        .recent_notes
        .iter()
        .map(|n| n.note.timestamp.clone())
        .collect();
    let mut sorted = stamps.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(stamps, sorted);
    assert_eq!(context.open_deals.len(), 2);
    assert!(
        context
            .open_deals
            .iter()
            .all(|d| d.stage.as_deref() != Some("closedwon"))
    );
    assert_eq!(context.open_tasks.len(), 3);

    let limited = crm
        .customer_context(
            &id,
            ContextOptions {
                recent_notes: 5,
                recent_engagements: 5,
            },
        )
        .await
        .unwrap();
    assert_eq!(limited.recent_notes.len(), 5);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn context_of_a_demo_customer_has_every_part() {
    let seed = demo_seed();
    let sandbox = sandbox(seed.clone()).await;
    let crm = connector(&sandbox);
    let company = &seed.companies[0];
    let id = company_id(&crm, company.domain.as_deref().unwrap()).await;
    let context = crm
        .customer_context(&id, ContextOptions::default())
        .await
        .unwrap();
    let expect = |n: usize| n;
    assert_eq!(
        context.contacts.len(),
        expect(
            seed.contacts
                .iter()
                .filter(|c| c.company_id.as_ref() == Some(&company.id))
                .count()
        )
    );
    assert!(!context.open_deals.is_empty());
    assert!(!context.recent_notes.is_empty());
    assert!(
        !context.recent_engagements.is_empty(),
        "meetings are engagements too"
    );
    assert!(!context.open_tasks.is_empty());
    assert!(
        context
            .open_tasks
            .iter()
            .all(|t| t.status.as_deref() == Some("open"))
    );

    let missing = crm
        .customer_context("999999999", ContextOptions::default())
        .await
        .unwrap_err();
    assert_eq!(missing.kind, CrmErrorKind::NotFound);
    sandbox.shutdown().await;
}
