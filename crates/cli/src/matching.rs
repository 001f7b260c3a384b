//! `callbrief-cli match --crm SNAPSHOT --events FILE.jsonl`: which CRM customer each
//! meeting in the events was with, one JSON line per meeting in input order.

use std::path::PathBuf;
use std::process::ExitCode;

use callbrief_core::model::CrmSnapshot;
use callbrief_sync::matching::{facts_from_events, match_meeting};
use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct MatchArgs {
    /// A CRM snapshot (callbrief-crm-snapshot/1 JSON).
    #[arg(long, value_name = "SNAPSHOT")]
    crm: PathBuf,
    /// Meeting-event v1 lines, for any number of meetings.
    #[arg(long, value_name = "FILE.jsonl")]
    events: PathBuf,
}

pub(crate) fn run(args: &MatchArgs) -> ExitCode {
    match matches(args) {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("callbrief-cli: match: {message}");
            ExitCode::from(2)
        }
    }
}

fn matches(args: &MatchArgs) -> Result<Vec<String>, String> {
    let crm_text =
        std::fs::read_to_string(&args.crm).map_err(|e| format!("{}: {e}", args.crm.display()))?;
    let crm: CrmSnapshot = serde_json::from_str(&crm_text)
        .map_err(|e| format!("{}: not a CRM snapshot: {e}", args.crm.display()))?;
    let events_text = std::fs::read_to_string(&args.events)
        .map_err(|e| format!("{}: {e}", args.events.display()))?;
    let events = events_text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line)
                .map_err(|e| format!("{} line {}: {e}", args.events.display(), n + 1))
        })
        .collect::<Result<Vec<serde_json::Value>, String>>()?;
    facts_from_events(&events)?
        .iter()
        .map(|facts| {
            serde_json::to_string(&match_meeting(facts, &crm, &[])).map_err(|e| e.to_string())
        })
        .collect()
}
