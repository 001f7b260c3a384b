//! Vendor-neutral types the [`CrmConnector`](crate::CrmConnector) speaks beyond the core
//! model: identities, search matches, customer context, pushes and property metadata.

use std::collections::BTreeMap;

use callbrief_core::model::{Company, Contact, Deal, Note, Task};
use serde::{Deserialize, Serialize};

/// Who the connection is signed in as, and what it may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountIdentity {
    /// The CRM account (HubSpot portal / hub id).
    pub portal_id: String,
    /// The account's display name or UI domain, when the CRM shares one.
    pub account_name: Option<String>,
    /// The CRM user id behind the token.
    pub user_id: Option<String>,
    /// The signed-in user as a record owner (for "my meetings").
    pub owner: Option<callbrief_core::model::Owner>,
    /// Scopes the token carries.
    pub granted_scopes: Vec<String>,
    /// Scopes Callbrief needs that the token lacks (empty when all is well).
    pub missing_scopes: Vec<String>,
}

impl AccountIdentity {
    /// True when every required scope is granted.
    pub fn has_all_scopes(&self) -> bool {
        self.missing_scopes.is_empty()
    }
}

/// How to look for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CustomerQuery {
    /// A participant's email address: exact contact match.
    Email(String),
    /// A web domain (`acme.example`, also accepts an email or URL and keeps the host).
    Domain(String),
    /// A company name: prefix/token match as the CRM's search offers it.
    Name(String),
}

/// One customer candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerMatch {
    /// The company; `None` when a matching contact has no company.
    pub company: Option<Company>,
    /// The contacts that matched the query (empty for domain/name matches).
    pub matched_contacts: Vec<Contact>,
}

/// Kinds of logged activity shown in a briefing besides notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EngagementKind {
    /// A meeting.
    Meeting,
    /// A phone call.
    Call,
}

/// A logged meeting or call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Engagement {
    /// CRM id.
    pub id: String,
    /// Meeting or call.
    pub kind: EngagementKind,
    /// Title.
    pub title: Option<String>,
    /// Body as sanitised HTML.
    pub body_html: String,
    /// Body as plain text (for previews).
    pub body_text: String,
    /// When it happened (RFC 3339).
    pub timestamp: Option<String>,
    /// Outcome / disposition as the CRM labels it.
    pub outcome: Option<String>,
}

/// A note with a plain-text preview of its (sanitised) HTML body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextNote {
    /// The note; `body` is sanitised HTML.
    pub note: Note,
    /// The body as plain text.
    pub text: String,
}

/// Limits for [`CrmConnector::customer_context`](crate::CrmConnector::customer_context).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextOptions {
    /// How many most recent notes to return.
    pub recent_notes: usize,
    /// How many most recent meetings and calls to return.
    pub recent_engagements: usize,
}

impl Default for ContextOptions {
    fn default() -> Self {
        Self {
            recent_notes: 20,
            recent_engagements: 20,
        }
    }
}

/// Everything a briefing shows about one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerContext {
    /// The customer.
    pub company: Company,
    /// All its contacts.
    pub contacts: Vec<Contact>,
    /// Deals not yet won or lost.
    pub open_deals: Vec<Deal>,
    /// Most recent notes first.
    pub recent_notes: Vec<ContextNote>,
    /// Most recent meetings and calls first.
    pub recent_engagements: Vec<Engagement>,
    /// Tasks not completed.
    pub open_tasks: Vec<Task>,
}

/// The kind of CRM record a push writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushObject {
    /// A note on the timeline.
    Note,
    /// A logged meeting.
    Meeting,
}

/// Records a pushed activity is linked to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAssociations {
    /// Customer.
    pub company_id: Option<String>,
    /// Contacts.
    pub contact_ids: Vec<String>,
    /// Deal.
    pub deal_id: Option<String>,
}

/// One write to the CRM, identified by Callbrief's `push_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    /// Local id (UUID v7 text) of this push; the same id is never written twice.
    pub push_id: String,
    /// The use the record serves (`sales_call`, `recruiting_interview`, …), selecting the
    /// field mapping.
    pub entity: String,
    /// What to write.
    pub object: PushObject,
    /// Callbrief field name → value (`title`, `body_html`, `started_at`, …).
    pub fields: BTreeMap<String, String>,
    /// What to link it to.
    pub associations: PushAssociations,
}

/// What a push did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// A new record was written.
    Created,
    /// The record was already there with the same content; nothing was written.
    AlreadyExisted,
    /// The record was there with different content and was updated.
    Updated,
}

/// The result of a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushOutcome {
    /// The CRM's id of the record.
    pub record_id: String,
    /// What was written.
    pub object: PushObject,
    /// Created, already there, or updated.
    pub status: PushStatus,
}

/// A record found by its `push_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushedRecord {
    /// The CRM's id.
    pub record_id: String,
    /// Its kind.
    pub object: PushObject,
    /// Its properties as the CRM returned them.
    pub properties: BTreeMap<String, String>,
    /// Its links.
    pub associations: PushAssociations,
}

/// The value type of a CRM property, as far as mapping validation needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PropertyType {
    /// Free text (single or multi line, HTML).
    String,
    /// A number.
    Number,
    /// A date without time.
    Date,
    /// A point in time.
    DateTime,
    /// A boolean.
    Bool,
    /// One or more values from a fixed list.
    Enumeration,
    /// Anything else the CRM defines.
    Other,
}

/// Metadata of one CRM property (for field mapping).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PropertyInfo {
    /// Internal name.
    pub name: String,
    /// Label shown in the CRM.
    pub label: String,
    /// Value type.
    pub property_type: PropertyType,
    /// The CRM's own type and field type (`string/html`, `datetime/date`, …).
    pub vendor_type: String,
    /// True when a value can not be written through the API (read-only or calculated).
    pub read_only: bool,
    /// True when values must be unique across records.
    pub unique: bool,
    /// Allowed values for enumerations.
    pub options: Vec<String>,
}
