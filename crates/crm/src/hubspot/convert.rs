//! HubSpot records (`{id, properties: {...}}`) to Callbrief's model.

use callbrief_core::model::{Company, Contact, Deal, Note, Owner, ScheduledMeeting, Task};
use serde_json::Value;

use crate::sanitize::{plain_text, sanitize_html};
use crate::types::{ContextNote, Engagement, EngagementKind};

pub(crate) const COMPANY_PROPERTIES: &[&str] = &[
    "name",
    "domain",
    "industry",
    "phone",
    "numberofemployees",
    "hubspot_owner_id",
];
pub(crate) const CONTACT_PROPERTIES: &[&str] = &[
    "firstname",
    "lastname",
    "email",
    "phone",
    "jobtitle",
    "associatedcompanyid",
];
pub(crate) const DEAL_PROPERTIES: &[&str] = &[
    "dealname",
    "dealstage",
    "amount",
    "deal_currency_code",
    "closedate",
    "hs_next_step",
    "hubspot_owner_id",
    "hs_is_closed",
];
pub(crate) const NOTE_PROPERTIES: &[&str] = &["hs_note_body", "hs_timestamp"];
pub(crate) const TASK_PROPERTIES: &[&str] = &["hs_task_subject", "hs_timestamp", "hs_task_status"];
pub(crate) const MEETING_PROPERTIES: &[&str] = &[
    "hs_meeting_title",
    "hs_meeting_body",
    "hs_meeting_start_time",
    "hs_meeting_end_time",
    "hs_meeting_external_url",
    "hs_meeting_outcome",
    "hs_timestamp",
    "hubspot_owner_id",
];
pub(crate) const CALL_PROPERTIES: &[&str] = &[
    "hs_call_title",
    "hs_call_body",
    "hs_timestamp",
    "hs_call_disposition",
    "hs_call_status",
];

