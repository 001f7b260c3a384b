//! `Store` methods over [`crate::repo::settings`].

use callbrief_core::settings::Settings;

use crate::repo::settings;
use crate::{Store, StoreError, UnixMs};

impl Store {
    /// The user preferences (defaults for anything not stored or not readable).
    pub async fn settings(&self) -> Result<Settings, StoreError> {
        self.call(|conn| settings::load(conn)).await
    }

    /// Saves the user preferences, keeping keys a newer version stored.
    pub async fn save_settings(&self, new: Settings) -> Result<(), StoreError> {
        self.call(move |conn| {
            // Read-merge-write: another process must not slip in between.
            let tx = conn.transaction()?;
            settings::save(&tx, &new, UnixMs::now())?;
            tx.commit()?;
            Ok(())
        })
        .await
    }
}
