//! Meeting facts from meeting-event v1 JSON (the hook's stored events, or a JSONL file).

use serde_json::Value;

use super::{Attendee, MeetingFacts};

/// Groups events by `meeting.provider_meeting_id`, in order of first appearance, and
/// collects what matching needs: topic, start (the `meeting.started` event, else the
/// earliest event), participants (deduplicated by email, else by name) and a customer
/// linked before the call (`crm.association = "pre"`).
pub fn facts_from_events(events: &[Value]) -> Result<Vec<MeetingFacts>, String> {
    let mut meetings: Vec<MeetingFacts> = Vec::new();
    let mut earliest: Vec<Option<String>> = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let meeting_id = event
            .pointer("/meeting/provider_meeting_id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                format!(
                    "event {}: meeting.provider_meeting_id is missing",
                    index + 1
                )
            })?;
        let at = match meetings
            .iter()
            .position(|m| m.provider_meeting_id == meeting_id)
        {
            Some(at) => at,
            None => {
                meetings.push(MeetingFacts {
                    provider_meeting_id: meeting_id.to_owned(),
                    ..MeetingFacts::default()
                });
                earliest.push(None);
                meetings.len() - 1
            }
        };
        let facts = &mut meetings[at];
        if facts.topic.is_none() {
            facts.topic = event
                .pointer("/meeting/topic")
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        let occurred = event
            .get("occurred_at")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(occurred) = &occurred
            && earliest[at].as_ref().is_none_or(|e| occurred < e)
        {
            earliest[at] = Some(occurred.clone());
        }
        match event.get("kind").and_then(Value::as_str) {
            Some("meeting.started") => facts.started_at = occurred,
            Some("participant.joined") => {
                if let Some(person) = event.pointer("/payload/participant") {
                    add_attendee(facts, person);
                }
            }
            _ => {}
        }
        if let Some(crm) = event
            .get("crm")
            .filter(|c| c.get("association").and_then(Value::as_str) == Some("pre"))
            && let Some(customer) = crm.get("customer_id").and_then(Value::as_str)
        {
            let deal = crm
                .get("deal_id")
                .and_then(Value::as_str)
                .map(str::to_owned);
            facts.pre_linked = Some((customer.to_owned(), deal));
        }
    }
    for (facts, first) in meetings.iter_mut().zip(earliest) {
        if facts.started_at.is_none() {
            facts.started_at = first;
        }
    }
    Ok(meetings)
}

fn add_attendee(facts: &mut MeetingFacts, person: &Value) {
    let text = |key: &str| {
        person
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let attendee = Attendee {
        name: text("name").unwrap_or_default(),
        email: text("email"),
        provider_user_id: text("provider_user_id"),
    };
    let same = |other: &Attendee| match (&attendee.email, &other.email) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => {
            attendee.provider_user_id.is_some()
                && attendee.provider_user_id == other.provider_user_id
        }
    };
    if !facts.participants.iter().any(same) {
        facts.participants.push(attendee);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn groups_meetings_and_collects_what_matching_needs() {
        let joined = |meeting: &str, email: &str, at: &str| {
            json!({"kind": "participant.joined", "meeting": {"provider_meeting_id": meeting, "topic": "Pricing"},
                   "occurred_at": at, "payload": {"participant": {"provider_user_id": email, "name": "X", "email": email}}})
        };
        let events = vec![
            joined("m2", "a@x.example", "2026-11-25T06:05:00Z"),
            joined("m1", "b@y.example", "2026-11-25T07:00:00Z"),
            joined("m2", "A@x.example", "2026-11-25T06:01:00Z"),
            json!({"kind": "chat.message", "meeting": {"provider_meeting_id": "m1"}, "occurred_at": "2026-11-25T06:59:00Z",
                   "crm": {"customer_id": "c9", "deal_id": null, "association": "pre"}}),
        ];
        let facts = facts_from_events(&events).unwrap();
        assert_eq!(
            facts
                .iter()
                .map(|f| f.provider_meeting_id.as_str())
                .collect::<Vec<_>>(),
            ["m2", "m1"]
        );
        assert_eq!(
            facts[0].participants.len(),
            1,
            "same email twice is one person"
        );
        assert_eq!(facts[0].started_at.as_deref(), Some("2026-11-25T06:01:00Z"));
        assert_eq!(facts[1].pre_linked, Some(("c9".into(), None)));
        assert!(
            facts_from_events(&[json!({"kind": "chat.message"})])
                .unwrap_err()
                .contains("event 1")
        );
    }
}
