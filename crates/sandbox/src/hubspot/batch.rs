//! `POST /crm/v3/objects/{type}/batch/{create,read,update,upsert,archive}` (≤ 100 inputs).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::errors::{ApiError, ApiResult, json_response, no_content};
use super::objects::{inline_associations, properties_of};
use super::store::{Props, Store};
use super::types::ObjectType;
use super::{HubSpot, Params, object_type, parse_body};
use crate::time_fmt::iso_millis;

const MAX_INPUTS: usize = 100;

pub(crate) async fn batch(
    State(hubspot): State<Arc<HubSpot>>,
    Path((object, action)): Path<(String, String)>,
    params: Params,
    body: Bytes,
) -> ApiResult<Response> {
    let object = object_type(&object)?;
    let input = parse_body(&body)?;
    let inputs = input
        .get("inputs")
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| ApiError::validation("Invalid input JSON: inputs is required"))?;
    if inputs.len() > MAX_INPUTS {
        return Err(ApiError::validation(format!(
            "Batch size limit exceeded: {} inputs, at most {MAX_INPUTS}",
            inputs.len()
        ))
        .with_context(json!({ "limit": [MAX_INPUTS.to_string()] })));
    }
    let started = OffsetDateTime::now_utc();
    let mut store = hubspot.store.write().await;
    match action.as_str() {
        "create" => create(&mut store, object, &inputs, started),
        "read" => read(
            &store,
            object,
            &input,
            &inputs,
            params.flag("archived"),
            started,
        ),
        "update" => update(&mut store, object, &inputs, started),
        "upsert" => upsert(&mut store, object, &inputs, started),
        "archive" => {
            for item in &inputs {
                if let Some(id) = item_id(item).and_then(|id| id.parse().ok()) {
                    store.archive(object, id, started);
                }
            }
            Ok(no_content())
        }
        other => Err(ApiError::not_found(format!("Unknown batch action {other}"))),
    }
}

