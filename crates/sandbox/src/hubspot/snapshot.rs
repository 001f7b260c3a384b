//! Seed in, snapshot out: vendor-neutral CRM snapshot records ↔ HubSpot objects with
//! numeric-string ids and associations. Seeded records keep their seed ids on export;
//! records created through the API are exported under their HubSpot id.

use std::collections::HashMap;

use callbrief_core::model::{
    Company, Contact, CrmSnapshot, Deal, Note, Owner as SnapshotOwner, SNAPSHOT_FORMAT,
    ScheduledMeeting, Task,
};
use time::{Duration, OffsetDateTime};

use super::store::{Owner, Props, Store};
use super::types::{AssocType, Category, ObjectType};
use crate::time_fmt::{iso_millis, parse_instant};

/// Seeded records look a day old, so search sees them at once.
const SEED_AGE: Duration = Duration::days(1);

struct Loader<'a> {
    store: &'a mut Store,
    ids: HashMap<(ObjectType, String), u64>,
    owners: HashMap<String, u64>,
    at: OffsetDateTime,
}

pub(crate) fn load(store: &mut Store, seed: &CrmSnapshot) {
    let at = OffsetDateTime::now_utc() - SEED_AGE;
    let mut loader = Loader {
        store,
        ids: HashMap::new(),
        owners: HashMap::new(),
        at,
    };
    for (index, owner) in seed.owners.iter().enumerate() {
        let id = loader.store.allocate_id();
        let (first, last) = split_name(&owner.name);
        loader.store.owners.push(Owner {
            id,
            user_id: 71_000_100 + index as u64,
            email: owner.email.clone(),
            first_name: first,
            last_name: last,
            created_at: at,
            seed_id: Some(owner.id.clone()),
        });
        loader.owners.insert(owner.id.clone(), id);
    }
    for c in &seed.companies {
        let props = loader.props(&[
            ("name", Some(c.name.clone())),
            ("domain", c.domain.clone()),
            ("industry", c.industry.clone()),
            ("phone", c.phone.clone()),
            ("numberofemployees", c.employees.map(|n| n.to_string())),
            ("hubspot_owner_id", loader.owner(c.owner_id.as_deref())),
        ]);
        loader.insert(ObjectType::Companies, &c.id, props);
    }
    for p in &seed.contacts {
        let props = loader.props(&[
            ("firstname", Some(p.first_name.clone())),
            ("lastname", Some(p.last_name.clone())),
            ("email", p.email.clone()),
            ("phone", p.phone.clone()),
            ("jobtitle", p.title.clone()),
        ]);
        let id = loader.insert(ObjectType::Contacts, &p.id, props);
        if let Some(company) = loader.id(ObjectType::Companies, p.company_id.as_deref()) {
            loader.link(
                ObjectType::Contacts,
                id,
                ObjectType::Companies,
                company,
                &[279, 1],
            );
            if let Some(record) = loader
                .store
                .objects
                .entry(ObjectType::Contacts)
                .or_default()
                .get_mut(&id)
            {
                record
                    .props
                    .insert("associatedcompanyid".into(), company.to_string());
            }
        }
    }
    for d in &seed.deals {
        let props = loader.props(&[
            ("dealname", Some(d.name.clone())),
            ("dealstage", d.stage.clone()),
            ("pipeline", Some("default".into())),
            ("amount", d.amount.map(format_amount)),
            ("deal_currency_code", d.currency.clone()),
            ("closedate", d.close_date.as_deref().and_then(datetime)),
            ("hs_next_step", d.next_step.clone()),
            ("hubspot_owner_id", loader.owner(d.owner_id.as_deref())),
        ]);
        let id = loader.insert(ObjectType::Deals, &d.id, props);
        if let Some(company) = loader.id(ObjectType::Companies, d.company_id.as_deref()) {
            loader.link(
                ObjectType::Deals,
                id,
                ObjectType::Companies,
                company,
                &[341, 5],
            );
        }
        for contact in &d.contact_ids {
            if let Some(contact) = loader.id(ObjectType::Contacts, Some(contact)) {
                loader.link(ObjectType::Deals, id, ObjectType::Contacts, contact, &[3]);
            }
        }
    }
    for n in &seed.notes {
        let timestamp = n
            .timestamp
            .as_deref()
            .and_then(datetime)
            .unwrap_or_else(|| iso_millis(at));
        let props = loader.props(&[
            ("hs_note_body", Some(n.body.clone())),
            ("hs_timestamp", Some(timestamp)),
        ]);
        let id = loader.insert(ObjectType::Notes, &n.id, props);
        loader.link_activity(
            ObjectType::Notes,
            id,
            n.company_id.as_deref(),
            &n.contact_ids,
            n.deal_id.as_deref(),
            [190, 202, 214],
        );
    }
    for t in &seed.tasks {
        let due = t
            .due
            .as_deref()
            .and_then(datetime)
            .unwrap_or_else(|| iso_millis(at));
        let status = match t.status.as_deref() {
            Some("completed") => "COMPLETED",
            _ => "NOT_STARTED",
        };
        let props = loader.props(&[
            ("hs_task_subject", Some(t.subject.clone())),
            ("hs_timestamp", Some(due)),
            ("hs_task_status", Some(status.into())),
            ("hs_task_priority", Some("MEDIUM".into())),
            ("hs_task_type", Some("TODO".into())),
        ]);
        let id = loader.insert(ObjectType::Tasks, &t.id, props);
        let contacts: Vec<String> = t.contact_id.iter().cloned().collect();
        loader.link_activity(
            ObjectType::Tasks,
            id,
            t.company_id.as_deref(),
            &contacts,
            t.deal_id.as_deref(),
            [192, 204, 216],
        );
    }
    for m in &seed.meetings {
        let start = datetime(&m.start);
        let props = loader.props(&[
            ("hs_meeting_title", Some(m.title.clone())),
            ("hs_timestamp", start.clone()),
            ("hs_meeting_start_time", start),
            ("hs_meeting_end_time", m.end.as_deref().and_then(datetime)),
            ("hs_meeting_external_url", m.join_url.clone()),
            ("hs_meeting_outcome", Some("SCHEDULED".into())),
            ("hubspot_owner_id", loader.owner(m.owner_id.as_deref())),
        ]);
        let id = loader.insert(ObjectType::Meetings, &m.id, props);
        loader.link_activity(
            ObjectType::Meetings,
            id,
            m.company_id.as_deref(),
            &m.contact_ids,
            m.deal_id.as_deref(),
            [188, 200, 212],
        );
    }
}

