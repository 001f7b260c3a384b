//! Callbrief's meeting hook: the local listener through which the salesperson's video
//! client (a Zoom/LiveKit/Jitsi SDK integration, a browser extension, `callbrief-cli hook
//! replay`) sends meeting-event v1 to the app.
//!
//! ```no_run
//! # async fn demo(store: callbrief_store::Store) -> Result<(), callbrief_hook::HookError> {
//! use callbrief_hook::{Hook, HookConfig};
//!
//! let (notices, mut live) = tokio::sync::broadcast::channel(64);
//! let hook = Hook::start(HookConfig::new("/path/to/data"), store, Some(notices)).await?;
//! println!("{} {}", hook.url(), hook.ws_url()); // clients read both from hook.json
//! while let Ok(notice) = live.recv().await {
//!     // refresh the live panel for notice.meeting_ids
//! #   let _ = notice; break;
//! }
//! hook.shutdown().await; // in-flight requests finish; hook.json is removed
//! # Ok(())
//! # }
//! ```
//!
//! # Wire API (interfaces.md §5)
//! - `POST /v1/events`: one event or an array, `Content-Type: application/json`, ≤ 1 MiB →
//!   `200 {"accepted":n,"duplicates":m}` once committed to the store; `400
//!   {"error","field","index"}` and nothing stored when any event is invalid.
//! - `GET /v1/ws`: the same bodies as WebSocket text messages, each answered with the
//!   same JSON. Token as `Authorization` on the upgrade or as the first message
//!   `{"token": …}` (answered `{"authenticated": true}`; wrong → close 1008). A rotated
//!   token closes the session (1008) at its next message; shutdown closes with 1001.
//! - `POST /v1/blobs`: raw image/video/audio/PDF bytes ≤ 20 MiB → `201 {"sha256","bytes"}`,
//!   kept as `<data dir>/blobs/<sha256>`.
//! - `GET /v1/health`: `{"ok":true,"version":…}`, no token, nothing else.
//!
//! # Security (each rule, and where it is enforced)
//! - Loopback only: bound to 127.0.0.1, never 0.0.0.0 ([`Hook::start`]).
//! - DNS rebinding: `Host` must be exactly `127.0.0.1:PORT` or `localhost:PORT`, else 421,
//!   checked before anything else on every route (the `guard` layer in `app.rs`).
//! - Token: 32 random bytes (64 hex characters) from the OS, required as `Authorization:
//!   Bearer` on every route but health (401), compared in constant time over SHA-256
//!   digests (`token.rs`). [`Hook::rotate_token`] replaces it at once.
//! - Discovery: `hook.json` (url, ws_url, token, pid) written atomically with mode 0600 in
//!   an owner-only data folder; removed on clean shutdown (`discovery.rs`).
//! - Browsers: a WebSocket upgrade carrying an `Origin` not on the user's allowlist is
//!   refused with 403; plain HTTP requests from pages cannot set `Authorization` without a
//!   CORS preflight, which the hook never answers with CORS headers.
//! - JSON only (415), body ≤ 1 MiB (413; blobs 20 MiB), ≤ 1000 events per body.
//! - Floods: per-connection and global token buckets (429 + `Retry-After`), at most
//!   [`HookLimits::max_in_flight`] requests at once (503 + `Retry-After`), at most
//!   [`HookLimits::max_connections`] connections, header and body timeouts (hyper's
//!   header timeout, 408 for slow bodies).
//! - Every non-2xx answer has a JSON body `{"error": "..."}`.
//!
//! Every untrusted events body goes through [`parse_events`]; `fuzz/` holds a cargo-fuzz
//! target for it (nightly, outside the workspace), and a seeded random-input test runs it
//! in the normal suite.
//!
//! # Not here yet
//! `POST /v1/webhooks/{zoom,livekit}` (provider webhooks relayed to the desktop, checked
//! with `callbrief-adapters`' signature functions) is not served yet: it answers 404.
#![deny(missing_docs)]

mod app;
mod blobs;
mod config;
mod discovery;
mod limits;
mod parse;
mod reject;
mod server;
mod token;
mod ws;

pub use blobs::{BLOB_TYPES, blob_path};
pub use config::{HookConfig, HookLimits, MAX_BLOB_BYTES, MAX_EVENTS_BODY_BYTES, Rate};
pub use discovery::{DISCOVERY_FILE, Discovery};
pub use parse::{MAX_BATCH_EVENTS, parse_events};
pub use server::{Hook, HookError, IngestNotice};
