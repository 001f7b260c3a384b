//! Fails when `ui/src/bindings.ts` differs from what the registered commands generate.
//! `make bindings` (UPDATE_BINDINGS=1) rewrites the committed file instead.

use std::path::Path;

#[test]
fn committed_typescript_bindings_match_the_commands() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        callbrief_desktop::commands::export_bindings(&committed).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    callbrief_desktop::commands::export_bindings(&fresh).unwrap();

    let fresh = std::fs::read_to_string(fresh).unwrap();
    let committed = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        fresh == committed,
        "ui/src/bindings.ts is out of date with the Rust commands: run `make bindings` and commit it.\n\
         --- generated ---\n{fresh}"
    );
}
