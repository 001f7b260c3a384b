//! `callbrief-cli redact` as a filter: plain text, JSONL with char offsets, bad input.

use std::io::Write;
use std::process::{Output, Stdio};

use serde_json::Value;
use support::cli;

mod support;

fn redact(args: &[&str], stdin: &str) -> Output {
    let mut child = cli()
        .arg("redact")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn plain_text_is_masked() {
    let output = redact(&[], "王芳的手机 13912345678，订单 20261125\n");
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "王芳的手机 *******5678，订单 20261125\n"
    );
}

#[test]
fn jsonl_reports_findings_in_chars_of_the_input() {
    let input = "{\"id\":1,\"text\":\"电话：138 0013 8000\"}\n{\"id\":\"x\",\"text\":\"mail a@b.example\"}\n";
    let output = redact(&["--jsonl", "--mask-emails"], input);
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
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[0]["text"], "电话：*** **** 8000");
    assert_eq!(lines[0]["found"][0]["kind"], "phone");
    assert_eq!(
        (
            lines[0]["found"][0]["start"].as_u64(),
            lines[0]["found"][0]["end"].as_u64()
        ),
        (Some(3), Some(16))
    );
    assert_eq!(lines[1]["id"], "x");
    assert_eq!(lines[1]["text"], "mail a***@b.example");
}

#[test]
fn a_malformed_line_exits_2_with_one_line() {
    for input in ["not json\n", "{\"id\":1}\n"] {
        let output = redact(&["--jsonl"], input);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
}
