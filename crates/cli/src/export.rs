//! `callbrief-cli export`: one stored meeting as JSON (the store's export shape) or as a
//! readable Markdown transcript with participants and chat.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use callbrief_platform::AppPaths;
use callbrief_store::{Page, Store};
use clap::{Args, ValueEnum};
use serde_json::Value;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Data folder holding the database.
    #[arg(long, value_name = "DIR")]
    data_dir: PathBuf,
    /// The meeting: Callbrief's id, or the video platform's meeting id.
    #[arg(long, value_name = "ID")]
    meeting: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// {"meeting":{…},"participants":[…],"chat":[…],"transcript":[…],"events":N}
    Json,
    /// A readable transcript with participants and chat.
    Markdown,
}

fn bad_input(message: &str) -> ExitCode {
    eprintln!("callbrief-cli export: {message}");
    ExitCode::from(2)
}

pub async fn run(args: ExportArgs) -> ExitCode {
    let database = AppPaths::under(&args.data_dir).database();
    if !database.exists() {
        return bad_input(&format!(
            "no Callbrief database in {}",
            args.data_dir.display()
        ));
    }
    let store = match Store::open(&database).await {
        Ok(store) => store,
        Err(err) => return bad_input(&err.to_string()),
    };
    let meeting_id = match resolve(&store, &args.meeting).await {
        Ok(id) => id,
        Err(message) => return bad_input(&message),
    };
    let export = match store.export_meeting(&meeting_id).await {
        Ok(export) => export,
        Err(err) => return bad_input(&err.to_string()),
    };
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&export).unwrap_or_default(),
        Format::Markdown => markdown(&export),
    };
    println!("{text}");
    ExitCode::SUCCESS
}

/// Callbrief's meeting id for `id`: the id itself, or the one meeting whose platform
/// meeting id (or occurrence id) it is.
async fn resolve(store: &Store, id: &str) -> Result<String, String> {
    if store
        .meeting(id)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(id.to_owned());
    }
    let mut found = Vec::new();
    let mut page = Some(Page::first(Page::MAX_LIMIT));
    while let Some(current) = page {
        let paged = store
            .list_meetings(current)
            .await
            .map_err(|e| e.to_string())?;
        found.extend(
            paged
                .items
                .into_iter()
                .filter(|r| {
                    r.meeting.provider_meeting_id == id
                        || r.meeting.instance_id.as_deref() == Some(id)
                })
                .map(|r| r.meeting.id),
        );
        page = paged.next;
    }
    match found.len() {
        0 => Err(format!("no meeting with id {id}")),
        1 => Ok(found.remove(0)),
        n => Err(format!(
            "{n} meetings have the platform id {id}; pass one of: {}",
            found.join(", ")
        )),
    }
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or("")
}

/// One line of a table cell or list item: no line breaks, no table separators.
fn inline(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// `HH:MM:SS` of an RFC 3339 time (UTC), or the text as given.
fn clock(time: &str) -> &str {
    time.get(11..19).unwrap_or(time)
}

/// `H:MM:SS` from milliseconds.
fn offset(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

fn markdown(export: &Value) -> String {
    let meeting = &export["meeting"];
    let mut out = String::new();
    let title = match text(meeting, "topic") {
        "" => text(meeting, "provider_meeting_id"),
        topic => topic,
    };
    let _ = writeln!(out, "# {}\n", inline(title));
    let _ = writeln!(
        out,
        "- Meeting: {} {} (Callbrief id {})",
        text(meeting, "provider"),
        text(meeting, "provider_meeting_id"),
        text(meeting, "id")
    );
    for (label, key) in [("Started", "started_at"), ("Ended", "ended_at")] {
        if !text(meeting, key).is_empty() {
            let _ = writeln!(out, "- {label}: {}", text(meeting, key));
        }
    }
    if let Some(url) = meeting["recording"]["share_url"].as_str() {
        let _ = writeln!(out, "- Recording: <{url}>");
    }
    let _ = writeln!(out, "- Events: {}", export["events"]);

    let empty = Vec::new();
    let list = |key: &str| export[key].as_array().unwrap_or(&empty);
    let participants = list("participants");
    let _ = writeln!(out, "\n## Participants ({})\n", participants.len());
    if !participants.is_empty() {
        let _ = writeln!(out, "| Name | Email | Role | Joined | Left |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for p in participants {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                inline(text(p, "name")),
                inline(text(p, "email")),
                inline(text(p, "role")),
                clock(text(p, "joined_at")),
                clock(text(p, "left_at")),
            );
        }
    }
    let chat = list("chat");
    let _ = writeln!(out, "\n## Chat ({})\n", chat.len());
    for message in chat {
        let to = match text(message, "to") {
            "everyone" | "" => String::new(),
            user => format!(" → {}", inline(user)),
        };
        let _ = writeln!(
            out,
            "- {} **{}**{to}: {}",
            clock(text(message, "sent_at")),
            inline(text(message, "sender_name")),
            inline(text(message, "text"))
        );
    }
    let transcript = list("transcript");
    let _ = writeln!(out, "\n## Transcript ({} segments)\n", transcript.len());
    // Consecutive segments of one speaker form one paragraph.
    let mut speaker: Option<&str> = None;
    for segment in transcript {
        let name = match text(segment, "speaker_name") {
            "" => match text(segment, "speaker_id") {
                "" => "Unknown speaker",
                id => id,
            },
            name => name,
        };
        if speaker != Some(name) {
            if speaker.is_some() {
                out.push_str("\n\n");
            }
            let _ = write!(
                out,
                "**{}** [{}]:",
                inline(name),
                offset(segment["start_ms"].as_i64().unwrap_or(0))
            );
            speaker = Some(name);
        }
        let _ = write!(out, " {}", inline(text(segment, "text")));
    }
    if speaker.is_some() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn markdown_has_participants_chat_and_a_transcript_by_speaker() {
        let export = json!({
            "meeting": {"id": "l1", "provider": "zoom", "provider_meeting_id": "861", "topic": "Acme | pricing",
                        "started_at": "2026-11-25T06:00:00.000Z", "recording": {"share_url": "https://zoom.example/rec/1"}},
            "participants": [{"name": "Anna Chen", "email": "anna@acme.example", "role": "attendee",
                              "joined_at": "2026-11-25T06:00:05.000Z", "left_at": null}],
            "chat": [{"sender_name": "Anna Chen", "to": "everyone", "text": "hello\nall", "sent_at": "2026-11-25T06:01:00.000Z"}],
            "transcript": [
                {"speaker_name": "Li Wei", "start_ms": 65000, "text": "Welcome."},
                {"speaker_name": "Li Wei", "start_ms": 67000, "text": "Shall we start?"},
                {"speaker_name": "Anna Chen", "start_ms": 3_700_000, "text": "Yes."}
            ],
            "events": 7
        });
        let text = markdown(&export);
        assert!(text.starts_with("# Acme \\| pricing\n"), "{text}");
        assert!(text.contains("- Recording: <https://zoom.example/rec/1>"));
        assert!(text.contains("| Anna Chen | anna@acme.example | attendee | 06:00:05 |  |"));
        assert!(text.contains("- 06:01:00 **Anna Chen**: hello all"));
        assert!(text.contains(
            "**Li Wei** [0:01:05]: Welcome. Shall we start?\n\n**Anna Chen** [1:01:40]: Yes.\n"
        ));
        assert!(text.contains("- Events: 7"));
    }
}
