//! `Store` methods over [`crate::repo::outbox`].

use crate::repo::outbox::{self, NewPush, PushItem, PushState};
use crate::{Page, Paged, Store, StoreError, UnixMs};

impl Store {
    /// Enqueues a push on its own. To enqueue together with the change it depends on, call
    /// [`outbox::enqueue`] inside [`Store::call`] in the same transaction.
    pub async fn enqueue_push(&self, push: NewPush) -> Result<PushItem, StoreError> {
        self.call(move |conn| outbox::enqueue(conn, &push, UnixMs::now()))
            .await
    }

    /// Claims the push that has been due longest, if any (see [`outbox::claim_next_due`]).
    pub async fn claim_next_push(&self) -> Result<Option<PushItem>, StoreError> {
        self.call(|conn| outbox::claim_next_due(conn, UnixMs::now()))
            .await
    }

    /// `in_flight` → `done`.
    pub async fn mark_push_done(
        &self,
        push_id: &str,
        crm_record_id: Option<&str>,
    ) -> Result<PushItem, StoreError> {
        let push_id = push_id.to_owned();
        let crm_record_id = crm_record_id.map(str::to_owned);
        self.call(move |conn| {
            outbox::mark_done(conn, &push_id, crm_record_id.as_deref(), UnixMs::now())
        })
        .await
    }

    /// `in_flight` → `retrying`, due again at `next_attempt_at`.
    pub async fn mark_push_retrying(
        &self,
        push_id: &str,
        error: &str,
        next_attempt_at: UnixMs,
    ) -> Result<PushItem, StoreError> {
        let (push_id, error) = (push_id.to_owned(), error.to_owned());
        self.call(move |conn| {
            outbox::mark_retrying(conn, &push_id, &error, next_attempt_at, UnixMs::now())
        })
        .await
    }

    /// Any state but `done` → `needs_attention`.
    pub async fn mark_push_needs_attention(
        &self,
        push_id: &str,
        error: &str,
    ) -> Result<PushItem, StoreError> {
        let (push_id, error) = (push_id.to_owned(), error.to_owned());
        self.call(move |conn| outbox::mark_needs_attention(conn, &push_id, &error, UnixMs::now()))
            .await
    }

    /// `needs_attention` → `pending`, due now.
    pub async fn requeue_push(&self, push_id: &str) -> Result<PushItem, StoreError> {
        let push_id = push_id.to_owned();
        self.call(move |conn| outbox::requeue(conn, &push_id, UnixMs::now()))
            .await
    }

    /// Pushes in `state`, oldest first.
    pub async fn pushes_by_state(
        &self,
        state: PushState,
        page: Page,
    ) -> Result<Paged<PushItem>, StoreError> {
        self.call(move |conn| outbox::list_by_state(conn, state, page))
            .await
    }

    /// Moves pushes left `in_flight` by the last run to `retrying` and returns them for
    /// reconciliation (see [`outbox::reset_in_flight_on_startup`]). Call once at startup.
    pub async fn reset_in_flight_on_startup(&self) -> Result<Vec<PushItem>, StoreError> {
        self.call(|conn| outbox::reset_in_flight_on_startup(conn, UnixMs::now()))
            .await
    }
}
