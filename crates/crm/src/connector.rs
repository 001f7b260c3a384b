//! The vendor-independent connector interface.

use async_trait::async_trait;
use callbrief_core::model::ScheduledMeeting;
use time::OffsetDateTime;

use crate::error::CrmError;
use crate::types::{
    AccountIdentity, ContextOptions, CustomerContext, CustomerMatch, CustomerQuery, PropertyInfo,
    PushObject, PushOutcome, PushRequest, PushedRecord,
};

/// A connection to one CRM account. Object safe: hold it as `Arc<dyn CrmConnector>`.
#[async_trait]
pub trait CrmConnector: Send + Sync {
    /// Short vendor name (`hubspot`).
    fn vendor(&self) -> &'static str;

    /// Who the token belongs to and which scopes it carries; `missing_scopes` lists what
    /// Callbrief needs but lacks. Fails with `Auth` when the token is not accepted.
    async fn who_am_i(&self) -> Result<AccountIdentity, CrmError>;

    /// One-time setup before the first push (HubSpot: the unique `callbrief_push_id`
    /// property on notes and meetings). Safe to call repeatedly.
    async fn ensure_ready(&self) -> Result<(), CrmError>;

    /// Customer candidates for an email, domain or name.
    async fn find_customers(&self, query: &CustomerQuery) -> Result<Vec<CustomerMatch>, CrmError>;

    /// Company, contacts, open deals, recent notes, meetings and calls, open tasks.
    async fn customer_context(
        &self,
        company_id: &str,
        options: ContextOptions,
    ) -> Result<CustomerContext, CrmError>;

    /// Meetings owned by the signed-in user that start within `[from, to)`, earliest first.
    async fn upcoming_meetings(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<ScheduledMeeting>, CrmError>;

    /// Writes (or finds, or updates) the record for `request.push_id`. Idempotent: the
    /// same `push_id` never produces a second record.
    async fn push(&self, request: &PushRequest) -> Result<PushOutcome, CrmError>;

    /// The record an earlier push wrote, if any (a consistent read, never a search).
    async fn find_push(
        &self,
        object: PushObject,
        push_id: &str,
    ) -> Result<Option<PushedRecord>, CrmError>;

    /// The properties of a CRM object type (`notes`, `meetings`, `tickets`, …).
    async fn list_properties(&self, object: &str) -> Result<Vec<PropertyInfo>, CrmError>;
}
