//! Settings → CRM: connect with a pasted token, check, disconnect. The token goes from
//! the UI into the keychain (through `callbrief-accounts`) and never comes back.

use callbrief_accounts::{ConnectError, ConnectedAccount, ConnectionStatus, CrmRequirements};
use callbrief_core::Secret;
use tauri::State;

use crate::call_alerts::CalendarKick;
use crate::state::AppState;

/// The CRM connection, checked live against the CRM.
#[tauri::command]
#[specta::specta]
pub(crate) async fn crm_status(
    state: State<'_, AppState>,
) -> Result<ConnectionStatus, ConnectError> {
    state.accounts()?.status().await
}

/// Connects HubSpot with a private app token or service key.
#[tauri::command]
#[specta::specta]
pub(crate) async fn connect_hubspot(
    state: State<'_, AppState>,
    kick: State<'_, CalendarKick>,
    token: String,
) -> Result<ConnectedAccount, ConnectError> {
    let account = state
        .accounts()?
        .connect_hubspot(Secret::new(token))
        .await?;
    // The briefing should not wait a minute for the first calendar read.
    kick.now();
    Ok(account)
}

/// Forgets the CRM account and its token.
#[tauri::command]
#[specta::specta]
pub(crate) async fn disconnect_crm(state: State<'_, AppState>) -> Result<(), ConnectError> {
    state.accounts()?.disconnect().await
}

/// The scopes a HubSpot private app needs, with the reason for each.
#[tauri::command]
#[specta::specta]
pub(crate) fn crm_requirements() -> CrmRequirements {
    callbrief_accounts::requirements()
}
