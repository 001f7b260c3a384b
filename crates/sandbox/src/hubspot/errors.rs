//! HubSpot's error body: `{status: "error", message, correlationId, category, errors?, context?}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// An error answer in HubSpot's shape.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub category: &'static str,
    /// `errors`, `context` and extra top-level keys (`policyName`, `links`, …).
    pub details: Box<Map<String, Value>>,
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, category: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            category,
            details: Box::default(),
        }
    }

    pub fn with_context(mut self, context: Value) -> ApiError {
        self.details.insert("context".into(), context);
        self
    }

    pub fn with_errors(mut self, errors: Value) -> ApiError {
        self.details.insert("errors".into(), errors);
        self
    }

    pub fn with_extra(mut self, key: &str, value: Value) -> ApiError {
        self.details.insert(key.to_owned(), value);
        self
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_AUTHENTICATION",
            "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
        )
    }

    pub fn missing_scopes(required: &[&str]) -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "MISSING_SCOPES",
            "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        )
        .with_errors(json!([{
            "message": "One or more of the following scopes are required.",
            "context": { "requiredScopes": required },
        }]))
        .with_extra("links", json!({ "scopes": "https://developers.hubspot.com/scopes" }))
    }

    pub fn object_not_found(id: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "OBJECT_NOT_FOUND",
            "Object not found.  objectId are usually numeric.",
        )
        .with_context(json!({ "id": [id] }))
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "OBJECT_NOT_FOUND", message)
    }

    pub fn validation(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", message)
    }

    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "CONFLICT", message)
    }

    /// HubSpot's "Property values were not valid" answer; each problem is
    /// `(property, error code, message)`.
    pub fn invalid_properties(problems: &[(String, &'static str, String)]) -> ApiError {
        let listed: Vec<Value> = problems
            .iter()
            .map(|(name, code, message)| {
                json!({
                    "isValid": false,
                    "message": message,
                    "error": code,
                    "name": name,
                    "localizedErrorMessage": message,
                })
            })
            .collect();
        let errors: Vec<Value> = problems
            .iter()
            .map(|(name, code, message)| {
                json!({ "message": message, "code": code, "context": { "propertyName": [name] } })
            })
            .collect();
        ApiError::validation(format!(
            "Property values were not valid: {}",
            Value::Array(listed)
        ))
        .with_errors(Value::Array(errors))
    }

    pub fn rate_limited(policy: &'static str) -> ApiError {
        let message = match policy {
            "SECONDLY" => "You have reached your secondly limit.",
            _ => "You have reached your ten_secondly_rolling limit.",
        };
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITS", message)
            .with_extra("errorType", json!("RATE_LIMIT"))
            .with_extra("policyName", json!(policy))
    }

    pub fn server(status: u16) -> ApiError {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let message = match status.as_u16() {
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            _ => "internal error",
        };
        ApiError::new(status, "INTERNAL_ERROR", message)
    }

    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("status".into(), json!("error"));
        body.insert("message".into(), json!(self.message));
        body.insert(
            "correlationId".into(),
            json!(uuid::Uuid::new_v4().to_string()),
        );
        body.insert("category".into(), json!(self.category));
        for (key, value) in self.details.iter() {
            body.insert(key.clone(), value.clone());
        }
        Value::Object(body)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body())
    }
}

/// A JSON answer with `Content-Type: application/json;charset=utf-8`.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    response
}

/// 204 No Content.
pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
