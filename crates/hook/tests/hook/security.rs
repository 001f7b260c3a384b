//! Hostile requests: every one refused with the right status and a JSON error, nothing
//! stored.

use std::time::Duration;

use callbrief_hook::{HookLimits, Rate};
use serde_json::{Value, json};

use crate::support::{self, assert_reject, event, start};

#[tokio::test]
async fn a_missing_or_wrong_token_is_refused_with_401() {
    let hook = start().await;
    let token = hook.token();
    let body = json!([event(1, "m1")]);
    let wrong = [
        None,
        Some(String::new()),
        Some("Bearer".to_owned()),
        Some("Bearer ".to_owned()),
        Some(format!("Basic {token}")),
        Some(token.clone()),
        Some(format!("Bearer {}", &token[..63])),
        Some(format!("Bearer {token}0")),
        Some(format!("Bearer {}", token.to_uppercase())),
        Some(format!("Bearer {}", "0".repeat(64))),
        Some(format!("Bearer {token} {token}")),
    ];
    for header in &wrong {
        for path in ["/v1/events", "/v1/blobs"] {
            let mut request = hook.http.post(hook.url(path)).json(&body);
            if let Some(header) = header {
                request = request.header("authorization", header);
            }
            let body = assert_reject(request.send().await.unwrap(), 401).await;
            assert!(!body.to_string().contains(&token), "the token never leaks");
        }
    }
    // The WebSocket upgrade with a wrong header token is refused before upgrading.
    let (status, _, body) = hook
        .raw(&format!(
            "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\n\
             Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
             Authorization: Bearer {}\r\n\r\n",
            hook.hook.port(),
            "f".repeat(64)
        ))
        .await;
    assert_eq!(status, 401);
    assert!(body["error"].is_string());
    assert_eq!(hook.stored_events().await, 0);
    // The scheme is case-insensitive; the right token is accepted.
    let ok = hook
        .http
        .post(hook.url("/v1/events"))
        .header("authorization", format!("bearer {token}"))
        .json(&body_of_one())
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

fn body_of_one() -> Value {
    event(1, "m1")
}

#[tokio::test]
async fn a_foreign_host_is_refused_with_421_before_anything_else() {
    let hook = start().await;
    let port = hook.hook.port();
    let token = hook.token();
    let other_port = if port == 65535 { 1 } else { port + 1 };
    let foreign = [
        format!("evil.example:{port}"),
        // DNS rebinding: the attacker's name now resolves to 127.0.0.1.
        format!("rebind.attacker.example:{port}"),
        format!("127.0.0.1.nip.example:{port}"),
        format!("127.0.0.1:{other_port}"),
        format!("localhost.evil.example:{port}"),
        format!("0.0.0.0:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".to_owned(),
        "localhost".to_owned(),
        format!("127.0.0.1:{port}@evil.example"),
        String::new(),
    ];
    let body = serde_json::to_string(&event(1, "m1")).unwrap();
    for host in &foreign {
        for (method, path, auth) in [
            ("POST", "/v1/events", true),
            ("POST", "/v1/events", false),
            ("GET", "/v1/health", false),
            ("POST", "/v1/blobs", true),
            ("GET", "/v1/ws", true),
        ] {
            let auth = if auth {
                format!("Authorization: Bearer {token}\r\n")
            } else {
                String::new()
            };
            let request = format!(
                "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Content-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let (status, _, answer) = hook.raw(&request).await;
            assert_eq!(status, 421, "{method} {path} Host {host:?}: {answer}");
            assert!(answer["error"].is_string());
        }
    }
    // No Host at all, two Hosts, and an absolute URI naming another host.
    for request in [
        format!(
            "POST /v1/events HTTP/1.0\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
        format!(
            "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example:{port}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
        format!(
            "POST http://evil.example:{port}/v1/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    ] {
        let (status, _, answer) = hook.raw(&request).await;
        assert_eq!(status, 421, "{request}: {answer}");
    }
    assert_eq!(hook.stored_events().await, 0);
    // Both accepted spellings work.
    for host in [format!("127.0.0.1:{port}"), format!("LocalHost:{port}")] {
        let request = format!(
            "POST /v1/events HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        assert_eq!(hook.raw(&request).await.0, 200, "{host}");
    }
}

#[tokio::test]
async fn non_json_content_types_are_refused_with_415() {
    let hook = start().await;
    let body = serde_json::to_string(&event(1, "m1")).unwrap();
    for content_type in [
        None,
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonp"),
        Some("application/xml"),
        Some(""),
    ] {
        let mut request = hook
            .http
            .post(hook.url("/v1/events"))
            .bearer_auth(hook.token())
            .body(body.clone());
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        assert_reject(request.send().await.unwrap(), 415).await;
    }
    assert_eq!(hook.stored_events().await, 0);
    let ok = hook
        .http
        .post(hook.url("/v1/events"))
        .bearer_auth(hook.token())
        .header("content-type", "Application/JSON; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200, "parameters and case do not matter");
}

#[tokio::test]
async fn bodies_over_1_mib_are_refused_with_413_and_nothing_is_stored() {
    let hook = start().await;
    // A valid array that is just over the limit.
    let mut events = Vec::new();
    let mut size = 1;
    for n in 0.. {
        let mut e = event(n, "big");
        e["payload"]["text"] = json!("x".repeat(4000));
        size += serde_json::to_vec(&e).unwrap().len() + 1;
        events.push(e);
        if size > 1024 * 1024 {
            break;
        }
    }
    let body = serde_json::to_vec(&events).unwrap();
    assert!(body.len() > 1024 * 1024 && body.len() < 1024 * 1024 + 5000);
    let response = hook
        .http
        .post(hook.url("/v1/events"))
        .bearer_auth(hook.token())
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_reject(response, 413).await;
    // Streamed without a length (chunked): stopped while reading.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        body.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
    let response = hook
        .http
        .post(hook.url("/v1/events"))
        .bearer_auth(hook.token())
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_stream(chunks)))
        .send()
        .await
        .unwrap();
    assert_reject(response, 413).await;
    // A huge announced length is refused without reading.
    let (status, _, answer) = hook
        .raw(&format!(
            "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n[",
            hook.hook.port(),
            hook.token()
        ))
        .await;
    assert_eq!(status, 413, "{answer}");
    assert_eq!(hook.stored_events().await, 0);
}

fn futures_stream(
    chunks: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    futures::stream::iter(chunks)
}

#[tokio::test]
async fn malformed_and_invalid_events_are_refused_with_400_naming_field_and_index() {
    let hook = start().await;
    let good = |n| event(n, "m400");
    let mut missing_kind = good(2);
    missing_kind.as_object_mut().unwrap().remove("kind");
    let mut bad_time = good(3);
    bad_time["occurred_at"] = json!("yesterday");
    let mut wrong_type = good(4);
    wrong_type["payload"]["text"] = json!(42);
    let mut unknown_kind = good(5);
    unknown_kind["kind"] = json!("meeting.exploded");
    let mut newer = good(6);
    newer["schema_version"] = json!("2.0");
    let mut not_utc = good(7);
    not_utc["occurred_at"] = json!("2026-11-25T08:00:00+02:00");
    let cases: Vec<(Vec<u8>, &str, Option<u64>)> = vec![
        (b"{\"schema_version\": \"1.0\",".to_vec(), "", None),
        (b"not json at all".to_vec(), "", None),
        (b"".to_vec(), "", None),
        (b"[]".to_vec(), "", None),
        (b"\"a string\"".to_vec(), "", None),
        (vec![0xff, 0xfe, b'{', b'}'], "", None),
        (to_vec(&missing_kind), "kind", None),
        (
            to_vec(&json!([good(1), good(2), bad_time])),
            "[2].occurred_at",
            Some(2),
        ),
        (
            to_vec(&json!([good(1), wrong_type])),
            "[1].payload.text",
            Some(1),
        ),
        (to_vec(&json!([unknown_kind, good(1)])), "[0].kind", Some(0)),
        (to_vec(&newer), "schema_version", None),
        (
            to_vec(&json!([good(1), not_utc])),
            "[1].occurred_at",
            Some(1),
        ),
        (to_vec(&json!([good(1), 5])), "[1]", Some(1)),
    ];
    for (body, field, index) in cases {
        let response = hook
            .http
            .post(hook.url("/v1/events"))
            .bearer_auth(hook.token())
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let answer = assert_reject(response, 400).await;
        let shown = String::from_utf8_lossy(&body);
        assert_eq!(answer["field"], json!(field), "{shown}: {answer}");
        assert_eq!(answer["index"], json!(index), "{shown}: {answer}");
    }
    assert_eq!(
        hook.stored_events().await,
        0,
        "valid events of a refused batch are not kept"
    );
    assert_eq!(support::count(&hook.store, "meetings").await, 0);
}

fn to_vec(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

#[tokio::test]
async fn a_flood_gets_429_with_retry_after_while_another_client_is_still_served() {
    let limits = HookLimits {
        per_connection: Rate {
            per_second: 5.0,
            burst: 10,
        },
        global: Rate {
            per_second: 100.0,
            burst: 100,
        },
        ..HookLimits::default()
    };
    let hook = support::start_with(limits, &[]).await;
    // One keep-alive connection sending as fast as it can.
    let flooder = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    let mut statuses = Vec::new();
    for n in 0..60 {
        let response = flooder
            .post(hook.url("/v1/events"))
            .bearer_auth(hook.token())
            .json(&event(n, "flood"))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        if status == 429 {
            let retry: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=5).contains(&retry), "Retry-After {retry}");
            let body = assert_reject(response, 429).await;
            assert_eq!(body["retry_after"], json!(retry));
        }
        statuses.push(status);
    }
    let limited = statuses.iter().filter(|s| **s == 429).count();
    let accepted = statuses.iter().filter(|s| **s == 200).count();
    assert_eq!(limited + accepted, 60, "{statuses:?}");
    assert!(limited >= 40, "{statuses:?}");
    // Another client, on its own connection, is still served in the middle of the flood.
    let other = reqwest::Client::new()
        .post(hook.url("/v1/events"))
        .bearer_auth(hook.token())
        .json(&event(1, "legit"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    assert_eq!(
        hook.stored_events().await,
        accepted as i64 + 1,
        "limited requests stored nothing"
    );
}

#[tokio::test]
async fn many_connections_at_once_hit_the_global_limit_and_health_still_answers_later() {
    let limits = HookLimits {
        global: Rate {
            per_second: 20.0,
            burst: 20,
        },
        ..support::relaxed()
    };
    let limits = HookLimits {
        per_connection: Rate {
            per_second: 1000.0,
            burst: 1000,
        },
        ..limits
    };
    let hook = support::start_with(limits, &[]).await;
    let mut tasks = Vec::new();
    for n in 0..80 {
        let http = reqwest::Client::new();
        let url = hook.url("/v1/events");
        let token = hook.token();
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(token)
                .json(&event(n, "burst"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert!(
        statuses.iter().all(|s| [200, 429, 503].contains(s)),
        "{statuses:?}"
    );
    assert!(
        statuses.iter().filter(|s| **s == 200).count() <= 25,
        "{statuses:?}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let health = hook.http.get(hook.url("/v1/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn health_needs_no_token_and_reveals_nothing_else() {
    let hook = start().await;
    let response = hook.http.get(hook.url("/v1/health")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = format!("{:?}", response.headers());
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"ok": true, "version": env!("CARGO_PKG_VERSION")})
    );
    let token = hook.token();
    assert!(!headers.contains(&token));
    assert!(!headers.to_ascii_lowercase().contains("access-control"));
    // With a wrong token it answers the same (it ignores the header).
    let response = hook
        .http
        .get(hook.url("/v1/health"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_errors() {
    let hook = start().await;
    let response = hook
        .http
        .get(hook.url("/v1/nothing"))
        .bearer_auth(hook.token())
        .send()
        .await
        .unwrap();
    assert_reject(response, 404).await;
    let response = hook
        .http
        .get(hook.url("/v1/events"))
        .bearer_auth(hook.token())
        .send()
        .await
        .unwrap();
    assert_reject(response, 405).await;
    // A CORS preflight gets no CORS headers.
    let response = hook
        .http
        .request(reqwest::Method::OPTIONS, hook.url("/v1/events"))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
    assert!(
        response
            .headers()
            .keys()
            .all(|k| !k.as_str().starts_with("access-control"))
    );
    // A plain GET on the WebSocket route without upgrade headers.
    let response = hook
        .http
        .get(hook.url("/v1/ws"))
        .bearer_auth(hook.token())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert!((400..500).contains(&status), "{status}");
    assert_reject(response, status).await;
}
