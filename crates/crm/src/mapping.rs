//! Declarative field mapping: which Callbrief field goes into which CRM property, per use
//! of a record (`sales_call`, `support_ticket`, …) and per CRM object type.
//!
//! The HubSpot default (`mappings/hubspot.toml`) is compiled in; users can supply their
//! own file. [`FieldMapping::validate`] checks a mapping against the CRM's property list
//! and names every bad field and object.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::error::CrmError;
use crate::types::{PropertyInfo, PropertyType};

/// The default HubSpot mapping file.
pub const HUBSPOT_DEFAULT: &str = include_str!("../mappings/hubspot.toml");

/// The value type of a Callbrief field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Plain text.
    Text,
    /// HTML.
    Html,
    /// A URL.
    Url,
    /// An RFC 3339 instant.
    Datetime,
    /// An identifier.
    Id,
}

impl FieldType {
    /// Whether a value of this type can be stored in a property of `target` type.
    fn fits(self, target: PropertyType) -> bool {
        match self {
            Self::Text | Self::Html | Self::Url | Self::Id => {
                matches!(target, PropertyType::String | PropertyType::Enumeration)
                    && !(self == Self::Html && target == PropertyType::Enumeration)
            }
            Self::Datetime => matches!(target, PropertyType::DateTime | PropertyType::Date),
        }
    }
}

/// Where a property's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Source {
    /// A Callbrief field.
    Field(String),
    /// A fixed value.
    Constant {
        /// The value.
        value: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    version: u32,
    fields: BTreeMap<String, FieldType>,
    #[serde(default)]
    entities: BTreeMap<String, BTreeMap<String, BTreeMap<String, Source>>>,
}

/// A parsed, self-consistent mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMapping {
    fields: BTreeMap<String, FieldType>,
    /// entity → object → property → source.
    entities: BTreeMap<String, BTreeMap<String, BTreeMap<String, Source>>>,
}

/// What is wrong with one mapped property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The object has no such property.
    UnknownProperty,
    /// The property can not be written (read-only or calculated).
    ReadOnly,
    /// The field's type does not fit the property's type.
    TypeMismatch {
        /// The Callbrief field's type.
        field_type: FieldType,
        /// The CRM property's type (`datetime/date`, …).
        property_type: String,
    },
    /// A fixed value is not one of the enumeration's options.
    NotAnOption(String),
}

/// One problem found by [`FieldMapping::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingIssue {
    /// The use (`sales_call`).
    pub entity: String,
    /// The CRM object type (`notes`).
    pub object: String,
    /// The CRM property.
    pub property: String,
    /// The Callbrief field, when the value comes from one.
    pub field: Option<String>,
    /// What is wrong.
    pub problem: Problem,
}

impl fmt::Display for MappingIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let from = self
            .field
            .as_ref()
            .map(|field| format!(" (from field `{field}`)"))
            .unwrap_or_default();
        let (entity, object, property) = (&self.entity, &self.object, &self.property);
        match &self.problem {
            Problem::UnknownProperty => write!(
                f,
                "{entity}: property `{property}`{from} does not exist on object `{object}`"
            ),
            Problem::ReadOnly => write!(
                f,
                "{entity}: property `{property}`{from} on object `{object}` is read-only or calculated"
            ),
            Problem::TypeMismatch {
                field_type,
                property_type,
            } => write!(
                f,
                "{entity}: field type {field_type:?}{from} does not fit property `{property}` \
                 of type {property_type} on object `{object}`"
            ),
            Problem::NotAnOption(value) => write!(
                f,
                "{entity}: value `{value}` is not an option of property `{property}` on object `{object}`"
            ),
        }
    }
}

impl FieldMapping {
    /// The compiled-in HubSpot mapping.
    pub fn hubspot_default() -> Self {
        // The embedded file is checked by a unit test, so this cannot fail at run time.
        Self::from_toml(HUBSPOT_DEFAULT).unwrap_or_else(|e| panic!("built-in mapping: {e}"))
    }

