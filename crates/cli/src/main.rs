//! `callbrief-cli`: Callbrief without a window, for admins, scripts and automated checks.
//!
//! Exit codes: 0 success, 1 a check or operation failed, 2 bad input (one-line error on
//! stderr). A subcommand exists only once it does real work.

mod brief;
mod doctor;
mod export;
mod hook;
mod matching;
mod redact;
mod sandbox;
mod signals;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "callbrief-cli",
    version,
    about = "Callbrief without a window: admin, scripting and checks"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check this installation: folders, database, keychain.
    Doctor {
        /// Use this data folder instead of the platform default.
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The pre-call briefing for a person, email, domain or company.
    Brief(brief::BriefArgs),
    /// Which CRM customer each meeting in a meeting-event file was with.
    Match(matching::MatchArgs),
    /// Mask personal data (phones, bank cards, ID numbers, SSNs) in text from stdin.
    Redact(redact::RedactArgs),
    /// CRM emulators on loopback for tests, benchmarks and the demo.
    Sandbox {
        #[command(subcommand)]
        command: sandbox::SandboxCommand,
    },
    /// The meeting hook: serve it headless, or replay a meeting into a running one.
    Hook {
        #[command(subcommand)]
        command: hook::HookCommand,
    },
    /// One stored meeting as JSON or a Markdown transcript.
    Export(export::ExportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("callbrief-cli: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        match cli.command {
            Command::Doctor { data_dir, json } => doctor::run(data_dir.as_deref(), json).await,
            Command::Sandbox { command } => sandbox::run(command).await,
            Command::Brief(args) => brief::run(args).await,
            Command::Redact(args) => redact::run(&args),
            Command::Match(args) => matching::run(&args),
            Command::Hook { command } => hook::run(command).await,
            Command::Export(args) => export::run(args).await,
        }
    })
}
