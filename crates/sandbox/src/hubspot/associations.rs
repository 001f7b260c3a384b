//! v4 associations: `PUT/DELETE /crm/v4/objects/{from}/{id}/associations/{to}/{toId}`,
//! the default-type PUT, `GET` list, and `POST /crm/v4/associations/{from}/{to}/batch/*`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::errors::{ApiError, ApiResult, json_response, no_content};
use super::objects::{assoc_type, id_of, invalid_type};
use super::store::Store;
use super::types::{self, AssocType, Category, ObjectType};
use super::{HubSpot, Params, object_type, parse_body};
use crate::time_fmt::iso_millis;

fn parse_id(text: &str) -> ApiResult<u64> {
    text.parse()
        .map_err(|_| ApiError::validation(format!("{text} is not a valid object id")))
}

fn check_kind(from: ObjectType, to: ObjectType, kind: AssocType) -> ApiResult<()> {
    match kind.category {
        Category::HubSpot => match types::definition(from, kind.type_id) {
            Some(d) if d.to == to => Ok(()),
            _ => Err(invalid_type(from, kind.type_id)),
        },
        // Custom labels are not emulated.
        _ => Err(invalid_type(from, kind.type_id)),
    }
}

fn require(store: &Store, object: ObjectType, id: u64) -> ApiResult<()> {
    match store.record(object, id) {
        Some(_) => Ok(()),
        None => Err(ApiError::object_not_found(&id.to_string())),
    }
}

fn labels_between(store: &Store, from: ObjectType, id: u64, to: ObjectType, to_id: u64) -> Value {
    let labels: Vec<&str> = store
        .associated(from, id, to)
        .into_iter()
        .filter(|(other, _)| *other == to_id)
        .flat_map(|(_, kinds)| {
            kinds
                .into_iter()
                .filter_map(move |k| types::v4_label(from, k))
        })
        .collect();
    json!({
        "fromObjectTypeId": from.type_id(),
        "fromObjectId": id,
        "toObjectTypeId": to.type_id(),
        "toObjectId": to_id,
        "labels": labels,
    })
}

pub(crate) async fn create(
    State(hubspot): State<Arc<HubSpot>>,
    Path((from, id, to, to_id)): Path<(String, String, String, String)>,
    body: Bytes,
) -> ApiResult<Response> {
    let (from, to) = (object_type(&from)?, object_type(&to)?);
    let (id, to_id) = (parse_id(&id)?, parse_id(&to_id)?);
    let kinds = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(assoc_type)
            .collect::<ApiResult<Vec<_>>>()?,
        _ => {
            return Err(ApiError::validation(
                "Invalid input JSON: expected [{associationCategory, associationTypeId}]",
            ));
        }
    };
    let mut store = hubspot.store.write().await;
    require(&store, from, id)?;
    require(&store, to, to_id)?;
    for kind in &kinds {
        check_kind(from, to, *kind)?;
    }
    for kind in kinds {
        store.associate(from, id, to, to_id, kind);
    }
    Ok(json_response(
        StatusCode::CREATED,
        &labels_between(&store, from, id, to, to_id),
    ))
}

pub(crate) async fn create_default(
    State(hubspot): State<Arc<HubSpot>>,
    Path((from, id, to, to_id)): Path<(String, String, String, String)>,
) -> ApiResult<Response> {
    let (from, to) = (object_type(&from)?, object_type(&to)?);
    let (id, to_id) = (parse_id(&id)?, parse_id(&to_id)?);
    let mut store = hubspot.store.write().await;
    require(&store, from, id)?;
    require(&store, to, to_id)?;
    let kind = default_kind(from, to)?;
    store.associate(from, id, to, to_id, kind);
    let started = OffsetDateTime::now_utc();
    let result = json!({
        "associationSpec": { "associationCategory": kind.category.name(), "associationTypeId": kind.type_id },
        "from": { "id": id.to_string() },
        "to": { "id": to_id.to_string() },
    });
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "status": "COMPLETE",
            "results": [result],
            "startedAt": iso_millis(started),
            "completedAt": iso_millis(OffsetDateTime::now_utc()),
        }),
    ))
}

fn default_kind(from: ObjectType, to: ObjectType) -> ApiResult<AssocType> {
    types::default_definition(from, to)
        .map(|d| AssocType {
            category: Category::HubSpot,
            type_id: d.type_id,
        })
        .ok_or_else(|| {
            ApiError::validation(format!(
                "No default association type between {} and {}",
                from.name(),
                to.name()
            ))
        })
}

pub(crate) async fn remove(
    State(hubspot): State<Arc<HubSpot>>,
    Path((from, id, to, to_id)): Path<(String, String, String, String)>,
) -> ApiResult<Response> {
    let (from, to) = (object_type(&from)?, object_type(&to)?);
    let (id, to_id) = (parse_id(&id)?, parse_id(&to_id)?);
    hubspot.store.write().await.dissociate(from, id, to, to_id);
    Ok(no_content())
}

