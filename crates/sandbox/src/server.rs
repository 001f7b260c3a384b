//! The listener: one loopback port, vendors under path prefixes, faults at connection level.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use callbrief_core::model::CrmSnapshot;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::faults::{FaultKind, FaultPlan, FaultState};
use crate::hubspot::{self, HubSpot};

/// How to start a [`Sandbox`].
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// Records to load into every emulator.
    pub seed: CrmSnapshot,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Delay added to every API answer.
    pub latency: Duration,
    /// Faults drawn per API request (changeable later with [`Sandbox::set_faults`]).
    pub faults: FaultPlan,
    /// Seed for the fault draws; `None` draws from entropy.
    pub fault_rng_seed: Option<u64>,
    /// Records written less than this long ago are not yet visible to search.
    pub search_lag: Duration,
    /// Requests per token per rolling 10 seconds before HubSpot answers 429.
    pub rate_limit_per_10s: u32,
}

impl Default for SandboxOptions {
    fn default() -> SandboxOptions {
        SandboxOptions {
            seed: CrmSnapshot::default(),
            port: 0,
            latency: Duration::ZERO,
            faults: FaultPlan::none(),
            fault_rng_seed: None,
            search_lag: Duration::ZERO,
            rate_limit_per_10s: 190,
        }
    }
}

/// Where a HubSpot client should point.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HubSpotEndpoint {
    /// `http://127.0.0.1:PORT/hubspot`, no trailing slash.
    pub base_url: String,
    /// A bearer token with every scope.
    pub token: String,
}

/// What the sandbox has served so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SandboxStats {
    /// API requests received (all vendors).
    pub requests: u64,
    /// Faults injected, by kind name (`429`, `reset`, `lost_response`, …).
    pub faults: BTreeMap<String, u64>,
    /// 429 answers, injected or from the real rate limiter.
    pub rate_limited: u64,
}

#[derive(Default)]
pub(crate) struct Stats {
    requests: AtomicU64,
    rate_limited: AtomicU64,
    faults: Mutex<BTreeMap<String, u64>>,
}

impl Stats {
    pub fn count_rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    fn count_fault(&self, kind: FaultKind) {
        let mut faults = self.faults.lock().unwrap_or_else(|e| e.into_inner());
        *faults.entry(kind.name().to_owned()).or_default() += 1;
    }
}

/// State shared by the listener and the vendor routers.
pub(crate) struct Shared {
    pub faults: Mutex<FaultState>,
    pub latency: Mutex<Duration>,
    pub stats: Stats,
}

/// Lets a handler drop the TCP connection it is being served on.
#[derive(Clone)]
pub(crate) struct Connection {
    kill: Arc<Notify>,
}

impl Connection {
    /// Closes the connection without an answer; the caller then never completes.
    async fn drop_now(&self) -> Response {
        self.kill.notify_one();
        std::future::pending::<Response>().await
    }
}

/// A running sandbox. Dropping it without [`Sandbox::shutdown`] leaves the listener
/// running until the runtime ends.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    hubspot: Arc<HubSpot>,
    hubspot_token: String,
    stop: watch::Sender<bool>,
    accept_task: JoinHandle<()>,
}

