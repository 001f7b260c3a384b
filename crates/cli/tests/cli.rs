//! The CLI's contract as scripts see it: exit codes, stdout shapes, stderr on bad input.

use support::cli;

mod support;

#[test]
fn help_lists_the_subcommands() {
    let out = cli().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("doctor"), "{text}");
}

#[test]
fn an_unknown_subcommand_exits_2_with_an_error_on_stderr() {
    let out = cli().arg("no-such-thing").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-thing"));
}

#[test]
fn doctor_reports_a_fresh_folder_without_creating_anything() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = cli()
        .args(["doctor", "--json", "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["database"]["status"], "absent");
    assert_eq!(report["data_dir"], data.display().to_string());
    assert!(!data.exists(), "doctor must not create the data folder");
}

#[test]
fn doctor_fails_on_a_corrupt_database_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("callbrief.sqlite3");
    let garbage = b"this is not a database, it is a shopping list".repeat(100);
    std::fs::write(&db, &garbage).unwrap();
    let out = cli()
        .args(["doctor", "--json", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["database"]["status"], "error");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "the file must be unchanged"
    );
}
