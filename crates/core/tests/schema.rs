//! The published JSON Schema (`docs/meeting-event-v1.schema.json`) must match the Rust
//! types. Run with `UPDATE_SCHEMA=1` to rewrite it after changing them.

use std::path::PathBuf;

use callbrief_core::event;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/meeting-event-v1.schema.json")
}

#[test]
fn committed_schema_matches_the_types() {
    let schema = event::schema();
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = schema_path();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is out of date with the meeting-event types; run \
         `UPDATE_SCHEMA=1 cargo test -p callbrief-core --test schema` and commit the result",
        path.display()
    );
}

#[test]
fn schema_lists_every_kind_and_the_envelope() {
    let text = serde_json::to_string(&event::schema()).unwrap();
    for kind in event::KNOWN_KINDS {
        assert!(text.contains(&format!("\"{kind}\"")), "{kind} missing");
    }
    for field in [
        "schema_version",
        "dedupe_key",
        "occurred_at",
        "provider_meeting_id",
    ] {
        assert!(text.contains(field), "{field} missing");
    }
}
