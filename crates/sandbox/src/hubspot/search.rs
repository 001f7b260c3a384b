//! `POST /crm/v3/objects/{type}/search`: filter groups (OR of ANDed filters), free-text
//! query, sorts, paging, and the indexing lag of a real search index.

use std::cmp::Ordering;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::errors::{ApiError, ApiResult, json_response};
use super::store::Props;
use super::{HubSpot, object_type, parse_body};
use crate::time_fmt::{epoch_millis, parse_instant};

const MAX_LIMIT: usize = 200;
const MAX_GROUPS: usize = 5;
const MAX_FILTERS_PER_GROUP: usize = 6;
const MAX_FILTERS: usize = 18;
/// HubSpot stops paging search results here.
const MAX_RESULTS: usize = 10_000;

struct Filter {
    property: String,
    operator: String,
    value: Option<String>,
    high_value: Option<String>,
    values: Vec<String>,
}

pub(crate) async fn search(
    State(hubspot): State<Arc<HubSpot>>,
    Path(object): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let object = object_type(&object)?;
    let input = parse_body(&body)?;
    let limit = match input.get("limit") {
        None | Some(Value::Null) => 10,
        Some(value) => value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ApiError::validation(format!(
                    "limit must be between 1 and {MAX_LIMIT}, got {value}"
                ))
            })?,
    };
    let after = match input.get("after") {
        None | Some(Value::Null) => 0,
        Some(value) => value
            .as_str()
            .map(str::to_owned)
            .or_else(|| value.as_u64().map(|n| n.to_string()))
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(|| {
                ApiError::validation(format!("after must be a paging cursor, got {value}"))
            })?,
    };
    let groups = parse_groups(input.get("filterGroups"))?;
    let sorts = parse_sorts(input.get("sorts"))?;
    let query = input
        .get("query")
        .and_then(Value::as_str)
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let wanted: Option<Vec<String>> =
        input
            .get("properties")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });

    let store = hubspot.store.read().await;
    let now = OffsetDateTime::now_utc();
    let mut hits: Vec<(u64, &Props)> = store.objects[&object]
        .values()
        .filter_map(|r| store.searchable(r, now).map(|props| (r.id, props)))
        .filter(|(_, props)| {
            groups.is_empty() || groups.iter().any(|g| g.iter().all(|f| matches(f, props)))
        })
        .filter(|(_, props)| query.as_deref().is_none_or(|q| matches_query(q, props)))
        .collect();
    hits.sort_by(|a, b| {
        for (property, descending) in &sorts {
            let ordering = compare(a.1.get(property), b.1.get(property));
            let ordering = if *descending {
                ordering.reverse()
            } else {
                ordering
            };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        a.0.cmp(&b.0)
    });
    let total = hits.len();
    let end = (after + limit).min(total).min(MAX_RESULTS);
    let results: Vec<Value> = hits
        .get(after.min(end)..end)
        .unwrap_or_default()
        .iter()
        .filter_map(|(id, _)| store.objects[&object].get(id))
        .map(|record| {
            let mut body = store.record_json(
                object,
                record,
                wanted.as_deref().filter(|w| !w.is_empty()),
                &[],
            );
            // Search answers with what the index holds, not the latest write.
            if let (Some(indexed), Some(props)) = (
                store.searchable(record, now),
                body["properties"].as_object_mut(),
            ) {
                for (name, value) in props.iter_mut() {
                    *value = indexed.get(name).map_or(Value::Null, |v| json!(v));
                }
            }
            body
        })
        .collect();
    let mut body = json!({ "total": total, "results": results });
    if end < total && end < MAX_RESULTS {
        body["paging"] = json!({ "next": { "after": end.to_string() } });
    }
    Ok(json_response(StatusCode::OK, &body))
}

