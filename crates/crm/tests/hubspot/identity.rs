use callbrief_crm::CrmConnector;
use callbrief_crm::hubspot::{HubSpotConnector, REQUIRED_SCOPES};
use callbrief_sandbox::demo_seed;

use crate::support::{config, connector, sandbox};

#[tokio::test]
async fn who_am_i_reports_portal_owner_and_all_scopes() {
    let sandbox = sandbox(demo_seed()).await;
    let me = connector(&sandbox).who_am_i().await.unwrap();
    assert!(!me.portal_id.is_empty());
    assert!(me.user_id.is_some());
    assert!(me.missing_scopes.is_empty(), "{:?}", me.missing_scopes);
    for (scope, _) in REQUIRED_SCOPES {
        assert!(me.granted_scopes.iter().any(|g| g == scope), "{scope}");
    }
    assert!(
        me.owner.is_some(),
        "the token's user should be a record owner: {me:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn who_am_i_lists_missing_scopes_of_a_narrow_token() {
    let sandbox = sandbox(demo_seed()).await;
    let token =
        sandbox.issue_hubspot_token(&["crm.objects.contacts.read", "crm.objects.companies.read"]);
    let crm = HubSpotConnector::new(config(&sandbox, &token)).unwrap();
    let me = crm.who_am_i().await.unwrap();
    assert!(!me.has_all_scopes());
    assert!(
        me.missing_scopes
            .contains(&"crm.objects.deals.read".to_owned())
    );
    assert!(
        me.missing_scopes
            .contains(&"crm.objects.contacts.write".to_owned())
    );
    assert!(
        !me.missing_scopes
            .contains(&"crm.objects.contacts.read".to_owned())
    );
    sandbox.shutdown().await;
}
