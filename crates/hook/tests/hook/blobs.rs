//! `POST /v1/blobs`: content-addressed, typed, size-capped, owner-only.

use callbrief_hook::{HookLimits, blob_path};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{self, assert_reject, start};

fn png(size: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..size).map(|i| (i * 7 % 251) as u8));
    bytes
}

#[tokio::test]
async fn a_screenshot_is_stored_under_its_sha256() {
    let hook = start().await;
    let bytes = png(300_000);
    let expected = hex::encode(Sha256::digest(&bytes));
    for _ in 0..2 {
        let response = hook
            .http
            .post(hook.url("/v1/blobs"))
            .bearer_auth(hook.token())
            .header("content-type", "image/png")
            .body(bytes.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["sha256"], expected.as_str());
        assert_eq!(body["bytes"], bytes.len());
    }
    let path = blob_path(hook.dir.path(), &expected);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(hook.dir.path().join("blobs"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[tokio::test]
async fn blobs_refuse_wrong_types_missing_tokens_empty_and_oversize_bodies() {
    let limits = HookLimits {
        max_blob_bytes: 64 * 1024,
        ..support::relaxed()
    };
    let hook = support::start_with(limits, &[]).await;
    let post = |content_type: &'static str, body: Vec<u8>, token: bool| {
        let mut request = hook
            .http
            .post(hook.url("/v1/blobs"))
            .header("content-type", content_type)
            .body(body);
        if token {
            request = request.bearer_auth(hook.token());
        }
        request.send()
    };
    assert_reject(post("image/png", png(10), false).await.unwrap(), 401).await;
    for wrong in [
        "text/html",
        "application/json",
        "application/octet-stream",
        "image/svg+xml",
    ] {
        assert_reject(post(wrong, png(10), true).await.unwrap(), 415).await;
    }
    assert_reject(post("image/png", Vec::new(), true).await.unwrap(), 400).await;
    assert_reject(post("video/mp4", png(64 * 1024), true).await.unwrap(), 413).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = png(100 * 1024)
        .chunks(8 * 1024)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let streamed = hook
        .http
        .post(hook.url("/v1/blobs"))
        .bearer_auth(hook.token())
        .header("content-type", "image/jpeg")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    assert_reject(streamed, 413).await;
    let stored = std::fs::read_dir(hook.dir.path().join("blobs"))
        .unwrap()
        .count();
    assert_eq!(stored, 0, "refused uploads leave no file behind");
    assert_eq!(
        post("image/jpeg", png(1000), true).await.unwrap().status(),
        201
    );
}
