//! `Store` methods over [`crate::repo::identity`].

use crate::repo::identity::{self, IdentityLink, NewIdentityLink};
use crate::{Page, Paged, Store, StoreError, UnixMs};

impl Store {
    /// Links a meeting participant to a CRM record.
    pub async fn add_identity_link(
        &self,
        link: NewIdentityLink,
    ) -> Result<IdentityLink, StoreError> {
        self.call(move |conn| identity::add(conn, &link, UnixMs::now()))
            .await
    }

    /// The CRM records a participant is linked to, user-confirmed first.
    pub async fn identity_links(
        &self,
        provider: &str,
        provider_user_id: &str,
        page: Page,
    ) -> Result<Paged<IdentityLink>, StoreError> {
        let (provider, user) = (provider.to_owned(), provider_user_id.to_owned());
        self.call(move |conn| identity::list_for_provider_user(conn, &provider, &user, page))
            .await
    }

    /// Removes a link. Returns whether it existed.
    pub async fn delete_identity_link(&self, id: i64) -> Result<bool, StoreError> {
        self.call(move |conn| identity::delete(conn, id)).await
    }
}
