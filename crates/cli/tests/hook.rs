//! `hook serve`, `hook replay` and `export` as scripts use them.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Child, Output};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{cli, start_with_first_line};

mod support;

fn serve(dir: &Path) -> (Child, Value) {
    let args = ["hook", "serve", "--port", "0", "--data-dir"].map(OsStr::new);
    start_with_first_line(args.into_iter().chain([dir.as_os_str()]))
}

fn terminate(child: &mut Child) -> std::process::ExitStatus {
    support::terminate(child, "hook serve", Duration::from_secs(10))
}

fn event(n: u32, kind: &str, at: &str, payload: Value) -> Value {
    json!({
        "schema_version": "1.0", "event_id": format!("cli-{n}"), "kind": kind,
        "dedupe_key": format!("cli:{n}"),
        "source": {"provider": "zoom", "channel": "replay", "provider_event": kind},
        "meeting": {"provider_meeting_id": "861-cli", "topic": "Acme pricing review"},
        "occurred_at": at, "payload": payload
    })
}

fn meeting() -> Vec<Value> {
    vec![
        event(
            1,
            "participant.joined",
            "2026-11-25T06:00:00Z",
            json!({"participant": {"provider_user_id": "u1", "name": "Anna Chen", "email": "anna@acme.example"}}),
        ),
        event(
            2,
            "participant.joined",
            "2026-11-25T06:00:00.100Z",
            json!({"participant": {"provider_user_id": "u2", "name": "Li Wei"}}),
        ),
        event(
            3,
            "chat.message",
            "2026-11-25T06:00:00.200Z",
            json!({"message_id": "c1", "sender": {"provider_user_id": "u1", "name": "Anna Chen"},
                     "to": "everyone", "text": "Hi all, pricing deck attached", "sent_at": "2026-11-25T06:00:00.200Z"}),
        ),
        event(
            4,
            "transcript.segment",
            "2026-11-25T06:00:00.300Z",
            json!({"segment_id": "s1", "revision": 1, "op": "upsert", "is_final": true,
                     "speaker": {"provider_user_id": "u2", "name": "Li Wei"},
                     "start_ms": 1000, "end_ms": 4000, "text": "Welcome, shall we start with seats?"}),
        ),
        event(
            5,
            "transcript.segment",
            "2026-11-25T06:00:00.400Z",
            json!({"segment_id": "s2", "revision": 1, "op": "upsert", "is_final": true,
                     "speaker": {"provider_user_id": "u1", "name": "Anna Chen"},
                     "start_ms": 5000, "end_ms": 8000, "text": "Yes, two hundred seats."}),
        ),
    ]
}

fn write_jsonl(dir: &Path, name: &str, lines: &[Value]) -> std::path::PathBuf {
    let path = dir.join(name);
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, text).unwrap();
    path
}

fn stdout_json(output: &Output) -> Value {
    let text = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text:?}"))
}