fn parse_groups(value: Option<&Value>) -> ApiResult<Vec<Vec<Filter>>> {
    let Some(groups) = value.and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    if groups.len() > MAX_GROUPS {
        return Err(ApiError::validation(format!(
            "Too many filter groups: {} (at most {MAX_GROUPS})",
            groups.len()
        )));
    }
    let mut total = 0;
    let mut parsed = Vec::new();
    for group in groups {
        let filters = group
            .get("filters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if filters.len() > MAX_FILTERS_PER_GROUP {
            return Err(ApiError::validation(format!(
                "Too many filters in a group: {} (at most {MAX_FILTERS_PER_GROUP})",
                filters.len()
            )));
        }
        total += filters.len();
        let mut out = Vec::new();
        for filter in &filters {
            out.push(parse_filter(filter)?);
        }
        parsed.push(out);
    }
    if total > MAX_FILTERS {
        return Err(ApiError::validation(format!(
            "Too many filters: {total} (at most {MAX_FILTERS})"
        )));
    }
    Ok(parsed)
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn parse_filter(value: &Value) -> ApiResult<Filter> {
    let property = value
        .get("propertyName")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::validation("filters[].propertyName is required"))?
        .to_owned();
    let operator = value
        .get("operator")
        .and_then(Value::as_str)
        .unwrap_or("EQ")
        .to_owned();
    let filter = Filter {
        property,
        value: value.get("value").and_then(scalar),
        high_value: value.get("highValue").and_then(scalar),
        values: value
            .get("values")
            .and_then(Value::as_array)
            .map(|vs| vs.iter().filter_map(scalar).collect())
            .unwrap_or_default(),
        operator,
    };
    let needs_value = matches!(
        filter.operator.as_str(),
        "EQ" | "NEQ"
            | "LT"
            | "LTE"
            | "GT"
            | "GTE"
            | "CONTAINS_TOKEN"
            | "NOT_CONTAINS_TOKEN"
            | "BETWEEN"
    );
    let known = needs_value
        || matches!(
            filter.operator.as_str(),
            "IN" | "NOT_IN" | "HAS_PROPERTY" | "NOT_HAS_PROPERTY"
        );
    if !known {
        return Err(ApiError::validation(format!(
            "Unknown filter operator {}",
            filter.operator
        )));
    }
    if needs_value && filter.value.is_none() {
        return Err(ApiError::validation(format!(
            "Filter on {} with operator {} needs a value",
            filter.property, filter.operator
        )));
    }
    if filter.operator == "BETWEEN" && filter.high_value.is_none() {
        return Err(ApiError::validation("BETWEEN needs highValue"));
    }
    Ok(filter)
}

fn parse_sorts(value: Option<&Value>) -> ApiResult<Vec<(String, bool)>> {
    let Some(sorts) = value.and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    sorts
        .iter()
        .map(|sort| match sort {
            Value::String(name) => Ok(match name.strip_prefix('-') {
                Some(name) => (name.to_owned(), true),
                None => (name.clone(), false),
            }),
            Value::Object(map) => {
                let name = map
                    .get("propertyName")
                    .and_then(Value::as_str)
                    .ok_or_else(|| ApiError::validation("sorts[].propertyName is required"))?;
                let descending = map
                    .get("direction")
                    .and_then(Value::as_str)
                    .is_some_and(|d| d.eq_ignore_ascii_case("DESCENDING"));
                Ok((name.to_owned(), descending))
            }
            other => Err(ApiError::validation(format!("Invalid sort {other}"))),
        })
        .collect()
}

/// Numbers compare as numbers, dates as instants, everything else case-insensitively.
fn compare(a: Option<&String>, b: Option<&String>) -> Ordering {
    match (a.filter(|s| !s.is_empty()), b.filter(|s| !s.is_empty())) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => compare_values(a, b),
    }
}

fn compare_values(a: &str, b: &str) -> Ordering {
    if let (Ok(x), Ok(y)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    }
    if let (Some(x), Some(y)) = (instant_millis(a), instant_millis(b)) {
        return x.cmp(&y);
    }
    a.to_lowercase().cmp(&b.to_lowercase())
}

fn instant_millis(text: &str) -> Option<i64> {
    if text.contains('-') || text.trim().chars().all(|c| c.is_ascii_digit()) {
        parse_instant(text).map(epoch_millis)
    } else {
        None
    }
}

