//! Upcoming meetings of the signed-in owner: a meetings search (owner + start window,
//! all pages, earliest first), then their links read with v4 batch association reads.

use std::collections::BTreeMap;

use callbrief_core::model::ScheduledMeeting;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::convert::{self, MEETING_PROPERTIES};
use super::http::Http;
use super::paging::{BATCH_LIMIT, id_of, results, search_all};
use super::rate_limit::CallClass;
use crate::error::CrmError;

/// Upper bound of meetings returned for one window.
const MAX_MEETINGS: usize = 1_000;

fn millis(at: OffsetDateTime) -> String {
    (at.unix_timestamp_nanos() / 1_000_000).to_string()
}

pub(crate) fn search_body(owner_id: &str, from: OffsetDateTime, to: OffsetDateTime) -> Value {
    json!({
        "filterGroups": [{ "filters": [
            { "propertyName": "hubspot_owner_id", "operator": "EQ", "value": owner_id },
            { "propertyName": "hs_meeting_start_time", "operator": "GTE", "value": millis(from) },
            { "propertyName": "hs_meeting_start_time", "operator": "LT", "value": millis(to) },
        ]}],
        "sorts": [{ "propertyName": "hs_meeting_start_time", "direction": "ASCENDING" }],
        "properties": MEETING_PROPERTIES,
    })
}

pub(crate) async fn upcoming(
    http: &Http,
    owner_id: &str,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<ScheduledMeeting>, CrmError> {
    if to <= from {
        return Err(CrmError::validation(
            Some("to".into()),
            "the window ends before it starts",
        ));
    }
    let found = search_all(
        http,
        "meetings",
        search_body(owner_id, from, to),
        MAX_MEETINGS,
    )
    .await?;
    let mut meetings: Vec<ScheduledMeeting> = found.iter().map(convert::meeting).collect();
    let ids: Vec<String> = meetings.iter().map(|m| m.id.clone()).collect();
    let (companies, contacts, deals) = futures::try_join!(
        links(http, &ids, "companies"),
        links(http, &ids, "contacts"),
        links(http, &ids, "deals"),
    )?;
    for meeting in &mut meetings {
        meeting.company_id = companies.get(&meeting.id).and_then(|v| v.first().cloned());
        meeting.contact_ids = contacts.get(&meeting.id).cloned().unwrap_or_default();
        meeting.deal_id = deals.get(&meeting.id).and_then(|v| v.first().cloned());
    }
    // The search sorts already; keep the order stable if a page boundary reordered ties.
    meetings.sort_by_cached_key(|m| convert::sort_key(Some(&m.start)));
    Ok(meetings)
}

/// meeting id → linked `to` ids, via `POST /crm/v4/associations/meetings/{to}/batch/read`.
async fn links(
    http: &Http,
    ids: &[String],
    to: &str,
) -> Result<BTreeMap<String, Vec<String>>, CrmError> {
    let url = http.url(&["crm", "v4", "associations", "meetings", to, "batch", "read"]);
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for chunk in ids.chunks(BATCH_LIMIT) {
        let body =
            json!({ "inputs": chunk.iter().map(|id| json!({"id": id})).collect::<Vec<_>>() });
        let page = http
            .post_read(url.clone(), &body, CallClass::General)
            .await?;
        for result in results(&page) {
            let Some(from) = id_of(result.pointer("/from/id")) else {
                continue;
            };
            let targets = result
                .get("to")
                .and_then(Value::as_array)
                .map(|to| {
                    to.iter()
                        .filter_map(|t| id_of(t.get("toObjectId")))
                        .collect()
                })
                .unwrap_or_default();
            out.entry(from).or_default().extend::<Vec<String>>(targets);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn search_filters_owner_and_window_in_epoch_millis() {
        let body = search_body(
            "42",
            datetime!(2026-11-25 00:00 UTC),
            datetime!(2026-11-26 00:00 UTC),
        );
        let filters = &body["filterGroups"][0]["filters"];
        assert_eq!(filters[0]["value"], "42");
        assert_eq!(filters[1]["value"], "1795564800000");
        assert_eq!(filters[2]["operator"], "LT");
        assert_eq!(body["sorts"][0]["direction"], "ASCENDING");
    }
}
