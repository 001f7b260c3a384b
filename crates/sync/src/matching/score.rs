//! Scoring customers for one meeting.

use std::collections::{BTreeMap, BTreeSet};

use callbrief_core::model::{Contact, CrmSnapshot, Deal};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::names::topic_mentions;
use super::{Candidate, Decision, KnownIdentity, MatchResult, MeetingFacts};

/// Email domains anyone can sign up for: they say nothing about a company.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "mail.com",
    "qq.com",
    "foxmail.com",
    "163.com",
    "126.com",
    "yeah.net",
    "sina.com",
    "sina.cn",
    "sohu.com",
    "aliyun.com",
    "139.com",
    "189.cn",
];

/// Evidence weights (each is the probability that this signal alone is right).
const W_CONTACT_EMAIL: f64 = 0.85;
const W_MORE_CONTACTS: f64 = 0.3;
const W_KNOWN_IDENTITY: f64 = 0.8;
const W_DOMAIN: f64 = 0.55;
const W_SCHEDULED: f64 = 0.5;
const W_TOPIC: f64 = 0.35;

/// Linked without review only above this, and only this far ahead of the runner-up.
const AUTO_THRESHOLD: f64 = 0.9;
const AUTO_MARGIN: f64 = 0.25;
/// Below this a candidate is not worth showing.
const SHOW_THRESHOLD: f64 = 0.25;
const SCHEDULE_TOLERANCE_MIN: i64 = 15;

