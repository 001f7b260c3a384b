//! The pre-call loop: reads the CRM calendar every minute (prefetching the next day's
//! briefings), tells the UI, and raises a desktop notification the chosen number of
//! minutes before each call, with "open briefing" and "snooze" actions where the
//! platform's notifications support them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use callbrief_briefing::{
    BriefError, NotificationText, SNOOZE_MINUTES, UpcomingCall, UpcomingCalls, calls_to_alert,
    notification_text,
};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use time::OffsetDateTime;
use tokio::sync::mpsc;

use crate::state::AppState;
use crate::tray_labels::ui_language;

/// How often the calendar is read from the CRM.
const POLL_EVERY: Duration = Duration::from_secs(60);

/// The calendar changed (sent after every successful read).
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct UpcomingCallsChanged(pub UpcomingCalls);

/// The user asked, from a notification, to see this call's briefing.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct OpenBriefing {
    /// The CRM meeting id of the call.
    pub call_id: String,
}

/// Asks the loop to read the calendar now (after connecting a CRM) instead of at the
/// next minute.
#[derive(Clone, Default)]
pub(crate) struct CalendarKick(Arc<tokio::sync::Notify>);

impl CalendarKick {
    pub(crate) fn now(&self) {
        self.0.notify_one();
    }
}

/// Which calls were announced, and which the user snoozed until when.
#[derive(Default)]
struct Alerts {
    shown: HashSet<String>,
    snoozed: HashMap<String, OffsetDateTime>,
}

/// Starts the loop on the async runtime; it ends with the app.
pub(crate) fn start<R: Runtime>(app: &AppHandle<R>) {
    let kick = CalendarKick::default();
    app.manage(kick.clone());
    let app = app.clone();
    let (snooze_tx, mut snooze_rx) = mpsc::unbounded_channel::<String>();
    tauri::async_runtime::spawn(async move {
        let mut alerts = Alerts::default();
        let mut tick = tokio::time::interval(POLL_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            // The first tick fires at once: the calendar is read when the app starts, and
            // after sleep the delayed tick reads it again on wake.
            tokio::select! {
                _ = tick.tick() => {}
                () = kick.0.notified() => tick.reset(),
                Some(call_id) = snooze_rx.recv() => {
                    alerts.shown.remove(&call_id);
                    let until = OffsetDateTime::now_utc() + time::Duration::minutes(SNOOZE_MINUTES);
                    alerts.snoozed.insert(call_id, until);
                    continue;
                }
            }
            poll_once(&app, &mut alerts, &snooze_tx).await;
        }
    });
}

async fn poll_once<R: Runtime>(
    app: &AppHandle<R>,
    alerts: &mut Alerts,
    snooze_tx: &mpsc::UnboundedSender<String>,
) {
    let state = app.state::<AppState>();
    let Ok(briefer) = state.briefer() else { return };
    let calls = match briefer.refresh_upcoming().await {
        Ok(calls) => {
            if let Err(error) = UpcomingCallsChanged(calls.clone()).emit(app) {
                tracing::warn!(%error, "could not tell the UI about the calendar");
            }
            calls
        }
        Err(BriefError::NotConnected) => return,
        Err(error) => {
            tracing::warn!(%error, "calendar refresh failed; alerting from the cached calendar");
            match briefer.cached_upcoming().await {
                Ok(calls) => calls,
                Err(_) => return,
            }
        }
    };
    let settings = match state.store() {
        Ok(store) => store.settings().await.unwrap_or_default(),
        Err(_) => Default::default(),
    };
    if settings.alert_minutes == 0 {
        return;
    }
    let now = OffsetDateTime::now_utc();
    alerts.snoozed.retain(|_, until| *until > now);
    let lead = time::Duration::minutes(i64::from(settings.alert_minutes));
    let blocked: HashSet<String> = alerts
        .shown
        .iter()
        .chain(alerts.snoozed.keys())
        .cloned()
        .collect();
    let due: Vec<(UpcomingCall, NotificationText)> =
        calls_to_alert(&calls.calls, now, lead, &blocked)
            .into_iter()
            .map(|(call, minutes)| {
                let text = notification_text(
                    call.company_name.as_deref(),
                    minutes,
                    ui_language(settings.locale),
                );
                (call.clone(), text)
            })
            .collect();
    for (call, text) in due {
        alerts.shown.insert(call.id.clone());
        notify(app.clone(), call.id, text, snooze_tx.clone());
    }
}

/// Shows the notification on a blocking thread (a D-Bus round trip, then waiting for the
/// user's action) so the async workers never wait on it.
fn notify<R: Runtime>(
    app: AppHandle<R>,
    call_id: String,
    text: NotificationText,
    snooze_tx: mpsc::UnboundedSender<String>,
) {
    tauri::async_runtime::spawn_blocking(move || {
        let mut notification = notify_rust::Notification::new();
        notification
            .appname("Callbrief")
            .summary(&text.title)
            .body(&text.body);
        #[cfg(all(unix, not(target_os = "macos")))]
        notification
            .action("default", &text.open)
            .action("snooze", &text.snooze);
        match notification.show() {
            Ok(_handle) => {
                tracing::info!("pre-call notification shown");
                // Only freedesktop notifications report which action was taken.
                #[cfg(all(unix, not(target_os = "macos")))]
                _handle.wait_for_action(|action| match action {
                    "default" => {
                        crate::tray::show_main_window(&app);
                        if let Err(error) = (OpenBriefing {
                            call_id: call_id.clone(),
                        })
                        .emit(&app)
                        {
                            tracing::warn!(%error, "could not open the briefing");
                        }
                    }
                    "snooze" => {
                        let _ = snooze_tx.send(call_id.clone());
                    }
                    _ => {}
                });
            }
            Err(error) => tracing::warn!(%error, "pre-call notification failed"),
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = (app, call_id, snooze_tx);
    });
}
