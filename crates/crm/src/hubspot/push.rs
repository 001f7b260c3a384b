//! Idempotent writes.
//!
//! Every record carries `callbrief_push_id` (a unique property). A push first reads the
//! record by it (`GET …/{push_id}?idProperty=callbrief_push_id`, a consistent read —
//! never a search). If absent it is created with its associations in one request. A
//! create that fails *uncertainly* (connection lost after sending, timeout, 5xx) is
//! followed by the same look-up and only repeated when the record is really not there; a
//! create refused as a duplicate resolves to the existing record. Associations are
//! completed with idempotent PUTs.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::Method;
use serde_json::{Value, json};
use tokio::time::Instant;

use super::PUSH_ID_PROPERTY;
use super::convert;
use super::http::Http;
use super::object_name;
use super::paging::id_of;
use super::rate_limit::CallClass;
use crate::error::{CrmError, CrmErrorKind};
use crate::mapping::FieldMapping;
use crate::types::{
    PushAssociations, PushObject, PushOutcome, PushRequest, PushStatus, PushedRecord,
};

/// HubSpot's default association type ids from an activity to a record.
pub(crate) fn association_type_id(object: PushObject, to: &str) -> Option<u32> {
    match (object, to) {
        (PushObject::Note, "contacts") => Some(202),
        (PushObject::Note, "companies") => Some(190),
        (PushObject::Note, "deals") => Some(214),
        (PushObject::Meeting, "contacts") => Some(200),
        (PushObject::Meeting, "companies") => Some(188),
        (PushObject::Meeting, "deals") => Some(212),
        _ => None,
    }
}

/// (object type, id) pairs a push links to.
fn targets(associations: &PushAssociations) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(id) = &associations.company_id {
        out.push(("companies", id.clone()));
    }
    for id in &associations.contact_ids {
        out.push(("contacts", id.clone()));
    }
    if let Some(id) = &associations.deal_id {
        out.push(("deals", id.clone()));
    }
    out.sort();
    out.dedup();
    out
}

fn validate_push_id(push_id: &str) -> Result<(), CrmError> {
    let ok = !push_id.is_empty()
        && push_id.len() <= 100
        && push_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(CrmError::validation(
            Some("push_id".into()),
            "push_id must be 1–100 characters of letters, digits, '-' or '_'",
        ))
    }
}

/// The properties a push writes, from the mapping (push id always included).
pub(crate) fn properties(
    mapping: &FieldMapping,
    request: &PushRequest,
) -> Result<BTreeMap<String, String>, CrmError> {
    let mut fields = request.fields.clone();
    fields.insert("push_id".into(), request.push_id.clone());
    let mut props =
        mapping.properties_for(&request.entity, object_name(request.object), &fields)?;
    props.insert(PUSH_ID_PROPERTY.into(), request.push_id.clone());
    if !props.contains_key("hs_timestamp") {
        return Err(CrmError::validation(
            Some("hs_timestamp".into()),
            "HubSpot needs a time for every activity: map a field (e.g. started_at) to hs_timestamp and set it",
        ));
    }
    Ok(props)
}

/// Reads the record written for `push_id`, with `properties` and its associations.
pub(crate) async fn find(
    http: &Http,
    object: PushObject,
    push_id: &str,
    properties: &[&str],
) -> Result<Option<PushedRecord>, CrmError> {
    validate_push_id(push_id)?;
    let mut url = http.url(&["crm", "v3", "objects", object_name(object), push_id]);
    let mut wanted: Vec<&str> = properties.to_vec();
    wanted.push(PUSH_ID_PROPERTY);
    url.query_pairs_mut()
        .append_pair("idProperty", PUSH_ID_PROPERTY)
        .append_pair("properties", &wanted.join(","))
        .append_pair("associations", "companies,contacts,deals");
    let Some(record) = http.get_optional(url).await? else {
        return Ok(None);
    };
    Ok(Some(pushed_record(object, &record)))
}

fn pushed_record(object: PushObject, record: &Value) -> PushedRecord {
    let properties = record
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some((k.clone(), s.clone())),
                    Value::Number(n) => Some((k.clone(), n.to_string())),
                    Value::Bool(b) => Some((k.clone(), b.to_string())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let linked = |to: &str| -> Vec<String> {
        let mut ids: Vec<String> = record
            .pointer(&format!("/associations/{to}/results"))
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(|a| id_of(a.get("id"))).collect())
            .unwrap_or_default();
        ids.sort();
        ids.dedup();
        ids
    };
    PushedRecord {
        record_id: convert::id(record),
        object,
        properties,
        associations: PushAssociations {
            company_id: linked("companies").into_iter().next(),
            contact_ids: linked("contacts"),
            deal_id: linked("deals").into_iter().next(),
        },
    }
}