/// Matches one meeting against a CRM snapshot. `identities` are links the user confirmed.
pub fn match_meeting(
    facts: &MeetingFacts,
    crm: &CrmSnapshot,
    identities: &[KnownIdentity],
) -> MatchResult {
    let result = |decision, candidates| MatchResult {
        provider_meeting_id: facts.provider_meeting_id.clone(),
        decision,
        candidates,
    };

    if let Some((company_id, deal_id)) = &facts.pre_linked
        && crm.companies.iter().any(|c| &c.id == company_id)
    {
        let candidate = Candidate {
            company_id: company_id.clone(),
            deal_id: deal_id.clone(),
            confidence: 1.0,
            reasons: vec!["linked before the call (meeting parameter)".to_owned()],
        };
        return result(Decision::Auto, vec![candidate]);
    }

    let own_domains: BTreeSet<String> = crm
        .owners
        .iter()
        .filter_map(|o| o.email.as_deref().and_then(domain_of))
        .collect();
    let external: Vec<_> = facts
        .participants
        .iter()
        .filter(|p| {
            !p.email
                .as_deref()
                .and_then(domain_of)
                .is_some_and(|d| own_domains.contains(&d))
        })
        .collect();
    let any_external_evidence = external
        .iter()
        .any(|p| p.email.is_some() || p.provider_user_id.is_some());
    if !facts.participants.is_empty() && external.is_empty() {
        return result(Decision::None, Vec::new()); // internal meeting
    }

    let mut evidence: BTreeMap<String, Vec<(f64, String)>> = BTreeMap::new();
    let contact_by_email: BTreeMap<String, &Contact> = crm
        .contacts
        .iter()
        .filter_map(|c| c.email.as_deref().map(|e| (e.to_lowercase(), c)))
        .collect();

    // Participants who are known contacts, by email or by a confirmed identity.
    let mut contacts_seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for person in &external {
        let by_email = person
            .email
            .as_deref()
            .and_then(|e| contact_by_email.get(&e.to_lowercase()).copied());
        let by_identity = person.provider_user_id.as_deref().and_then(|id| {
            identities
                .iter()
                .find(|k| k.provider_user_id == id)
                .and_then(|k| crm.contacts.iter().find(|c| c.id == k.contact_id))
        });
        if let Some(contact) = by_email.or(by_identity)
            && let Some(company) = &contact.company_id
        {
            let how = if by_email.is_some() {
                "email"
            } else {
                "identity"
            };
            contacts_seen
                .entry(company.clone())
                .or_default()
                .push(format!("{} ({how})", contact.display_name()));
        }
    }
    for (company, people) in &contacts_seen {
        let reasons = evidence.entry(company.clone()).or_default();
        let by_email = people.iter().any(|p| p.ends_with("(email)"));
        let weight = if by_email {
            W_CONTACT_EMAIL
        } else {
            W_KNOWN_IDENTITY
        };
        reasons.push((weight, format!("participant is a contact: {}", people[0])));
        if people.len() > 1 {
            reasons.push((
                W_MORE_CONTACTS,
                format!("{} more contacts of this customer joined", people.len() - 1),
            ));
        }
    }

    // Company domains of external participants (free mail ignored).
    for company in &crm.companies {
        let Some(domain) = company.domain.as_deref().map(str::to_lowercase) else {
            continue;
        };
        let hits = external
            .iter()
            .filter_map(|p| p.email.as_deref().and_then(domain_of))
            .filter(|d| {
                !FREE_MAIL.contains(&d.as_str())
                    && (d == &domain || d.ends_with(&format!(".{domain}")))
            })
            .count();
        if hits > 0 {
            evidence
                .entry(company.id.clone())
                .or_default()
                .push((W_DOMAIN, format!("participant email domain {domain}")));
        }
    }

    // A CRM meeting with this customer scheduled around the same time.
    let started = facts
        .started_at
        .as_deref()
        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok());
    let mut scheduled_deal: BTreeMap<String, String> = BTreeMap::new();
    if let Some(started) = started {
        for meeting in &crm.meetings {
            let (Some(company), Ok(start)) = (
                &meeting.company_id,
                OffsetDateTime::parse(&meeting.start, &Rfc3339),
            ) else {
                continue;
            };
            if (start - started).whole_minutes().abs() <= SCHEDULE_TOLERANCE_MIN {
                evidence.entry(company.clone()).or_default().push((
                    W_SCHEDULED,
                    format!("scheduled in the CRM at the same time: {}", meeting.title),
                ));
                if let Some(deal) = &meeting.deal_id {
                    scheduled_deal.insert(company.clone(), deal.clone());
                }
            }
        }
    }

    // The topic names the customer or one of its deals.
    if let Some(topic) = facts.topic.as_deref().filter(|t| !t.trim().is_empty()) {
        for company in &crm.companies {
            let by_name = topic_mentions(topic, &company.name);
            let by_deal = crm
                .deals
                .iter()
                .filter(|d| d.company_id.as_ref() == Some(&company.id))
                .map(|d| topic_mentions(topic, &d.name))
                .fold(0.0, f64::max);
            let mention = by_name.max(by_deal);
            if mention > 0.0 {
                evidence.entry(company.id.clone()).or_default().push((
                    W_TOPIC * mention,
                    format!("topic “{topic}” names {}", company.name),
                ));
            }
        }
    }

    let mut candidates: Vec<Candidate> = evidence
        .into_iter()
        .map(|(company_id, mut reasons)| {
            reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
            let confidence = 1.0 - reasons.iter().map(|(w, _)| 1.0 - w).product::<f64>();
            let deal_id = pick_deal(
                &company_id,
                facts.topic.as_deref(),
                &crm.deals,
                scheduled_deal.get(&company_id),
            );
            Candidate {
                confidence: (confidence * 1000.0).round() / 1000.0,
                reasons: reasons.into_iter().map(|(_, r)| r).collect(),
                company_id,
                deal_id,
            }
        })
        .filter(|c| c.confidence >= SHOW_THRESHOLD)
        .collect();
    candidates.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| a.company_id.cmp(&b.company_id))
    });
    candidates.truncate(5);

    let decision = match candidates.as_slice() {
        [] => Decision::None,
        [best, rest @ ..] => {
            let runner_up = rest.first().map_or(0.0, |c| c.confidence);
            if best.confidence >= AUTO_THRESHOLD
                && best.confidence - runner_up >= AUTO_MARGIN
                && any_external_evidence
            {
                Decision::Auto
            } else {
                Decision::Review
            }
        }
    };
    result(decision, candidates)
}

/// The deal of a scheduled CRM meeting, else one the topic names, else the customer's only
/// open deal; none when it is ambiguous.
fn pick_deal(
    company_id: &str,
    topic: Option<&str>,
    deals: &[Deal],
    scheduled: Option<&String>,
) -> Option<String> {
    if let Some(deal) = scheduled {
        return Some(deal.clone());
    }
    let own: Vec<&Deal> = deals
        .iter()
        .filter(|d| d.company_id.as_deref() == Some(company_id))
        .collect();
    if let Some(topic) = topic {
        let named: Vec<&&Deal> = own
            .iter()
            .filter(|d| topic_mentions(topic, &d.name) >= 1.0)
            .collect();
        if let [deal] = named.as_slice() {
            return Some(deal.id.clone());
        }
    }
    let open: Vec<&&Deal> = own
        .iter()
        .filter(|d| !matches!(d.stage.as_deref(), Some("closedwon" | "closedlost")))
        .collect();
    match open.as_slice() {
        [deal] => Some(deal.id.clone()),
        _ => None,
    }
}

fn domain_of(email: &str) -> Option<String> {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_lowercase())
        .filter(|d| d.contains('.'))
}
