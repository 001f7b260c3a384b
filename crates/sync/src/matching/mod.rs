//! Which CRM customer (and deal) a meeting was with.
//!
//! A customer id passed into the meeting beforehand (a meeting parameter) wins. Otherwise
//! each customer is scored from independent signals — participants' emails matching
//! contacts, their company domain (free-mail domains ignored), a CRM meeting scheduled
//! within ±15 minutes, the topic naming the customer or a deal, the identity map — and
//! the signals are combined as independent evidence (noisy-or). Linking automatically is
//! conservative: a wrong link is worse than asking, so only a strong, unambiguous best
//! candidate is linked without review. Meetings with nobody from outside the seller's own
//! domains are internal and never linked.

mod from_events;
mod names;
mod score;

use serde::Serialize;

pub use from_events::facts_from_events;
pub use score::match_meeting;

/// What is known about a meeting when it is matched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeetingFacts {
    /// The video platform's meeting id.
    pub provider_meeting_id: String,
    /// The meeting's topic, as the host typed it.
    pub topic: Option<String>,
    /// When it started (RFC 3339), or the first event's time.
    pub started_at: Option<String>,
    /// Everyone seen in the meeting.
    pub participants: Vec<Attendee>,
    /// A customer linked before the call (meeting parameter), and its deal.
    pub pre_linked: Option<(String, Option<String>)>,
}

/// A participant as the meeting saw them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attendee {
    /// Display name.
    pub name: String,
    /// Email, when the platform knows it.
    pub email: Option<String>,
    /// The platform's user id (for the identity map).
    pub provider_user_id: Option<String>,
}

/// A link the user confirmed earlier: this platform user is that CRM contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownIdentity {
    /// The platform's user id.
    pub provider_user_id: String,
    /// The CRM contact.
    pub contact_id: String,
}

/// What to do with the best candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Link without asking.
    Auto,
    /// Ask the user (review queue).
    Review,
    /// Nothing to link (internal meeting, or no plausible customer).
    None,
}

/// One possible link, with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// CRM customer id.
    pub company_id: String,
    /// CRM deal id, when one deal is indicated.
    pub deal_id: Option<String>,
    /// 0..1.
    pub confidence: f64,
    /// Human-readable reasons, strongest first.
    pub reasons: Vec<String>,
}

/// The matcher's answer for one meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchResult {
    /// The video platform's meeting id.
    pub provider_meeting_id: String,
    /// What to do.
    pub decision: Decision,
    /// Best first.
    pub candidates: Vec<Candidate>,
}
