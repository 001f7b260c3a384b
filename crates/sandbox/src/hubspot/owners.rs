//! `GET /crm/v3/owners` (paging, `email` filter) and `GET /crm/v3/owners/{ownerId}`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::errors::{ApiError, ApiResult, json_response};
use super::{HubSpot, Params};

pub(crate) async fn list(
    State(hubspot): State<Arc<HubSpot>>,
    params: Params,
) -> ApiResult<Response> {
    let limit = params.limit(100, 500)?;
    let after: u64 = params
        .one("after")
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let email = params.one("email").map(str::to_lowercase);
    let store = hubspot.store.read().await;
    let mut owners = store.owners.iter().filter(|o| o.id >= after).filter(|o| {
        email.as_deref().is_none_or(|e| {
            o.email
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(e))
        })
    });
    let results: Vec<Value> = owners.by_ref().take(limit).map(|o| o.to_json()).collect();
    let mut body = json!({ "results": results });
    if let Some(next) = owners.next() {
        body["paging"] = json!({ "next": { "after": next.id.to_string() } });
    }
    Ok(json_response(StatusCode::OK, &body))
}

pub(crate) async fn read(
    State(hubspot): State<Arc<HubSpot>>,
    Path(owner_id): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    let by_user = params.one("idProperty") == Some("userId");
    let store = hubspot.store.read().await;
    let owner = store
        .owners
        .iter()
        .find(|o| {
            let key = if by_user { o.user_id } else { o.id };
            key.to_string() == owner_id
        })
        .ok_or_else(|| ApiError::object_not_found(&owner_id))?;
    Ok(json_response(StatusCode::OK, &owner.to_json()))
}
