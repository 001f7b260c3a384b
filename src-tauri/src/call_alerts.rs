//! The pre-call loop: reads the CRM calendar every minute (prefetching the next day's
//! briefings), tells the UI, and raises a desktop notification shortly before each call.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use callbrief_briefing::{BriefError, UpcomingCalls, calls_to_alert, notification_text};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use time::OffsetDateTime;

use crate::state::AppState;
use crate::tray_labels::ui_language;

/// How often the calendar is read from the CRM.
const POLL_EVERY: Duration = Duration::from_secs(60);
/// How long before a call the notification appears.
const ALERT_LEAD: time::Duration = time::Duration::minutes(5);

/// The calendar changed (sent after every successful read).
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct UpcomingCallsChanged(pub UpcomingCalls);

/// Asks the loop to read the calendar now (after connecting a CRM) instead of at the
/// next minute.
#[derive(Clone, Default)]
pub(crate) struct CalendarKick(Arc<tokio::sync::Notify>);

impl CalendarKick {
    pub(crate) fn now(&self) {
        self.0.notify_one();
    }
}

/// Starts the loop on the async runtime; it ends with the app.
pub(crate) fn start<R: Runtime>(app: &AppHandle<R>) {
    let kick = CalendarKick::default();
    app.manage(kick.clone());
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let mut alerted = HashSet::new();
        let mut tick = tokio::time::interval(POLL_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            // The first tick fires at once: the calendar is read when the app starts, and
            // after sleep the delayed tick reads it again on wake.
            tokio::select! {
                _ = tick.tick() => {}
                () = kick.0.notified() => tick.reset(),
            }
            poll_once(&app, &mut alerted).await;
        }
    });
}

async fn poll_once<R: Runtime>(app: &AppHandle<R>, alerted: &mut HashSet<String>) {
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
    let language = match state.store() {
        Ok(store) => store
            .settings()
            .await
            .map(|s| ui_language(s.locale))
            .unwrap_or("en"),
        Err(_) => "en",
    };
    let due: Vec<_> = calls_to_alert(&calls.calls, OffsetDateTime::now_utc(), ALERT_LEAD, alerted)
        .into_iter()
        .map(|(call, minutes)| {
            (
                call.id.clone(),
                notification_text(call.company_name.as_deref(), minutes, language),
            )
        })
        .collect();
    for (id, text) in due {
        alerted.insert(id);
        // The notification daemon is a D-Bus round trip: keep it off the async workers.
        let shown = tokio::task::spawn_blocking(move || {
            notify_rust::Notification::new()
                .appname("Callbrief")
                .summary(&text.title)
                .body(&text.body)
                .show()
                .map(|_| ())
        })
        .await;
        match shown {
            Ok(Ok(())) => tracing::info!("pre-call notification shown"),
            Ok(Err(error)) => tracing::warn!(%error, "pre-call notification failed"),
            Err(error) => tracing::warn!(%error, "pre-call notification task failed"),
        }
    }
}
