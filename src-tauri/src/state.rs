//! What every command can reach.

use callbrief_accounts::{Accounts, ConnectError, ConnectErrorKind};
use callbrief_briefing::{BriefError, Briefer};
use callbrief_core::AppError;
use callbrief_platform::AppPaths;
use callbrief_store::Store;

/// Shared by all commands through `tauri::State`.
pub struct AppState {
    paths: AppPaths,
    store: Result<Store, AppError>,
    accounts: Option<Accounts>,
    briefer: Option<Briefer>,
}

impl AppState {
    pub(crate) fn new(
        paths: AppPaths,
        store: Result<Store, AppError>,
        accounts: Option<Accounts>,
    ) -> Self {
        let briefer = match (&store, &accounts) {
            (Ok(store), Some(accounts)) => Some(Briefer::new(accounts.clone(), store.clone())),
            _ => None,
        };
        Self {
            paths,
            store,
            accounts,
            briefer,
        }
    }

    /// The folders in use.
    pub fn paths(&self) -> &AppPaths {
        &self.paths
    }

    /// The store, or why it could not be opened (shown to the user by the UI).
    pub fn store(&self) -> Result<&Store, AppError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    /// The CRM account; unavailable only when the store could not be opened.
    pub fn accounts(&self) -> Result<&Accounts, ConnectError> {
        self.accounts.as_ref().ok_or_else(|| ConnectError {
            kind: ConnectErrorKind::Storage,
            message: self
                .store
                .as_ref()
                .err()
                .map(|err| err.message.clone())
                .unwrap_or_default(),
            scopes: Vec::new(),
            correlation_id: None,
        })
    }

    /// The briefing service; unavailable only when the store could not be opened.
    pub fn briefer(&self) -> Result<&Briefer, BriefError> {
        self.briefer.as_ref().ok_or_else(|| BriefError::Failed {
            message: "the local database is not available".to_owned(),
        })
    }
}
