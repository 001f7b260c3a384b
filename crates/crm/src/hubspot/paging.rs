//! Cursor paging (`paging.next.after`), batch reads in chunks of 100 with bounded
//! parallelism, and v4 association listing.

use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

use super::http::Http;
use super::rate_limit::CallClass;
use crate::error::CrmError;

/// HubSpot's batch size limit.
pub(crate) const BATCH_LIMIT: usize = 100;
/// Page size for v4 association listing (HubSpot's maximum).
const ASSOCIATION_PAGE: &str = "500";
/// Page size for searches (HubSpot's maximum).
pub(crate) const SEARCH_PAGE: usize = 200;

/// The cursor of the next page, if there is one.
pub(crate) fn next_after(page: &Value) -> Option<String> {
    match page.pointer("/paging/next/after")? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The `results` array of a page.
pub(crate) fn results(page: &Value) -> Vec<Value> {
    page.get("results")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Ids of all `to` records associated with `from/id`, over every page.
pub(crate) async fn associated_ids(
    http: &Http,
    from: &str,
    id: &str,
    to: &str,
) -> Result<Vec<String>, CrmError> {
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut url = http.url(&["crm", "v4", "objects", from, id, "associations", to]);
        url.query_pairs_mut().append_pair("limit", ASSOCIATION_PAGE);
        if let Some(after) = &after {
            url.query_pairs_mut().append_pair("after", after);
        }
        let page = http.get(url).await?;
        ids.extend(
            results(&page)
                .iter()
                .filter_map(|r| id_of(r.get("toObjectId"))),
        );
        match next_after(&page) {
            Some(next) if after.as_deref() != Some(next.as_str()) => after = Some(next),
            _ => break,
        }
    }
    ids.dedup();
    Ok(ids)
}

/// An id that HubSpot may send as number or string.
pub(crate) fn id_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads `ids` of `object` with `properties`, 100 per request, at most `parallel`
/// requests at a time. Records that no longer exist are skipped.
pub(crate) async fn batch_read(
    http: &Http,
    object: &str,
    ids: &[String],
    properties: &[&str],
    parallel: usize,
) -> Result<Vec<Value>, CrmError> {
    let url = http.url(&["crm", "v3", "objects", object, "batch", "read"]);
    let chunks: Vec<Vec<String>> = ids.chunks(BATCH_LIMIT).map(<[String]>::to_vec).collect();
    let pages: Vec<Vec<Value>> = futures::stream::iter(chunks)
        .map(|chunk| {
            let body = json!({
                "properties": properties,
                "propertiesWithHistory": [],
                "inputs": chunk.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
            });
            let url = url.clone();
            async move {
                let page = http.post_read(url, &body, CallClass::General).await?;
                Ok::<_, CrmError>(results(&page))
            }
        })
        .buffer_unordered(parallel.max(1))
        .try_collect()
        .await?;
    Ok(pages.into_iter().flatten().collect())
}

/// Runs a search over every page (or until `max` results), sending `body` with
/// `limit`/`after` filled in.
pub(crate) async fn search_all(
    http: &Http,
    object: &str,
    mut body: Value,
    max: usize,
) -> Result<Vec<Value>, CrmError> {
    let url = http.url(&["crm", "v3", "objects", object, "search"]);
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        body["limit"] = json!(SEARCH_PAGE.min(max.saturating_sub(out.len())).max(1));
        match &after {
            Some(after) => body["after"] = json!(after),
            None => {
                if let Some(map) = body.as_object_mut() {
                    map.remove("after");
                }
            }
        }
        let page = http
            .post_read(url.clone(), &body, CallClass::Search)
            .await?;
        out.extend(results(&page));
        if out.len() >= max {
            out.truncate(max);
            break;
        }
        match next_after(&page) {
            Some(next) if after.as_deref() != Some(next.as_str()) => after = Some(next),
            _ => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cursors_and_results() {
        let page =
            json!({"results": [{"id": "1"}], "paging": {"next": {"after": "100", "link": "x"}}});
        assert_eq!(next_after(&page).as_deref(), Some("100"));
        assert_eq!(results(&page).len(), 1);
        assert_eq!(next_after(&json!({"results": []})), None);
        assert_eq!(
            next_after(&json!({"paging": {"next": {"after": 7}}})).as_deref(),
            Some("7")
        );
        assert_eq!(
            next_after(&json!({"paging": {"next": {"after": ""}}})),
            None
        );
    }

    #[test]
    fn ids_may_be_numbers_or_strings() {
        assert_eq!(id_of(Some(&json!(123))).as_deref(), Some("123"));
        assert_eq!(id_of(Some(&json!("9"))).as_deref(), Some("9"));
        assert_eq!(id_of(Some(&json!(null))), None);
        assert_eq!(id_of(None), None);
    }
}
