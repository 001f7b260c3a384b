//! `callbrief-cli hook serve` (the meeting hook and the store without a window) and
//! `callbrief-cli hook replay` (send a meeting-event v1 JSONL file to a running hook the
//! way a video client does).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use callbrief_hook::{Discovery, Hook, HookConfig};
use callbrief_platform::AppPaths;
use callbrief_store::Store;
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::signals::stop_requested;

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Serve the meeting hook on 127.0.0.1 with the store in DIR until SIGTERM/SIGINT.
    ///
    /// First stdout line: {"url":…,"ws_url":…,"token":…}. The same discovery data is in
    /// DIR/hook.json (mode 0600) while it runs.
    Serve(ServeArgs),
    /// Send meeting-event v1 lines to a running hook exactly as a video client would.
    ///
    /// Prints {"sent":…,"accepted":…,"duplicates":…,"rejected":…}; exits 1 if the hook
    /// rejected any event.
    Replay(ReplayArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Data folder: the database, blobs/ and hook.json live here.
    #[arg(long, value_name = "DIR")]
    data_dir: PathBuf,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// A browser origin allowed to open the WebSocket (repeatable), e.g.
    /// https://meet.example. Without any, only clients that send no Origin connect.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origin: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// meeting-event v1 JSONL: one event (or an array of events) per line.
    #[arg(value_name = "FILE.jsonl")]
    file: PathBuf,
    /// Playback speed: the gaps between events' occurred_at are divided by N (1 = real
    /// time, 10 = ten times faster). 0, the default, sends as fast as the hook accepts.
    #[arg(long, value_name = "N", default_value_t = 0.0)]
    speed: f64,
    /// Data folder whose hook.json names the running hook (default: the platform data
    /// folder, or CALLBRIEF_DATA_DIR).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["url", "token"])]
    data_dir: Option<PathBuf>,
    /// The hook's URL, e.g. http://127.0.0.1:PORT (with --token instead of hook.json).
    #[arg(long, value_name = "URL", requires = "token")]
    url: Option<String>,
    /// The hook's bearer token (with --url).
    #[arg(long, value_name = "TOKEN", requires = "url")]
    token: Option<String>,
    /// Most events per request.
    #[arg(long, value_name = "N", default_value_t = 200)]
    batch: usize,
}

pub async fn run(command: HookCommand) -> ExitCode {
    match command {
        HookCommand::Serve(args) => serve(args).await,
        HookCommand::Replay(args) => replay(args).await,
    }
}

fn fail(command: &str, code: u8, message: &str) -> ExitCode {
    eprintln!("callbrief-cli hook {command}: {message}");
    ExitCode::from(code)
}

async fn serve(args: ServeArgs) -> ExitCode {
    let paths = AppPaths::under(&args.data_dir);
    let store = match Store::open(paths.database()).await {
        Ok(store) => store,
        Err(err) => return fail("serve", 2, &err.to_string()),
    };
    let mut config = HookConfig::new(&paths.data_dir);
    config.port = args.port;
    config.origin_allowlist = args.allow_origin;
    let stop = stop_requested();
    let hook = match Hook::start(config, store, None).await {
        Ok(hook) => hook,
        Err(err) => return fail("serve", 2, &err.to_string()),
    };
    let line = json!({
        "url": hook.url(),
        "ws_url": hook.ws_url(),
        "token": hook.token().expose(),
    });
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        hook.shutdown().await;
        return ExitCode::FAILURE;
    }
    drop(stdout);
    stop.await;
    // In-flight requests finish; everything acknowledged was committed before its 200.
    hook.shutdown().await;
    ExitCode::SUCCESS
}

/// One event of the file, where it came from and when it happened.
struct Item {
    line: usize,
    event: Value,
    occurred_at: Option<OffsetDateTime>,
}

#[derive(Default)]
struct Tally {
    sent: u64,
    accepted: u64,
    duplicates: u64,
    rejected: u64,
}

/// Events closer together than this (after dividing by the speed) go in one request.
const BATCH_WINDOW: Duration = Duration::from_millis(50);
/// Largest request body replay builds (the hook takes 1 MiB).
const MAX_REQUEST_BYTES: usize = 512 * 1024;
/// Attempts per request while the hook answers 429/503.
const MAX_ATTEMPTS: u32 = 30;

