//! The HubSpot CRM API emulator, served under `/hubspot`.
//!
//! Each concern has its own file: [`objects`] (v3 basic read/list/create/update/archive),
//! [`search`], [`batch`], [`associations`] (v4 and v3 `associations=` reads),
//! [`properties`], [`owners`], [`account`], [`auth`] (tokens and scopes), [`rate_limit`],
//! [`errors`] (HubSpot's error body) and [`snapshot`] (seed in, CRM snapshot out).

mod account;
mod associations;
mod auth;
mod batch;
mod errors;
mod objects;
mod owners;
mod properties;
mod rate_limit;
mod search;
mod snapshot;
mod store;
mod types;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use callbrief_core::model::CrmSnapshot;
use serde_json::{Map, Value};
use tokio::sync::RwLock;

use crate::server::{Shared, lock};
use auth::Tokens;
use errors::{ApiError, ApiResult};
use rate_limit::Limiter;
use store::Store;
use types::ObjectType;

/// The emulated HubSpot portal.
pub(crate) struct HubSpot {
    store: RwLock<Store>,
    tokens: Mutex<Tokens>,
    limiter: Mutex<Limiter>,
    shared: Arc<Shared>,
}

impl HubSpot {
    pub fn new(
        seed: &CrmSnapshot,
        search_lag: Duration,
        rate_limit_per_10s: u32,
        shared: Arc<Shared>,
    ) -> HubSpot {
        let mut store = Store::new(search_lag);
        snapshot::load(&mut store, seed);
        HubSpot {
            store: RwLock::new(store),
            tokens: Mutex::new(Tokens::default()),
            limiter: Mutex::new(Limiter::new(rate_limit_per_10s)),
            shared,
        }
    }

    pub fn issue_token(&self, scopes: Option<&[&str]>) -> String {
        lock(&self.tokens).issue(scopes)
    }

    pub fn revoke_token(&self, token: &str) {
        lock(&self.tokens).revoke(token);
    }

    pub async fn records_json(&self, object: &str) -> Vec<Value> {
        let Some(object) = ObjectType::parse(object) else {
            return Vec::new();
        };
        let store = self.store.read().await;
        store.objects[&object]
            .values()
            .filter(|r| r.archived_at.is_none())
            .map(|r| {
                let names: Vec<String> = r.props.keys().cloned().collect();
                store.record_json(object, r, Some(&names), &[])
            })
            .collect()
    }

    pub async fn snapshot(&self) -> CrmSnapshot {
        snapshot::export(&*self.store.read().await)
    }
}

/// The routes below `/hubspot`.
pub(crate) fn router(hubspot: Arc<HubSpot>) -> Router {
    let api = Router::new()
        .route(
            "/crm/v3/objects/{object}",
            get(objects::list).post(objects::create),
        )
        .route("/crm/v3/objects/{object}/search", post(search::search))
        .route(
            "/crm/v3/objects/{object}/batch/{action}",
            post(batch::batch),
        )
        .route(
            "/crm/v3/objects/{object}/{id}",
            get(objects::read)
                .patch(objects::update)
                .delete(objects::archive),
        )
        .route(
            "/crm/v4/objects/{from}/{id}/associations/{to}",
            get(associations::list),
        )
        .route(
            "/crm/v4/objects/{from}/{id}/associations/{to}/{to_id}",
            put(associations::create).delete(associations::remove),
        )
        .route(
            "/crm/v4/objects/{from}/{id}/associations/default/{to}/{to_id}",
            put(associations::create_default),
        )
        .route(
            "/crm/v4/associations/{from}/{to}/batch/{action}",
            post(associations::batch),
        )
        .route(
            "/crm/v4/associations/{from}/{to}/batch/associate/default",
            post(associations::batch_default),
        )
        .route(
            "/crm/v3/properties/{object}",
            get(properties::get_all).post(properties::create),
        )
        .route(
            "/crm/v3/properties/{object}/{name}",
            get(properties::get_one),
        )
        .route("/crm/v3/owners", get(owners::list))
        .route("/crm/v3/owners/", get(owners::list))
        .route("/crm/v3/owners/{owner_id}", get(owners::read))
        .route("/account-info/v3/details", get(account::details))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            hubspot.clone(),
            authenticate,
        ))
        .with_state(hubspot.clone());
    // Token introspection authenticates by the token in the body, not a bearer header.
    Router::new()
        .route(
            "/oauth/v2/private-apps/get/access-token-info",
            post(account::token_info),
        )
        .with_state(hubspot)
        .merge(api)
}

