//! `callbrief-cli sandbox serve` as scripts use it: first stdout line, HTTP, SIGTERM,
//! `--seed-out`, and exit 2 on bad input.

use std::process::Child;
use std::time::Duration;

use serde_json::{Value, json};
use support::{cli, start_with_first_line};

mod support;

fn serve(extra: &[&str]) -> (Child, Value) {
    start_with_first_line(["sandbox", "serve", "--port", "0"].iter().chain(extra))
}

fn terminate(child: &mut Child) -> std::process::ExitStatus {
    support::terminate(child, "the sandbox", Duration::from_secs(5))
}

#[tokio::test]
async fn serve_prints_the_endpoint_answers_http_and_writes_seed_out_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("state.json");
    let (mut child, info) = serve(&["--seed", "demo", "--seed-out", out.to_str().unwrap()]);
    let keys: Vec<&String> = info.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["hubspot"], "only emulators that exist are listed");
    let base = info["hubspot"]["base_url"].as_str().unwrap();
    let token = info["hubspot"]["token"].as_str().unwrap();
    assert!(base.starts_with("http://127.0.0.1:") && base.ends_with("/hubspot"));

    let http = reqwest::Client::new();
    let list: Value = http
        .get(format!(
            "{base}/crm/v3/objects/companies?limit=100&properties=name"
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["results"].as_array().unwrap().len(), 8);
    let unauthorized = http
        .get(format!("{base}/crm/v3/objects/contacts"))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);

    let note = http
        .post(format!("{base}/crm/v3/objects/notes"))
        .bearer_auth(token)
        .json(&json!({"properties": {"hs_note_body": "<p>来自 CLI 测试</p>", "hs_timestamp": "2026-11-25T06:00:00Z"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(note.status(), 201);

    let status = terminate(&mut child);
    assert_eq!(status.code(), Some(0));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["format"], "callbrief-crm-snapshot/1");
    assert_eq!(written["companies"].as_array().unwrap().len(), 8);
    assert!(
        written["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["body"] == "<p>来自 CLI 测试</p>")
    );
}

#[test]
fn a_seed_file_is_loaded_and_faults_and_latency_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(
        &seed,
        r#"{"format": "callbrief-crm-snapshot/1",
            "companies": [{"id": "c1", "name": "Acme Robotics", "domain": "acme-robotics.example"}],
            "contacts": [{"id": "p1", "first_name": "Anna", "last_name": "Chen", "company_id": "c1"}]}"#,
    )
    .unwrap();
    let out = dir.path().join("out.json");
    let (mut child, info) = serve(&[
        "--seed",
        seed.to_str().unwrap(),
        "--latency-ms",
        "5",
        "--faults",
        "503:0.0",
        "--search-lag-ms",
        "100",
        "--seed-out",
        out.to_str().unwrap(),
    ]);
    assert!(info["hubspot"]["token"].is_string());
    assert_eq!(terminate(&mut child).code(), Some(0));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["contacts"][0]["id"], "p1");
    assert_eq!(written["contacts"][0]["company_id"], "c1");
}

fn assert_bad_input(args: &[&str], needle: &str) {
    let out = cli()
        .args(["sandbox", "serve"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one-line error: {stderr}");
    assert!(stderr.contains(needle), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    assert_bad_input(&["--seed", missing.to_str().unwrap()], "cannot read seed");
    let invalid = dir.path().join("invalid.json");
    std::fs::write(&invalid, "{not json").unwrap();
    assert_bad_input(&["--seed", invalid.to_str().unwrap()], "not a CRM snapshot");
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"format": "something-else/9"}"#).unwrap();
    assert_bad_input(&["--seed", other.to_str().unwrap()], "something-else/9");
    assert_bad_input(
        &["--seed", "demo", "--faults", "429:0.1,explode:0.2"],
        "explode",
    );
    assert_bad_input(&["--seed", "demo", "--faults", "503:7"], "503:7");
}

#[test]
fn help_describes_sandbox_serve() {
    let out = cli().args(["sandbox", "serve", "--help"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--seed",
        "--port",
        "--latency-ms",
        "--faults",
        "--seed-out",
        "--search-lag-ms",
        "--rate-limit",
    ] {
        assert!(text.contains(flag), "{flag}");
    }
}
