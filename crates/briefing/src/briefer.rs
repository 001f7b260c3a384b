//! Builds briefings: from the cache at once, from the CRM on refresh.

use std::collections::BTreeSet;
use std::time::Duration;

use callbrief_accounts::{Accounts, CrmSession};
use callbrief_core::model::{CrmSnapshot, SNAPSHOT_FORMAT};
use callbrief_crm::{ContextOptions, CustomerContext, CustomerQuery};
use callbrief_store::{Page, Store, UnixMs};
use futures::StreamExt;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::BriefError;
use crate::view::{self, Briefing, Freshness, UpcomingCalls};

/// How long a cached briefing counts as current. Older copies are still shown, marked
/// stale, until a refresh succeeds.
pub const CACHE_TTL: Duration = Duration::from_secs(15 * 60);

/// How far ahead the calendar is read.
const UPCOMING_HORIZON: time::Duration = time::Duration::days(7);
/// Calls that started this long ago are still listed (a late joiner needs the briefing).
const UPCOMING_GRACE: time::Duration = time::Duration::minutes(30);
/// Calls within this window get their briefing prefetched, so it is ready offline.
const PREFETCH_WITHIN: time::Duration = time::Duration::hours(24);
/// Prefetches run at most this many at a time (the connector also rate-limits).
const PREFETCH_PARALLEL: usize = 3;
/// Page size for cached lists; a briefing shows far fewer.
const LIST_LIMIT: u32 = 50;
const NOTES_SHOWN: usize = 5;

/// Where the CRM session comes from.
#[derive(Clone)]
enum SessionSource {
    /// The account connected in the app (token from the keychain, looked up per call so a
    /// reconnect or disconnect takes effect at once).
    Accounts(Accounts),
    /// A session set up by the caller (headless use with a token from the environment).
    Fixed(CrmSession),
}

/// The briefing service over a CRM session and the local store.
#[derive(Clone)]
pub struct Briefer {
    source: SessionSource,
    store: Store,
}

impl Briefer {
    /// A briefer for the account in `accounts`, caching in `store`.
    pub fn new(accounts: Accounts, store: Store) -> Self {
        Self {
            source: SessionSource::Accounts(accounts),
            store,
        }
    }

    /// A briefer over an explicit session (the CLI), caching in `store` under the session's
    /// connection id.
    pub fn with_session(session: CrmSession, store: Store) -> Self {
        Self {
            source: SessionSource::Fixed(session),
            store,
        }
    }

    async fn current_session(&self) -> Result<Option<CrmSession>, BriefError> {
        match &self.source {
            SessionSource::Accounts(accounts) => Ok(accounts.session().await?),
            SessionSource::Fixed(session) => Ok(Some(session.clone())),
        }
    }

    async fn session(&self) -> Result<CrmSession, BriefError> {
        self.current_session()
            .await?
            .ok_or(BriefError::NotConnected)
    }

    /// The cached briefing of `company_id`, without touching the network. `invited`
    /// marks the contacts on the call.
    pub async fn cached(
        &self,
        company_id: &str,
        invited: &[String],
    ) -> Result<Option<Briefing>, BriefError> {
        let Some(session) = self.current_session().await.ok().flatten() else {
            return Ok(None);
        };
        let conn = session.connection_id.as_str();
        let Some(company) = self.store.company(conn, company_id).await? else {
            return Ok(None);
        };
        let page = Page {
            limit: LIST_LIMIT,
            offset: 0,
        };
        let contacts = self
            .store
            .contacts_of_company(conn, company_id, page)
            .await?
            .items;
        let deals = self
            .store
            .open_deals_of_company(conn, company_id, page)
            .await?
            .items;
        let notes = self
            .store
            .recent_notes_of_company(conn, company_id, page)
            .await?
            .items;
        let tasks = self
            .store
            .open_tasks_of_company(conn, company_id, page)
            .await?
            .items;

        let freshness = if company.is_fresh(CACHE_TTL, UnixMs::now()) {
            Freshness::Cached
        } else {
            Freshness::Stale
        };
        let mut contacts: Vec<_> = contacts
            .iter()
            .map(|c| view::contact(&c.record, invited))
            .collect();
        view::sort_contacts(&mut contacts);
        Ok(Some(Briefing {
            company: (&company.record).into(),
            contacts,
            deals: deals.iter().map(|d| (&d.record).into()).collect(),
            notes: notes
                .iter()
                .take(NOTES_SHOWN)
                .map(|n| (&n.record).into())
                .collect(),
            tasks: tasks.iter().map(|t| (&t.record).into()).collect(),
            freshness,
            fetched_at_ms: company.fetched_at.0,
        }))
    }

