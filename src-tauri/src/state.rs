//! What every command can reach.

use callbrief_core::AppError;
use callbrief_platform::AppPaths;
use callbrief_store::Store;

/// Shared by all commands through `tauri::State`.
pub struct AppState {
    paths: AppPaths,
    store: Result<Store, AppError>,
}

impl AppState {
    pub(crate) fn new(paths: AppPaths, store: Result<Store, AppError>) -> Self {
        Self { paths, store }
    }

    /// The folders in use.
    pub fn paths(&self) -> &AppPaths {
        &self.paths
    }

    /// The store, or why it could not be opened (shown to the user by the UI).
    pub fn store(&self) -> Result<&Store, AppError> {
        self.store.as_ref().map_err(Clone::clone)
    }
}
