//! `/crm/v3/objects/{type}`: read by id or unique property, list with cursor paging,
//! create, update, archive.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::errors::{ApiError, ApiResult, json_response, no_content};
use super::store::Store;
use super::types::{self, AssocType, Category, ObjectType};
use super::{HubSpot, Params, object_type, parse_body};

pub(crate) async fn list(
    State(hubspot): State<Arc<HubSpot>>,
    Path(object): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    let object = object_type(&object)?;
    let limit = params.limit(10, 100)?;
    let after: u64 = match params.one("after") {
        None => 0,
        Some(text) => text.parse().map_err(|_| {
            ApiError::validation(format!("after must be a paging cursor, got {text}"))
        })?,
    };
    let archived = params.flag("archived");
    let wanted = params.list("properties");
    let associations = params.associations();
    let store = hubspot.store.read().await;
    let mut page = store.objects[&object]
        .range(after..)
        .map(|(_, r)| r)
        .filter(|r| r.archived_at.is_some() == archived);
    let results: Vec<Value> = page
        .by_ref()
        .take(limit)
        .map(|r| store.record_json(object, r, wanted.as_deref(), &associations))
        .collect();
    let mut body = json!({ "results": results });
    if let Some(next) = page.next() {
        body["paging"] = json!({ "next": { "after": next.id.to_string() } });
    }
    Ok(json_response(StatusCode::OK, &body))
}

pub(crate) async fn read(
    State(hubspot): State<Arc<HubSpot>>,
    Path((object, id)): Path<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    let object = object_type(&object)?;
    let store = hubspot.store.read().await;
    let found = store.resolve(
        object,
        &id,
        params.one("idProperty"),
        params.flag("archived"),
    )?;
    let record = found
        .and_then(|found| store.objects[&object].get(&found))
        .ok_or_else(|| ApiError::object_not_found(&id))?;
    let wanted = params.list("properties");
    let body = store.record_json(object, record, wanted.as_deref(), &params.associations());
    Ok(json_response(StatusCode::OK, &body))
}

pub(crate) async fn create(
    State(hubspot): State<Arc<HubSpot>>,
    Path(object): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let object = object_type(&object)?;
    let input = parse_body(&body)?;
    let mut store = hubspot.store.write().await;
    let props = store.validate(
        object,
        input.get("properties").and_then(Value::as_object),
        None,
    )?;
    let links = inline_associations(&store, object, input.get("associations"))?;
    let now = OffsetDateTime::now_utc();
    let id = store.create(object, props, now);
    for (to, to_id, kind) in links {
        store.associate(object, id, to, to_id, kind);
    }
    let record = &store.objects[&object][&id];
    let names: Vec<String> = record.props.keys().cloned().collect();
    let body = store.record_json(object, record, Some(&names), &[]);
    Ok(json_response(StatusCode::CREATED, &body))
}

pub(crate) async fn update(
    State(hubspot): State<Arc<HubSpot>>,
    Path((object, id)): Path<(String, String)>,
    params: Params,
    body: Bytes,
) -> ApiResult<Response> {
    let object = object_type(&object)?;
    let input = parse_body(&body)?;
    let mut store = hubspot.store.write().await;
    let found = store
        .resolve(object, &id, params.one("idProperty"), false)?
        .ok_or_else(|| ApiError::object_not_found(&id))?;
    let props = store.validate(
        object,
        input.get("properties").and_then(Value::as_object),
        Some(found),
    )?;
    let names: Vec<String> = props.keys().cloned().collect();
    store.update(object, found, props, OffsetDateTime::now_utc());
    let record = &store.objects[&object][&found];
    let body = store.record_json(object, record, Some(&names), &[]);
    Ok(json_response(StatusCode::OK, &body))
}

pub(crate) async fn archive(
    State(hubspot): State<Arc<HubSpot>>,
    Path((object, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let object = object_type(&object)?;
    let mut store = hubspot.store.write().await;
    // Archiving an unknown or already archived record is answered 204 as well.
    if let Ok(id) = id.parse::<u64>() {
        store.archive(object, id, OffsetDateTime::now_utc());
    }
    Ok(no_content())
}

/// `associations: [{to: {id}, types: [{associationCategory, associationTypeId}]}]` on a
/// create: checked completely before anything is written.
pub(crate) fn inline_associations(
    store: &Store,
    from: ObjectType,
    input: Option<&Value>,
) -> ApiResult<Vec<(ObjectType, u64, AssocType)>> {
    let Some(items) = input.and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut links = Vec::new();
    for item in items {
        let to_id = id_of(item.get("to"))
            .ok_or_else(|| ApiError::validation("associations[].to.id is required"))?;
        let kinds = item
            .get("types")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if kinds.is_empty() {
            return Err(ApiError::validation(
                "associations[].types must not be empty",
            ));
        }
        for kind in &kinds {
            let kind = assoc_type(kind)?;
            let to = match kind.category {
                Category::HubSpot => types::definition(from, kind.type_id)
                    .map(|d| d.to)
                    .ok_or_else(|| invalid_type(from, kind.type_id))?,
                _ => return Err(invalid_type(from, kind.type_id)),
            };
            if store.record(to, to_id).is_none() {
                return Err(ApiError::validation(format!(
                    "One or more association targets do not exist: {} {to_id}",
                    to.singular()
                ))
                .with_context(json!({ "ids": [to_id.to_string()] })));
            }
            links.push((to, to_id, kind));
        }
    }
    Ok(links)
}

pub(crate) fn assoc_type(value: &Value) -> ApiResult<AssocType> {
    let category = value
        .get("associationCategory")
        .and_then(Value::as_str)
        .and_then(Category::parse)
        .ok_or_else(|| {
            ApiError::validation(
                "associationCategory must be HUBSPOT_DEFINED, USER_DEFINED or INTEGRATOR_DEFINED",
            )
        })?;
    let type_id = value
        .get("associationTypeId")
        .and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| ApiError::validation("associationTypeId must be an integer"))?;
    Ok(AssocType { category, type_id })
}

pub(crate) fn invalid_type(from: ObjectType, type_id: u32) -> ApiError {
    ApiError::validation(format!(
        "association type id {type_id} doesn't exist for objects of type {}",
        from.singular()
    ))
}

/// `{"id": "123"}` or `{"id": 123}`.
pub(crate) fn id_of(value: Option<&Value>) -> Option<u64> {
    let id = value?.get("id")?;
    id.as_u64().or_else(|| id.as_str()?.parse().ok())
}

/// The `properties` object of an input, if any.
pub(crate) fn properties_of(input: &Value) -> Option<&Map<String, Value>> {
    input.get("properties").and_then(Value::as_object)
}
