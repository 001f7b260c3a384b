//! The HubSpot connector (CRM v3 objects, v4 associations, properties, owners,
//! account info, private-app token introspection).
//!
//! ```no_run
//! # async fn demo() -> Result<(), callbrief_crm::CrmError> {
//! use std::sync::Arc;
//! use callbrief_core::Secret;
//! use callbrief_crm::{CrmConnector, hubspot::{HubSpotConfig, HubSpotConnector}};
//!
//! let config = HubSpotConfig::new("https://api.example/", Secret::new("pat-…"));
//! let crm: Arc<dyn CrmConnector> = Arc::new(HubSpotConnector::new(config)?);
//! let me = crm.who_am_i().await?;
//! assert!(me.has_all_scopes(), "missing: {:?}", me.missing_scopes);
//! # Ok(()) }
//! ```

mod context;
mod convert;
mod errors;
mod http;
mod identity;
mod meetings;
mod paging;
mod properties;
mod push;
mod rate_limit;
mod search;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use async_trait::async_trait;
use callbrief_core::Secret;
use callbrief_core::model::ScheduledMeeting;
use time::OffsetDateTime;
use tokio::sync::OnceCell;

pub use http::RetryPolicy;

use crate::connector::CrmConnector;
use crate::error::CrmError;
use crate::mapping::FieldMapping;
use crate::types::{
    AccountIdentity, ContextOptions, CustomerContext, CustomerMatch, CustomerQuery, PropertyInfo,
    PushObject, PushOutcome, PushRequest, PushedRecord,
};

/// The least-privilege scopes Callbrief asks a HubSpot private app (or Service Key) for.
///
/// HubSpot covers activities (notes, meetings, calls, tasks) with the contacts scopes.
pub const REQUIRED_SCOPES: &[(&str, &str)] = &[
    (
        "crm.objects.contacts.read",
        "read contacts, and the notes, meetings, calls and tasks shown in a briefing",
    ),
    (
        "crm.objects.contacts.write",
        "create notes and logged meetings after a call and link them to records",
    ),
    (
        "crm.objects.companies.read",
        "find customers by domain or name and read their company record",
    ),
    (
        "crm.objects.deals.read",
        "show a customer's open deals and link pushed notes to a deal",
    ),
    (
        "crm.objects.owners.read",
        "resolve the signed-in user as a record owner (\"my upcoming meetings\")",
    ),
    (
        "crm.schemas.contacts.read",
        "list activity properties for the field mapping check",
    ),
    (
        "crm.schemas.contacts.write",
        "create the unique `callbrief_push_id` property on notes and meetings once",
    ),
];

/// The custom unique property that makes pushes idempotent.
pub const PUSH_ID_PROPERTY: &str = "callbrief_push_id";

/// How to reach and pace one HubSpot account.
#[derive(Debug, Clone)]
pub struct HubSpotConfig {
    /// API root, e.g. the vendor's API host or a sandbox's `http://127.0.0.1:PORT/hubspot`.
    pub base_url: String,
    /// Private app token / Service Key.
    pub token: Secret,
    /// Calls allowed per rolling ten seconds (HubSpot: 100 for most private apps).
    pub rate_limit_per_10s: u32,
    /// Search calls allowed per second (HubSpot: about 4–5).
    pub search_per_second: u32,
    /// Retry behaviour of safe calls and pushes.
    pub retry: RetryPolicy,
    /// Time limit of one HTTP request.
    pub request_timeout: Duration,
    /// Time limit of establishing a connection.
    pub connect_timeout: Duration,
    /// Requests in flight at once across all operations of this connector.
    pub max_in_flight: usize,
    /// Field mapping used by pushes (defaults to the built-in HubSpot mapping).
    pub mapping: Arc<FieldMapping>,
}

impl HubSpotConfig {
    /// Defaults sized from HubSpot's documented limits.
    pub fn new(base_url: impl Into<String>, token: Secret) -> Self {
        Self {
            base_url: base_url.into(),
            token,
            rate_limit_per_10s: 100,
            search_per_second: 4,
            retry: RetryPolicy::default(),
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_in_flight: 8,
            mapping: Arc::new(FieldMapping::hubspot_default()),
        }
    }
}

/// Request counters of a connector (diagnostics, tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConnectorStats {
    /// HTTP requests sent.
    pub requests: u64,
    /// Retries of safe calls and of creates after a look-up.
    pub retries: u64,
    /// Creates whose outcome was unknown (connection lost, timeout, 5xx) and were
    /// resolved by looking the push id up.
    pub uncertain_writes: u64,
}

/// A connection to one HubSpot account.
pub struct HubSpotConnector {
    http: http::Http,
    mapping: Arc<FieldMapping>,
    ready: OnceCell<()>,
    owner_id: OnceCell<Option<String>>,
    uncertain_writes: std::sync::atomic::AtomicU64,
}

