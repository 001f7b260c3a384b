//! `POST /v1/blobs`: screenshots and small files, stored content-addressed as
//! `<data dir>/blobs/<sha256>` (owner-only on Unix). Events refer to them by hash.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::app::{App, LimitedBody, require_content_type, within};
use crate::reject::Reject;

/// Media types a blob may have.
pub const BLOB_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/gif",
    "video/mp4",
    "video/webm",
    "audio/mp4",
    "audio/mpeg",
    "audio/ogg",
    "audio/webm",
    "application/pdf",
];

/// Where the blob with this SHA-256 (lower-case hex) is kept under `data_dir`.
pub fn blob_path(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join("blobs").join(sha256)
}

pub(crate) async fn post_blob(State(app): State<Arc<App>>, request: Request) -> Response {
    match store_blob(&app, request).await {
        Ok((sha256, bytes)) => (
            StatusCode::CREATED,
            axum::Json(json!({ "sha256": sha256, "bytes": bytes })),
        )
            .into_response(),
        Err(reject) => reject.into_response(),
    }
}

async fn store_blob(app: &App, request: Request) -> Result<(String, u64), Reject> {
    require_content_type(request.headers(), |essence| BLOB_TYPES.contains(&essence))?;
    let (parts, body) = request.into_parts();
    let mut suffix = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let temp = app
        .blobs_dir
        .join(format!(".incoming-{}", hex::encode(suffix)));
    let received = within(app.limits.body_timeout, async {
        let mut body = LimitedBody::open(&parts.headers, body, app.limits.max_blob_bytes).await?;
        let mut file = tokio::fs::OpenOptions::from(crate::discovery::owner_only())
            .open(&temp)
            .await
            .map_err(|e| io_reject(&e))?;
        let mut hasher = Sha256::new();
        let mut bytes = 0u64;
        while let Some(chunk) = body.chunk().await? {
            hasher.update(&chunk);
            bytes += chunk.len() as u64;
            file.write_all(&chunk).await.map_err(|e| io_reject(&e))?;
        }
        file.sync_all().await.map_err(|e| io_reject(&e))?;
        Ok((hex::encode(hasher.finalize()), bytes))
    })
    .await;
    let (sha256, bytes) = match received {
        Ok(done) if done.1 > 0 => done,
        Ok(_) => {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(Reject::new(StatusCode::BAD_REQUEST, "the body is empty"));
        }
        Err(reject) => {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(reject);
        }
    };
    let target = app.blobs_dir.join(&sha256);
    // Same content, same name: a second upload replaces the file with identical bytes.
    if let Err(e) = tokio::fs::rename(&temp, &target).await {
        let _ = tokio::fs::remove_file(&temp).await;
        return Err(io_reject(&e));
    }
    Ok((sha256, bytes))
}

fn io_reject(error: &std::io::Error) -> Reject {
    tracing::warn!(%error, "hook: storing a blob failed");
    if error.kind() == std::io::ErrorKind::StorageFull {
        return Reject::new(StatusCode::INSUFFICIENT_STORAGE, "the disk is full");
    }
    Reject::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the file could not be stored",
    )
}
