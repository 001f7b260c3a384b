//! `callbrief-cli match`: one line per meeting in input order; exit 2 on bad files.

use serde_json::{Value, json};
use support::cli;

mod support;

fn run(crm: &str, events: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let (crm_path, events_path) = (dir.path().join("crm.json"), dir.path().join("events.jsonl"));
    std::fs::write(&crm_path, crm).unwrap();
    std::fs::write(&events_path, events).unwrap();
    cli()
        .args(["match", "--crm"])
        .arg(&crm_path)
        .arg("--events")
        .arg(&events_path)
        .output()
        .unwrap()
}

fn joined(meeting: &str, email: &str) -> String {
    json!({"schema_version": "1.0", "event_id": email, "dedupe_key": email, "kind": "participant.joined",
           "source": {"provider": "zoom", "channel": "sdk", "provider_event": "onUserJoin"},
           "meeting": {"provider_meeting_id": meeting, "topic": "Pricing"}, "occurred_at": "2026-11-25T06:00:00Z",
           "payload": {"participant": {"provider_user_id": email, "name": "Guest", "email": email}}})
    .to_string()
}

#[test]
fn one_line_per_meeting_in_input_order() {
    let crm = json!({"format": "callbrief-crm-snapshot/1",
        "owners": [{"id": "u1", "name": "Li Wei", "email": "li.wei@seller.example"}],
        "companies": [{"id": "c1", "name": "Acme Robotics", "domain": "acme.example"}],
        "contacts": [{"id": "p1", "first_name": "Anna", "last_name": "Chen", "email": "anna@acme.example", "company_id": "c1"}]})
    .to_string();
    let events = [
        joined("m2", "anna@acme.example"),
        joined("m1", "li.wei@seller.example"),
        joined("m2", "bob@acme.example"),
    ]
    .join("\n");
    let output = run(&crm, &events);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["provider_meeting_id"], "m2");
    assert_eq!(lines[0]["candidates"][0]["company_id"], "c1");
    assert_eq!(lines[1]["provider_meeting_id"], "m1");
    assert_eq!(lines[1]["decision"], "none", "internal meeting");
}

#[test]
fn bad_files_exit_2_with_one_line() {
    for (crm, events) in [
        ("not json", ""),
        ("{}", "not json\n"),
        ("{}", "{\"kind\":\"chat.message\"}\n"),
    ] {
        let output = run(crm, events);
        assert_eq!(output.status.code(), Some(2), "{crm} / {events}");
        assert_eq!(
            String::from_utf8(output.stderr)
                .unwrap()
                .trim_end()
                .lines()
                .count(),
            1
        );
    }
}
