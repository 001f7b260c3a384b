//! The emulated portal's data: records, associations, property definitions, owners.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::errors::ApiError;
use super::properties::{self, PropertyDef};
use super::types::{self, AssocType, ObjectType};
use crate::time_fmt::{iso_millis, parse_instant};

/// Property values, HubSpot-style: every value is a string.
pub(crate) type Props = BTreeMap<String, String>;

#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub id: u64,
    pub props: Props,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub archived_at: Option<OffsetDateTime>,
    /// What search still sees while the latest write is inside the indexing lag.
    pub indexed: Option<Props>,
    /// The snapshot id this record was seeded from.
    pub seed_id: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Owner {
    pub id: u64,
    pub user_id: u64,
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub created_at: OffsetDateTime,
    pub seed_id: Option<String>,
}

impl Owner {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id.to_string(),
            "email": self.email,
            "type": "PERSON",
            "firstName": self.first_name,
            "lastName": self.last_name,
            "userId": self.user_id,
            "userIdIncludingInactive": self.user_id,
            "createdAt": iso_millis(self.created_at),
            "updatedAt": iso_millis(self.created_at),
            "archived": false,
        })
    }
}

pub(crate) type Edges = BTreeMap<(ObjectType, u64), BTreeSet<AssocType>>;

pub(crate) struct Store {
    pub objects: BTreeMap<ObjectType, BTreeMap<u64, Record>>,
    pub assoc: BTreeMap<(ObjectType, u64), Edges>,
    pub properties: BTreeMap<ObjectType, Vec<PropertyDef>>,
    pub owners: Vec<Owner>,
    next_id: u64,
    pub search_lag: Duration,
}

impl Store {
    pub fn new(search_lag: Duration) -> Store {
        let now = OffsetDateTime::now_utc();
        Store {
            objects: ObjectType::ALL
                .iter()
                .map(|t| (*t, BTreeMap::new()))
                .collect(),
            assoc: BTreeMap::new(),
            properties: ObjectType::ALL
                .iter()
                .map(|t| (*t, properties::builtin(*t, now)))
                .collect(),
            owners: Vec::new(),
            next_id: 10_001,
            search_lag,
        }
    }

    pub fn allocate_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn property(&self, object: ObjectType, name: &str) -> Option<&PropertyDef> {
        self.properties
            .get(&object)?
            .iter()
            .find(|p| p.name == name)
    }

    pub fn record(&self, object: ObjectType, id: u64) -> Option<&Record> {
        self.objects[&object]
            .get(&id)
            .filter(|r| r.archived_at.is_none())
    }

    /// Whether `name` may serve as `idProperty` (unique per record).
    pub fn is_id_property(&self, object: ObjectType, name: &str) -> bool {
        name == "hs_object_id"
            || (object == ObjectType::Contacts && name == "email")
            || self.property(object, name).is_some_and(|p| p.unique)
    }

    /// Resolves an id given as `idProperty` value (or the record id) to a record id,
    /// archived records included only when asked.
    pub fn resolve(
        &self,
        object: ObjectType,
        id: &str,
        id_property: Option<&str>,
        archived: bool,
    ) -> Result<Option<u64>, ApiError> {
        let keep = |r: &&Record| r.archived_at.is_some() == archived;
        match id_property {
            None | Some("hs_object_id") => Ok(id
                .parse::<u64>()
                .ok()
                .and_then(|id| self.objects[&object].get(&id))
                .filter(keep)
                .map(|r| r.id)),
            Some(name) => {
                if !self.is_id_property(object, name) {
                    return Err(ApiError::validation(format!(
                        "Property {name} is not a unique identifier property for {}. Use hs_object_id, or a property with hasUniqueValue",
                        object.name()
                    )));
                }
                Ok(self.objects[&object]
                    .values()
                    .filter(keep)
                    .find(|r| r.props.get(name).is_some_and(|v| same_value(name, v, id)))
                    .map(|r| r.id))
            }
        }
    }

