//! Declares the app's own commands so Tauri generates one permission per command
//! (`allow-<name>`); `capabilities/main.json` grants the UI exactly the ones it uses.

/// Every command the shell registers; keep in step with `commands::specta_builder`.
const COMMANDS: &[&str] = &[
    "app_info",
    "get_settings",
    "update_settings",
    "crm_status",
    "crm_requirements",
    "connect_hubspot",
    "disconnect_crm",
    "upcoming_calls_cached",
    "upcoming_calls_refresh",
    "briefing_cached",
    "briefing_refresh",
    "search_customers",
    "set_side_panel",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
