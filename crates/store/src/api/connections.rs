//! `Store` methods over [`crate::repo::connections`].

use crate::repo::connections::{self, CrmConnection, NewConnection};
use crate::{Page, Paged, Store, StoreError, UnixMs};

impl Store {
    /// Adds a CRM connection or updates the one for the same account.
    pub async fn upsert_connection(&self, new: NewConnection) -> Result<CrmConnection, StoreError> {
        self.call(move |conn| connections::upsert(conn, &new, UnixMs::now()))
            .await
    }

    /// One connection.
    pub async fn connection(&self, id: &str) -> Result<Option<CrmConnection>, StoreError> {
        let id = id.to_owned();
        self.call(move |conn| connections::get(conn, &id)).await
    }

    /// All connections, oldest first.
    pub async fn connections(&self, page: Page) -> Result<Paged<CrmConnection>, StoreError> {
        self.call(move |conn| connections::list(conn, page)).await
    }

    /// Removes a connection and its cached CRM data, unless it has unsent pushes.
    pub async fn delete_connection(&self, id: &str) -> Result<bool, StoreError> {
        let id = id.to_owned();
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let existed = connections::delete(&tx, &id)?;
            tx.commit()?;
            Ok(existed)
        })
        .await
    }
}
