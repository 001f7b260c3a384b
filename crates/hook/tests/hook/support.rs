//! A hook on a temp data folder, raw HTTP for requests reqwest would not send, and the
//! store queries the tests check against.

use std::path::{Path, PathBuf};

use callbrief_hook::{Hook, HookConfig, HookLimits, IngestNotice};
use callbrief_store::Store;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::broadcast;

pub struct Running {
    pub hook: Hook,
    pub store: Store,
    pub dir: tempfile::TempDir,
    pub http: reqwest::Client,
    pub notices: broadcast::Receiver<IngestNotice>,
}

/// Limits generous enough that no test but the flood test is rate-limited.
pub fn relaxed() -> HookLimits {
    let mut limits = HookLimits::default();
    limits.per_connection.burst = 10_000;
    limits.global.burst = 10_000;
    limits
}

pub async fn start() -> Running {
    start_with(relaxed(), &["https://meet.example"]).await
}

pub async fn start_with(limits: HookLimits, origins: &[&str]) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(database(dir.path())).await.unwrap();
    let mut config = HookConfig::new(dir.path());
    config.origin_allowlist = origins.iter().map(|o| (*o).to_owned()).collect();
    config.limits = limits;
    let (tx, notices) = broadcast::channel(64);
    let hook = Hook::start(config, store.clone(), Some(tx)).await.unwrap();
    Running {
        hook,
        store,
        dir,
        http: reqwest::Client::new(),
        notices,
    }
}

pub fn database(dir: &Path) -> PathBuf {
    dir.join("callbrief.sqlite3")
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.hook.url())
    }

    pub fn token(&self) -> String {
        self.hook.token().expose().to_owned()
    }

    /// POSTs `body` as JSON with the token.
    pub async fn post_events(&self, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url("/v1/events"))
            .bearer_auth(self.token())
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A request written byte for byte (any Host, any framing); status and JSON body.
    pub async fn raw(&self, request: &str) -> (u16, String, Value) {
        raw(self.hook.port(), request.as_bytes()).await
    }

    pub async fn stored_events(&self) -> i64 {
        count(&self.store, "meeting_events").await
    }
}

pub async fn count(store: &Store, table: &'static str) -> i64 {
    store
        .call(move |conn| {
            Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        })
        .await
        .unwrap()
}

/// Sends `request` (which should say `Connection: close`) and reads the whole answer:
/// (status, head, JSON body or `Value::Null`).
pub async fn raw(port: u16, request: &[u8]) -> (u16, String, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    (
        status,
        head.to_owned(),
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// Asserts an error answer: this status and a JSON body with a non-empty `error`.
pub async fn assert_reject(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "{response:?}");
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body: Value = response.json().await.unwrap();
    assert_eq!(content_type.as_deref(), Some("application/json"));
    assert!(
        body["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{body}"
    );
    body
}

pub fn event(n: u32, meeting: &str) -> Value {
    json!({
        "schema_version": "1.0",
        "event_id": format!("{meeting}-e{n}"),
        "kind": "chat.message",
        "dedupe_key": format!("{meeting}:chat:{n}"),
        "source": {"provider": "generic", "channel": "sdk", "provider_event": "chat"},
        "meeting": {"provider_meeting_id": meeting, "topic": "Acme pricing"},
        "occurred_at": "2026-11-25T06:00:00Z",
        "payload": {"message_id": format!("m{n}"),
                    "sender": {"provider_user_id": "u1", "name": "Anna Chen"},
                    "to": "everyone", "text": format!("message {n}"),
                    "sent_at": "2026-11-25T06:00:00Z"}
    })
}
