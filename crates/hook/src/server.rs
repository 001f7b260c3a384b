//! [`Hook`]: the listener's lifecycle — bind, discovery file, accept loop, token rotation,
//! graceful shutdown.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use callbrief_core::Secret;
use callbrief_store::Store;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, broadcast, mpsc, watch};
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::app::{self, App, Conn, stopped};
use crate::config::{HookConfig, HookLimits};
use crate::discovery::Discovery;
use crate::limits::Bucket;
use crate::token::{self, Tokens};

/// Sent after every request or message whose events were committed, so the desktop shell
/// can refresh the live panel.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IngestNotice {
    /// The local ids of the meetings the new events belong to.
    pub meeting_ids: Vec<String>,
    /// How many new events were stored.
    pub accepted: u64,
}

/// Why the hook could not start or update its files.
#[derive(Debug, thiserror::Error)]
pub enum HookError {
    /// The port is taken or the loopback interface is unusable.
    #[error("Cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port asked for (0 = any).
        port: u16,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The data folder, `blobs/` or `hook.json` cannot be written.
    #[error("Cannot write {}: {source}", path.display())]
    Files {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
}

/// The running hook. [`Hook::shutdown`] stops it cleanly; dropping it stops accepting
/// too, but leaves `hook.json` behind.
pub struct Hook {
    app: Arc<App>,
    addr: SocketAddr,
    data_dir: PathBuf,
    discovery_path: PathBuf,
    rotation: Mutex<()>,
    stop: watch::Sender<bool>,
    accept_task: Option<JoinHandle<()>>,
    finished: mpsc::Receiver<()>,
}

impl Hook {
    /// Binds 127.0.0.1:`config.port`, writes `hook.json` (mode 0600) with a fresh token
    /// and starts serving. Events go to `store`; after each durable ingest an
    /// [`IngestNotice`] goes to `events_tx` when given.
    pub async fn start(
        config: HookConfig,
        store: Store,
        events_tx: Option<broadcast::Sender<IngestNotice>>,
    ) -> Result<Hook, HookError> {
        let files = |path: &Path| {
            let path = path.to_path_buf();
            move |source| HookError::Files { path, source }
        };
        let blobs_dir = config.data_dir.join("blobs");
        private_dir(&config.data_dir).map_err(files(&config.data_dir))?;
        private_dir(&blobs_dir).map_err(files(&blobs_dir))?;
        let bind = |source| HookError::Bind {
            port: config.port,
            source,
        };
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .await
            .map_err(bind)?;
        let addr = listener.local_addr().map_err(bind)?;
        let (stop, stop_rx) = watch::channel(false);
        let limits = config.limits.clone();
        let app = Arc::new(App {
            store,
            tokens: Tokens::new(token::generate()),
            port: addr.port(),
            origins: config
                .origin_allowlist
                .iter()
                .map(|o| o.trim().trim_end_matches('/').to_ascii_lowercase())
                .filter(|o| !o.is_empty())
                .collect(),
            global: Bucket::new(limits.global),
            in_flight: Arc::new(Semaphore::new(limits.max_in_flight.max(1))),
            notices: events_tx,
            blobs_dir,
            stop: stop_rx.clone(),
            limits,
        });
        let (tracker, finished) = mpsc::channel(1);
        let mut hook = Hook {
            app: app.clone(),
            addr,
            discovery_path: config.data_dir.join(crate::DISCOVERY_FILE),
            data_dir: config.data_dir,
            rotation: Mutex::new(()),
            stop,
            // Started below, once `hook.json` is written.
            accept_task: None,
            finished,
        };
        hook.discovery()
            .write(&hook.data_dir)
            .map_err(files(&hook.discovery_path))?;
        hook.accept_task = Some(tokio::spawn(accept_loop(
            listener,
            app::router(app.clone()),
            app,
            stop_rx,
            tracker,
        )));
        tracing::info!(port = addr.port(), "meeting hook listening on 127.0.0.1");
        Ok(hook)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `ws://127.0.0.1:PORT/v1/ws`.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/v1/ws", self.addr)
    }

    /// The port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The current bearer token.
    pub fn token(&self) -> Secret {
        self.app.tokens.secret()
    }

    /// Where `hook.json` is.
    pub fn discovery_file(&self) -> &Path {
        &self.discovery_path
    }

    fn discovery(&self) -> Discovery {
        Discovery {
            url: self.url(),
            ws_url: self.ws_url(),
            token: self.app.tokens.secret().expose().to_owned(),
            pid: std::process::id(),
        }
    }

    /// Replaces the token (Settings → "New token"): the old one is refused from this
    /// moment, open WebSocket sessions that used it are closed at their next message, and
    /// `hook.json` is rewritten. An error means the file could not be rewritten; the new
    /// token is in force all the same.
    pub fn rotate_token(&self) -> Result<Secret, HookError> {
        let _one_at_a_time = self.rotation.lock().unwrap_or_else(|e| e.into_inner());
        let secret = token::generate();
        self.app.tokens.replace(secret.clone());
        self.discovery()
            .write(&self.data_dir)
            .map_err(|source| HookError::Files {
                path: self.discovery_path.clone(),
                source,
            })?;
        Ok(secret)
    }

    /// Stops accepting, lets in-flight requests finish (their events are then durable),
    /// closes WebSocket sessions (1001), removes `hook.json` and returns. Connections still
    /// busy after [`HookLimits::shutdown_grace`] are dropped without an answer.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(accept_task) = self.accept_task.take() {
            let _ = accept_task.await;
        }
        let grace = self.app.limits.shutdown_grace + Duration::from_secs(1);
        // `recv` returns `None` once every connection and session has ended.
        let _ = tokio::time::timeout(grace, self.finished.recv()).await;
        self.discovery().remove_if_ours(&self.data_dir);
        tracing::info!("meeting hook stopped");
    }
}

/// Creates `dir` if needed; new folders are owner-only on Unix.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    app: Arc<App>,
    mut stop: watch::Receiver<bool>,
    tracker: mpsc::Sender<()>,
) {
    let slots = Arc::new(Semaphore::new(app.limits.max_connections.max(1)));
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = stopped(&mut stop) => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stopped(&mut stop) => break,
        };
        let Ok((stream, _)) = accepted else {
            // Out of descriptors or similar: back off briefly instead of spinning.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let conn = Conn::new(&app.limits, slot, tracker.clone());
        tokio::spawn(serve_connection(
            stream,
            router.clone(),
            conn,
            app.limits.clone(),
            stop.clone(),
        ));
    }
}

async fn serve_connection(
    stream: TcpStream,
    router: Router,
    conn: Conn,
    limits: HookLimits,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
        request.extensions_mut().insert(conn.clone());
        router.clone().oneshot(request.map(Body::new))
    });
    let serving = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    tokio::pin!(serving);
    tokio::select! {
        _ = serving.as_mut() => return,
        () = stopped(&mut stop) => {}
    }
    serving.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(limits.shutdown_grace, serving).await;
}