async fn not_found() -> ApiError {
    ApiError::not_found("Unknown path: no HubSpot endpoint is emulated here")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "VALIDATION_ERROR",
        "HTTP method not allowed for this path",
    )
}

/// Bearer token, rate limits and scopes, with the rate-limit headers on every answer.
async fn authenticate(
    State(hubspot): State<Arc<HubSpot>>,
    request: Request,
    next: Next,
) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|v| v.trim().to_owned());
    let path = request.uri().path().to_owned();
    let scopes = token
        .as_deref()
        .and_then(|t| lock(&hubspot.tokens).scopes(t).cloned());
    let mut headers = HeaderMap::new();
    let (Some(token), Some(scopes)) = (token, scopes) else {
        lock(&hubspot.limiter).peek("", &mut headers);
        return with_headers(ApiError::unauthenticated().into_response(), headers);
    };
    let search = path.ends_with("/search");
    let admitted = lock(&hubspot.limiter).admit(&token, search, &mut headers);
    if let Err(exceeded) = admitted {
        hubspot.shared.stats.count_rate_limited();
        let response = ApiError::rate_limited(exceeded.policy()).into_response();
        return with_headers(response, headers);
    }
    if let Some(scope) = auth::required_scope(request.method(), &path)
        && !scopes.contains(&scope)
    {
        let response = ApiError::missing_scopes(&[scope.as_str()]).into_response();
        return with_headers(response, headers);
    }
    with_headers(next.run(request).await, headers)
}

fn with_headers(mut response: Response, headers: HeaderMap) -> Response {
    response.headers_mut().extend(headers);
    response
}

/// An injected failure answer in HubSpot's shape (or a bare status for other vendors).
pub(crate) fn injected_error(hubspot: bool, status: u16) -> Response {
    let error = if status == 429 {
        ApiError::rate_limited("TEN_SECONDLY_ROLLING")
    } else {
        ApiError::server(status)
    };
    if !hubspot {
        return error.status.into_response();
    }
    let mut response = error.into_response();
    if status == 429 {
        response.headers_mut().insert(
            "x-hubspot-ratelimit-remaining",
            axum::http::HeaderValue::from_static("0"),
        );
    }
    response
}

fn object_type(name: &str) -> ApiResult<ObjectType> {
    ObjectType::parse(name).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "OBJECT_NOT_FOUND",
            format!("Unable to infer object type from: {name}"),
        )
    })
}

fn parse_body(body: &[u8]) -> ApiResult<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::validation(
            "Invalid input JSON: expected an object",
        )),
        Err(err) => Err(ApiError::validation(format!("Invalid input JSON: {err}"))),
    }
}

/// Query pairs, with list parameters accepted both as repeated keys and comma lists.
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    fn one(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn list(&self, key: &str) -> Option<Vec<String>> {
        let values: Vec<String> = self
            .0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect();
        if self.0.iter().any(|(k, _)| k == key) {
            Some(values)
        } else {
            None
        }
    }

    fn flag(&self, key: &str) -> bool {
        self.one(key)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    fn limit(&self, default: usize, max: usize) -> ApiResult<usize> {
        match self.one("limit") {
            None => Ok(default),
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .map(|n| n.min(max))
                .ok_or_else(|| {
                    ApiError::validation(format!("limit must be a positive integer, got {text}"))
                }),
        }
    }

    /// `associations=` object types; unknown names are left out.
    fn associations(&self) -> Vec<ObjectType> {
        self.list("associations")
            .unwrap_or_default()
            .iter()
            .filter_map(|name| ObjectType::parse(name))
            .collect()
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> ApiResult<Params> {
        let axum::extract::Query(pairs) =
            axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state)
                .await
                .map_err(|err| ApiError::validation(format!("Invalid query string: {err}")))?;
        Ok(Params(pairs))
    }
}
