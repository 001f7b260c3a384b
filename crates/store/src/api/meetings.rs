//! `Store` methods over [`crate::repo::meetings`].

use crate::repo::meetings::{self, CreateOrGet, MeetingRecord, NewMeeting};
use crate::repo::transcript::{self, TranscriptHit};
use crate::{Page, Paged, Store, StoreError, UnixMs};

impl Store {
    /// The meeting with these provider ids, created if new.
    pub async fn create_or_get_meeting(&self, new: NewMeeting) -> Result<CreateOrGet, StoreError> {
        self.call(move |conn| meetings::create_or_get(conn, &new, UnixMs::now()))
            .await
    }

    /// One meeting.
    pub async fn meeting(&self, id: &str) -> Result<Option<MeetingRecord>, StoreError> {
        let id = id.to_owned();
        self.call(move |conn| meetings::get(conn, &id)).await
    }

    /// Meetings, latest start first.
    pub async fn list_meetings(&self, page: Page) -> Result<Paged<MeetingRecord>, StoreError> {
        self.call(move |conn| meetings::list(conn, page)).await
    }

    /// Deletes a meeting and everything recorded in it. Returns whether it existed.
    pub async fn delete_meeting(&self, id: &str) -> Result<bool, StoreError> {
        let id = id.to_owned();
        self.call(move |conn| meetings::delete(conn, &id)).await
    }

    /// Searches final transcript text (all meetings, or one).
    pub async fn search_transcripts(
        &self,
        query: &str,
        meeting_id: Option<&str>,
        page: Page,
    ) -> Result<Paged<TranscriptHit>, StoreError> {
        let query = query.to_owned();
        let meeting_id = meeting_id.map(str::to_owned);
        self.call(move |conn| transcript::search(conn, &query, meeting_id.as_deref(), page))
            .await
    }
}
