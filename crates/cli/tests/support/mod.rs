//! What the CLI's integration tests share: the binary, starting a long-running subcommand
//! and reading its first stdout line, and stopping it the way a service manager does.
// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The `callbrief-cli` binary under test.
pub fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_callbrief-cli"))
}

/// Starts `callbrief-cli ARGS…` and returns it with its first stdout line as JSON.
pub fn start_with_first_line<I, S>(args: I) -> (Child, Value)
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut child = cli()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    (child, info)
}

/// Sends SIGTERM and waits up to `within` for `what` to exit.
pub fn terminate(child: &mut Child, what: &str, within: Duration) -> ExitStatus {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    panic!("{what} did not stop on SIGTERM");
}
