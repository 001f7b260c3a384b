//! Every non-2xx answer of the hook: a status and a JSON body `{"error": "..."}` (plus
//! `field`/`index` for invalid events, `retry_after` when the client should wait).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use callbrief_core::event::EventError;
use serde_json::{Value, json};

/// A refused request.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    /// The HTTP status.
    pub status: StatusCode,
    /// The JSON body; always has `error`.
    pub body: Value,
    /// Seconds for `Retry-After` (429, 503).
    pub retry_after: Option<u64>,
}

impl Reject {
    /// A rejection with the body `{"error": message}`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Reject {
        Reject {
            status,
            body: json!({ "error": message.into() }),
            retry_after: None,
        }
    }

    /// 400 for an event batch that does not parse or validate; nothing of it is stored.
    pub fn invalid_events(error: &EventError) -> Reject {
        Reject {
            status: StatusCode::BAD_REQUEST,
            body: json!({
                "error": error.message,
                "field": error.field,
                "index": error.index,
            }),
            retry_after: None,
        }
    }

    /// 429 after a rate limit.
    pub fn rate_limited(retry_after: u64) -> Reject {
        let mut reject = Reject::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests; retry after the number of seconds in retry_after",
        );
        reject.body["retry_after"] = json!(retry_after);
        reject.retry_after = Some(retry_after);
        reject
    }

    /// 503 when every request slot is taken.
    pub fn busy() -> Reject {
        let mut reject = Reject::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the hook is busy; retry after the number of seconds in retry_after",
        );
        reject.body["retry_after"] = json!(1);
        reject.retry_after = Some(1);
        reject
    }

    pub(crate) fn unauthorized() -> Reject {
        Reject::new(
            StatusCode::UNAUTHORIZED,
            "missing or wrong token: send Authorization: Bearer <token from hook.json>",
        )
    }

    pub(crate) fn too_large(limit: u64) -> Reject {
        Reject::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {limit} bytes"),
        )
    }
}

impl IntoResponse for Reject {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