impl Loader<'_> {
    fn props(&self, pairs: &[(&str, Option<String>)]) -> Props {
        pairs
            .iter()
            .filter_map(|(name, value)| Some(((*name).to_owned(), value.clone()?)))
            .collect()
    }

    fn owner(&self, seed_id: Option<&str>) -> Option<String> {
        self.owners.get(seed_id?).map(u64::to_string)
    }

    fn id(&self, object: ObjectType, seed_id: Option<&str>) -> Option<u64> {
        self.ids.get(&(object, seed_id?.to_owned())).copied()
    }

    fn insert(&mut self, object: ObjectType, seed_id: &str, props: Props) -> u64 {
        let id = self.store.create(object, props, self.at);
        if let Some(record) = self.store.objects.entry(object).or_default().get_mut(&id) {
            record.seed_id = Some(seed_id.to_owned());
        }
        self.ids.insert((object, seed_id.to_owned()), id);
        id
    }

    fn link(&mut self, from: ObjectType, id: u64, to: ObjectType, to_id: u64, type_ids: &[u32]) {
        for type_id in type_ids {
            let kind = AssocType {
                category: Category::HubSpot,
                type_id: *type_id,
            };
            self.store.associate(from, id, to, to_id, kind);
        }
    }

    fn link_activity(
        &mut self,
        object: ObjectType,
        id: u64,
        company: Option<&str>,
        contacts: &[String],
        deal: Option<&str>,
        [to_company, to_contact, to_deal]: [u32; 3],
    ) {
        if let Some(company) = self.id(ObjectType::Companies, company) {
            self.link(object, id, ObjectType::Companies, company, &[to_company]);
        }
        for contact in contacts {
            if let Some(contact) = self.id(ObjectType::Contacts, Some(contact)) {
                self.link(object, id, ObjectType::Contacts, contact, &[to_contact]);
            }
        }
        if let Some(deal) = self.id(ObjectType::Deals, deal) {
            self.link(object, id, ObjectType::Deals, deal, &[to_deal]);
        }
    }
}

/// "Li Wei" → ("Li", "Wei"); a name without a space stays whole as the first name.
fn split_name(name: &str) -> (String, String) {
    match name.trim().split_once(' ') {
        Some((first, last)) => (first.to_owned(), last.trim().to_owned()),
        None => (name.trim().to_owned(), String::new()),
    }
}

fn format_amount(amount: f64) -> String {
    if amount.fract() == 0.0 && amount.abs() < 1e15 {
        format!("{amount:.0}")
    } else {
        amount.to_string()
    }
}

fn datetime(text: &str) -> Option<String> {
    parse_instant(text).map(iso_millis)
}

/// RFC 3339 without milliseconds when they are zero, as snapshots are usually written.
fn export_time(value: Option<&String>) -> Option<String> {
    let value = value.filter(|v| !v.is_empty())?;
    let Some(at) = parse_instant(value) else {
        return Some(value.clone());
    };
    if at.millisecond() == 0 {
        Some(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        ))
    } else {
        Some(iso_millis(at))
    }
}

/// A bare date when the instant is midnight UTC (close dates, due dates).
fn export_date(value: Option<&String>) -> Option<String> {
    let text = export_time(value)?;
    match text.strip_suffix("T00:00:00Z") {
        Some(date) => Some(date.to_owned()),
        None => Some(text),
    }
}