fn matches(filter: &Filter, props: &Props) -> bool {
    let actual = props.get(&filter.property).filter(|v| !v.is_empty());
    let value = filter.value.as_deref().unwrap_or("");
    match filter.operator.as_str() {
        "HAS_PROPERTY" => actual.is_some(),
        "NOT_HAS_PROPERTY" => actual.is_none(),
        "EQ" => actual.is_some_and(|a| compare_values(a, value) == Ordering::Equal),
        "NEQ" => actual.is_none_or(|a| compare_values(a, value) != Ordering::Equal),
        "LT" => actual.is_some_and(|a| compare_values(a, value) == Ordering::Less),
        "LTE" => actual.is_some_and(|a| compare_values(a, value) != Ordering::Greater),
        "GT" => actual.is_some_and(|a| compare_values(a, value) == Ordering::Greater),
        "GTE" => actual.is_some_and(|a| compare_values(a, value) != Ordering::Less),
        "BETWEEN" => {
            let high = filter.high_value.as_deref().unwrap_or("");
            actual.is_some_and(|a| {
                compare_values(a, value) != Ordering::Less
                    && compare_values(a, high) != Ordering::Greater
            })
        }
        "IN" => actual.is_some_and(|a| {
            filter
                .values
                .iter()
                .any(|v| compare_values(a, v) == Ordering::Equal)
        }),
        "NOT_IN" => actual.is_none_or(|a| {
            filter
                .values
                .iter()
                .all(|v| compare_values(a, v) != Ordering::Equal)
        }),
        "CONTAINS_TOKEN" => actual.is_some_and(|a| contains_token(a, value)),
        "NOT_CONTAINS_TOKEN" => actual.is_none_or(|a| !contains_token(a, value)),
        _ => false,
    }
}

/// Token match: words split at spaces and punctuation; `*` is a wildcard; text without
/// word breaks (Chinese) and needles with punctuation (domains) match as substrings.
fn contains_token(actual: &str, needle: &str) -> bool {
    let actual = actual.to_lowercase();
    let needle = needle.to_lowercase();
    if needle.contains('*') {
        // Text without word breaks (Chinese) has no tokens to anchor a wildcard on.
        if !actual.is_ascii() && actual.contains(needle.replace('*', "").as_str()) {
            return true;
        }
        return glob(&needle, &actual)
            || actual
                .split(|c: char| !c.is_alphanumeric())
                .any(|token| glob(&needle, token));
    }
    let tokens_match = actual
        .split(|c: char| !c.is_alphanumeric())
        .any(|token| token == needle);
    let unsplittable =
        !needle.chars().all(|c| c.is_alphanumeric() && c.is_ascii()) || !actual.is_ascii();
    tokens_match || (unsplittable && actual.contains(&needle))
}

fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = text;
    for (index, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        if index == 0 {
            let Some(stripped) = rest.strip_prefix(part) else {
                return false;
            };
            rest = stripped;
        } else if index == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    pattern.ends_with('*') || rest.is_empty() || parts.len() == 1
}

const QUERY_PROPERTIES: &[&str] = &[
    "name",
    "domain",
    "website",
    "phone",
    "email",
    "firstname",
    "lastname",
    "company",
    "dealname",
    "hs_note_body",
    "hs_meeting_title",
    "hs_task_subject",
    "hs_call_title",
];

fn matches_query(query: &str, props: &Props) -> bool {
    QUERY_PROPERTIES.iter().any(|name| {
        props
            .get(*name)
            .is_some_and(|v| v.to_lowercase().contains(query))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_wildcards_and_chinese_text() {
        assert!(contains_token("Anna Chen", "chen"));
        assert!(!contains_token("Anna Chen", "che"));
        assert!(contains_token("Anna Chen", "che*"));
        assert!(contains_token(
            "anna@acme-robotics.example",
            "acme-robotics.example"
        ));
        assert!(contains_token("上海星河机器人有限公司", "星河"));
        assert!(glob("*robot*", "acme robotics"));
        assert!(!glob("x*", "acme"));
    }

    #[test]
    fn values_compare_as_numbers_and_dates() {
        assert_eq!(compare_values("9", "10"), Ordering::Less);
        assert_eq!(
            compare_values("2025-11-25T06:00:00.000Z", "1764050400000"),
            Ordering::Equal
        );
        assert_eq!(compare_values("ACME", "acme"), Ordering::Equal);
    }
}
