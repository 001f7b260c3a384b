//! The briefing view: upcoming calls and customer briefings, each in two steps so the UI
//! can show the cached copy at once and the CRM's answer when it arrives.

use callbrief_briefing::{BriefCompany, BriefError, Briefing, UpcomingCalls};
use tauri::State;

use crate::state::AppState;

/// The calendar from the local cache (no network).
#[tauri::command]
#[specta::specta]
pub(crate) async fn upcoming_calls_cached(
    state: State<'_, AppState>,
) -> Result<UpcomingCalls, BriefError> {
    state.briefer()?.cached_upcoming().await
}

/// The calendar from the CRM; also prefetches the next day's briefings.
#[tauri::command]
#[specta::specta]
pub(crate) async fn upcoming_calls_refresh(
    state: State<'_, AppState>,
) -> Result<UpcomingCalls, BriefError> {
    state.briefer()?.refresh_upcoming().await
}

/// A customer's briefing from the local cache (no network); `None` when never fetched.
#[tauri::command]
#[specta::specta]
pub(crate) async fn briefing_cached(
    state: State<'_, AppState>,
    company_id: String,
    invited: Vec<String>,
) -> Result<Option<Briefing>, BriefError> {
    state.briefer()?.cached(&company_id, &invited).await
}

/// A customer's briefing from the CRM (cached for next time).
#[tauri::command]
#[specta::specta]
pub(crate) async fn briefing_refresh(
    state: State<'_, AppState>,
    company_id: String,
    invited: Vec<String>,
) -> Result<Briefing, BriefError> {
    state.briefer()?.refresh(&company_id, &invited).await
}

/// Customers matching a name, email, domain or web address.
#[tauri::command]
#[specta::specta]
pub(crate) async fn search_customers(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<BriefCompany>, BriefError> {
    state.briefer()?.search(&query).await
}