    /// Checks and converts property input for a create (`existing` None) or an update.
    pub fn validate(
        &self,
        object: ObjectType,
        input: Option<&Map<String, Value>>,
        existing: Option<u64>,
    ) -> Result<Props, ApiError> {
        let empty = Map::new();
        let input = input.unwrap_or(&empty);
        let mut props = Props::new();
        let mut problems = Vec::new();
        for (name, value) in input {
            let Some(definition) = self.property(object, name) else {
                problems.push((
                    name.clone(),
                    "PROPERTY_DOESNT_EXIST",
                    format!("Property \"{name}\" does not exist"),
                ));
                continue;
            };
            if definition.read_only {
                // HubSpot silently keeps its own value for read-only properties.
                continue;
            }
            let mut text = match value {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => other.to_string(),
            };
            if matches!(definition.kind.as_str(), "datetime" | "date") && !text.trim().is_empty() {
                match parse_instant(&text) {
                    Some(at) => text = iso_millis(at),
                    None => {
                        problems.push((
                            name.clone(),
                            "INVALID_DATE",
                            format!(
                                "{text} was not a valid long or ISO 8601 date for property {name}"
                            ),
                        ));
                        continue;
                    }
                }
            }
            if name == "hubspot_owner_id"
                && !text.is_empty()
                && !self.owners.iter().any(|o| o.id.to_string() == text)
            {
                problems.push((
                    name.clone(),
                    "INVALID_OWNER_ID",
                    format!("{text} is not a valid owner id"),
                ));
                continue;
            }
            props.insert(name.clone(), text);
        }
        if existing.is_none()
            && object.is_activity()
            && props.get("hs_timestamp").is_none_or(String::is_empty)
        {
            problems.push((
                "hs_timestamp".to_owned(),
                "REQUIRED_FIELD",
                "hs_timestamp is required and was not set".to_owned(),
            ));
        }
        if !problems.is_empty() {
            return Err(ApiError::invalid_properties(&problems));
        }
        self.check_unique(object, &props, existing, &[])?;
        Ok(props)
    }

    /// Rejects values already held by another record for unique properties; `pending`
    /// are values of other inputs in the same batch.
    pub fn check_unique(
        &self,
        object: ObjectType,
        props: &Props,
        existing: Option<u64>,
        pending: &[&Props],
    ) -> Result<(), ApiError> {
        for (name, value) in props {
            if value.is_empty() || name == "hs_object_id" || !self.is_id_property(object, name) {
                continue;
            }
            let holder = self.objects[&object]
                .values()
                .filter(|r| r.archived_at.is_none() && Some(r.id) != existing)
                .find(|r| {
                    r.props
                        .get(name)
                        .is_some_and(|v| same_value(name, v, value))
                });
            let in_batch = pending
                .iter()
                .any(|p| p.get(name).is_some_and(|v| same_value(name, v, value)));
            if holder.is_none() && !in_batch {
                continue;
            }
            let holder_id = holder.map(|r| r.id.to_string()).unwrap_or_default();
            if object == ObjectType::Contacts && name == "email" {
                return Err(ApiError::conflict(format!(
                    "Contact already exists. Existing ID: {holder_id}"
                )));
            }
            return Err(ApiError::invalid_properties(&[(
                name.clone(),
                "INVALID_UNIQUE_VALUE",
                format!(
                    "{value} already has that value on record {holder_id} for unique property {name}"
                ),
            )]));
        }
        Ok(())
    }

    pub fn create(&mut self, object: ObjectType, mut props: Props, now: OffsetDateTime) -> u64 {
        let id = self.allocate_id();
        props.insert("hs_object_id".into(), id.to_string());
        props.insert(object.created_property().into(), iso_millis(now));
        props.insert(object.modified_property().into(), iso_millis(now));
        if object == ObjectType::Contacts
            || object == ObjectType::Companies
            || object == ObjectType::Deals
        {
            props.insert("hs_createdate".into(), iso_millis(now));
        }
        self.objects.entry(object).or_default().insert(
            id,
            Record {
                id,
                props,
                created_at: now,
                updated_at: now,
                archived_at: None,
                indexed: None,
                seed_id: None,
            },
        );
        id
    }

    pub fn update(&mut self, object: ObjectType, id: u64, props: Props, now: OffsetDateTime) {
        let lag = self.search_lag;
        let Some(record) = self.objects.entry(object).or_default().get_mut(&id) else {
            return;
        };
        if visible_after_lag(record.updated_at, now, lag) {
            record.indexed = Some(record.props.clone());
        }
        for (name, value) in props {
            record.props.insert(name, value);
        }
        record
            .props
            .insert(object.modified_property().into(), iso_millis(now));
        record.updated_at = now;
    }