/// A non-empty property value as text.
pub(crate) fn prop(record: &Value, name: &str) -> Option<String> {
    match record.get("properties")?.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The record id.
pub(crate) fn id(record: &Value) -> String {
    super::paging::id_of(record.get("id")).unwrap_or_default()
}

pub(crate) fn company(record: &Value) -> Company {
    Company {
        id: id(record),
        name: prop(record, "name").unwrap_or_default(),
        domain: prop(record, "domain"),
        industry: prop(record, "industry"),
        phone: prop(record, "phone"),
        employees: prop(record, "numberofemployees").and_then(|n| {
            n.parse::<u32>()
                .ok()
                .or_else(|| n.parse::<f64>().ok().map(|f| f as u32))
        }),
        owner_id: prop(record, "hubspot_owner_id"),
    }
}

pub(crate) fn contact(record: &Value) -> Contact {
    Contact {
        id: id(record),
        first_name: prop(record, "firstname").unwrap_or_default(),
        last_name: prop(record, "lastname").unwrap_or_default(),
        email: prop(record, "email"),
        phone: prop(record, "phone"),
        title: prop(record, "jobtitle"),
        company_id: prop(record, "associatedcompanyid"),
    }
}

/// True unless the deal is won or lost.
pub(crate) fn deal_is_open(record: &Value) -> bool {
    if prop(record, "hs_is_closed").as_deref() == Some("true") {
        return false;
    }
    !matches!(
        prop(record, "dealstage").as_deref(),
        Some("closedwon" | "closedlost")
    )
}

pub(crate) fn deal(record: &Value, company_id: Option<&str>) -> Deal {
    Deal {
        id: id(record),
        name: prop(record, "dealname").unwrap_or_default(),
        stage: prop(record, "dealstage"),
        amount: prop(record, "amount").and_then(|a| a.parse().ok()),
        currency: prop(record, "deal_currency_code"),
        close_date: prop(record, "closedate"),
        next_step: prop(record, "hs_next_step"),
        company_id: company_id.map(str::to_owned),
        contact_ids: Vec::new(),
        owner_id: prop(record, "hubspot_owner_id"),
    }
}

pub(crate) fn note(record: &Value, company_id: Option<&str>) -> ContextNote {
    let raw = prop(record, "hs_note_body").unwrap_or_default();
    let body = sanitize_html(&raw);
    ContextNote {
        text: plain_text(&body),
        note: Note {
            id: id(record),
            body,
            timestamp: prop(record, "hs_timestamp"),
            company_id: company_id.map(str::to_owned),
            contact_ids: Vec::new(),
            deal_id: None,
        },
    }
}

/// True unless the task is completed.
pub(crate) fn task_is_open(record: &Value) -> bool {
    prop(record, "hs_task_status").as_deref() != Some("COMPLETED")
}

pub(crate) fn task(record: &Value, company_id: Option<&str>) -> Task {
    Task {
        id: id(record),
        subject: prop(record, "hs_task_subject").unwrap_or_default(),
        due: prop(record, "hs_timestamp"),
        status: Some(
            if task_is_open(record) {
                "open"
            } else {
                "completed"
            }
            .to_owned(),
        ),
        company_id: company_id.map(str::to_owned),
        contact_id: None,
        deal_id: None,
    }
}

pub(crate) fn engagement(record: &Value, kind: EngagementKind) -> Engagement {
    let (title, body, outcome, time) = match kind {
        EngagementKind::Meeting => (
            prop(record, "hs_meeting_title"),
            prop(record, "hs_meeting_body"),
            prop(record, "hs_meeting_outcome"),
            prop(record, "hs_meeting_start_time").or_else(|| prop(record, "hs_timestamp")),
        ),
        EngagementKind::Call => (
            prop(record, "hs_call_title"),
            prop(record, "hs_call_body"),
            prop(record, "hs_call_disposition").or_else(|| prop(record, "hs_call_status")),
            prop(record, "hs_timestamp"),
        ),
    };
    let body_html = sanitize_html(&body.unwrap_or_default());
    Engagement {
        id: id(record),
        kind,
        title,
        body_text: plain_text(&body_html),
        body_html,
        timestamp: time,
        outcome,
    }
}

pub(crate) fn meeting(record: &Value) -> ScheduledMeeting {
    ScheduledMeeting {
        id: id(record),
        title: prop(record, "hs_meeting_title").unwrap_or_default(),
        start: prop(record, "hs_meeting_start_time")
            .or_else(|| prop(record, "hs_timestamp"))
            .unwrap_or_default(),
        end: prop(record, "hs_meeting_end_time"),
        company_id: None,
        contact_ids: Vec::new(),
        deal_id: None,
        join_url: prop(record, "hs_meeting_external_url"),
        owner_id: prop(record, "hubspot_owner_id"),
    }
}

/// An owner from `/crm/v3/owners`.
pub(crate) fn owner(record: &Value) -> Owner {
    let text = |key: &str| {
        record
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let name = [text("firstName"), text("lastName")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let email = text("email");
    Owner {
        id: id(record),
        name: if name.is_empty() {
            email.clone().unwrap_or_default()
        } else {
            name
        },
        email,
    }
}

/// Sorts by a timestamp text, newest first (ISO 8601 and epoch-millisecond texts).
pub(crate) fn newest_first<T>(items: &mut [T], key: impl Fn(&T) -> Option<&str>) {
    items.sort_by_cached_key(|item| std::cmp::Reverse(sort_key(key(item))));
}

/// A comparable instant for an ISO 8601 / epoch-millisecond text (unknown sorts first).
pub(crate) fn sort_key(text: Option<&str>) -> i128 {
    let Some(text) = text else { return i128::MIN };
    if let Ok(millis) = text.parse::<i64>() {
        return i128::from(millis) * 1_000_000;
    }
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp_nanos())
        .unwrap_or(i128::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_records_and_sanitises_bodies() {
        let record = json!({"id": "5", "properties": {
            "hs_note_body": "<p>Hi<script>x()</script></p>", "hs_timestamp": "2026-11-02T09:00:00Z"}});
        let n = note(&record, Some("c1"));
        assert_eq!(n.note.body, "<p>Hi</p>");
        assert_eq!(n.text, "Hi");
        assert_eq!(n.note.company_id.as_deref(), Some("c1"));

        let c = company(
            &json!({"id": 7, "properties": {"name": "Acme", "numberofemployees": "250", "domain": ""}}),
        );
        assert_eq!(
            (c.id.as_str(), c.employees, c.domain),
            ("7", Some(250), None)
        );

        let o = owner(
            &json!({"id": "9", "firstName": "Li", "lastName": "Wei", "email": "li@x.example"}),
        );
        assert_eq!(o.name, "Li Wei");
    }

    #[test]
    fn open_deals_and_tasks() {
        assert!(deal_is_open(
            &json!({"properties": {"dealstage": "proposal"}})
        ));
        assert!(!deal_is_open(
            &json!({"properties": {"dealstage": "closedwon"}})
        ));
        assert!(!deal_is_open(
            &json!({"properties": {"dealstage": "x", "hs_is_closed": "true"}})
        ));
        assert!(task_is_open(
            &json!({"properties": {"hs_task_status": "NOT_STARTED"}})
        ));
        assert!(!task_is_open(
            &json!({"properties": {"hs_task_status": "COMPLETED"}})
        ));
    }

    #[test]
    fn sorts_newest_first_across_formats() {
        let mut items = vec![
            Some("2026-01-01T00:00:00Z"),
            None,
            Some("1798761600000"), // 2027-01-01
            Some("2026-06-01T00:00:00.000Z"),
        ];
        newest_first(&mut items, |i| *i);
        assert_eq!(
            items,
            vec![
                Some("1798761600000"),
                Some("2026-06-01T00:00:00.000Z"),
                Some("2026-01-01T00:00:00Z"),
                None
            ]
        );
    }
}