impl HubSpotConnector {
    /// Builds the connector; no network call happens here.
    pub fn new(config: HubSpotConfig) -> Result<Self, CrmError> {
        if config.token.is_blank() {
            return Err(CrmError::validation(
                Some("token".into()),
                "the HubSpot token is empty",
            ));
        }
        let http = http::Http::new(
            &config.base_url,
            config.token,
            rate_limit::RateLimits::new(config.rate_limit_per_10s, config.search_per_second),
            config.retry,
            config.request_timeout,
            config.connect_timeout,
            config.max_in_flight,
        )?;
        Ok(Self {
            http,
            mapping: config.mapping,
            ready: OnceCell::new(),
            owner_id: OnceCell::new(),
            uncertain_writes: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// Request counters so far.
    pub fn stats(&self) -> ConnectorStats {
        ConnectorStats {
            requests: self.http.counters.requests.load(Ordering::Relaxed),
            retries: self.http.counters.retries.load(Ordering::Relaxed),
            uncertain_writes: self.uncertain_writes.load(Ordering::Relaxed),
        }
    }

    /// The field mapping pushes use.
    pub fn mapping(&self) -> &FieldMapping {
        &self.mapping
    }

    /// The signed-in user's owner id, looked up once.
    async fn my_owner_id(&self) -> Result<Option<String>, CrmError> {
        self.owner_id
            .get_or_try_init(|| async {
                let identity = self.who_am_i().await?;
                Ok::<_, CrmError>(identity.owner.map(|o| o.id))
            })
            .await
            .cloned()
    }
}

/// The HubSpot object type name of a push object.
pub(crate) fn object_name(object: PushObject) -> &'static str {
    match object {
        PushObject::Note => "notes",
        PushObject::Meeting => "meetings",
    }
}

#[async_trait]
impl CrmConnector for HubSpotConnector {
    fn vendor(&self) -> &'static str {
        "hubspot"
    }

    async fn who_am_i(&self) -> Result<AccountIdentity, CrmError> {
        identity::who_am_i(&self.http).await
    }

    async fn ensure_ready(&self) -> Result<(), CrmError> {
        self.ready
            .get_or_try_init(|| async {
                for object in [PushObject::Note, PushObject::Meeting] {
                    properties::ensure_push_id_property(&self.http, object_name(object)).await?;
                }
                Ok::<_, CrmError>(())
            })
            .await
            .map(|_| ())
    }

    async fn find_customers(&self, query: &CustomerQuery) -> Result<Vec<CustomerMatch>, CrmError> {
        search::find_customers(&self.http, query).await
    }

    async fn customer_context(
        &self,
        company_id: &str,
        options: ContextOptions,
    ) -> Result<CustomerContext, CrmError> {
        context::customer_context(&self.http, company_id, options).await
    }

    async fn upcoming_meetings(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<ScheduledMeeting>, CrmError> {
        let Some(owner_id) = self.my_owner_id().await? else {
            return Err(CrmError::new(
                crate::error::CrmErrorKind::NotFound,
                "the signed-in HubSpot user is not a record owner",
            ));
        };
        meetings::upcoming(&self.http, &owner_id, from, to).await
    }

    async fn push(&self, request: &PushRequest) -> Result<PushOutcome, CrmError> {
        self.ensure_ready().await?;
        push::push(&self.http, &self.mapping, request, &self.uncertain_writes).await
    }

    async fn find_push(
        &self,
        object: PushObject,
        push_id: &str,
    ) -> Result<Option<PushedRecord>, CrmError> {
        push::find(&self.http, object, push_id, &[]).await
    }

    async fn list_properties(&self, object: &str) -> Result<Vec<PropertyInfo>, CrmError> {
        properties::list(&self.http, object).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connector_is_object_safe_and_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<HubSpotConnector>();
        let connector = HubSpotConnector::new(HubSpotConfig::new(
            "http://127.0.0.1:9/hubspot",
            Secret::new("t"),
        ))
        .unwrap();
        let shared: Arc<dyn CrmConnector> = Arc::new(connector);
        assert_eq!(shared.vendor(), "hubspot");
    }

    #[test]
    fn blank_tokens_are_rejected_and_never_printed() {
        let error = HubSpotConnector::new(HubSpotConfig::new("http://x/", Secret::new(" ")))
            .err()
            .unwrap();
        assert!(matches!(
            error.kind,
            crate::error::CrmErrorKind::Validation { .. }
        ));
        let config = HubSpotConfig::new("http://x/", Secret::new("pat-secret-123"));
        assert!(!format!("{config:?}").contains("pat-secret-123"));
    }

    #[test]
    fn required_scopes_have_reasons_and_no_duplicates() {
        let mut names: Vec<&str> = REQUIRED_SCOPES.iter().map(|(s, _)| *s).collect();
        assert!(REQUIRED_SCOPES.iter().all(|(_, why)| !why.is_empty()));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REQUIRED_SCOPES.len());
    }
}
