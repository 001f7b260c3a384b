//! How to start a [`crate::Hook`]: where, on which port, which browser origins, which limits.

use std::path::PathBuf;
use std::time::Duration;

/// Largest `POST /v1/events` body and WebSocket message, in bytes (1 MiB).
pub const MAX_EVENTS_BODY_BYTES: usize = 1024 * 1024;
/// Largest `POST /v1/blobs` body, in bytes (20 MiB).
pub const MAX_BLOB_BYTES: u64 = 20 * 1024 * 1024;

/// Where and how the hook listens.
#[derive(Debug, Clone)]
pub struct HookConfig {
    /// The data folder: `hook.json` (the discovery file) and `blobs/` are written here.
    pub data_dir: PathBuf,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Browser origins (`https://meet.example`, scheme + host + optional port, no path)
    /// allowed to open the WebSocket. Empty: only clients that send no `Origin` at all
    /// (native SDK clients, scripts); every browser page is refused.
    pub origin_allowlist: Vec<String>,
    /// Sizes, rates and timeouts.
    pub limits: HookLimits,
}

impl HookConfig {
    /// A random port, no browser origins, default limits.
    pub fn new(data_dir: impl Into<PathBuf>) -> HookConfig {
        HookConfig {
            data_dir: data_dir.into(),
            port: 0,
            origin_allowlist: Vec::new(),
            limits: HookLimits::default(),
        }
    }
}

/// A token bucket: `burst` requests at once, refilled at `per_second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Sustained requests (or WebSocket messages) per second.
    pub per_second: f64,
    /// How many may arrive at once after a quiet period.
    pub burst: u32,
}

/// Bounds that keep a misbehaving or hostile local client from stalling the app.
#[derive(Debug, Clone, PartialEq)]
pub struct HookLimits {
    /// Largest events body or WebSocket message ([`MAX_EVENTS_BODY_BYTES`]).
    pub max_body_bytes: usize,
    /// Largest blob ([`MAX_BLOB_BYTES`]).
    pub max_blob_bytes: u64,
    /// Requests and WebSocket messages per TCP connection.
    pub per_connection: Rate,
    /// Requests and WebSocket messages over all connections (checked after the
    /// per-connection limit, so one flooding connection cannot use it all up).
    pub global: Rate,
    /// Open connections (WebSocket sessions included); more wait in the OS backlog.
    pub max_connections: usize,
    /// Requests being handled at once; more are answered 503 with `Retry-After`.
    pub max_in_flight: usize,
    /// Time allowed to send a request's headers.
    pub header_timeout: Duration,
    /// Time allowed to send a request body.
    pub body_timeout: Duration,
    /// Time a WebSocket client without an `Authorization` header has to send its token.
    pub ws_auth_timeout: Duration,
    /// On shutdown, how long in-flight requests may take before connections are dropped.
    pub shutdown_grace: Duration,
}

impl Default for HookLimits {
    fn default() -> HookLimits {
        HookLimits {
            max_body_bytes: MAX_EVENTS_BODY_BYTES,
            max_blob_bytes: MAX_BLOB_BYTES,
            per_connection: Rate {
                per_second: 100.0,
                burst: 200,
            },
            global: Rate {
                per_second: 400.0,
                burst: 800,
            },
            max_connections: 64,
            max_in_flight: 32,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            ws_auth_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}
