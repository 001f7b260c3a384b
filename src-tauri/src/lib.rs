//! Callbrief's desktop shell: composition only.
//!
//! It resolves folders and logging (`callbrief-platform`), opens the store
//! (`callbrief-store`), registers the typed commands ([`commands`]) and builds the window
//! and tray ([`tray`]). Anything a test would want to check without a window lives in a
//! crate under `crates/`.

mod briefing_commands;
mod call_alerts;
pub mod commands;
mod crm_commands;
mod launch;
mod state;
mod tray;
mod tray_labels;
mod window_commands;

use tauri::Manager;

/// Starts the desktop app; returns when the user quits.
pub fn run() {
    let options = match launch::LaunchOptions::from_args(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("callbrief: {message}");
            std::process::exit(2);
        }
    };
    let prepared = match launch::prepare(&options) {
        Ok(prepared) => prepared,
        Err(message) => {
            eprintln!("callbrief: {message}");
            std::process::exit(1);
        }
    };
    let bindings = commands::specta_builder();

    let result = tauri::Builder::default()
        // Must be first: a second launch only brings the running window forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tray::show_main_window(app)
        }))
        .invoke_handler(bindings.invoke_handler())
        .manage(prepared.state)
        .setup(move |app| {
            bindings.mount_events(app);
            tray::install(app.handle(), prepared.tray_locale)?;
            call_alerts::start(app.handle());
            Ok(())
        })
        .on_window_event(tray::keep_running_when_closed)
        .run(tauri::generate_context!());
    if let Err(err) = result {
        tracing::error!(error = %err, "the desktop shell stopped with an error");
        eprintln!("callbrief: {err}");
        std::process::exit(1);
    }
    drop(prepared.log_guard);
}

/// The one window's label, as in `tauri.conf.json` and `capabilities/main.json`.
pub(crate) const MAIN_WINDOW: &str = "main";

pub(crate) fn main_window<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
) -> Option<tauri::WebviewWindow<R>> {
    app.get_webview_window(MAIN_WINDOW)
}
