//! `callbrief-cli sandbox serve`: the CRM emulators on loopback for tests, benches and the
//! demo. Prints one JSON line with the endpoints, runs until SIGTERM/SIGINT, then writes
//! `--seed-out` if asked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use callbrief_core::model::{CrmSnapshot, SNAPSHOT_FORMAT};
use callbrief_sandbox::{FaultPlan, Sandbox, SandboxOptions, demo_seed};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Serve the HubSpot CRM emulator on 127.0.0.1 until SIGTERM/SIGINT.
    ///
    /// First stdout line: {"hubspot":{"base_url":…,"token":…}}.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// CRM snapshot to load (callbrief-crm-snapshot/1 JSON), or `demo` for the built-in
    /// bilingual demo data.
    #[arg(long, value_name = "FILE|demo")]
    seed: String,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Delay added to every API answer, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    latency_ms: u64,
    /// Faults drawn per request, e.g. `429:0.05,503:0.05,lost_response:0.1`. Kinds: 429,
    /// 500, 502, 503, timeout (no answer for 30 s), reset (connection dropped before the
    /// write), lost_response (write committed, then the connection dropped).
    #[arg(long, value_name = "SPEC")]
    faults: Option<String>,
    /// Seed for the fault draws, for reproducible runs.
    #[arg(long, value_name = "N")]
    fault_seed: Option<u64>,
    /// Search indexing lag in milliseconds: records written less than this long ago are not
    /// yet found by search. Default 0 (immediately searchable); HubSpot itself takes a few
    /// seconds, try 3000 to exercise that.
    #[arg(long, value_name = "N", default_value_t = 0)]
    search_lag_ms: u64,
    /// Requests per token per rolling 10 seconds before 429 (HubSpot's default tier: 190).
    #[arg(long, value_name = "N", default_value_t = 190)]
    rate_limit: u32,
    /// On exit, write the current state here as a CRM snapshot.
    #[arg(long, value_name = "FILE")]
    seed_out: Option<PathBuf>,
}

pub async fn run(command: SandboxCommand) -> ExitCode {
    match command {
        SandboxCommand::Serve(args) => serve(args).await,
    }
}

fn bad_input(message: &str) -> ExitCode {
    eprintln!("callbrief-cli sandbox serve: {message}");
    ExitCode::from(2)
}

async fn load_seed(seed: &str) -> Result<CrmSnapshot, String> {
    if seed == "demo" {
        return Ok(demo_seed());
    }
    let text = tokio::fs::read_to_string(seed)
        .await
        .map_err(|err| format!("cannot read seed {seed}: {err}"))?;
    let snapshot: CrmSnapshot = serde_json::from_str(&text)
        .map_err(|err| format!("seed {seed} is not a CRM snapshot: {err}"))?;
    if !snapshot.format.is_empty() && snapshot.format != SNAPSHOT_FORMAT {
        return Err(format!(
            "seed {seed} has format \"{}\", expected \"{SNAPSHOT_FORMAT}\"",
            snapshot.format
        ));
    }
    Ok(snapshot)
}

async fn serve(args: ServeArgs) -> ExitCode {
    let seed = match load_seed(&args.seed).await {
        Ok(seed) => seed,
        Err(message) => return bad_input(&message),
    };
    let faults = match args
        .faults
        .as_deref()
        .map(str::parse::<FaultPlan>)
        .transpose()
    {
        Ok(faults) => faults.unwrap_or_default(),
        Err(err) => return bad_input(&format!("--faults: {err}")),
    };
    let options = SandboxOptions {
        seed,
        port: args.port,
        latency: Duration::from_millis(args.latency_ms),
        faults,
        fault_rng_seed: args.fault_seed,
        search_lag: Duration::from_millis(args.search_lag_ms),
        rate_limit_per_10s: args.rate_limit,
    };
    let sandbox = match Sandbox::start(options).await {
        Ok(sandbox) => sandbox,
        Err(err) => return bad_input(&format!("cannot listen on 127.0.0.1:{}: {err}", args.port)),
    };
    let line = serde_json::json!({ "hubspot": sandbox.hubspot() });
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        sandbox.shutdown().await;
        return ExitCode::FAILURE;
    }
    drop(stdout);
    wait_for_stop().await;
    let outcome = match &args.seed_out {
        Some(path) => write_snapshot(path, &sandbox.snapshot().await).await,
        None => Ok(()),
    };
    sandbox.shutdown().await;
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("callbrief-cli sandbox serve: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn write_snapshot(path: &Path, snapshot: &CrmSnapshot) -> Result<(), String> {
    let text = serde_json::to_string_pretty(snapshot)
        .map_err(|err| format!("cannot encode the snapshot: {err}"))?;
    tokio::fs::write(path, text + "\n")
        .await
        .map_err(|err| format!("cannot write {}: {err}", path.display()))
}

#[cfg(unix)]
async fn wait_for_stop() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_stop() {
    let _ = tokio::signal::ctrl_c().await;
}
