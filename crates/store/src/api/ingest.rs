//! `Store` methods over [`crate::repo::ingest`] and [`crate::repo::live`].

use callbrief_core::event::MeetingEvent;
use serde_json::Value;

use crate::repo::ingest::{self, IngestReport};
use crate::repo::live::{self, LiveLimits, LiveMeeting};
use crate::{Store, StoreError, UnixMs};

impl Store {
    /// Stores a batch of events in one transaction and updates the meeting projections.
    ///
    /// When this returns `Ok` the events are committed (durable across an app crash; WAL
    /// with `synchronous = NORMAL`), so the hook may acknowledge them. On `Err` nothing of
    /// the batch was stored. Redelivered events (same `dedupe_key` in the same meeting)
    /// count as `duplicates` and are not an error.
    pub async fn ingest_events(
        &self,
        events: Vec<MeetingEvent>,
    ) -> Result<IngestReport, StoreError> {
        self.call(move |conn| {
            let tx = conn.transaction()?;
            let report = ingest::ingest(&tx, &events, UnixMs::now())?;
            tx.commit()?;
            Ok(report)
        })
        .await
    }

    /// What the live panel shows, with the default list sizes ([`LiveLimits::default`]).
    pub async fn meeting_live(&self, meeting_id: &str) -> Result<LiveMeeting, StoreError> {
        self.meeting_live_with(meeting_id, LiveLimits::default())
            .await
    }

    /// What the live panel shows, with chosen list sizes.
    pub async fn meeting_live_with(
        &self,
        meeting_id: &str,
        limits: LiveLimits,
    ) -> Result<LiveMeeting, StoreError> {
        let meeting_id = meeting_id.to_owned();
        self.call(move |conn| live::live(conn, &meeting_id, limits))
            .await
    }

    /// The meeting in the `export` JSON shape (see [`live::export`]).
    pub async fn export_meeting(&self, meeting_id: &str) -> Result<Value, StoreError> {
        let meeting_id = meeting_id.to_owned();
        self.call(move |conn| live::export(conn, &meeting_id)).await
    }
}