fn item_id(item: &Value) -> Option<String> {
    match item.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn answer(
    status: StatusCode,
    results: Vec<Value>,
    errors: Vec<Value>,
    started: OffsetDateTime,
) -> Response {
    let mut body = json!({
        "status": "COMPLETE",
        "results": results,
        "startedAt": iso_millis(started),
        "completedAt": iso_millis(OffsetDateTime::now_utc()),
    });
    if errors.is_empty() {
        return json_response(status, &body);
    }
    body["numErrors"] = json!(errors.len());
    body["errors"] = Value::Array(errors);
    json_response(StatusCode::MULTI_STATUS, &body)
}

fn full_json(store: &Store, object: ObjectType, id: u64) -> Value {
    let record = &store.objects[&object][&id];
    let names: Vec<String> = record.props.keys().cloned().collect();
    store.record_json(object, record, Some(&names), &[])
}

fn not_found_error(object: ObjectType, ids: &[String]) -> Value {
    json!({
        "status": "error",
        "category": "OBJECT_NOT_FOUND",
        "message": format!(
            "Could not get some {} objects, they may be deleted or not exist. Check that ids are valid.",
            object.singular().to_uppercase()
        ),
        "context": { "ids": ids },
    })
}

/// All inputs are validated before any is written: one bad input fails the batch.
fn create(
    store: &mut Store,
    object: ObjectType,
    inputs: &[Value],
    now: OffsetDateTime,
) -> ApiResult<Response> {
    let mut planned: Vec<(Props, Vec<_>)> = Vec::new();
    for item in inputs {
        let props = store.validate(object, properties_of(item), None)?;
        let pending: Vec<&Props> = planned.iter().map(|(p, _)| p).collect();
        store.check_unique(object, &props, None, &pending)?;
        let links = inline_associations(store, object, item.get("associations"))?;
        planned.push((props, links));
    }
    let mut results = Vec::new();
    for (props, links) in planned {
        let id = store.create(object, props, now);
        for (to, to_id, kind) in links {
            store.associate(object, id, to, to_id, kind);
        }
        results.push(full_json(store, object, id));
    }
    Ok(answer(StatusCode::CREATED, results, Vec::new(), now))
}

fn read(
    store: &Store,
    object: ObjectType,
    input: &Map<String, Value>,
    inputs: &[Value],
    archived: bool,
    started: OffsetDateTime,
) -> ApiResult<Response> {
    let id_property = input.get("idProperty").and_then(Value::as_str);
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
    let wanted = wanted.filter(|w| !w.is_empty());
    let mut results = Vec::new();
    let mut missing = Vec::new();
    for item in inputs {
        let Some(id) = item_id(item) else {
            return Err(ApiError::validation("inputs[].id is required"));
        };
        match store.resolve(object, &id, id_property, archived)? {
            Some(found) => {
                let record = &store.objects[&object][&found];
                results.push(store.record_json(object, record, wanted.as_deref(), &[]));
            }
            None => missing.push(id),
        }
    }
    let errors = if missing.is_empty() {
        Vec::new()
    } else {
        vec![not_found_error(object, &missing)]
    };
    Ok(answer(StatusCode::OK, results, errors, started))
}

fn update(
    store: &mut Store,
    object: ObjectType,
    inputs: &[Value],
    now: OffsetDateTime,
) -> ApiResult<Response> {
    let mut planned = Vec::new();
    let mut missing = Vec::new();
    for item in inputs {
        let Some(id) = item_id(item) else {
            return Err(ApiError::validation("inputs[].id is required"));
        };
        let id_property = item.get("idProperty").and_then(Value::as_str);
        match store.resolve(object, &id, id_property, false)? {
            Some(found) => {
                let props = store.validate(object, properties_of(item), Some(found))?;
                planned.push((found, props));
            }
            None => missing.push(id),
        }
    }
    let mut results = Vec::new();
    for (id, props) in planned {
        store.update(object, id, props, now);
        results.push(full_json(store, object, id));
    }
    let errors = if missing.is_empty() {
        Vec::new()
    } else {
        vec![not_found_error(object, &missing)]
    };
    Ok(answer(StatusCode::OK, results, errors, now))
}

/// Create-or-update keyed by a unique property: the idempotent write path.
fn upsert(
    store: &mut Store,
    object: ObjectType,
    inputs: &[Value],
    now: OffsetDateTime,
) -> ApiResult<Response> {
    let mut planned = Vec::new();
    for item in inputs {
        let id_property = item
            .get("idProperty")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::validation("inputs[].idProperty is required for upsert"))?;
        if id_property == "hs_object_id" || !store.is_id_property(object, id_property) {
            return Err(ApiError::validation(format!(
                "Property {id_property} cannot be used as idProperty for upsert: it must be a property with unique values (hasUniqueValue)"
            )));
        }
        let Some(key) = item_id(item).filter(|k| !k.is_empty()) else {
            return Err(ApiError::validation("inputs[].id is required"));
        };
        let found = store.resolve(object, &key, Some(id_property), false)?;
        let mut props = store.validate(object, properties_of(item), found.or(Some(0)))?;
        if found.is_none() {
            props.insert(id_property.to_owned(), key.clone());
            if object.is_activity() && props.get("hs_timestamp").is_none_or(String::is_empty) {
                store.validate(object, properties_of(item), None)?;
            }
        }
        let pending: Vec<&Props> = planned
            .iter()
            .map(|(_, p): &(Option<u64>, Props)| p)
            .collect();
        store.check_unique(object, &props, found, &pending)?;
        planned.push((found, props));
    }
    let mut results = Vec::new();
    for (found, props) in planned {
        let (id, created) = match found {
            Some(id) => {
                store.update(object, id, props, now);
                (id, false)
            }
            None => (store.create(object, props, now), true),
        };
        let mut body = full_json(store, object, id);
        body["new"] = json!(created);
        results.push(body);
    }
    Ok(answer(StatusCode::OK, results, Vec::new(), now))
}