    /// Fetches the briefing of `company_id` from the CRM, caches it, and returns it.
    pub async fn refresh(
        &self,
        company_id: &str,
        invited: &[String],
    ) -> Result<Briefing, BriefError> {
        let session = self.session().await?;
        self.refresh_in(&session, company_id, invited).await
    }

    /// [`Self::refresh`] within a session the caller already holds (one keychain read for
    /// a whole calendar's prefetch, not one per customer).
    async fn refresh_in(
        &self,
        session: &CrmSession,
        company_id: &str,
        invited: &[String],
    ) -> Result<Briefing, BriefError> {
        let context = session
            .connector
            .customer_context(
                company_id,
                ContextOptions {
                    recent_notes: NOTES_SHOWN,
                    recent_engagements: 5,
                },
            )
            .await?;
        let fetched_at = UnixMs::now();
        self.store
            .upsert_snapshot(&session.connection_id, &snapshot_of(&context))
            .await?;
        Ok(briefing_of(&context, invited, fetched_at))
    }

    /// The cached calendar, without touching the network.
    pub async fn cached_upcoming(&self) -> Result<UpcomingCalls, BriefError> {
        let Some(session) = self.current_session().await.ok().flatten() else {
            return Ok(UpcomingCalls {
                calls: Vec::new(),
                freshness: Freshness::Stale,
                fetched_at_ms: 0,
            });
        };
        let from = rfc3339(OffsetDateTime::now_utc() - UPCOMING_GRACE);
        let cached = self
            .store
            .upcoming_crm_meetings(
                &session.connection_id,
                &from,
                Page {
                    limit: LIST_LIMIT,
                    offset: 0,
                },
            )
            .await?
            .items;
        let fetched_at = cached.iter().map(|m| m.fetched_at.0).min().unwrap_or(0);
        let freshness = match cached.first() {
            Some(m) if m.is_fresh(CACHE_TTL, UnixMs::now()) => Freshness::Cached,
            _ => Freshness::Stale,
        };
        let mut calls = Vec::with_capacity(cached.len());
        for meeting in &cached {
            let name = self
                .company_name(&session.connection_id, meeting.record.company_id.as_deref())
                .await?;
            calls.push(view::upcoming_call(&meeting.record, name));
        }
        Ok(UpcomingCalls {
            calls,
            freshness,
            fetched_at_ms: fetched_at,
        })
    }

    /// Reads the user's calendar from the CRM, caches it, and prefetches the briefings of
    /// the calls in the next 24 hours so they are ready (also offline).
    pub async fn refresh_upcoming(&self) -> Result<UpcomingCalls, BriefError> {
        let session = self.session().await?;
        let now = OffsetDateTime::now_utc();
        let meetings = session
            .connector
            .upcoming_meetings(now - UPCOMING_GRACE, now + UPCOMING_HORIZON)
            .await?;
        let snapshot = CrmSnapshot {
            format: SNAPSHOT_FORMAT.to_owned(),
            meetings: meetings.clone(),
            ..CrmSnapshot::default()
        };
        self.store
            .upsert_snapshot(&session.connection_id, &snapshot)
            .await?;

        let soon: BTreeSet<String> = meetings
            .iter()
            .filter(|m| starts_before(&m.start, now + PREFETCH_WITHIN))
            .filter_map(|m| m.company_id.clone())
            .collect();
        // The calendar is read every minute; a briefing fetched within the cache TTL is
        // current enough and is not fetched again (opening it still refreshes it).
        let mut stale = Vec::with_capacity(soon.len());
        for company_id in soon {
            let cached = self
                .store
                .company(&session.connection_id, &company_id)
                .await?;
            if !cached.is_some_and(|c| c.is_fresh(CACHE_TTL, UnixMs::now())) {
                stale.push(company_id);
            }
        }
        let session = &session;
        let prefetched: Vec<_> = futures::stream::iter(stale)
            .map(|company_id| async move {
                let outcome = self.refresh_in(session, &company_id, &[]).await;
                if let Err(error) = &outcome {
                    tracing::warn!(%company_id, %error, "briefing prefetch failed");
                }
                outcome
            })
            .buffer_unordered(PREFETCH_PARALLEL)
            .collect()
            .await;
        tracing::info!(
            calls = meetings.len(),
            prefetched = prefetched.iter().filter(|b| b.is_ok()).count(),
            "calendar refreshed"
        );

        let mut calls = Vec::with_capacity(meetings.len());
        for meeting in &meetings {
            let name = self
                .company_name(&session.connection_id, meeting.company_id.as_deref())
                .await?;
            calls.push(view::upcoming_call(meeting, name));
        }
        Ok(UpcomingCalls {
            calls,
            freshness: Freshness::Live,
            fetched_at_ms: UnixMs::now().0,
        })
    }