#[test]
fn serve_replay_and_export_a_meeting_end_to_end() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let (mut child, info) = serve(data.path());
    assert_eq!(
        info.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["token", "url", "ws_url"]
    );
    assert!(
        info["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert!(info["ws_url"].as_str().unwrap().ends_with("/v1/ws"));
    assert_eq!(info["token"].as_str().unwrap().len(), 64);
    let discovery = data.path().join("hook.json");
    assert!(discovery.exists());

    // Replay found through hook.json, at 10x: 0.4 s of meeting in about 40 ms.
    let file = write_jsonl(work.path(), "meeting.jsonl", &meeting());
    let started = Instant::now();
    let replay = cli()
        .args(["hook", "replay", "--speed", "10", "--data-dir"])
        .arg(data.path())
        .arg(&file)
        .output()
        .unwrap();
    assert!(replay.status.success(), "{replay:?}");
    assert_eq!(
        stdout_json(&replay),
        json!({"sent": 5, "accepted": 5, "duplicates": 0, "rejected": 0})
    );
    assert!(started.elapsed() < Duration::from_secs(10));

    // Again with --url/--token: all duplicates.
    let replay = cli()
        .args(["hook", "replay"])
        .arg(&file)
        .args([
            "--url",
            info["url"].as_str().unwrap(),
            "--token",
            info["token"].as_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(replay.status.success(), "{replay:?}");
    assert_eq!(
        stdout_json(&replay),
        json!({"sent": 5, "accepted": 0, "duplicates": 5, "rejected": 0})
    );

    // A file with one invalid event: the others are stored, the run exits 1 naming the line.
    let mut bad = meeting();
    for (n, e) in bad.iter_mut().enumerate() {
        e["dedupe_key"] = json!(format!("cli-bad:{n}"));
        e["event_id"] = json!(format!("cli-bad-{n}"));
    }
    bad[2]["payload"]["sent_at"] = json!("not a time");
    let file = write_jsonl(work.path(), "bad.jsonl", &bad);
    let replay = cli()
        .args(["hook", "replay", "--data-dir"])
        .arg(data.path())
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(replay.status.code(), Some(1), "{replay:?}");
    assert_eq!(
        stdout_json(&replay),
        json!({"sent": 5, "accepted": 4, "duplicates": 0, "rejected": 1})
    );
    let stderr = String::from_utf8_lossy(&replay.stderr);
    assert!(
        stderr.contains("line 3") && stderr.contains("payload.sent_at"),
        "{stderr}"
    );

    let status = terminate(&mut child);
    assert!(status.success(), "{status:?}");
    assert!(!discovery.exists(), "hook.json is removed on SIGTERM");

    // Export by the platform's meeting id, after the hook stopped.
    let export = cli()
        .args(["export", "--meeting", "861-cli", "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(export.status.success(), "{export:?}");
    let doc = stdout_json(&export);
    assert_eq!(doc["meeting"]["topic"], "Acme pricing review");
    assert_eq!(doc["participants"].as_array().unwrap().len(), 2);
    assert_eq!(doc["chat"].as_array().unwrap().len(), 1);
    assert_eq!(doc["transcript"].as_array().unwrap().len(), 2);
    assert_eq!(
        doc["transcript"][0]["text"],
        "Welcome, shall we start with seats?"
    );
    assert_eq!(doc["events"], 9);
    assert!(
        doc["meeting"]
            .as_object()
            .unwrap()
            .contains_key("recording")
    );

    // The same by Callbrief's own id, as Markdown.
    let id = doc["meeting"]["id"].as_str().unwrap();
    let markdown = cli()
        .args([
            "export",
            "--format",
            "markdown",
            "--meeting",
            id,
            "--data-dir",
        ])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(markdown.status.success(), "{markdown:?}");
    let text = String::from_utf8(markdown.stdout).unwrap();
    assert!(text.starts_with("# Acme pricing review\n"), "{text}");
    assert!(text.contains("## Participants (2)"));
    assert!(text.contains("| Anna Chen | anna@acme.example |"));
    assert!(text.contains("**Anna Chen**: Hi all, pricing deck attached"));
    assert!(text.contains("**Li Wei** [0:00:01]: Welcome, shall we start with seats?"));
}

#[test]
fn bad_input_exits_2_with_one_line_on_stderr() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let not_json = work.path().join("broken.jsonl");
    std::fs::write(&not_json, "{\"a\": 1}\n{oops\n").unwrap();
    let good = write_jsonl(work.path(), "good.jsonl", &meeting());
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        // No hook running in this folder.
        vec![
            "hook".into(),
            "replay".into(),
            "--data-dir".into(),
            data.path().into(),
            good.clone().into(),
        ],
        // Not JSON.
        vec![
            "hook".into(),
            "replay".into(),
            "--url".into(),
            "http://127.0.0.1:9".into(),
            "--token".into(),
            "t".into(),
            not_json.into(),
        ],
        // No such file.
        vec![
            "hook".into(),
            "replay".into(),
            "--url".into(),
            "http://127.0.0.1:9".into(),
            "--token".into(),
            "t".into(),
            work.path().join("missing.jsonl").into(),
        ],
        // A negative speed.
        vec![
            "hook".into(),
            "replay".into(),
            "--speed=-1".into(),
            "--url".into(),
            "http://127.0.0.1:9".into(),
            "--token".into(),
            "t".into(),
            good.into(),
        ],
        // Export: no database, then an unknown meeting.
        vec![
            "export".into(),
            "--meeting".into(),
            "x".into(),
            "--data-dir".into(),
            data.path().join("nothing").into(),
        ],
        vec![
            "export".into(),
            "--meeting".into(),
            "x".into(),
            "--format".into(),
            "pdf".into(),
            "--data-dir".into(),
            data.path().into(),
        ],
    ];
    for args in cases {
        let output = cli().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        // (An unknown --format value is clap's own usage error, which adds a usage line.)
        if !args.iter().any(|a| a == "pdf") {
            assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
        }
    }
    // An unknown meeting in an existing database.
    let (mut child, _) = serve(data.path());
    terminate(&mut child);
    let output = cli()
        .args(["export", "--meeting", "nope", "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr)
            .trim()
            .lines()
            .count(),
        1
    );
}

#[test]
fn replay_against_a_stopped_hook_fails_without_panicking() {
    let work = tempfile::tempdir().unwrap();
    let good = write_jsonl(work.path(), "good.jsonl", &meeting());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let output = cli()
        .args([
            "hook",
            "replay",
            "--url",
            &format!("http://127.0.0.1:{port}"),
            "--token",
            "t",
        ])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot reach the hook"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn serve_refuses_a_taken_port_with_exit_2() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let data = tempfile::tempdir().unwrap();
    let output = cli()
        .args(["hook", "serve", "--port", &port, "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("Cannot listen"));
}