    pub fn archive(&mut self, object: ObjectType, id: u64, now: OffsetDateTime) -> bool {
        match self.objects.entry(object).or_default().get_mut(&id) {
            Some(record) if record.archived_at.is_none() => {
                record.archived_at = Some(now);
                true
            }
            _ => false,
        }
    }

    /// Properties search sees for a record right now.
    pub fn searchable<'a>(&self, record: &'a Record, now: OffsetDateTime) -> Option<&'a Props> {
        if record.archived_at.is_some() {
            return None;
        }
        if visible_after_lag(record.updated_at, now, self.search_lag) {
            Some(&record.props)
        } else {
            record.indexed.as_ref()
        }
    }

    /// Associates both directions.
    pub fn associate(
        &mut self,
        from: ObjectType,
        from_id: u64,
        to: ObjectType,
        to_id: u64,
        kind: AssocType,
    ) {
        self.assoc
            .entry((from, from_id))
            .or_default()
            .entry((to, to_id))
            .or_default()
            .insert(kind);
        self.assoc
            .entry((to, to_id))
            .or_default()
            .entry((from, from_id))
            .or_default()
            .insert(types::inverse(from, kind));
    }

    /// Removes every association between two records.
    pub fn dissociate(&mut self, from: ObjectType, from_id: u64, to: ObjectType, to_id: u64) {
        if let Some(edges) = self.assoc.get_mut(&(from, from_id)) {
            edges.remove(&(to, to_id));
        }
        if let Some(edges) = self.assoc.get_mut(&(to, to_id)) {
            edges.remove(&(from, from_id));
        }
    }

    /// Live associated records of one type, in id order.
    pub fn associated(
        &self,
        from: ObjectType,
        id: u64,
        to: ObjectType,
    ) -> Vec<(u64, BTreeSet<AssocType>)> {
        self.assoc
            .get(&(from, id))
            .into_iter()
            .flat_map(|edges| edges.iter())
            .filter(|((t, other), _)| *t == to && self.record(to, *other).is_some())
            .map(|((_, other), kinds)| (*other, kinds.clone()))
            .collect()
    }

    /// A record in HubSpot's JSON shape with the chosen properties.
    pub fn record_json(
        &self,
        object: ObjectType,
        record: &Record,
        wanted: Option<&[String]>,
        associations: &[ObjectType],
    ) -> Value {
        let mut props = Map::new();
        match wanted {
            None => {
                for name in object.default_properties() {
                    props.insert((*name).into(), prop_value(record, name));
                }
            }
            Some(names) => {
                for name in names {
                    // Unknown properties are silently left out, as HubSpot does.
                    if self.property(object, name).is_some() {
                        props.insert(name.clone(), prop_value(record, name));
                    }
                }
                for name in [
                    "hs_object_id",
                    object.created_property(),
                    object.modified_property(),
                ] {
                    props.insert(name.into(), prop_value(record, name));
                }
            }
        }
        let mut body = json!({
            "id": record.id.to_string(),
            "properties": props,
            "createdAt": iso_millis(record.created_at),
            "updatedAt": iso_millis(record.updated_at),
            "archived": record.archived_at.is_some(),
        });
        if let Some(at) = record.archived_at {
            body["archivedAt"] = json!(iso_millis(at));
        }
        if !associations.is_empty() {
            let mut out = Map::new();
            for to in associations {
                let results: Vec<Value> = self
                    .associated(object, record.id, *to)
                    .into_iter()
                    .flat_map(|(other, kinds)| {
                        kinds.into_iter().map(move |kind| {
                            json!({
                                "id": other.to_string(),
                                "type": types::v3_type_name(object, *to, kind),
                            })
                        })
                    })
                    .collect();
                if !results.is_empty() {
                    out.insert(to.name().into(), json!({ "results": results }));
                }
            }
            if !out.is_empty() {
                body["associations"] = Value::Object(out);
            }
        }
        body
    }
}

fn prop_value(record: &Record, name: &str) -> Value {
    match record.props.get(name) {
        Some(value) => json!(value),
        None => Value::Null,
    }
}

fn visible_after_lag(written: OffsetDateTime, now: OffsetDateTime, lag: Duration) -> bool {
    lag.is_zero() || (now - written) >= lag
}

/// Emails compare case-insensitively, everything else exactly.
fn same_value(name: &str, a: &str, b: &str) -> bool {
    if name == "email" {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}
