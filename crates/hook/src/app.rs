//! The routes and the checks in front of them.
//!
//! Order for every request (the `guard` layer): `Host` (421) first, then the
//! per-connection and global rate limits (429), then a request slot (503). Then per route:
//! the bearer token (401), the content type (415), the size (413), the events (400), and
//! only after the store committed, 200.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use callbrief_store::{Store, StoreError};
use futures::StreamExt;
use serde_json::{Value, json};
use tokio::sync::{Semaphore, broadcast, mpsc, watch};

use crate::config::HookLimits;
use crate::limits::{Bucket, retry_after_secs};
use crate::parse::parse_events;
use crate::reject::Reject;
use crate::token::{Tokens, bearer};
use crate::{IngestNotice, blobs, ws};

/// Bodies larger than this are parsed off the async workers.
const PARSE_INLINE_BYTES: usize = 16 * 1024;

/// State shared by every route.
pub(crate) struct App {
    pub store: Store,
    pub tokens: Tokens,
    pub port: u16,
    pub limits: HookLimits,
    /// Allowed browser origins, lower case, without a trailing slash.
    pub origins: Vec<String>,
    pub global: Bucket,
    pub in_flight: Arc<Semaphore>,
    pub notices: Option<broadcast::Sender<IngestNotice>>,
    pub blobs_dir: PathBuf,
    /// Turns true when the hook shuts down.
    pub stop: watch::Receiver<bool>,
}

/// One TCP connection: its rate limit, its connection slot, and the shutdown tracker
/// (shutdown waits until every clone is gone, WebSocket sessions included).
#[derive(Clone)]
pub(crate) struct Conn(Arc<ConnInner>);

struct ConnInner {
    bucket: Bucket,
    _slot: tokio::sync::OwnedSemaphorePermit,
    _tracker: mpsc::Sender<()>,
}

impl Conn {
    pub fn new(
        limits: &HookLimits,
        slot: tokio::sync::OwnedSemaphorePermit,
        tracker: mpsc::Sender<()>,
    ) -> Conn {
        Conn(Arc::new(ConnInner {
            bucket: Bucket::new(limits.per_connection),
            _slot: slot,
            _tracker: tracker,
        }))
    }
}

/// Resolves once the hook is shutting down (or its owner is gone).
pub(crate) async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopping| *stopping).await;
}

impl App {
    /// Whether `host` (a `Host` header or URI authority) names this listener.
    fn is_own_host(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        port == self.port.to_string()
            && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
    }

    /// DNS-rebinding defence: a page on `evil.example` that re-resolves its name to
    /// 127.0.0.1 still sends `Host: evil.example:PORT`. Exactly one Host, ours.
    fn check_host(&self, request: &Request) -> Result<(), Reject> {
        let mut hosts = request.headers().get_all(header::HOST).iter();
        let host_ok = match (hosts.next(), hosts.next()) {
            (Some(host), None) => host.to_str().is_ok_and(|h| self.is_own_host(h)),
            _ => false,
        };
        let authority_ok = request
            .uri()
            .authority()
            .is_none_or(|a| self.is_own_host(a.as_str()));
        if host_ok && authority_ok {
            Ok(())
        } else {
            Err(Reject::new(
                StatusCode::MISDIRECTED_REQUEST,
                "this hook only answers requests for 127.0.0.1:PORT or localhost:PORT",
            ))
        }
    }

    /// Spends one request (or WebSocket message) from the connection's and the global
    /// bucket.
    pub fn admit(&self, conn: Option<&Conn>) -> Result<(), Reject> {
        let limited = |wait: Duration| Reject::rate_limited(retry_after_secs(wait));
        if let Some(conn) = conn {
            conn.0.bucket.take().map_err(limited)?;
        }
        self.global.take().map_err(limited)
    }

    /// The token generation the request's `Authorization` header is valid for.
    pub fn authorized(&self, headers: &HeaderMap) -> Option<u64> {
        let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        self.tokens.verify(bearer(value)?)
    }

    /// Parses and stores one events body; `Ok` only once the store committed it.
    pub async fn ingest(&self, body: Vec<u8>) -> Result<Value, Reject> {
        let parsed = if body.len() > PARSE_INLINE_BYTES {
            tokio::task::spawn_blocking(move || parse_events(&body))
                .await
                .map_err(|_| Reject::new(StatusCode::INTERNAL_SERVER_ERROR, "parsing failed"))?
        } else {
            parse_events(&body)
        };
        let events = parsed.map_err(|e| Reject::invalid_events(&e))?;
        let report = self
            .store
            .ingest_events(events)
            .await
            .map_err(|e| store_reject(&e))?;
        if report.accepted > 0
            && let Some(notices) = &self.notices
        {
            // No receiver (the window is closed) is fine: the events are stored.
            let _ = notices.send(IngestNotice {
                meeting_ids: report.meeting_ids.clone(),
                accepted: report.accepted,
            });
        }
        Ok(json!({ "accepted": report.accepted, "duplicates": report.duplicates }))
    }
}

fn store_reject(error: &StoreError) -> Reject {
    tracing::warn!(%error, "hook: storing events failed");
    match error {
        StoreError::DiskFull => Reject::new(
            StatusCode::INSUFFICIENT_STORAGE,
            "the disk is full; nothing of this request was stored",
        ),
        StoreError::Busy | StoreError::Closed => Reject::busy(),
        _ => Reject::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the events could not be stored; nothing of this request was stored",
        ),
    }
}

