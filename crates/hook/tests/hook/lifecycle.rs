//! Discovery file, token rotation, durable acknowledgement, graceful shutdown.

use std::time::Duration;

use callbrief_hook::{DISCOVERY_FILE, Discovery};
use callbrief_store::Store;
use serde_json::json;

use crate::support::{self, event, start};

#[tokio::test]
async fn the_discovery_file_is_owner_only_and_removed_on_shutdown() {
    let hook = start().await;
    let path = hook.dir.path().join(DISCOVERY_FILE);
    assert_eq!(hook.hook.discovery_file(), path);
    let found = Discovery::read(hook.dir.path()).unwrap();
    assert_eq!(found.url, hook.hook.url());
    assert_eq!(found.ws_url, hook.hook.ws_url());
    assert_eq!(found.token, hook.token());
    assert_eq!(found.pid, std::process::id());
    assert!(found.url.starts_with("http://127.0.0.1:"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "hook.json is {mode:o}");
    }
    let names: Vec<_> = std::fs::read_dir(hook.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("hook"))
        .collect();
    assert_eq!(names, [DISCOVERY_FILE], "no temporary file is left");
    hook.hook.shutdown().await;
    assert!(!path.exists());
}

#[tokio::test]
async fn rotating_the_token_rejects_the_old_one_at_once_and_rewrites_the_file() {
    let hook = start().await;
    let old = hook.token();
    let new = hook.hook.rotate_token().unwrap();
    assert_ne!(new.expose(), old);
    assert_eq!(new.expose().len(), 64);
    assert_eq!(
        Discovery::read(hook.dir.path()).unwrap().token,
        new.expose()
    );
    let refused = hook
        .http
        .post(hook.url("/v1/events"))
        .bearer_auth(&old)
        .json(&event(1, "rot"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let accepted = hook.post_events(&event(1, "rot")).await;
    assert_eq!(accepted.status(), 200);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(hook.hook.discovery_file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[tokio::test]
async fn an_acknowledged_batch_is_in_the_store_after_reopening_it() {
    let mut hook = start().await;
    let batch: Vec<_> = (0..50).map(|n| event(n, "durable")).collect();
    let response = hook.post_events(&json!(batch)).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, json!({"accepted": 50, "duplicates": 0}));
    let again = hook.post_events(&json!(batch[..10])).await;
    assert_eq!(
        again.json::<serde_json::Value>().await.unwrap(),
        json!({"accepted": 0, "duplicates": 10})
    );
    let notice = hook.notices.recv().await.unwrap();
    assert_eq!(notice.accepted, 50);
    let meeting_id = notice.meeting_ids[0].clone();
    let dir = hook.dir;
    hook.hook.shutdown().await;
    drop(hook.store);
    let reopened = Store::open(support::database(dir.path())).await.unwrap();
    assert_eq!(support::count(&reopened, "meeting_events").await, 50);
    let export = reopened.export_meeting(&meeting_id).await.unwrap();
    assert_eq!(export["chat"].as_array().unwrap().len(), 50);
    assert_eq!(export["events"], 50);
}

#[tokio::test]
async fn shutdown_finishes_an_in_flight_request_then_stops_accepting() {
    let hook = start().await;
    let batch = serde_json::to_vec(&json!(
        (0..20).map(|n| event(n, "inflight")).collect::<Vec<_>>()
    ))
    .unwrap();
    let (first, rest) = batch.split_at(batch.len() / 2);
    let (first, rest) = (first.to_vec(), rest.to_vec());
    // The body arrives in two parts with a pause: shutdown begins in between.
    let (gate_tx, gate_rx) = tokio::sync::oneshot::channel::<()>();
    let body = futures::stream::unfold((0, Some(gate_rx)), move |(step, gate)| {
        let (first, rest) = (first.clone(), rest.clone());
        async move {
            match step {
                0 => Some((Ok::<_, std::io::Error>(first), (1, gate))),
                1 => {
                    let _ = gate.unwrap().await;
                    Some((Ok(rest), (2, None)))
                }
                _ => None,
            }
        }
    });
    let request = hook
        .http
        .post(hook.url("/v1/events"))
        .bearer_auth(hook.token())
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(body))
        .send();
    let in_flight = tokio::spawn(request);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let url = hook.url("/v1/health");
    let shutdown = tokio::spawn(hook.hook.shutdown());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!shutdown.is_finished(), "shutdown waits for the request");
    let refused = reqwest::Client::new()
        .get(&url)
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(refused.is_err(), "no new connections are accepted");
    gate_tx.send(()).unwrap();
    let response = in_flight.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({"accepted": 20, "duplicates": 0})
    );
    tokio::time::timeout(Duration::from_secs(5), shutdown)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(support::count(&hook.store, "meeting_events").await, 20);
    assert!(!hook.dir.path().join(DISCOVERY_FILE).exists());
}

#[tokio::test]
async fn a_second_port_conflict_is_an_error_not_a_panic() {
    let hook = start().await;
    let other = tempfile::tempdir().unwrap();
    let store = Store::open(other.path().join("db.sqlite3")).await.unwrap();
    let mut config = callbrief_hook::HookConfig::new(other.path());
    config.port = hook.hook.port();
    let error = callbrief_hook::Hook::start(config, store, None)
        .await
        .err()
        .unwrap();
    assert!(error.to_string().contains("Cannot listen"), "{error}");
}

#[tokio::test]
async fn silent_and_slow_clients_are_disconnected_after_the_timeouts() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let limits = callbrief_hook::HookLimits {
        header_timeout: Duration::from_millis(300),
        body_timeout: Duration::from_millis(300),
        ..support::relaxed()
    };
    let hook = support::start_with(limits, &[]).await;
    let port = hook.hook.port();
    // Connected, never a byte; then half a request line (slowloris).
    for opening in ["", "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1"] {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        stream.write_all(opening.as_bytes()).await.unwrap();
        let mut rest = Vec::new();
        let closed = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut rest))
            .await
            .is_ok();
        assert!(closed, "the connection ({opening:?}) is closed by the hook");
    }
    // Headers sent, body promised but never finished: 408.
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let head = format!(
        "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n[",
        hook.token()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 512];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(hook.stored_events().await, 0);
}
