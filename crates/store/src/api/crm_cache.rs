//! `Store` methods over [`crate::repo::crm_cache`].

use callbrief_core::model::{Company, Contact, CrmSnapshot, Deal, Note, ScheduledMeeting, Task};

use crate::repo::crm_cache::{self, Cached, SnapshotCounts};
use crate::{Page, Paged, Store, StoreError, UnixMs};

impl Store {
    /// Caches every record of `snapshot` for the connection, in one transaction, stamped
    /// with the current time.
    pub async fn upsert_snapshot(
        &self,
        connection_id: &str,
        snapshot: &CrmSnapshot,
    ) -> Result<SnapshotCounts, StoreError> {
        let connection_id = connection_id.to_owned();
        // The store thread needs its own copy; a snapshot is at most a few MB.
        let snapshot = snapshot.clone();
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let counts = crm_cache::upsert_snapshot(&tx, &connection_id, &snapshot, UnixMs::now())?;
            tx.commit()?;
            Ok(counts)
        })
        .await
    }

    /// One cached company.
    pub async fn company(
        &self,
        connection_id: &str,
        id: &str,
    ) -> Result<Option<Cached<Company>>, StoreError> {
        let (connection_id, id) = (connection_id.to_owned(), id.to_owned());
        self.call(move |conn| crm_cache::company(conn, &connection_id, &id))
            .await
    }

    /// Cached companies matching a name fragment, a domain or a contact's email.
    pub async fn find_cached_companies(
        &self,
        connection_id: &str,
        query: &str,
        page: Page,
    ) -> Result<Paged<Cached<Company>>, StoreError> {
        let (connection_id, query) = (connection_id.to_owned(), query.to_owned());
        self.call(move |conn| crm_cache::find_companies(conn, &connection_id, &query, page))
            .await
    }

    /// The company's cached contacts, by name.
    pub async fn contacts_of_company(
        &self,
        connection_id: &str,
        company_id: &str,
        page: Page,
    ) -> Result<Paged<Cached<Contact>>, StoreError> {
        let (connection_id, company_id) = (connection_id.to_owned(), company_id.to_owned());
        self.call(move |conn| {
            crm_cache::contacts_of_company(conn, &connection_id, &company_id, page)
        })
        .await
    }

    /// The company's cached open deals, soonest close first.
    pub async fn open_deals_of_company(
        &self,
        connection_id: &str,
        company_id: &str,
        page: Page,
    ) -> Result<Paged<Cached<Deal>>, StoreError> {
        let (connection_id, company_id) = (connection_id.to_owned(), company_id.to_owned());
        self.call(move |conn| {
            crm_cache::open_deals_of_company(conn, &connection_id, &company_id, page)
        })
        .await
    }

    /// The company's cached notes, newest first.
    pub async fn recent_notes_of_company(
        &self,
        connection_id: &str,
        company_id: &str,
        page: Page,
    ) -> Result<Paged<Cached<Note>>, StoreError> {
        let (connection_id, company_id) = (connection_id.to_owned(), company_id.to_owned());
        self.call(move |conn| {
            crm_cache::recent_notes_of_company(conn, &connection_id, &company_id, page)
        })
        .await
    }

    /// The company's cached open tasks, soonest due first.
    pub async fn open_tasks_of_company(
        &self,
        connection_id: &str,
        company_id: &str,
        page: Page,
    ) -> Result<Paged<Cached<Task>>, StoreError> {
        let (connection_id, company_id) = (connection_id.to_owned(), company_id.to_owned());
        self.call(move |conn| {
            crm_cache::open_tasks_of_company(conn, &connection_id, &company_id, page)
        })
        .await
    }

    /// Cached CRM meetings starting at or after `from` (RFC 3339), soonest first.
    pub async fn upcoming_crm_meetings(
        &self,
        connection_id: &str,
        from: &str,
        page: Page,
    ) -> Result<Paged<Cached<ScheduledMeeting>>, StoreError> {
        let (connection_id, from) = (connection_id.to_owned(), from.to_owned());
        self.call(move |conn| crm_cache::upcoming_meetings(conn, &connection_id, &from, page))
            .await
    }
}