pub(crate) fn export(store: &Store) -> CrmSnapshot {
    let export_id = |object: ObjectType, id: u64| -> String {
        store.objects[&object]
            .get(&id)
            .and_then(|r| r.seed_id.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let owner_id = |props: &Props| -> Option<String> {
        let id = props.get("hubspot_owner_id")?;
        let owner = store.owners.iter().find(|o| o.id.to_string() == *id)?;
        Some(
            owner
                .seed_id
                .clone()
                .unwrap_or_else(|| owner.id.to_string()),
        )
    };
    let first = |from: ObjectType, id: u64, to: ObjectType| -> Option<String> {
        let linked = store.associated(from, id, to);
        // Prefer the primary association when there is one.
        let primary = linked
            .iter()
            .find(|(_, kinds)| kinds.iter().any(|k| k.type_id == 1 || k.type_id == 5));
        primary
            .or(linked.first())
            .map(|(other, _)| export_id(to, *other))
    };
    let all = |from: ObjectType, id: u64, to: ObjectType| -> Vec<String> {
        store
            .associated(from, id, to)
            .into_iter()
            .map(|(other, _)| export_id(to, other))
            .collect()
    };
    let live = |object: ObjectType| {
        store.objects[&object]
            .values()
            .filter(|r| r.archived_at.is_none())
    };
    let text = |props: &Props, name: &str| props.get(name).filter(|v| !v.is_empty()).cloned();

    let mut snapshot = CrmSnapshot {
        format: SNAPSHOT_FORMAT.to_owned(),
        ..CrmSnapshot::default()
    };
    snapshot.owners = store
        .owners
        .iter()
        .map(|o| SnapshotOwner {
            id: o.seed_id.clone().unwrap_or_else(|| o.id.to_string()),
            name: format!("{} {}", o.first_name, o.last_name)
                .trim()
                .to_owned(),
            email: o.email.clone(),
        })
        .collect();
    use ObjectType::{Companies, Contacts, Deals, Meetings, Notes, Tasks};
    snapshot.companies = live(Companies)
        .map(|r| Company {
            id: export_id(Companies, r.id),
            name: text(&r.props, "name").unwrap_or_default(),
            domain: text(&r.props, "domain"),
            industry: text(&r.props, "industry"),
            phone: text(&r.props, "phone"),
            employees: r
                .props
                .get("numberofemployees")
                .and_then(|n| n.parse().ok()),
            owner_id: owner_id(&r.props),
        })
        .collect();
    snapshot.contacts = live(Contacts)
        .map(|r| Contact {
            id: export_id(Contacts, r.id),
            first_name: text(&r.props, "firstname").unwrap_or_default(),
            last_name: text(&r.props, "lastname").unwrap_or_default(),
            email: text(&r.props, "email"),
            phone: text(&r.props, "phone"),
            title: text(&r.props, "jobtitle"),
            company_id: first(Contacts, r.id, Companies),
        })
        .collect();
    snapshot.deals = live(Deals)
        .map(|r| Deal {
            id: export_id(Deals, r.id),
            name: text(&r.props, "dealname").unwrap_or_default(),
            stage: text(&r.props, "dealstage"),
            amount: r.props.get("amount").and_then(|a| a.parse().ok()),
            currency: text(&r.props, "deal_currency_code"),
            close_date: export_date(r.props.get("closedate")),
            next_step: text(&r.props, "hs_next_step"),
            company_id: first(Deals, r.id, Companies),
            contact_ids: all(Deals, r.id, Contacts),
            owner_id: owner_id(&r.props),
        })
        .collect();
    snapshot.notes = live(Notes)
        .map(|r| Note {
            id: export_id(Notes, r.id),
            body: text(&r.props, "hs_note_body").unwrap_or_default(),
            timestamp: export_time(r.props.get("hs_timestamp")),
            company_id: first(Notes, r.id, Companies),
            contact_ids: all(Notes, r.id, Contacts),
            deal_id: first(Notes, r.id, Deals),
        })
        .collect();
    snapshot.tasks = live(Tasks)
        .map(|r| Task {
            id: export_id(Tasks, r.id),
            subject: text(&r.props, "hs_task_subject").unwrap_or_default(),
            due: export_date(r.props.get("hs_timestamp")),
            status: Some(
                if r.props
                    .get("hs_task_status")
                    .is_some_and(|s| s == "COMPLETED")
                {
                    "completed"
                } else {
                    "open"
                }
                .to_owned(),
            ),
            company_id: first(Tasks, r.id, Companies),
            contact_id: first(Tasks, r.id, Contacts),
            deal_id: first(Tasks, r.id, Deals),
        })
        .collect();
    snapshot.meetings = live(Meetings)
        .map(|r| ScheduledMeeting {
            id: export_id(Meetings, r.id),
            title: text(&r.props, "hs_meeting_title").unwrap_or_default(),
            start: export_time(
                r.props
                    .get("hs_meeting_start_time")
                    .or(r.props.get("hs_timestamp")),
            )
            .unwrap_or_default(),
            end: export_time(r.props.get("hs_meeting_end_time")),
            company_id: first(Meetings, r.id, Companies),
            contact_ids: all(Meetings, r.id, Contacts),
            deal_id: first(Meetings, r.id, Deals),
            join_url: text(&r.props, "hs_meeting_external_url"),
            owner_id: owner_id(&r.props),
        })
        .collect();
    snapshot
}
