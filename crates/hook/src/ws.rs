//! `GET /v1/ws`: a WebSocket carrying the same event bodies as `POST /v1/events`, each
//! text message answered with the same JSON body the POST would get.
//!
//! - An `Origin` header (sent by every browser) must be on the user's allowlist, else 403
//!   before the upgrade. Clients without `Origin` (native SDKs, scripts) pass this check.
//! - The token comes as `Authorization: Bearer` on the upgrade (wrong: 401, no upgrade) or
//!   as the first message `{"token": "..."}`, answered `{"authenticated": true}`; a wrong
//!   or missing first-message token closes the socket with 1008 (policy violation).
//! - After a token rotation the session is closed with 1008 at its next message.
//! - Messages count against the connection's and the global rate limit; a limited message
//!   is answered `{"error": …, "retry_after": s}` and not stored.

use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade, close_code};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::app::{App, Conn, stopped};
use crate::reject::Reject;

pub(crate) async fn upgrade(State(app): State<Arc<App>>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let mut origins = parts.headers.get_all(header::ORIGIN).iter();
    let origin_ok = match (origins.next(), origins.next()) {
        (None, _) => true,
        (Some(origin), None) => origin.to_str().is_ok_and(|o| {
            let o = o.trim().trim_end_matches('/');
            app.origins
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(o))
        }),
        (Some(_), Some(_)) => false,
    };
    if !origin_ok {
        return Reject::new(
            StatusCode::FORBIDDEN,
            "this origin is not allowed to connect; add it in Settings → Meeting hook",
        )
        .into_response();
    }
    let generation = if parts.headers.contains_key(header::AUTHORIZATION) {
        match app.authorized(&parts.headers) {
            Some(generation) => Some(generation),
            None => return Reject::unauthorized().into_response(),
        }
    } else {
        None
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &app).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => {
            return Reject::new(rejection.status(), rejection.body_text()).into_response();
        }
    };
    let conn = parts.extensions.get::<Conn>().cloned();
    let limit = app.limits.max_body_bytes;
    upgrade
        .max_message_size(limit)
        .max_frame_size(limit)
        .on_upgrade(move |socket| session(app, socket, conn, generation))
}

fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: Utf8Bytes::from_static(reason),
    }))
}

fn text(body: &Value) -> Message {
    Message::Text(body.to_string().into())
}

/// Reads `{"token": "..."}` as the first message; the generation it is valid for.
async fn first_message_token(app: &App, socket: &mut WebSocket) -> Option<u64> {
    let first = tokio::time::timeout(app.limits.ws_auth_timeout, socket.recv()).await;
    let Ok(Some(Ok(Message::Text(first)))) = first else {
        return None;
    };
    let value: Value = serde_json::from_str(first.as_str()).ok()?;
    app.tokens.verify(value.get("token")?.as_str()?)
}

async fn session(
    app: Arc<App>,
    mut socket: WebSocket,
    conn: Option<Conn>,
    generation: Option<u64>,
) {
    let generation = match generation {
        Some(generation) => generation,
        None => match first_message_token(&app, &mut socket).await {
            Some(generation) => {
                if socket
                    .send(text(&json!({ "authenticated": true })))
                    .await
                    .is_err()
                {
                    return;
                }
                generation
            }
            None => {
                let _ = socket
                    .send(close(
                        close_code::POLICY,
                        "send {\"token\": …} from hook.json as the first message",
                    ))
                    .await;
                return;
            }
        },
    };
    let mut stop = app.stop.clone();
    loop {
        let message = tokio::select! {
            message = socket.recv() => message,
            () = stopped(&mut stop) => {
                let _ = socket.send(close(close_code::AWAY, "the hook is shutting down")).await;
                return;
            }
        };
        let answer = match message {
            None | Some(Ok(Message::Close(_))) => return,
            Some(Err(_)) => {
                let _ = socket
                    .send(close(
                        close_code::SIZE,
                        "the message could not be read (over 1 MiB, or a broken frame)",
                    ))
                    .await;
                return;
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(Message::Binary(_))) => {
                Reject::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "send meeting events as JSON text messages",
                )
                .body
            }
            Some(Ok(Message::Text(body))) => {
                if !app.tokens.is_current(generation) {
                    let _ = socket
                        .send(close(close_code::POLICY, "the token was rotated"))
                        .await;
                    return;
                }
                match app.admit(conn.as_ref()) {
                    Err(reject) => reject.body,
                    Ok(()) => match app.ingest(body.as_bytes().to_vec()).await {
                        Ok(done) => done,
                        Err(reject) => reject.body,
                    },
                }
            }
        };
        if socket.send(text(&answer)).await.is_err() {
            return;
        }
    }
}
