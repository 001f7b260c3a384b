use std::collections::BTreeMap;

use callbrief_crm::{CrmConnector, PushAssociations, PushObject, PushRequest, PushStatus};
use callbrief_sandbox::demo_seed;
use serde_json::Value;

use crate::support::{company_id, connector, sandbox};

pub fn note_request(push_id: &str, body: &str, associations: PushAssociations) -> PushRequest {
    PushRequest {
        push_id: push_id.into(),
        entity: "sales_call".into(),
        object: PushObject::Note,
        fields: BTreeMap::from([
            ("body_html".to_owned(), body.to_owned()),
            ("started_at".to_owned(), "2026-11-25T06:00:00Z".to_owned()),
        ]),
        associations,
    }
}

fn with_push_id<'a>(records: &'a [Value], push_id: &str) -> Vec<&'a Value> {
    records
        .iter()
        .filter(|r| {
            r.pointer("/properties/callbrief_push_id")
                .and_then(Value::as_str)
                == Some(push_id)
        })
        .collect()
}

#[tokio::test]
async fn pushes_a_note_with_associations_once_then_finds_and_updates_it() {
    let seed = demo_seed();
    let sandbox = sandbox(seed.clone()).await;
    let crm = connector(&sandbox);
    let domain = seed.companies[0].domain.clone().unwrap();
    let company = company_id(&crm, &domain).await;
    let context = crm
        .customer_context(&company, Default::default())
        .await
        .unwrap();
    let contact = context.contacts[0].id.clone();
    let deal = context.open_deals[0].id.clone();
    let associations = PushAssociations {
        company_id: Some(company.clone()),
        contact_ids: vec![contact.clone()],
        deal_id: Some(deal.clone()),
    };
    let push_id = uuid::Uuid::now_v7().to_string();
    let before = sandbox.hubspot_records("notes").await.len();

    let request = note_request(
        &push_id,
        "<p>Agreed on <b>pilot</b></p>",
        associations.clone(),
    );
    let first = crm.push(&request).await.unwrap();
    assert_eq!(first.status, PushStatus::Created);
    assert_eq!(first.object, PushObject::Note);

    let records = sandbox.hubspot_records("notes").await;
    assert_eq!(records.len(), before + 1);
    let ours = with_push_id(&records, &push_id);
    assert_eq!(ours.len(), 1);
    assert_eq!(
        ours[0]["properties"]["hs_note_body"],
        "<p>Agreed on <b>pilot</b></p>"
    );

    let found = crm
        .find_push(PushObject::Note, &push_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.record_id, first.record_id);
    assert_eq!(
        found.associations.company_id.as_deref(),
        Some(company.as_str())
    );
    assert_eq!(found.associations.contact_ids, vec![contact]);
    assert_eq!(found.associations.deal_id.as_deref(), Some(deal.as_str()));

    // The same push again writes nothing.
    let requests_before = sandbox.stats().requests;
    let again = crm.push(&request).await.unwrap();
    assert_eq!(again.status, PushStatus::AlreadyExisted);
    assert_eq!(again.record_id, first.record_id);
    assert_eq!(sandbox.hubspot_records("notes").await.len(), before + 1);
    assert_eq!(
        sandbox.stats().requests - requests_before,
        1,
        "one look-up, no write"
    );

    // Edited content under the same push id updates the record in place.
    let edited = note_request(&push_id, "<p>Agreed on a paid pilot</p>", associations);
    let updated = crm.push(&edited).await.unwrap();
    assert_eq!(updated.status, PushStatus::Updated);
    assert_eq!(updated.record_id, first.record_id);
    let records = sandbox.hubspot_records("notes").await;
    assert_eq!(records.len(), before + 1);
    assert_eq!(
        with_push_id(&records, &push_id)[0]["properties"]["hs_note_body"],
        "<p>Agreed on a paid pilot</p>"
    );

    assert!(
        crm.find_push(PushObject::Note, "never-pushed")
            .await
            .unwrap()
            .is_none()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn pushes_a_logged_meeting() {
    let seed = demo_seed();
    let sandbox = sandbox(seed.clone()).await;
    let crm = connector(&sandbox);
    let company = company_id(&crm, seed.companies[1].domain.as_deref().unwrap()).await;
    let push_id = uuid::Uuid::now_v7().to_string();
    let request = PushRequest {
        push_id: push_id.clone(),
        entity: "sales_call".into(),
        object: PushObject::Meeting,
        fields: BTreeMap::from([
            ("title".to_owned(), "Pricing review".to_owned()),
            ("body_html".to_owned(), "<p>Summary</p>".to_owned()),
            ("started_at".to_owned(), "2026-11-25T06:00:00Z".to_owned()),
            ("ended_at".to_owned(), "2026-11-25T06:45:00Z".to_owned()),
            (
                "recording_url".to_owned(),
                "https://meet.example/rec/1".to_owned(),
            ),
        ]),
        associations: PushAssociations {
            company_id: Some(company.clone()),
            ..PushAssociations::default()
        },
    };
    let outcome = crm.push(&request).await.unwrap();
    assert_eq!(outcome.status, PushStatus::Created);
    let meetings = sandbox.hubspot_records("meetings").await;
    let ours = with_push_id(&meetings, &push_id);
    assert_eq!(ours.len(), 1);
    assert_eq!(ours[0]["properties"]["hs_meeting_title"], "Pricing review");
    let found = crm
        .find_push(PushObject::Meeting, &push_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        found.associations.company_id.as_deref(),
        Some(company.as_str())
    );
    assert_eq!(
        crm.push(&request).await.unwrap().status,
        PushStatus::AlreadyExisted
    );
    sandbox.shutdown().await;
}