    /// Parses a mapping file and checks that every mapped field is declared.
    pub fn from_toml(text: &str) -> Result<Self, CrmError> {
        let file: MappingFile = toml::from_str(text)
            .map_err(|e| CrmError::validation(None, format!("mapping file: {e}")))?;
        if file.version != 1 {
            return Err(CrmError::validation(
                Some("version".into()),
                format!("mapping file: unsupported version {}", file.version),
            ));
        }
        for (entity, objects) in &file.entities {
            for (object, properties) in objects {
                for (property, source) in properties {
                    if let Source::Field(field) = source
                        && !file.fields.contains_key(field)
                    {
                        return Err(CrmError::validation(
                            Some(field.clone()),
                            format!(
                                "mapping file: {entity}.{object}.{property} uses undeclared field `{field}`"
                            ),
                        ));
                    }
                }
            }
        }
        Ok(Self {
            fields: file.fields,
            entities: file.entities,
        })
    }

    /// The declared Callbrief fields and their types.
    pub fn fields(&self) -> &BTreeMap<String, FieldType> {
        &self.fields
    }

    /// Object types an entity maps to.
    pub fn objects(&self, entity: &str) -> Vec<&str> {
        self.entities
            .get(entity)
            .map(|objects| objects.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Every object type any entity maps to.
    pub fn all_objects(&self) -> Vec<&str> {
        let mut objects: Vec<&str> = self
            .entities
            .values()
            .flat_map(|o| o.keys().map(String::as_str))
            .collect();
        objects.sort_unstable();
        objects.dedup();
        objects
    }

    /// The CRM properties for `entity` written as `object`, filled from `values`
    /// (Callbrief field → value). Fields without a value are left out.
    pub fn properties_for(
        &self,
        entity: &str,
        object: &str,
        values: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, CrmError> {
        let properties = self
            .entities
            .get(entity)
            .and_then(|objects| objects.get(object))
            .ok_or_else(|| {
                CrmError::validation(
                    Some("entity".into()),
                    format!("no mapping for `{entity}` as `{object}`"),
                )
            })?;
        if let Some(unknown) = values.keys().find(|k| !self.fields.contains_key(*k)) {
            return Err(CrmError::validation(
                Some(unknown.clone()),
                format!("unknown field `{unknown}`"),
            ));
        }
        Ok(properties
            .iter()
            .filter_map(|(property, source)| {
                let value = match source {
                    Source::Field(field) => values.get(field)?.clone(),
                    Source::Constant { value } => value.clone(),
                };
                Some((property.clone(), value))
            })
            .collect())
    }

    /// Checks every entity's mapping for `object` against the object's properties.
    pub fn validate(&self, object: &str, properties: &[PropertyInfo]) -> Vec<MappingIssue> {
        let by_name: BTreeMap<&str, &PropertyInfo> =
            properties.iter().map(|p| (p.name.as_str(), p)).collect();
        let mut issues = Vec::new();
        for (entity, objects) in &self.entities {
            let Some(mapped) = objects.get(object) else {
                continue;
            };
            for (property, source) in mapped {
                let field = match source {
                    Source::Field(f) => Some(f.clone()),
                    Source::Constant { .. } => None,
                };
                let issue = |problem| MappingIssue {
                    entity: entity.clone(),
                    object: object.to_owned(),
                    property: property.clone(),
                    field: field.clone(),
                    problem,
                };
                let Some(info) = by_name.get(property.as_str()) else {
                    issues.push(issue(Problem::UnknownProperty));
                    continue;
                };
                if info.read_only {
                    issues.push(issue(Problem::ReadOnly));
                    continue;
                }
                match source {
                    Source::Field(f) => {
                        let field_type = self.fields[f];
                        if !field_type.fits(info.property_type) {
                            issues.push(issue(Problem::TypeMismatch {
                                field_type,
                                property_type: info.vendor_type.clone(),
                            }));
                        }
                    }
                    Source::Constant { value } => {
                        if info.property_type == PropertyType::Enumeration
                            && !info.options.is_empty()
                            && !info.options.contains(value)
                        {
                            issues.push(issue(Problem::NotAnOption(value.clone())));
                        }
                    }
                }
            }
        }
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property(
        name: &str,
        property_type: PropertyType,
        vendor: &str,
        read_only: bool,
    ) -> PropertyInfo {
        PropertyInfo {
            name: name.into(),
            label: name.into(),
            property_type,
            vendor_type: vendor.into(),
            read_only,
            unique: false,
            options: Vec::new(),
        }
    }

    #[test]
    fn the_default_mapping_parses_and_covers_every_use() {
        let mapping = FieldMapping::hubspot_default();
        assert_eq!(mapping.objects("sales_call"), vec!["meetings", "notes"]);
        assert_eq!(mapping.objects("support_ticket"), vec!["tickets"]);
        assert_eq!(mapping.objects("recruiting_interview"), vec!["notes"]);
        assert_eq!(mapping.objects("delivery_project").len(), 1);
        assert!(mapping.all_objects().contains(&"tickets"));
    }

    #[test]
    fn properties_are_filled_from_fields_and_constants() {
        let mapping = FieldMapping::hubspot_default();
        let values: BTreeMap<String, String> = [
            ("body_html", "<p>Hi</p>"),
            ("started_at", "2026-11-25T06:00:00Z"),
            ("push_id", "p-1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let props = mapping
            .properties_for("sales_call", "notes", &values)
            .unwrap();
        assert_eq!(props["hs_note_body"], "<p>Hi</p>");
        assert_eq!(props["hs_timestamp"], "2026-11-25T06:00:00Z");
        assert_eq!(props["callbrief_push_id"], "p-1");
        let meeting = mapping
            .properties_for("sales_call", "meetings", &values)
            .unwrap();
        assert_eq!(meeting["hs_meeting_start_time"], "2026-11-25T06:00:00Z");
        assert!(!meeting.contains_key("hs_meeting_title"));
        let ticket = mapping
            .properties_for("support_ticket", "tickets", &BTreeMap::new())
            .unwrap();
        assert_eq!(ticket["hs_pipeline"], "0");

        let mut bad = values.clone();
        bad.insert("colour".into(), "red".into());
        let error = mapping
            .properties_for("sales_call", "notes", &bad)
            .unwrap_err();
        assert!(error.message.contains("colour"));
        assert!(
            mapping
                .properties_for("sales_call", "tickets", &values)
                .is_err()
        );
    }

    #[test]
    fn parse_errors_name_the_problem() {
        let error = FieldMapping::from_toml(
            "version = 1\n[fields]\n[entities.x.notes]\nhs_note_body = \"body\"\n",
        )
        .unwrap_err();
        assert!(
            error.message.contains("undeclared field `body`"),
            "{}",
            error.message
        );
        let error = FieldMapping::from_toml("version = 2\n[fields]\n").unwrap_err();
        assert!(error.message.contains("version 2"));
        let error =
            FieldMapping::from_toml("version = 1\n[fields]\ntitle = \"colour\"\n").unwrap_err();
        assert!(error.message.contains("mapping file"));
    }

    #[test]
    fn validation_names_unknown_read_only_and_mismatched_properties() {
        let mapping = FieldMapping::from_toml(
            r#"
version = 1
[fields]
title = "text"
body_html = "html"
started_at = "datetime"
[entities.sales_call.notes]
hs_note_body = "body_html"
hs_timestamp = "title"
hs_created_by = "title"
hs_nope = "title"
hs_when = "started_at"
"#,
        )
        .unwrap();
        let properties = vec![
            property("hs_note_body", PropertyType::String, "string/html", false),
            property(
                "hs_timestamp",
                PropertyType::DateTime,
                "datetime/date",
                false,
            ),
            property("hs_created_by", PropertyType::Number, "number/number", true),
            property("hs_when", PropertyType::DateTime, "datetime/date", false),
        ];
        let issues = mapping.validate("notes", &properties);
        let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert_eq!(issues.len(), 3, "{text:#?}");
        assert!(
            issues
                .iter()
                .any(|i| i.property == "hs_nope" && i.problem == Problem::UnknownProperty)
        );
        assert!(
            issues
                .iter()
                .any(|i| i.property == "hs_created_by" && i.problem == Problem::ReadOnly)
        );
        assert!(issues.iter().any(|i| i.property == "hs_timestamp"
            && matches!(
                i.problem,
                Problem::TypeMismatch {
                    field_type: FieldType::Text,
                    ..
                }
            )));
        assert!(text.iter().any(|t| t.contains("`hs_timestamp`")
            && t.contains("`title`")
            && t.contains("`notes`")
            && t.contains("datetime/date")));
        assert!(mapping.validate("tickets", &properties).is_empty());
    }
}
