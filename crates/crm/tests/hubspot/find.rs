use callbrief_crm::{CrmConnector, CustomerQuery};
use callbrief_sandbox::demo_seed;

use crate::support::{connector, sandbox};

#[tokio::test]
async fn finds_customers_by_email_domain_and_name() {
    let seed = demo_seed();
    let sandbox = sandbox(seed.clone()).await;
    let crm = connector(&sandbox);

    let contact = seed.contacts.iter().find(|c| c.email.is_some()).unwrap();
    let company = seed
        .companies
        .iter()
        .find(|c| Some(&c.id) == contact.company_id.as_ref())
        .unwrap();
    let email = contact.email.clone().unwrap();

    let by_email = crm
        .find_customers(&CustomerQuery::Email(email.to_uppercase()))
        .await
        .unwrap();
    assert_eq!(by_email.len(), 1, "{by_email:?}");
    assert_eq!(by_email[0].company.as_ref().unwrap().name, company.name);
    assert_eq!(by_email[0].matched_contacts.len(), 1);
    assert_eq!(
        by_email[0].matched_contacts[0].email.as_deref(),
        Some(email.as_str())
    );

    let domain = company.domain.clone().unwrap();
    let by_domain = crm
        .find_customers(&CustomerQuery::Domain(format!(
            "https://www.{domain}/contact"
        )))
        .await
        .unwrap();
    assert_eq!(by_domain.len(), 1);
    assert_eq!(by_domain[0].company.as_ref().unwrap().name, company.name);

    let english = seed
        .companies
        .iter()
        .find(|c| c.name.is_ascii())
        .unwrap_or(&seed.companies[0]);
    let word = english.name.split_whitespace().next().unwrap();
    let by_name = crm
        .find_customers(&CustomerQuery::Name(word.into()))
        .await
        .unwrap();
    assert!(
        by_name
            .iter()
            .any(|m| m.company.as_ref().unwrap().name == english.name),
        "{word}: {by_name:?}"
    );

    let none = crm
        .find_customers(&CustomerQuery::Email("nobody@nowhere.example".into()))
        .await
        .unwrap();
    assert!(none.is_empty());
    sandbox.shutdown().await;
}
