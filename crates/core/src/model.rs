//! Vendor-neutral records.
//!
//! The CRM-side records (`Owner` … `ScheduledMeeting`) have exactly the shape of the CRM
//! snapshot format (`callbrief-crm-snapshot/1`, see the README): the same types serve as
//! sandbox seed, `match` input and the local cache. Ids are the CRM's own ids as strings.
//! Dates are ISO 8601 strings as the CRMs send them (`2026-11-30`, `2026-11-25T06:00:00Z`).
//!
//! [`Meeting`] and [`Participant`] are Callbrief's own records of a call seen through the
//! meeting hook.

use serde::{Deserialize, Serialize};

/// The format tag of a CRM snapshot file.
pub const SNAPSHOT_FORMAT: &str = "callbrief-crm-snapshot/1";

/// A CRM user who owns records (the salesperson).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Owner {
    /// CRM id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Login email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A customer organisation (HubSpot company, Salesforce Account, Pipedrive organization).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Company {
    /// CRM id.
    pub id: String,
    /// Name as the CRM spells it.
    pub name: String,
    /// Primary web domain, without scheme (`acme-robotics.example`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Industry label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Switchboard phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Number of employees, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employees: Option<u32>,
    /// Owning salesperson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
}

/// A person at a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// CRM id.
    pub id: String,
    /// Given name.
    #[serde(default)]
    pub first_name: String,
    /// Family name.
    #[serde(default)]
    pub last_name: String,
    /// Work email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Employer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
}

impl Contact {
    /// "First Last", or whichever part is known. Chinese names are usually stored family
    /// name first by the user, so no reordering is attempted.
    pub fn display_name(&self) -> String {
        match (self.first_name.trim(), self.last_name.trim()) {
            ("", last) => last.to_owned(),
            (first, "") => first.to_owned(),
            (first, last) => format!("{first} {last}"),
        }
    }
}

/// An opportunity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    /// CRM id.
    pub id: String,
    /// Deal name.
    pub name: String,
    /// Pipeline stage id or label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Amount in `currency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// ISO 4217 code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Expected close date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_date: Option<String>,
    /// What the salesperson plans to do next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
    /// Customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// Contacts on the deal.
    #[serde(default)]
    pub contact_ids: Vec<String>,
    /// Owning salesperson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
}

/// A note on a customer, contact or deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// CRM id.
    pub id: String,
    /// Body text (CRM HTML is sanitised before it is stored).
    #[serde(default)]
    pub body: String,
    /// When the note was taken (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// Contacts the note is about.
    #[serde(default)]
    pub contact_ids: Vec<String>,
    /// Deal the note is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<String>,
}

/// A to-do on a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// CRM id.
    pub id: String,
    /// What to do.
    pub subject: String,
    /// Due date (`YYYY-MM-DD` or RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// `open` or `completed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// Contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// Deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<String>,
}

/// A meeting scheduled in the CRM (HubSpot meeting, Salesforce Event, Pipedrive activity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledMeeting {
    /// CRM id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Start (RFC 3339).
    pub start: String,
    /// End (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// Invited contacts.
    #[serde(default)]
    pub contact_ids: Vec<String>,
    /// Deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<String>,
    /// Video link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_url: Option<String>,
    /// Owning salesperson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
}

/// A whole CRM's worth of records in the vendor-neutral snapshot format.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CrmSnapshot {
    /// Always [`SNAPSHOT_FORMAT`].
    pub format: String,
    /// Salespeople.
    pub owners: Vec<Owner>,
    /// Customers.
    pub companies: Vec<Company>,
    /// People.
    pub contacts: Vec<Contact>,
    /// Opportunities.
    pub deals: Vec<Deal>,
    /// Notes.
    pub notes: Vec<Note>,
    /// To-dos.
    pub tasks: Vec<Task>,
    /// Scheduled meetings.
    pub meetings: Vec<ScheduledMeeting>,
}

/// Callbrief's record of one call, as seen through the meeting hook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    /// Local id (UUID v7 text).
    pub id: String,
    /// Video platform (`zoom`, `livekit`, …).
    pub provider: String,
    /// The platform's meeting id.
    pub provider_meeting_id: String,
    /// The platform's id of this occurrence (Zoom uuid), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Topic as the platform shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Join link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_url: Option<String>,
    /// When it started (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// When it ended (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// The CRM customer this call is linked to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crm_company_id: Option<String>,
    /// The CRM deal this call is linked to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crm_deal_id: Option<String>,
}

/// Someone who was in a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Participant {
    /// The platform's user id.
    pub provider_user_id: String,
    /// Display name.
    pub name: String,
    /// Email, when the platform shares it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `host`, `attendee`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interfaces_example_snapshot_parses_and_ignores_unknown_keys() {
        let json = r#"{
          "format": "callbrief-crm-snapshot/1",
          "owners": [{"id": "u1", "name": "Li Wei", "email": "li.wei@seller.example"}],
          "companies": [{"id": "c1", "name": "Acme Robotics", "domain": "acme-robotics.example",
                         "industry": "manufacturing", "phone": "+86 21 5555 0101", "owner_id": "u1",
                         "future": true}],
          "contacts": [{"id": "p1", "first_name": "Anna", "last_name": "Chen",
                        "email": "anna.chen@acme-robotics.example", "title": "CTO", "company_id": "c1"}],
          "deals": [{"id": "d1", "name": "Acme – 200 seats", "stage": "proposal", "amount": 120000,
                     "currency": "CNY", "close_date": "2026-12-20", "company_id": "c1",
                     "contact_ids": ["p1"], "owner_id": "u1"}],
          "notes": [{"id": "n1", "body": "…", "timestamp": "2026-11-02T09:00:00Z", "company_id": "c1"}],
          "tasks": [{"id": "t1", "subject": "Send pricing", "due": "2026-11-30", "status": "open"}],
          "meetings": [{"id": "m1", "title": "Acme pricing review", "start": "2026-11-25T06:00:00Z"}]
        }"#;
        let snapshot: CrmSnapshot = serde_json::from_str(json).unwrap();
        assert_eq!(snapshot.format, SNAPSHOT_FORMAT);
        assert_eq!(snapshot.deals[0].amount, Some(120000.0));
        assert_eq!(snapshot.contacts[0].display_name(), "Anna Chen");
        assert_eq!(snapshot.meetings[0].end, None);
    }

    #[test]
    fn display_name_uses_whatever_part_is_known() {
        let mut contact: Contact =
            serde_json::from_str(r#"{"id":"p","last_name":"王芳"}"#).unwrap();
        assert_eq!(contact.display_name(), "王芳");
        contact.first_name = "Fang".into();
        contact.last_name.clear();
        assert_eq!(contact.display_name(), "Fang");
    }
}
