//! The commands the UI calls. Each is a few lines: take state and arguments, call one
//! crate function, return its result. Types reach TypeScript through tauri-specta
//! (`ui/src/bindings.ts`, checked by `tests/bindings.rs`).

use callbrief_core::AppError;
use callbrief_core::settings::Settings;
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::state::AppState;
use crate::tray;
use crate::{briefing_commands, crm_commands, window_commands};

/// Facts about this installation, shown in Settings → About.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Callbrief's version.
    pub version: String,
    /// Where the database lives.
    pub data_dir: String,
    /// Where log files are written.
    pub log_dir: String,
    /// `linux`, `macos` or `windows`.
    pub platform: String,
}

#[tauri::command]
#[specta::specta]
fn app_info(state: State<'_, AppState>) -> AppInfo {
    let paths = state.paths();
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: paths.data_dir.display().to_string(),
        log_dir: paths.log_dir.display().to_string(),
        platform: std::env::consts::OS.to_owned(),
    }
}

#[tauri::command]
#[specta::specta]
async fn get_settings(state: State<'_, AppState>) -> Result<Settings, AppError> {
    Ok(state.store()?.settings().await?)
}

#[tauri::command]
#[specta::specta]
async fn update_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, AppError> {
    state.store()?.save_settings(settings.clone()).await?;
    tray::apply_locale(&app, settings.locale);
    Ok(settings)
}

/// Registers every command and event. The same builder serves the running app and the
/// bindings export, so what TypeScript sees cannot drift from what Rust registers.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        // One TypeScript type per Rust type: the UI always sends complete values, so the
        // lenient (all-optional) deserialisation variants would only add noise.
        .disable_serde_phases()
        .commands(tauri_specta::collect_commands![
            app_info,
            get_settings,
            update_settings,
            // Commands from other modules are named by path: the command macros live there.
            crm_commands::crm_status,
            crm_commands::crm_requirements,
            crm_commands::connect_hubspot,
            crm_commands::disconnect_crm,
            briefing_commands::upcoming_calls_cached,
            briefing_commands::upcoming_calls_refresh,
            briefing_commands::briefing_cached,
            briefing_commands::briefing_refresh,
            briefing_commands::search_customers,
            window_commands::set_side_panel::<tauri::Wry>,
        ])
        .events(tauri_specta::collect_events![
            crate::call_alerts::UpcomingCallsChanged,
            crate::call_alerts::OpenBriefing,
        ])
}

/// Writes the TypeScript bindings to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    let typescript = specta_typescript::Typescript::default().header(
        "// Generated from src-tauri/src/commands.rs by tauri-specta. Do not edit: run `make bindings`.\n",
    );
    specta_builder()
        .export(typescript, path)
        .map_err(|err| err.to_string())
}
