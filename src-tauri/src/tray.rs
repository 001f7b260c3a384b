//! The tray icon (Show / Quit) and the window's close behaviour: closing hides the
//! window and Callbrief keeps running in the tray, so pre-call notifications still fire.

use callbrief_core::settings::Locale;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Runtime, Window, WindowEvent};

use crate::tray_labels::tray_labels;

const TRAY_ID: &str = "main";
const SHOW_ID: &str = "show";
const QUIT_ID: &str = "quit";

/// Creates the tray icon with its menu.
pub(crate) fn install<R: Runtime>(app: &AppHandle<R>, locale: Locale) -> tauri::Result<()> {
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .menu(&menu(app, locale)?)
        .tooltip(tray_labels(locale).tooltip)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            SHOW_ID => show_main_window(app),
            QUIT_ID => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Re-labels the tray menu after the user changes the language.
pub(crate) fn apply_locale<R: Runtime>(app: &AppHandle<R>, locale: Locale) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let relabelled = menu(app, locale).and_then(|menu| tray.set_menu(Some(menu)));
    if let Err(err) = relabelled {
        tracing::warn!(error = %err, "could not re-label the tray menu");
    }
}

fn menu<R: Runtime>(app: &AppHandle<R>, locale: Locale) -> tauri::Result<Menu<R>> {
    let labels = tray_labels(locale);
    let show = MenuItem::with_id(app, SHOW_ID, labels.show, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT_ID, labels.quit, true, None::<&str>)?;
    Menu::with_items(app, &[&show, &quit])
}

/// Brings the main window back (tray click, second launch).
pub(crate) fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = crate::main_window(app) {
        let shown = window
            .unminimize()
            .and_then(|()| window.show())
            .and_then(|()| window.set_focus());
        if let Err(err) = shown {
            tracing::warn!(error = %err, "could not show the main window");
        }
    }
}

/// Closing the main window hides it instead of quitting.
pub(crate) fn keep_running_when_closed<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event
        && window.label() == crate::MAIN_WINDOW
    {
        api.prevent_close();
        if let Err(err) = window.hide() {
            tracing::warn!(error = %err, "could not hide the main window");
        }
    }
}