fn associated_json(store: &Store, from: ObjectType, id: u64, to: ObjectType) -> Vec<Value> {
    store
        .associated(from, id, to)
        .into_iter()
        .map(|(other, kinds)| {
            let kinds: Vec<Value> = kinds
                .into_iter()
                .map(|k| {
                    json!({
                        "category": k.category.name(),
                        "typeId": k.type_id,
                        "label": types::v4_label(from, k),
                    })
                })
                .collect();
            json!({ "toObjectId": other, "associationTypes": kinds })
        })
        .collect()
}

pub(crate) async fn list(
    State(hubspot): State<Arc<HubSpot>>,
    Path((from, id, to)): Path<(String, String, String)>,
    params: Params,
) -> ApiResult<Response> {
    let (from, to) = (object_type(&from)?, object_type(&to)?);
    let id = parse_id(&id)?;
    let limit = params.limit(500, 500)?;
    let after: usize = params
        .one("after")
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let store = hubspot.store.read().await;
    require(&store, from, id)?;
    let all = associated_json(&store, from, id, to);
    let end = (after + limit).min(all.len());
    let mut body = json!({ "results": all.get(after.min(end)..end).unwrap_or_default() });
    if end < all.len() {
        body["paging"] = json!({ "next": { "after": end.to_string() } });
    }
    Ok(json_response(StatusCode::OK, &body))
}

pub(crate) async fn batch(
    State(hubspot): State<Arc<HubSpot>>,
    Path((from, to, action)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult<Response> {
    let (from, to) = (object_type(&from)?, object_type(&to)?);
    let input = parse_body(&body)?;
    let inputs = input
        .get("inputs")
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| ApiError::validation("Invalid input JSON: inputs is required"))?;
    let started = OffsetDateTime::now_utc();
    let mut store = hubspot.store.write().await;
    let (status, results) = match action.as_str() {
        "create" => {
            let mut planned = Vec::new();
            for item in &inputs {
                let (id, to_id) = pair(item)?;
                require(&store, from, id)?;
                require(&store, to, to_id)?;
                let kinds = item
                    .get("types")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                if kinds.is_empty() {
                    return Err(ApiError::validation("inputs[].types must not be empty"));
                }
                for kind in &kinds {
                    let kind = assoc_type(kind)?;
                    check_kind(from, to, kind)?;
                    planned.push((id, to_id, kind));
                }
            }
            let mut pairs = Vec::new();
            for (id, to_id, kind) in planned {
                store.associate(from, id, to, to_id, kind);
                if !pairs.contains(&(id, to_id)) {
                    pairs.push((id, to_id));
                }
            }
            let results = pairs
                .into_iter()
                .map(|(id, to_id)| labels_between(&store, from, id, to, to_id))
                .collect();
            (StatusCode::CREATED, results)
        }
        "read" => {
            let mut results = Vec::new();
            for item in &inputs {
                let id = id_of(Some(item))
                    .ok_or_else(|| ApiError::validation("inputs[].id is required"))?;
                if store.record(from, id).is_some() {
                    results.push(json!({
                        "from": { "id": id.to_string() },
                        "to": associated_json(&store, from, id, to),
                    }));
                }
            }
            (StatusCode::OK, results)
        }
        "archive" => {
            for item in &inputs {
                let id = id_of(item.get("from"))
                    .ok_or_else(|| ApiError::validation("inputs[].from.id is required"))?;
                for target in item
                    .get("to")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(to_id) = id_of(Some(target)) {
                        store.dissociate(from, id, to, to_id);
                    }
                }
            }
            return Ok(no_content());
        }
        other => return Err(ApiError::not_found(format!("Unknown batch action {other}"))),
    };
    Ok(json_response(
        status,
        &json!({
            "status": "COMPLETE",
            "results": results,
            "startedAt": iso_millis(started),
            "completedAt": iso_millis(OffsetDateTime::now_utc()),
        }),
    ))
}

pub(crate) async fn batch_default(
    State(hubspot): State<Arc<HubSpot>>,
    Path((from, to)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Response> {
    let (from, to) = (object_type(&from)?, object_type(&to)?);
    let input = parse_body(&body)?;
    let inputs = input
        .get("inputs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let kind = default_kind(from, to)?;
    let started = OffsetDateTime::now_utc();
    let mut store = hubspot.store.write().await;
    let mut planned = Vec::new();
    for item in &inputs {
        let (id, to_id) = pair(item)?;
        require(&store, from, id)?;
        require(&store, to, to_id)?;
        planned.push((id, to_id));
    }
    let mut results = Vec::new();
    for (id, to_id) in planned {
        store.associate(from, id, to, to_id, kind);
        results.push(json!({
            "associationSpec": { "associationCategory": kind.category.name(), "associationTypeId": kind.type_id },
            "from": { "id": id.to_string() },
            "to": { "id": to_id.to_string() },
        }));
    }
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "status": "COMPLETE",
            "results": results,
            "startedAt": iso_millis(started),
            "completedAt": iso_millis(OffsetDateTime::now_utc()),
        }),
    ))
}

fn pair(item: &Value) -> ApiResult<(u64, u64)> {
    let from = id_of(item.get("from"))
        .ok_or_else(|| ApiError::validation("inputs[].from.id is required"))?;
    let to =
        id_of(item.get("to")).ok_or_else(|| ApiError::validation("inputs[].to.id is required"))?;
    Ok((from, to))
}