pub(crate) fn router(app: Arc<App>) -> Router {
    let with_token = Router::new()
        .route("/v1/events", post(post_events))
        .route("/v1/blobs", post(blobs::post_blob))
        .route_layer(middleware::from_fn_with_state(app.clone(), require_token));
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/ws", get(ws::upgrade))
        .merge(with_token)
        .fallback(|| async { Reject::new(StatusCode::NOT_FOUND, "no such route") })
        .method_not_allowed_fallback(|| async {
            Reject::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
        })
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// In front of every route: Host, rate limits, request slots; JSON bodies on errors.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if let Err(reject) = app.check_host(&request) {
        return reject.into_response();
    }
    if let Err(reject) = app.admit(request.extensions().get::<Conn>()) {
        return reject.into_response();
    }
    let Ok(_slot) = app.in_flight.clone().try_acquire_owned() else {
        return Reject::busy().into_response();
    };
    json_errors(next.run(request).await)
}

/// Gives any error answer without a JSON body (from the framework itself) one.
fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let message = status.canonical_reason().unwrap_or("error").to_lowercase();
    let mut replaced = Reject::new(status, message).into_response();
    if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
        replaced
            .headers_mut()
            .insert(header::RETRY_AFTER, retry.clone());
    }
    replaced
}

async fn require_token(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if app.authorized(request.headers()).is_none() {
        return Reject::unauthorized().into_response();
    }
    next.run(request).await
}

async fn health() -> axum::Json<Value> {
    axum::Json(json!({ "ok": true, "version": env!("CARGO_PKG_VERSION") }))
}

async fn post_events(State(app): State<Arc<App>>, request: Request) -> Response {
    let result = async {
        require_content_type(request.headers(), |essence| essence == "application/json")?;
        let limit = app.limits.max_body_bytes as u64;
        let (parts, body) = request.into_parts();
        let bytes = within(app.limits.body_timeout, async {
            let mut body = LimitedBody::open(&parts.headers, body, limit).await?;
            let mut bytes = Vec::new();
            while let Some(chunk) = body.chunk().await? {
                bytes.extend_from_slice(&chunk);
            }
            Ok(bytes)
        })
        .await?;
        app.ingest(bytes).await
    }
    .await;
    match result {
        Ok(body) => axum::Json(body).into_response(),
        Err(reject) => reject.into_response(),
    }
}

/// The media type of the request without parameters, lower case.
pub(crate) fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim().to_ascii_lowercase();
    (!essence.is_empty()).then_some(essence)
}

pub(crate) fn require_content_type(
    headers: &HeaderMap,
    accepted: impl Fn(&str) -> bool,
) -> Result<String, Reject> {
    match content_type(headers) {
        Some(essence) if accepted(&essence) => Ok(essence),
        other => Err(Reject::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "content type {} is not accepted here",
                other.as_deref().unwrap_or("(none)")
            ),
        )),
    }
}

/// A request body read chunk by chunk, at most `limit` bytes.
pub(crate) struct LimitedBody {
    stream: axum::body::BodyDataStream,
    limit: u64,
    total: u64,
}

impl LimitedBody {
    /// Starts reading; a `Content-Length` over the limit is refused before the body is read
    /// (after draining it when it is at most twice the limit and the client did not ask
    /// for `100-continue`).
    pub async fn open(headers: &HeaderMap, body: Body, limit: u64) -> Result<LimitedBody, Reject> {
        let mut body = LimitedBody {
            stream: body.into_data_stream(),
            limit,
            total: 0,
        };
        let announced = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if announced.is_some_and(|length| length > limit) {
            if announced.is_some_and(|length| length <= limit.saturating_mul(2))
                && !headers.contains_key(header::EXPECT)
            {
                body.drain().await;
            }
            return Err(Reject::too_large(limit));
        }
        Ok(body)
    }

    async fn drain(&mut self) {
        while self.total <= self.limit.saturating_mul(2) {
            match self.stream.next().await {
                Some(Ok(more)) => self.total += more.len() as u64,
                _ => break,
            }
        }
    }

    /// The next chunk, `None` at the end, 413 past the limit.
    ///
    /// A body over the limit is read on and thrown away up to twice the limit before the
    /// 413, so a client still writing gets the answer instead of a reset connection.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Reject> {
        let Some(chunk) = self.stream.next().await else {
            return Ok(None);
        };
        let chunk = chunk
            .map_err(|_| Reject::new(StatusCode::BAD_REQUEST, "the body could not be read"))?;
        self.total += chunk.len() as u64;
        if self.total > self.limit {
            self.drain().await;
            return Err(Reject::too_large(self.limit));
        }
        Ok(Some(chunk))
    }
}

/// Runs a body read with the body timeout: 408 when the client is too slow.
pub(crate) async fn within<T>(
    timeout: Duration,
    read: impl Future<Output = Result<T, Reject>>,
) -> Result<T, Reject> {
    tokio::time::timeout(timeout, read).await.map_err(|_| {
        Reject::new(
            StatusCode::REQUEST_TIMEOUT,
            "the body took too long to arrive",
        )
    })?
}
