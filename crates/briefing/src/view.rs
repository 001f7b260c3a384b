//! What the briefing panel shows: small, display-ready records (camelCase for the UI).

use callbrief_core::model::{Company, Contact, Deal, Note, ScheduledMeeting, Task};
use callbrief_crm::sanitize::plain_text;
use serde::Serialize;

/// How current a briefing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Freshness {
    /// Fetched from the CRM just now.
    Live,
    /// From the local cache, younger than the cache TTL.
    Cached,
    /// From the local cache, older than the TTL (shown until a refresh succeeds).
    Stale,
}

/// The customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BriefCompany {
    /// CRM id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Web domain.
    pub domain: Option<String>,
    /// Industry as the CRM labels it.
    pub industry: Option<String>,
    /// Number of employees.
    pub employees: Option<u32>,
    /// Main phone number.
    pub phone: Option<String>,
    /// Owning salesperson's CRM id.
    pub owner_id: Option<String>,
}

/// A person at the customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BriefContact {
    /// CRM id.
    pub id: String,
    /// Full name as the CRM has it.
    pub name: String,
    /// Job title.
    pub title: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Invited to the call this briefing is for.
    pub in_meeting: bool,
}

/// An open deal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BriefDeal {
    /// CRM id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Pipeline stage as the CRM names it.
    pub stage: Option<String>,
    /// Amount in `currency`.
    pub amount: Option<f64>,
    /// ISO currency code.
    pub currency: Option<String>,
    /// Expected close date.
    pub close_date: Option<String>,
    /// The agreed next step.
    pub next_step: Option<String>,
}

/// A recent note as readable text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BriefNote {
    /// CRM id.
    pub id: String,
    /// When it was written (RFC 3339).
    pub timestamp: Option<String>,
    /// The note as plain text (the CRM's HTML, sanitised, then flattened).
    pub text: String,
}

/// An open task.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BriefTask {
    /// CRM id.
    pub id: String,
    /// What to do.
    pub subject: String,
    /// Due date.
    pub due: Option<String>,
}

/// Everything the panel shows about one customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Briefing {
    /// The customer.
    pub company: BriefCompany,
    /// Its contacts, the call's invitees first.
    pub contacts: Vec<BriefContact>,
    /// Open deals, soonest close first.
    pub deals: Vec<BriefDeal>,
    /// Most recent notes first.
    pub notes: Vec<BriefNote>,
    /// Open tasks, soonest due first.
    pub tasks: Vec<BriefTask>,
    /// How current this is.
    pub freshness: Freshness,
    /// When the data was fetched from the CRM (ms since the Unix epoch).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    // Exported as a plain TS `number` (specta refuses i64): milliseconds stay exact below 2^53.
    pub fetched_at_ms: i64,
}

/// A call on the user's calendar in the CRM.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UpcomingCall {
    /// CRM id of the meeting.
    pub id: String,
    /// Title.
    pub title: String,
    /// Start (RFC 3339).
    pub start: String,
    /// End (RFC 3339).
    pub end: Option<String>,
    /// The customer's CRM id, when the meeting is linked to one.
    pub company_id: Option<String>,
    /// The customer's name, when it is cached.
    pub company_name: Option<String>,
    /// Invited contacts' CRM ids.
    pub contact_ids: Vec<String>,
    /// Video link.
    pub join_url: Option<String>,
}

/// The user's upcoming calls and how current the list is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UpcomingCalls {
    /// Soonest first.
    pub calls: Vec<UpcomingCall>,
    /// How current the list is.
    pub freshness: Freshness,
    /// When it was fetched from the CRM (ms since the Unix epoch); 0 when never.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    // Exported as a plain TS `number` (specta refuses i64): milliseconds stay exact below 2^53.
    pub fetched_at_ms: i64,
}

impl From<&Company> for BriefCompany {
    fn from(company: &Company) -> Self {
        Self {
            id: company.id.clone(),
            name: company.name.clone(),
            domain: company.domain.clone(),
            industry: company.industry.clone(),
            employees: company.employees,
            phone: company.phone.clone(),
            owner_id: company.owner_id.clone(),
        }
    }
}

pub(crate) fn contact(contact: &Contact, invited: &[String]) -> BriefContact {
    BriefContact {
        id: contact.id.clone(),
        name: person_name(contact),
        title: contact.title.clone(),
        email: contact.email.clone(),
        phone: contact.phone.clone(),
        in_meeting: invited.contains(&contact.id),
    }
}

impl From<&Deal> for BriefDeal {
    fn from(deal: &Deal) -> Self {
        Self {
            id: deal.id.clone(),
            name: deal.name.clone(),
            stage: deal.stage.clone(),
            amount: deal.amount,
            currency: deal.currency.clone(),
            close_date: deal.close_date.clone(),
            next_step: deal.next_step.clone(),
        }
    }
}

impl From<&Note> for BriefNote {
    fn from(note: &Note) -> Self {
        Self {
            id: note.id.clone(),
            timestamp: note.timestamp.clone(),
            // Bodies are cached as sanitised HTML; the panel shows text only.
            text: plain_text(&note.body),
        }
    }
}

impl From<&Task> for BriefTask {
    fn from(task: &Task) -> Self {
        Self {
            id: task.id.clone(),
            subject: task.subject.clone(),
            due: task.due.clone(),
        }
    }
}

pub(crate) fn upcoming_call(
    meeting: &ScheduledMeeting,
    company_name: Option<String>,
) -> UpcomingCall {
    UpcomingCall {
        id: meeting.id.clone(),
        title: meeting.title.clone(),
        start: meeting.start.clone(),
        end: meeting.end.clone(),
        company_id: meeting.company_id.clone(),
        company_name,
        contact_ids: meeting.contact_ids.clone(),
        join_url: meeting.join_url.clone(),
    }
}

/// "First Last"; Chinese names as family name then given name, without a space (王建国).
fn person_name(contact: &Contact) -> String {
    let (first, last) = (contact.first_name.trim(), contact.last_name.trim());
    let is_cjk =
        |s: &str| !s.is_empty() && s.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if is_cjk(first) && is_cjk(last) {
        format!("{last}{first}")
    } else {
        contact.display_name()
    }
}

/// Invitees first, then by name, so the people on the call are at the top.
pub(crate) fn sort_contacts(contacts: &mut [BriefContact]) {
    contacts.sort_by(|a, b| {
        b.in_meeting
            .cmp(&a.in_meeting)
            .then_with(|| a.name.cmp(&b.name))
    });
}