    /// Customers matching what the user typed: cached customers first (name fragments in
    /// any script, domains, contacts' emails; works offline), then the CRM's matches (an
    /// email finds the person's company, a domain or web address the company with that
    /// domain, anything else a name search). A CRM failure with cached hits still answers.
    pub async fn search(&self, query: &str) -> Result<Vec<view::BriefCompany>, BriefError> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let session = self.session().await?;
        let cached = self
            .store
            .find_cached_companies(
                &session.connection_id,
                query,
                Page {
                    limit: 20,
                    offset: 0,
                },
            )
            .await?
            .items;
        let mut seen = BTreeSet::new();
        let mut found: Vec<view::BriefCompany> = cached
            .iter()
            .filter(|c| seen.insert(c.record.id.clone()))
            .map(|c| (&c.record).into())
            .collect();
        match session
            .connector
            .find_customers(&customer_query(query))
            .await
        {
            Ok(matches) => found.extend(
                matches
                    .iter()
                    .filter_map(|m| m.company.as_ref())
                    .filter(|company| seen.insert(company.id.clone()))
                    .map(view::BriefCompany::from),
            ),
            Err(error) if found.is_empty() => return Err(error.into()),
            Err(error) => tracing::warn!(%error, "CRM search failed; showing cached matches"),
        }
        Ok(found)
    }

    async fn company_name(
        &self,
        connection_id: &str,
        company_id: Option<&str>,
    ) -> Result<Option<String>, BriefError> {
        let Some(id) = company_id else {
            return Ok(None);
        };
        Ok(self
            .store
            .company(connection_id, id)
            .await?
            .map(|c| c.record.name))
    }
}

/// The context as CRM snapshot records, for the cache.
fn snapshot_of(context: &CustomerContext) -> CrmSnapshot {
    CrmSnapshot {
        format: SNAPSHOT_FORMAT.to_owned(),
        companies: vec![context.company.clone()],
        contacts: context.contacts.clone(),
        deals: context.open_deals.clone(),
        notes: context
            .recent_notes
            .iter()
            .map(|n| n.note.clone())
            .collect(),
        tasks: context.open_tasks.clone(),
        ..CrmSnapshot::default()
    }
}

fn briefing_of(context: &CustomerContext, invited: &[String], fetched_at: UnixMs) -> Briefing {
    let mut contacts: Vec<_> = context
        .contacts
        .iter()
        .map(|c| view::contact(c, invited))
        .collect();
    view::sort_contacts(&mut contacts);
    let mut deals: Vec<view::BriefDeal> = context.open_deals.iter().map(Into::into).collect();
    deals.sort_by(|a, b| a.close_date.cmp(&b.close_date));
    let mut tasks: Vec<view::BriefTask> = context.open_tasks.iter().map(Into::into).collect();
    tasks.sort_by(|a, b| a.due.cmp(&b.due));
    Briefing {
        company: (&context.company).into(),
        contacts,
        deals,
        notes: context
            .recent_notes
            .iter()
            .take(NOTES_SHOWN)
            .map(|n| view::BriefNote {
                id: n.note.id.clone(),
                timestamp: n.note.timestamp.clone(),
                text: n.text.clone(),
            })
            .collect(),
        tasks,
        freshness: Freshness::Live,
        fetched_at_ms: fetched_at.0,
    }
}

fn customer_query(query: &str) -> CustomerQuery {
    let looks_like_domain =
        !query.contains(char::is_whitespace) && query.contains('.') && query.is_ascii();
    if query.contains('@') {
        CustomerQuery::Email(query.to_owned())
    } else if looks_like_domain {
        CustomerQuery::Domain(query.to_owned())
    } else {
        CustomerQuery::Name(query.to_owned())
    }
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn starts_before(start: &str, limit: OffsetDateTime) -> bool {
    OffsetDateTime::parse(start, &Rfc3339).is_ok_and(|at| at <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_read_as_email_domain_or_name() {
        assert_eq!(
            customer_query("anna.chen@acme.example"),
            CustomerQuery::Email("anna.chen@acme.example".into())
        );
        assert_eq!(
            customer_query("acme-robotics.example"),
            CustomerQuery::Domain("acme-robotics.example".into())
        );
        assert_eq!(
            customer_query("https://acme.example/about"),
            CustomerQuery::Domain("https://acme.example/about".into())
        );
        assert_eq!(
            customer_query("Acme Robotics"),
            CustomerQuery::Name("Acme Robotics".into())
        );
        assert_eq!(
            customer_query("星河机器人"),
            CustomerQuery::Name("星河机器人".into())
        );
    }
}
