//! `callbrief-cli redact [--jsonl] [--mask-emails]`: the masking Callbrief applies before
//! meeting text goes to a CRM, as a filter. Plain: text on stdin → masked text on stdout.
//! `--jsonl`: `{"id":…,"text":…}` per line → `{"id":…,"text":…,"found":[{kind,start,end}]}`
//! with offsets in Unicode scalar values of the input.

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

use callbrief_sync::redact::{Finding, Policy, redact};
use clap::Args;
use serde::{Deserialize, Serialize};

#[derive(Debug, Args)]
pub(crate) struct RedactArgs {
    /// Read and write one JSON object per line instead of plain text.
    #[arg(long)]
    jsonl: bool,
    /// Also mask email addresses.
    #[arg(long)]
    mask_emails: bool,
}

#[derive(Deserialize)]
struct Input {
    id: serde_json::Value,
    text: String,
}

#[derive(Serialize)]
struct Output<'a> {
    id: &'a serde_json::Value,
    text: String,
    found: Vec<Finding>,
}

pub(crate) fn run(args: &RedactArgs) -> ExitCode {
    let policy = Policy {
        mask_emails: args.mask_emails,
    };
    let result = if args.jsonl {
        jsonl(policy)
    } else {
        plain(policy)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            eprintln!("callbrief-cli: redact: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Io(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(Failure::Io(error)) => {
            eprintln!("callbrief-cli: redact: {error}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Input(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::InvalidData {
            Failure::Input("the input is not UTF-8 text".into())
        } else {
            Failure::Io(error)
        }
    }
}

fn plain(policy: Policy) -> Result<(), Failure> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(redact(&text, policy).text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Line by line, so a long stream is masked as it arrives; a malformed line stops the
/// run with its line number (the lines before it were already written).
fn jsonl(policy: Policy) -> Result<(), Failure> {
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for (index, line) in stdin.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let input: Input = serde_json::from_str(&line).map_err(|error| {
            Failure::Input(format!(
                "line {}: expected {{\"id\":…,\"text\":…}}: {error}",
                index + 1
            ))
        })?;
        let redacted = redact(&input.text, policy);
        let output = Output {
            id: &input.id,
            text: redacted.text,
            found: redacted.found,
        };
        let json =
            serde_json::to_string(&output).map_err(|error| Failure::Input(error.to_string()))?;
        writeln!(stdout, "{json}")?;
    }
    stdout.flush()?;
    Ok(())
}
