use callbrief_crm::mapping::{FieldMapping, Problem};
use callbrief_crm::{CrmConnector, PropertyType};
use callbrief_sandbox::demo_seed;

use crate::support::{connector, sandbox};

#[tokio::test]
async fn lists_properties_and_validates_the_default_mapping_against_them() {
    let sandbox = sandbox(demo_seed()).await;
    let crm = connector(&sandbox);
    crm.ensure_ready().await.unwrap();
    crm.ensure_ready().await.unwrap();

    let notes = crm.list_properties("notes").await.unwrap();
    let push_id = notes
        .iter()
        .find(|p| p.name == "callbrief_push_id")
        .expect("created by ensure_ready");
    assert!(push_id.unique);
    let timestamp = notes.iter().find(|p| p.name == "hs_timestamp").unwrap();
    assert_eq!(timestamp.property_type, PropertyType::DateTime);

    let mapping = FieldMapping::hubspot_default();
    for object in mapping.objects("sales_call") {
        let properties = crm.list_properties(object).await.unwrap();
        let issues = mapping.validate(object, &properties);
        assert!(issues.is_empty(), "{object}: {issues:#?}");
    }

    // A user mapping with a typo, a read-only property and a text field on a date.
    let custom = FieldMapping::from_toml(
        r#"
version = 1
[fields]
title = "text"
body_html = "html"
[entities.sales_call.notes]
hs_note_body = "body_html"
hs_timestamp = "title"
hs_note_bdy = "title"
hs_createdate = "title"
"#,
    )
    .unwrap();
    let issues = custom.validate("notes", &notes);
    let problems: Vec<(&str, &Problem)> = issues
        .iter()
        .map(|i| (i.property.as_str(), &i.problem))
        .collect();
    assert!(
        problems.contains(&("hs_note_bdy", &Problem::UnknownProperty)),
        "{issues:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|(p, problem)| *p == "hs_timestamp"
                && matches!(problem, Problem::TypeMismatch { .. })),
        "{issues:#?}"
    );
    assert!(
        problems.iter().any(|(p, problem)| *p == "hs_createdate"
            && matches!(problem, Problem::ReadOnly | Problem::TypeMismatch { .. })),
        "{issues:#?}"
    );
    assert!(issues.iter().all(|i| i.to_string().contains("`notes`")));
    sandbox.shutdown().await;
}
