//! CRM emulators over real HTTP on 127.0.0.1, for tests, benchmarks and the demo.
//!
//! One listener serves every emulated vendor under its own path prefix; today that is
//! HubSpot under `/hubspot` (CRM v3 objects, search, batch, v4 associations, properties,
//! owners, account info), with HubSpot's auth, error bodies and rate limits.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use callbrief_sandbox::{Sandbox, SandboxOptions, demo_seed};
//! let sandbox = Sandbox::start(SandboxOptions { seed: demo_seed(), ..Default::default() }).await?;
//! let hubspot = sandbox.hubspot(); // base_url ends in /hubspot, token is a full-scope token
//! sandbox.set_faults("503:0.2,lost_response:0.1".parse().unwrap());
//! let state = sandbox.snapshot().await; // what the clients wrote, as a CRM snapshot
//! sandbox.shutdown().await;
//! # let _ = (hubspot, state); Ok(()) }
//! ```
//!
//! Faults (`429`, `500`, `502`, `503`, `timeout`, `reset`, `lost_response`) are drawn per
//! API request from a [`FaultPlan`]; `reset` and `lost_response` drop the TCP connection
//! (before resp. after the write is committed), so clients see a connection error, not an
//! HTTP answer.
#![deny(missing_docs)]

mod faults;
mod hubspot;
mod seed;
mod server;
mod time_fmt;

pub use faults::{FaultKind, FaultPlan, FaultPlanError};
pub use seed::demo_seed;
pub use server::{HubSpotEndpoint, Sandbox, SandboxOptions, SandboxStats};