/// Two property values mean the same (instants compared as instants).
fn same_value(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a == b {
        return true;
    }
    let (x, y) = (convert::sort_key(Some(a)), convert::sort_key(Some(b)));
    x != i128::MIN && x == y
}

fn differing(
    existing: &PushedRecord,
    wanted: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    wanted
        .iter()
        .filter(|(k, v)| {
            existing
                .properties
                .get(*k)
                .is_none_or(|have| !same_value(have, v))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn linked_set(associations: &PushAssociations) -> BTreeSet<(&'static str, String)> {
    targets(associations).into_iter().collect()
}

/// PUTs the associations `existing` lacks; returns how many were added.
async fn complete_associations(
    http: &Http,
    object: PushObject,
    existing: &PushedRecord,
    wanted: &PushAssociations,
) -> Result<usize, CrmError> {
    let have = linked_set(&existing.associations);
    let mut added = 0;
    for (to, to_id) in targets(wanted) {
        if have.contains(&(to, to_id.clone())) {
            continue;
        }
        let Some(type_id) = association_type_id(object, to) else {
            continue;
        };
        let url = http.url(&[
            "crm",
            "v4",
            "objects",
            object_name(object),
            &existing.record_id,
            "associations",
            to,
            &to_id,
        ]);
        let body =
            json!([{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id }]);
        http.call(Method::PUT, url, Some(&body), CallClass::General)
            .await?;
        added += 1;
    }
    Ok(added)
}

/// Brings an existing record in line with the request: nothing to do, or a PATCH of
/// changed properties and PUTs of missing associations.
async fn reconcile(
    http: &Http,
    request: &PushRequest,
    existing: PushedRecord,
    wanted: &BTreeMap<String, String>,
    found_after_own_create: bool,
) -> Result<PushOutcome, CrmError> {
    let changes = differing(&existing, wanted);
    if !changes.is_empty() {
        let mut url = http.url(&[
            "crm",
            "v3",
            "objects",
            object_name(request.object),
            &existing.record_id,
        ]);
        url.query_pairs_mut()
            .append_pair("properties", PUSH_ID_PROPERTY);
        // PATCH with the same properties is idempotent: safe to retry.
        http.call(
            Method::PATCH,
            url,
            Some(&json!({ "properties": changes })),
            CallClass::General,
        )
        .await?;
    }
    let added =
        complete_associations(http, request.object, &existing, &request.associations).await?;
    let status = if found_after_own_create {
        PushStatus::Created
    } else if changes.is_empty() && added == 0 {
        PushStatus::AlreadyExisted
    } else {
        PushStatus::Updated
    };
    Ok(PushOutcome {
        record_id: existing.record_id,
        object: request.object,
        status,
    })
}

pub(crate) async fn push(
    http: &Http,
    mapping: &FieldMapping,
    request: &PushRequest,
    uncertain_writes: &AtomicU64,
) -> Result<PushOutcome, CrmError> {
    validate_push_id(&request.push_id)?;
    let wanted = properties(mapping, request)?;
    let names: Vec<&str> = wanted.keys().map(String::as_str).collect();

    if let Some(existing) = find(http, request.object, &request.push_id, &names).await? {
        return reconcile(http, request, existing, &wanted, false).await;
    }

    let associations: Vec<Value> = targets(&request.associations)
        .into_iter()
        .filter_map(|(to, id)| {
            let type_id = association_type_id(request.object, to)?;
            Some(json!({
                "to": { "id": id },
                "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id }],
            }))
        })
        .collect();
    let body = json!({ "properties": wanted, "associations": associations });
    let url = http.url(&["crm", "v3", "objects", object_name(request.object)]);
    let policy = http.retry_policy();
    let started = Instant::now();
    let mut attempt = 0u32;
    let mut uncertain_before = false;
    loop {
        attempt += 1;
        let remaining = policy.total_cap.saturating_sub(started.elapsed());
        let result = match tokio::time::timeout(
            remaining,
            http.attempt(Method::POST, url.clone(), Some(&body), CallClass::General),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err(super::http::Failure {
                error: CrmError::transient("HubSpot did not answer within the time budget"),
                uncertain: true,
            }),
        };
        let failure = match result {
            Ok(created) => {
                return Ok(PushOutcome {
                    record_id: convert::id(&created),
                    object: request.object,
                    status: PushStatus::Created,
                });
            }
            Err(failure) => failure,
        };
        let mut error = failure.error;
        let refused_as_duplicate = matches!(
            error.kind,
            CrmErrorKind::Conflict | CrmErrorKind::Validation { .. }
        );
        if failure.uncertain || refused_as_duplicate {
            if failure.uncertain {
                uncertain_writes.fetch_add(1, Ordering::Relaxed);
                uncertain_before = true;
            }
            tracing::debug!(
                push_id = %request.push_id,
                attempt,
                "create failed ({}); looking the push id up",
                error.message
            );
            if let Some(existing) = find(http, request.object, &request.push_id, &names).await? {
                // Ours when an earlier attempt of this call may have landed.
                return reconcile(http, request, existing, &wanted, uncertain_before).await;
            }
            if refused_as_duplicate {
                return Err(error);
            }
        }
        if !error.is_retryable() {
            return Err(error);
        }
        let mut delay = policy.backoff(attempt - 1);
        if let CrmErrorKind::RateLimited {
            retry_after: Some(wait),
        } = &error.kind
        {
            delay = delay.max(*wait);
        }
        if attempt >= policy.max_attempts || started.elapsed() + delay >= policy.total_cap {
            error.kind = CrmErrorKind::Transient;
            error.message = format!(
                "{} (push {} not written after {attempt} attempts; safe to retry)",
                error.message, request.push_id
            );
            return Err(error);
        }
        http.counters.retries.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> PushRequest {
        PushRequest {
            push_id: "0190c1c4-7d1e-7a3b-9c2d-0123456789ab".into(),
            entity: "sales_call".into(),
            object: PushObject::Note,
            fields: [
                ("body_html", "<p>x</p>"),
                ("started_at", "2026-11-25T06:00:00Z"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
            associations: PushAssociations {
                company_id: Some("1".into()),
                contact_ids: vec!["3".into(), "2".into(), "2".into()],
                deal_id: None,
            },
        }
    }

    #[test]
    fn properties_always_carry_the_push_id_and_a_timestamp() {
        let mapping = FieldMapping::hubspot_default();
        let props = properties(&mapping, &request()).unwrap();
        assert_eq!(props[PUSH_ID_PROPERTY], request().push_id);
        assert_eq!(props["hs_note_body"], "<p>x</p>");
        let mut no_time = request();
        no_time.fields.remove("started_at");
        let error = properties(&mapping, &no_time).unwrap_err();
        assert_eq!(
            error.kind,
            CrmErrorKind::Validation {
                field: Some("hs_timestamp".into())
            }
        );
    }

    #[test]
    fn association_targets_are_deduplicated_with_default_type_ids() {
        let t = targets(&request().associations);
        assert_eq!(
            t,
            vec![
                ("companies", "1".into()),
                ("contacts", "2".into()),
                ("contacts", "3".into())
            ]
        );
        assert_eq!(
            association_type_id(PushObject::Note, "companies"),
            Some(190)
        );
        assert_eq!(association_type_id(PushObject::Meeting, "deals"), Some(212));
    }

    #[test]
    fn push_ids_are_checked() {
        assert!(validate_push_id("0190c1c4-7d1e-7a3b").is_ok());
        assert!(validate_push_id("").is_err());
        assert!(validate_push_id("a/b").is_err());
    }

    #[test]
    fn differences_ignore_instant_formatting() {
        let existing = pushed_record(
            PushObject::Note,
            &json!({"id": "9", "properties": {"hs_timestamp": "2026-11-25T06:00:00.000Z", "hs_note_body": "<p>x</p>"},
                    "associations": {"contacts": {"results": [{"id": "2", "type": "note_to_contact"}, {"id": "2", "type": "x"}]}}}),
        );
        assert_eq!(existing.associations.contact_ids, vec!["2"]);
        let mut wanted = BTreeMap::new();
        wanted.insert("hs_timestamp".to_owned(), "2026-11-25T06:00:00Z".to_owned());
        wanted.insert("hs_note_body".to_owned(), "<p>x</p>".to_owned());
        assert!(differing(&existing, &wanted).is_empty());
        wanted.insert("hs_note_body".to_owned(), "<p>y</p>".to_owned());
        assert_eq!(differing(&existing, &wanted).len(), 1);
        assert!(same_value("1795564800000", "2026-11-25T00:00:00Z"));
        assert!(!same_value("abc", "abd"));
    }
}
