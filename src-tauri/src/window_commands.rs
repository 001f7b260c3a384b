//! The briefing beside a call: a narrow window that stays on top of the meeting client.

use tauri::{AppHandle, LogicalSize, Runtime};

/// The side panel's width; the UI stacks into one column below 860 px.
const SIDE_PANEL_WIDTH: f64 = 460.0;
/// The normal window size (as in tauri.conf.json).
const NORMAL_SIZE: (f64, f64) = (1200.0, 780.0);

/// Turns the side-panel mode on (narrow, always on top) or off (normal size).
#[tauri::command]
#[specta::specta]
pub(crate) fn set_side_panel<R: Runtime>(app: AppHandle<R>, enabled: bool) -> Result<(), String> {
    let window = crate::main_window(&app).ok_or("the main window is gone")?;
    let height = window
        .inner_size()
        .ok()
        .zip(window.scale_factor().ok())
        .map_or(NORMAL_SIZE.1, |(size, scale)| {
            f64::from(size.height) / scale
        });
    let size = if enabled {
        LogicalSize::new(SIDE_PANEL_WIDTH, height.max(640.0))
    } else {
        LogicalSize::new(NORMAL_SIZE.0, NORMAL_SIZE.1)
    };
    window
        .set_always_on_top(enabled)
        .and_then(|()| {
            window.set_min_size(Some(LogicalSize::new(
                if enabled { 400.0 } else { 960.0 },
                640.0,
            )))
        })
        .and_then(|()| window.set_size(size))
        .map_err(|error| error.to_string())
}