async fn replay(args: ReplayArgs) -> ExitCode {
    if !(args.speed.is_finite() && args.speed >= 0.0) {
        return fail("replay", 2, "--speed must be 0 or a positive number");
    }
    if args.batch == 0 {
        return fail("replay", 2, "--batch must be at least 1");
    }
    let (url, token) = match (&args.url, &args.token) {
        (Some(url), Some(token)) => (url.trim_end_matches('/').to_owned(), token.clone()),
        _ => match discover(args.data_dir.as_deref()) {
            Ok(found) => (found.url, found.token),
            Err(message) => return fail("replay", 2, &message),
        },
    };
    let items = match read_items(&args.file) {
        Ok(items) => items,
        Err(message) => return fail("replay", 2, &message),
    };
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
    {
        Ok(client) => client,
        Err(err) => return fail("replay", 1, &err.to_string()),
    };
    let sender = Sender {
        client,
        url: format!("{url}/v1/events"),
        token,
    };
    let mut tally = Tally::default();
    let started = tokio::time::Instant::now();
    let first_at = items.iter().find_map(|i| i.occurred_at);
    for batch in batches(&items, args.speed, args.batch, first_at) {
        if let Some(due) = due(&items[batch.start], args.speed, first_at) {
            tokio::time::sleep_until(started + due).await;
        }
        tally.sent += batch.len() as u64;
        if let Err(message) = sender.send(&items[batch], &mut tally).await {
            print_tally(&tally);
            return fail("replay", 1, &message);
        }
    }
    print_tally(&tally);
    if tally.rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn print_tally(tally: &Tally) {
    println!(
        "{}",
        json!({
            "sent": tally.sent,
            "accepted": tally.accepted,
            "duplicates": tally.duplicates,
            "rejected": tally.rejected,
        })
    );
}

fn discover(data_dir: Option<&Path>) -> Result<Discovery, String> {
    let paths = AppPaths::resolve(data_dir)
        .ok_or("cannot find a home folder; pass --data-dir or --url and --token")?;
    Discovery::read(&paths.data_dir).map_err(|err| {
        format!(
            "no running hook found in {} ({err}); start Callbrief or `callbrief-cli hook serve`, or pass --url and --token",
            paths.data_dir.display()
        )
    })
}

fn read_items(file: &Path) -> Result<Vec<Item>, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|err| format!("cannot read {}: {err}", file.display()))?;
    let mut items = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|err| format!("{}:{line_no}: not JSON: {err}", file.display()))?;
        let events = match value {
            Value::Array(events) => events,
            event => vec![event],
        };
        for event in events {
            let occurred_at = event["occurred_at"]
                .as_str()
                .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok());
            items.push(Item {
                line: line_no,
                event,
                occurred_at,
            });
        }
    }
    if items.is_empty() {
        return Err(format!("{} has no events", file.display()));
    }
    Ok(items)
}

/// When an event is due, counted from the start of the replay; `None` = now.
fn due(item: &Item, speed: f64, first_at: Option<OffsetDateTime>) -> Option<Duration> {
    if speed == 0.0 {
        return None;
    }
    let gap = (item.occurred_at? - first_at?).as_seconds_f64().max(0.0);
    Some(Duration::from_secs_f64(gap / speed))
}

/// Consecutive runs of events sent in one request: at most `max` events and
/// [`MAX_REQUEST_BYTES`], all due within [`BATCH_WINDOW`] of the first.
fn batches(
    items: &[Item],
    speed: f64,
    max: usize,
    first_at: Option<OffsetDateTime>,
) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let opens = due(&items[start], speed, first_at).unwrap_or_default();
        let mut bytes = 0;
        let mut end = start;
        while end < items.len() && end - start < max {
            let size = items[end].event.to_string().len() + 1;
            let later = due(&items[end], speed, first_at)
                .is_some_and(|d| d.saturating_sub(opens) > BATCH_WINDOW);
            if end > start && (bytes + size > MAX_REQUEST_BYTES || later) {
                break;
            }
            bytes += size;
            end += 1;
        }
        ranges.push(start..end);
        start = end;
    }
    ranges
}

struct Sender {
    client: reqwest::Client,
    url: String,
    token: String,
}

