//! Token checks: `GET /account-info/v3/details` and private-app token introspection
//! (`POST /oauth/v2/private-apps/get/access-token-info`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::errors::{ApiError, ApiResult, json_response};
use super::{HubSpot, parse_body};
use crate::server::lock;

/// The emulated portal (Hub) id.
pub(crate) const PORTAL_ID: u64 = 146_000_123;
/// The private app behind the issued tokens.
const APP_ID: u64 = 3_210_987;
/// The token's user when the seed has no owners.
const USER_ID: u64 = 71_000_001;

pub(crate) async fn details() -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "portalId": PORTAL_ID,
            "accountType": "STANDARD",
            "timeZone": "Asia/Shanghai",
            "companyCurrency": "CNY",
            "additionalCurrencies": ["USD", "EUR"],
            "utcOffset": "+08:00",
            "utcOffsetMilliseconds": 28_800_000,
            "uiDomain": "app.hubspot.com",
            "dataHostingLocation": "na1",
        }),
    )
}

pub(crate) async fn token_info(
    State(hubspot): State<Arc<HubSpot>>,
    body: Bytes,
) -> ApiResult<Response> {
    let input = parse_body(&body)?;
    let token = input
        .get("tokenKey")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::validation("tokenKey is required"))?;
    let scopes = lock(&hubspot.tokens)
        .scopes(token)
        .cloned()
        .ok_or_else(ApiError::unauthenticated)?;
    // The tokens belong to the seed's first owner: the salesperson using Callbrief, so
    // "my upcoming meetings" has something to show.
    let user_id = hubspot
        .store
        .read()
        .await
        .owners
        .first()
        .map_or(USER_ID, |owner| owner.user_id);
    Ok(json_response(
        StatusCode::OK,
        &json!({ "userId": user_id, "hubId": PORTAL_ID, "appId": APP_ID, "scopes": scopes }),
    ))
}
