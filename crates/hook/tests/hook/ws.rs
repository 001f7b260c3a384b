//! The WebSocket: Origin allowlist, both ways to send the token, streaming round trip,
//! rotation and shutdown closing sessions.

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::support::{Running, event, start};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn connect(hook: &Running, headers: &[(&str, &str)]) -> Result<Socket, Error> {
    let mut request = hook.hook.ws_url().into_client_request().unwrap();
    for (name, value) in headers {
        let name =
            tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(name.as_bytes()).unwrap();
        request.headers_mut().insert(name, value.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

async fn ask(socket: &mut Socket, body: &Value) -> Value {
    socket.send(Message::text(body.to_string())).await.unwrap();
    next_json(socket).await
}

async fn next_json(socket: &mut Socket) -> Value {
    loop {
        match socket.next().await.unwrap().unwrap() {
            Message::Text(text) => return serde_json::from_str(text.as_str()).unwrap(),
            Message::Ping(_) | Message::Pong(_) => {}
            other => panic!("expected a text answer, got {other:?}"),
        }
    }
}

/// The close code the server ends the session with.
async fn close_code(socket: &mut Socket) -> Option<CloseCode> {
    while let Some(message) = socket.next().await {
        match message {
            Ok(Message::Close(frame)) => return frame.map(|f| f.code),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

fn status_of(error: Error) -> u16 {
    match error {
        Error::Http(response) => response.status().as_u16(),
        other => panic!("expected an HTTP refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_foreign_origin_is_refused_with_403_and_an_allowed_one_connects() {
    let hook = start().await;
    let bearer = format!("Bearer {}", hook.token());
    for origin in [
        "https://evil.example",
        "null",
        "https://meet.example.evil.example",
        "http://meet.example",
        "https://meet.example:8443",
        "file://",
    ] {
        let refused = connect(&hook, &[("origin", origin), ("authorization", &bearer)])
            .await
            .unwrap_err();
        assert_eq!(status_of(refused), 403, "{origin}");
        // Also without a token: the origin is checked first.
        let refused = connect(&hook, &[("origin", origin)]).await.unwrap_err();
        assert_eq!(status_of(refused), 403, "{origin}");
    }
    let mut allowed = connect(
        &hook,
        &[
            ("origin", "https://MEET.example"),
            ("authorization", &bearer),
        ],
    )
    .await
    .unwrap();
    assert_eq!(ask(&mut allowed, &event(1, "ws")).await["accepted"], 1);
    let mut native = connect(&hook, &[("authorization", &bearer)]).await.unwrap();
    assert_eq!(ask(&mut native, &event(2, "ws")).await["accepted"], 1);
}

#[tokio::test]
async fn an_empty_allowlist_refuses_every_browser_origin() {
    let hook = crate::support::start_with(crate::support::relaxed(), &[]).await;
    let bearer = format!("Bearer {}", hook.token());
    let refused = connect(
        &hook,
        &[
            ("origin", "https://meet.example"),
            ("authorization", &bearer),
        ],
    )
    .await
    .unwrap_err();
    assert_eq!(status_of(refused), 403);
    assert!(connect(&hook, &[("authorization", &bearer)]).await.is_ok());
}

#[tokio::test]
async fn events_stream_over_the_socket_and_are_answered_like_the_post() {
    let mut hook = start().await;
    let bearer = format!("Bearer {}", hook.token());
    let mut socket = connect(&hook, &[("authorization", &bearer)]).await.unwrap();
    assert_eq!(
        ask(&mut socket, &event(1, "stream")).await,
        json!({"accepted": 1, "duplicates": 0})
    );
    assert_eq!(
        ask(
            &mut socket,
            &json!([event(1, "stream"), event(2, "stream"), event(3, "stream")])
        )
        .await,
        json!({"accepted": 2, "duplicates": 1})
    );
    let mut invalid = event(4, "stream");
    invalid["payload"]["start_ms"] = json!("soon");
    invalid["kind"] = json!("transcript.segment");
    let answer = ask(&mut socket, &json!([event(5, "stream"), invalid])).await;
    assert_eq!(answer["index"], 1, "{answer}");
    assert!(
        answer["field"].as_str().unwrap().starts_with("[1].payload"),
        "{answer}"
    );
    assert!(answer["error"].is_string());
    socket.send(Message::text("{oops")).await.unwrap();
    let answer = next_json(&mut socket).await;
    assert_eq!(answer["field"], "");
    assert!(answer["error"].as_str().unwrap().contains("JSON"));
    socket.send(Message::binary(vec![1, 2, 3])).await.unwrap();
    assert!(next_json(&mut socket).await["error"].is_string());
    assert_eq!(hook.stored_events().await, 3);
    let notice = hook.notices.recv().await.unwrap();
    assert_eq!(notice.accepted, 1);
    assert_eq!(notice.meeting_ids.len(), 1);
}

#[tokio::test]
async fn the_token_can_come_as_the_first_message() {
    let hook = start().await;
    let mut socket = connect(&hook, &[]).await.unwrap();
    assert_eq!(
        ask(&mut socket, &json!({"token": hook.token()})).await,
        json!({"authenticated": true})
    );
    assert_eq!(ask(&mut socket, &event(1, "first")).await["accepted"], 1);
}

#[tokio::test]
async fn a_wrong_or_missing_first_message_token_closes_with_policy_violation() {
    let hook = start().await;
    for first in [
        json!({"token": "0".repeat(64)}),
        json!({"token": 5}),
        json!({}),
        event(1, "sneaky"),
    ] {
        let mut socket = connect(&hook, &[]).await.unwrap();
        socket.send(Message::text(first.to_string())).await.unwrap();
        assert_eq!(
            close_code(&mut socket).await,
            Some(CloseCode::Policy),
            "{first}"
        );
    }
    assert_eq!(hook.stored_events().await, 0);
}

#[tokio::test]
async fn a_message_over_the_size_limit_ends_the_session_and_stores_nothing() {
    let hook = start().await;
    let bearer = format!("Bearer {}", hook.token());
    let mut socket = connect(&hook, &[("authorization", &bearer)]).await.unwrap();
    let mut big = event(1, "big");
    big["payload"]["text"] = json!("x".repeat(1024 * 1024));
    let _ = socket.send(Message::text(big.to_string())).await;
    let code = close_code(&mut socket).await;
    assert!(matches!(code, None | Some(CloseCode::Size)), "{code:?}");
    assert_eq!(hook.stored_events().await, 0);
}

#[tokio::test]
async fn rotating_the_token_closes_sessions_opened_with_the_old_one() {
    let hook = start().await;
    let bearer = format!("Bearer {}", hook.token());
    let mut socket = connect(&hook, &[("authorization", &bearer)]).await.unwrap();
    assert_eq!(ask(&mut socket, &event(1, "rot")).await["accepted"], 1);
    hook.hook.rotate_token().unwrap();
    socket
        .send(Message::text(event(2, "rot").to_string()))
        .await
        .unwrap();
    assert_eq!(close_code(&mut socket).await, Some(CloseCode::Policy));
    assert_eq!(hook.stored_events().await, 1);
    let refused = connect(&hook, &[("authorization", &bearer)])
        .await
        .unwrap_err();
    assert_eq!(status_of(refused), 401);
}

#[tokio::test]
async fn shutdown_closes_open_sessions_with_going_away() {
    let hook = start().await;
    let bearer = format!("Bearer {}", hook.token());
    let mut socket = connect(&hook, &[("authorization", &bearer)]).await.unwrap();
    assert_eq!(ask(&mut socket, &event(1, "bye")).await["accepted"], 1);
    let shutdown = tokio::spawn(hook.hook.shutdown());
    assert_eq!(close_code(&mut socket).await, Some(CloseCode::Away));
    drop(socket);
    tokio::time::timeout(std::time::Duration::from_secs(5), shutdown)
        .await
        .unwrap()
        .unwrap();
}