impl Sandbox {
    /// Binds 127.0.0.1:`port`, loads the seed and starts serving.
    pub async fn start(options: SandboxOptions) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            faults: Mutex::new(FaultState::new(options.faults, options.fault_rng_seed)),
            latency: Mutex::new(options.latency),
            stats: Stats::default(),
        });
        let hubspot = Arc::new(HubSpot::new(
            &options.seed,
            options.search_lag,
            options.rate_limit_per_10s,
            shared.clone(),
        ));
        let hubspot_token = hubspot.issue_token(None);
        let api = Router::new()
            .nest("/hubspot", hubspot::router(hubspot.clone()))
            .layer(middleware::from_fn_with_state(
                shared.clone(),
                inject_faults,
            ));
        let router = Router::new().merge(api);
        let (stop, stopped) = watch::channel(false);
        let accept_task = tokio::spawn(accept_loop(listener, router, stopped));
        Ok(Sandbox {
            addr,
            shared,
            hubspot,
            hubspot_token,
            stop,
            accept_task,
        })
    }

    /// The HubSpot emulator's base URL and full-scope token.
    pub fn hubspot(&self) -> HubSpotEndpoint {
        HubSpotEndpoint {
            base_url: format!("http://{}/hubspot", self.addr),
            token: self.hubspot_token.clone(),
        }
    }

    /// Issues another HubSpot token that has only these scopes.
    pub fn issue_hubspot_token(&self, scopes: &[&str]) -> String {
        self.hubspot.issue_token(Some(scopes))
    }

    /// Revokes a HubSpot token; it is answered 401 from now on.
    pub fn revoke_hubspot_token(&self, token: &str) {
        self.hubspot.revoke_token(token);
    }

    /// Replaces the fault plan (the random source keeps its state).
    pub fn set_faults(&self, faults: FaultPlan) {
        lock(&self.shared.faults).plan = faults;
    }

    /// Replaces the delay added to every API answer.
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.shared.latency) = latency;
    }

    /// Non-archived HubSpot records of one object type (`contacts`, `notes`, …) in
    /// HubSpot's JSON shape, all properties included. Unknown types give an empty list.
    pub async fn hubspot_records(&self, object_type: &str) -> Vec<serde_json::Value> {
        self.hubspot.records_json(object_type).await
    }

    /// Counters so far.
    pub fn stats(&self) -> SandboxStats {
        let stats = &self.shared.stats;
        SandboxStats {
            requests: stats.requests.load(Ordering::Relaxed),
            faults: lock(&stats.faults).clone(),
            rate_limited: stats.rate_limited.load(Ordering::Relaxed),
        }
    }

    /// The current state as a CRM snapshot: seeded records keep their seed ids, records
    /// created through the API carry their HubSpot id.
    pub async fn snapshot(&self) -> CrmSnapshot {
        self.hubspot.snapshot().await
    }

    /// Stops accepting and closes every open connection.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.accept_task.await;
    }
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

async fn accept_loop(listener: TcpListener, router: Router, mut stopped: watch::Receiver<bool>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopped.changed() => break,
        };
        let Ok((stream, _)) = accepted else {
            // Out of descriptors or similar: back off briefly instead of spinning.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut stopped = stopped.clone();
        connections.spawn(async move {
            let connection = Connection {
                kill: Arc::new(Notify::new()),
            };
            let kill = connection.kill.clone();
            let service =
                hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(connection.clone());
                    router.clone().oneshot(request.map(Body::new))
                });
            let serving = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            // Dropping `serving` closes the socket without writing anything more.
            tokio::select! {
                _ = serving => {}
                _ = kill.notified() => {}
                _ = stopped.changed() => {}
            }
        });
        while connections.try_join_next().is_some() {}
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

/// Latency, request counting and the fault draw, in front of every vendor's API.
async fn inject_faults(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    shared.stats.requests.fetch_add(1, Ordering::Relaxed);
    let latency = *lock(&shared.latency);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let fault = lock(&shared.faults).draw();
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    shared.stats.count_fault(fault);
    let connection = request.extensions().get::<Connection>().cloned();
    let hubspot = request.uri().path().starts_with("/hubspot");
    match fault {
        FaultKind::TooManyRequests => {
            shared.stats.count_rate_limited();
            hubspot::injected_error(hubspot, 429)
        }
        FaultKind::InternalError => hubspot::injected_error(hubspot, 500),
        FaultKind::BadGateway => hubspot::injected_error(hubspot, 502),
        FaultKind::Unavailable => hubspot::injected_error(hubspot, 503),
        FaultKind::Timeout => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop_or(connection, hubspot).await
        }
        FaultKind::Reset => drop_or(connection, hubspot).await,
        FaultKind::LostResponse => {
            let response = next.run(request).await;
            drop(response);
            drop_or(connection, hubspot).await
        }
    }
}

async fn drop_or(connection: Option<Connection>, hubspot: bool) -> Response {
    match connection {
        Some(connection) => connection.drop_now().await,
        // Only reachable when the router is driven without the listener.
        None => hubspot::injected_error(hubspot, 502),
    }
}
