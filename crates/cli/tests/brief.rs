//! `callbrief-cli brief` against the CRM sandbox (in-process, real HTTP): the JSON shape of
//! interfaces.md, the cached copy when the CRM is gone, and exit 2 on bad input.

use std::process::Output;

use callbrief_sandbox::{Sandbox, SandboxOptions, demo_seed};
use serde_json::Value;
use support::cli;

mod support;

fn brief(args: &[&str], token: Option<&str>, data_dir: &std::path::Path) -> Output {
    let mut command = cli();
    command
        .arg("brief")
        .args(args)
        .arg("--data-dir")
        .arg(data_dir);
    command.env_remove("CALLBRIEF_HUBSPOT_TOKEN");
    if let Some(token) = token {
        command.env("CALLBRIEF_HUBSPOT_TOKEN", token);
    }
    command.output().unwrap()
}

fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

// Multi-threaded: the test blocks on the CLI process while the in-process sandbox serves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn briefs_a_customer_then_serves_the_cache_when_the_crm_is_gone() {
    let sandbox = Sandbox::start(SandboxOptions {
        seed: demo_seed(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let endpoint = sandbox.hubspot();
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "anna.chen@acme-robotics.example",
        "--crm",
        "hubspot",
        "--base-url",
        &endpoint.base_url,
        "--json",
    ];

    let live = json_of(&brief(&args, Some(&endpoint.token), dir.path()));
    for key in [
        "company",
        "contacts",
        "deals",
        "notes",
        "tasks",
        "from_cache",
        "elapsed_ms",
    ] {
        assert!(live.get(key).is_some(), "{key} missing: {live}");
    }
    assert_eq!(live["company"]["name"], "Acme Robotics");
    assert_eq!(live["from_cache"], false);
    assert!(!live["contacts"].as_array().unwrap().is_empty());

    sandbox.shutdown().await;
    let cached = json_of(&brief(&args, Some(&endpoint.token), dir.path()));
    assert_eq!(cached["from_cache"], true);
    assert_eq!(cached["company"], live["company"]);
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for (args, token) in [
        (
            vec![
                "acme",
                "--crm",
                "salesforce",
                "--base-url",
                "http://127.0.0.1:9",
            ],
            Some("t"),
        ),
        (
            vec![
                "acme",
                "--crm",
                "hubspot",
                "--base-url",
                "http://127.0.0.1:9",
            ],
            None,
        ),
        (
            vec!["  ", "--crm", "hubspot", "--base-url", "http://127.0.0.1:9"],
            Some("t"),
        ),
        (
            vec!["acme", "--crm", "nope", "--base-url", "http://127.0.0.1:9"],
            Some("t"),
        ),
    ] {
        let output = brief(&args, token, dir.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.trim().lines().count() >= 1 && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
}
