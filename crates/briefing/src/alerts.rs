//! Which calls get a pre-call notification now.

use std::collections::HashSet;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::view::UpcomingCall;

/// Calls starting within `lead` from `now` that were not alerted yet, with the whole
/// minutes left (rounded up, so "in 5 min" is said 5 minutes ahead, not 4).
pub fn calls_to_alert<'a>(
    calls: &'a [UpcomingCall],
    now: OffsetDateTime,
    lead: time::Duration,
    already_alerted: &HashSet<String>,
) -> Vec<(&'a UpcomingCall, i64)> {
    calls
        .iter()
        .filter(|call| !already_alerted.contains(&call.id))
        .filter_map(|call| {
            let start = OffsetDateTime::parse(&call.start, &Rfc3339).ok()?;
            let left = start - now;
            (left > time::Duration::ZERO && left <= lead).then(|| {
                let seconds = left.whole_seconds();
                (call, (seconds + 59) / 60)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn call(id: &str, start: &str) -> UpcomingCall {
        UpcomingCall {
            id: id.into(),
            title: "Pricing".into(),
            start: start.into(),
            end: None,
            company_id: None,
            company_name: None,
            contact_ids: Vec::new(),
            join_url: None,
        }
    }

    #[test]
    fn alerts_once_for_calls_inside_the_lead_time() {
        let now = datetime!(2026-11-25 09:00:00 UTC);
        let calls = [
            call("past", "2026-11-25T08:59:00Z"),
            call("soon", "2026-11-25T09:04:30Z"),
            call("edge", "2026-11-25T09:05:00Z"),
            call("later", "2026-11-25T09:05:01Z"),
            call("bad", "not a time"),
        ];
        let lead = time::Duration::minutes(5);
        let due: Vec<_> = calls_to_alert(&calls, now, lead, &HashSet::new())
            .into_iter()
            .map(|(c, minutes)| (c.id.as_str(), minutes))
            .collect();
        assert_eq!(due, [("soon", 5), ("edge", 5)]);

        let already: HashSet<String> = ["soon".to_owned()].into();
        let due: Vec<_> = calls_to_alert(&calls, now, lead, &already)
            .into_iter()
            .map(|(c, _)| c.id.as_str())
            .collect();
        assert_eq!(due, ["edge"]);
    }
}
