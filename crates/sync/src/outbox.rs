//! The durable push: confirmed writes wait in the store's outbox and a worker delivers
//! them to the CRM. Each item carries a `push_id` that the connector writes into the CRM
//! record, so a retry after an uncertain failure (timeout, dropped connection, crash)
//! finds the record instead of writing it twice.
//!
//! States: pending → in_flight → done | retrying (due again later) | needs_attention
//! (the user must act: revoked access, invalid data). On start-up [`OutboxWorker::repair`]
//! settles items a killed process left in flight by looking them up in the CRM.

use std::sync::Arc;
use std::time::Duration;

use callbrief_crm::{
    CrmConnector, CrmError, CrmErrorKind, PushAssociations, PushObject, PushRequest,
};
use callbrief_store::repo::outbox::{NewPush, PushItem, PushObject as StoredObject};
use callbrief_store::{Store, StoreError, UnixMs};
use serde::{Deserialize, Serialize};

/// What a push writes, as stored in the outbox (the push id is the outbox item's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushDraft {
    /// The use the record serves (`sales_call`, …), selecting the field mapping.
    pub entity: String,
    /// What to write.
    pub object: PushObject,
    /// Callbrief field name → value.
    pub fields: std::collections::BTreeMap<String, String>,
    /// What to link it to.
    pub associations: PushAssociations,
}

/// What one drain did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DrainReport {
    /// Delivered (or found already delivered).
    pub done: usize,
    /// Failed in a way worth retrying later.
    pub retrying: usize,
    /// Waiting for the user.
    pub needs_attention: usize,
}

/// Enqueues a confirmed draft for `connection_id`; returns its push id.
pub async fn enqueue(
    store: &Store,
    connection_id: &str,
    meeting_id: Option<&str>,
    draft: &PushDraft,
) -> Result<String, StoreError> {
    let item = store
        .enqueue_push(NewPush {
            meeting_id: meeting_id.map(str::to_owned),
            connection_id: connection_id.to_owned(),
            object_kind: stored_object(draft.object),
            payload: serde_json::to_value(draft)?,
        })
        .await?;
    Ok(item.push_id)
}

/// Delivers outbox items through one connector.
pub struct OutboxWorker {
    store: Store,
    connector: Arc<dyn CrmConnector>,
    backoff: Backoff,
}

/// How long a failed item waits: `first`, doubling per attempt, at most `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Wait after the first failed attempt.
    pub first: Duration,
    /// Longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            first: Duration::from_secs(2),
            max: Duration::from_secs(15 * 60),
        }
    }
}

impl OutboxWorker {
    /// A worker over `store`'s outbox, delivering with `connector`.
    pub fn new(store: Store, connector: Arc<dyn CrmConnector>) -> Self {
        Self {
            store,
            connector,
            backoff: Backoff::default(),
        }
    }

    /// The same worker with another retry schedule.
    pub fn with_backoff(self, backoff: Backoff) -> Self {
        Self { backoff, ..self }
    }

    /// Settles what a previous run left in flight: found in the CRM by its push id →
    /// done; not found → due again now. Call once before draining.
    pub async fn repair(&self) -> Result<usize, StoreError> {
        let unsettled = self.store.reset_in_flight_on_startup().await?;
        let mut settled = 0;
        for item in &unsettled {
            let Ok(draft) = draft_of(item) else { continue };
            // Not found (or the CRM cannot say now): the normal retry delivers it.
            if let Ok(Some(record)) = self.connector.find_push(draft.object, &item.push_id).await {
                self.store
                    .mark_push_done(&item.push_id, Some(&record.record_id))
                    .await?;
                settled += 1;
            }
        }
        tracing::info!(unsettled = unsettled.len(), settled, "outbox repaired");
        Ok(settled)
    }

    /// Delivers every item that is due now, one at a time; returns when none is due.
    pub async fn drain(&self) -> Result<DrainReport, StoreError> {
        let mut report = DrainReport::default();
        if let Err(error) = self.connector.ensure_ready().await {
            tracing::warn!(%error, "the CRM is not ready for pushes; trying again later");
            return Ok(report);
        }
        while let Some(item) = self.store.claim_next_push().await? {
            match self.deliver(&item).await {
                Ok(record_id) => {
                    self.store
                        .mark_push_done(&item.push_id, Some(&record_id))
                        .await?;
                    report.done += 1;
                }
                Err(error) if error.is_retryable() => {
                    let wait = self.backoff.wait(item.attempts, &error);
                    self.store
                        .mark_push_retrying(
                            &item.push_id,
                            &error.to_string(),
                            UnixMs::now().plus(wait),
                        )
                        .await?;
                    report.retrying += 1;
                }
                Err(error) => {
                    self.store
                        .mark_push_needs_attention(&item.push_id, &error.to_string())
                        .await?;
                    report.needs_attention += 1;
                }
            }
        }
        Ok(report)
    }

    async fn deliver(&self, item: &PushItem) -> Result<String, CrmError> {
        let draft = draft_of(item).map_err(|error| {
            CrmError::new(
                CrmErrorKind::Permanent,
                format!("unreadable outbox item: {error}"),
            )
        })?;
        let request = PushRequest {
            push_id: item.push_id.clone(),
            entity: draft.entity,
            object: draft.object,
            fields: draft.fields,
            associations: draft.associations,
        };
        Ok(self.connector.push(&request).await?.record_id)
    }
}

fn draft_of(item: &PushItem) -> Result<PushDraft, serde_json::Error> {
    serde_json::from_value(item.payload.clone())
}

fn stored_object(object: PushObject) -> StoredObject {
    match object {
        PushObject::Note => StoredObject::Note,
        PushObject::Meeting => StoredObject::Meeting,
    }
}

impl Backoff {
    /// The wait after `attempts` attempts, or the CRM's own wait when it gave one.
    fn wait(self, attempts: u32, error: &CrmError) -> Duration {
        if let CrmErrorKind::RateLimited {
            retry_after: Some(wait),
        } = error.kind
        {
            return wait.min(self.max);
        }
        let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(16));
        self.first.saturating_mul(factor).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_a_cap_and_honours_the_crm() {
        let backoff = Backoff::default();
        let transient = CrmError::transient("503");
        assert_eq!(backoff.wait(1, &transient), Duration::from_secs(2));
        assert_eq!(backoff.wait(3, &transient), Duration::from_secs(8));
        assert_eq!(backoff.wait(40, &transient), backoff.max);
        let limited = CrmError::new(
            CrmErrorKind::RateLimited {
                retry_after: Some(Duration::from_secs(7)),
            },
            "429",
        );
        assert_eq!(backoff.wait(5, &limited), Duration::from_secs(7));
    }
}
