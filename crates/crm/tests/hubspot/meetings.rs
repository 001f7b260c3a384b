use callbrief_crm::CrmConnector;
use callbrief_sandbox::demo_seed;
use time::{Duration, OffsetDateTime};

use crate::support::{connector, sandbox};

#[tokio::test]
async fn lists_the_owners_upcoming_meetings_in_a_window() {
    let seed = demo_seed();
    let sandbox = sandbox(seed.clone()).await;
    let crm = connector(&sandbox);
    let me = crm.who_am_i().await.unwrap();
    let owner = me.owner.expect("the signed-in user is an owner");

    let now = OffsetDateTime::now_utc();
    let meetings = crm
        .upcoming_meetings(now - Duration::minutes(5), now + Duration::days(14))
        .await
        .unwrap();
    assert!(!meetings.is_empty());
    assert!(
        meetings
            .iter()
            .all(|m| m.owner_id.as_deref() == Some(owner.id.as_str()))
    );
    let starts: Vec<i128> = meetings
        .iter()
        .map(|m| {
            OffsetDateTime::parse(&m.start, &time::format_description::well_known::Rfc3339)
                .unwrap()
                .unix_timestamp_nanos()
        })
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "earliest first");
    assert!(
        starts
            .iter()
            .all(|s| *s >= (now - Duration::minutes(5)).unix_timestamp_nanos())
    );
    assert!(
        meetings.iter().any(|m| m.company_id.is_some()),
        "links are read: {meetings:?}"
    );

    // Past meetings are outside the window.
    let past = crm
        .upcoming_meetings(now - Duration::days(30), now - Duration::days(29))
        .await
        .unwrap();
    assert!(past.is_empty());
    sandbox.shutdown().await;
}