enum Answer {
    Done {
        accepted: u64,
        duplicates: u64,
    },
    /// The request was refused for its content (status, JSON body).
    Refused(u16, Value),
}

impl Sender {
    /// Sends `items` as one request. A refused batch is split (400, 413) until each bad
    /// event is found; the others are stored. `Err` only when the hook is unreachable or
    /// refuses the token.
    async fn send(&self, items: &[Item], tally: &mut Tally) -> Result<(), String> {
        let body = Value::Array(items.iter().map(|i| i.event.clone()).collect());
        match self.post(&body).await? {
            Answer::Done {
                accepted,
                duplicates,
            } => {
                tally.accepted += accepted;
                tally.duplicates += duplicates;
            }
            Answer::Refused(_, _) if items.len() > 1 => {
                let (left, right) = items.split_at(items.len() / 2);
                Box::pin(self.send(left, tally)).await?;
                Box::pin(self.send(right, tally)).await?;
            }
            Answer::Refused(status, answer) => {
                tally.rejected += 1;
                let item = &items[0];
                let field = answer["field"].as_str().unwrap_or("");
                let error = answer["error"].as_str().unwrap_or("refused");
                eprintln!(
                    "callbrief-cli hook replay: line {}: {status} {error}{}",
                    item.line,
                    if field.is_empty() {
                        String::new()
                    } else {
                        format!(" (field {field})")
                    }
                );
            }
        }
        Ok(())
    }

    async fn post(&self, body: &Value) -> Result<Answer, String> {
        for _ in 0..MAX_ATTEMPTS {
            let response = self
                .client
                .post(&self.url)
                .bearer_auth(&self.token)
                .json(body)
                .send()
                .await
                .map_err(|err| format!("cannot reach the hook at {}: {err}", self.url))?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let answer: Value = response.json().await.unwrap_or(Value::Null);
            match status {
                200 => {
                    return Ok(Answer::Done {
                        accepted: answer["accepted"].as_u64().unwrap_or(0),
                        duplicates: answer["duplicates"].as_u64().unwrap_or(0),
                    });
                }
                429 | 503 => {
                    let wait = retry_after.unwrap_or(1).clamp(1, 60);
                    tokio::time::sleep(Duration::from_secs(wait)).await;
                }
                401 | 421 => {
                    return Err(format!(
                        "the hook refused the request ({status}): {}",
                        answer["error"].as_str().unwrap_or("no reason given")
                    ));
                }
                _ => return Ok(Answer::Refused(status, answer)),
            }
        }
        Err(format!(
            "the hook stayed busy after {MAX_ATTEMPTS} attempts"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(at: &str) -> Item {
        Item {
            line: 1,
            event: json!({"occurred_at": at}),
            occurred_at: OffsetDateTime::parse(at, &Rfc3339).ok(),
        }
    }

    #[test]
    fn as_fast_as_possible_batches_by_count_only() {
        let items: Vec<Item> = (0..450)
            .map(|s| item(&format!("2026-11-25T06:{:02}:{:02}Z", s / 60 % 60, s % 60)))
            .collect();
        let first = items[0].occurred_at;
        let ranges = batches(&items, 0.0, 200, first);
        assert_eq!(ranges, [0..200, 200..400, 400..450]);
        assert_eq!(due(&items[10], 0.0, first), None);
    }

    #[test]
    fn with_a_speed_events_are_due_at_their_scaled_gaps_and_batched_within_the_window() {
        let items = vec![
            item("2026-11-25T06:00:00.000Z"),
            item("2026-11-25T06:00:00.400Z"),
            item("2026-11-25T06:00:10.000Z"),
            item("2026-11-25T06:00:10.100Z"),
        ];
        let first = items[0].occurred_at;
        assert_eq!(due(&items[2], 10.0, first), Some(Duration::from_secs(1)));
        // At 10x: 0 ms, 40 ms, 1000 ms, 1010 ms.
        assert_eq!(batches(&items, 10.0, 200, first), [0..2, 2..4]);
        // At 1x: 0, 400, 10000, 10100 ms: every event alone.
        assert_eq!(batches(&items, 1.0, 200, first), [0..1, 1..2, 2..3, 3..4]);
    }
}
