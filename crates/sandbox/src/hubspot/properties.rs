//! Property definitions: a realistic built-in list per object, custom properties, and
//! `GET/POST /crm/v3/properties/{object}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::HubSpot;
use super::errors::{ApiError, ApiResult, json_response};
use super::types::ObjectType;
use crate::time_fmt::iso_millis;

/// One property definition.
#[derive(Debug, Clone)]
pub(crate) struct PropertyDef {
    pub name: String,
    pub label: String,
    pub kind: String,
    pub field_type: String,
    pub group: String,
    pub description: String,
    pub options: Vec<Value>,
    pub unique: bool,
    pub hubspot_defined: bool,
    pub read_only: bool,
    pub created_at: OffsetDateTime,
}

impl PropertyDef {
    pub fn to_json(&self) -> Value {
        let mut body = json!({
            "updatedAt": iso_millis(self.created_at),
            "createdAt": iso_millis(self.created_at),
            "name": self.name,
            "label": self.label,
            "type": self.kind,
            "fieldType": self.field_type,
            "description": self.description,
            "groupName": self.group,
            "options": self.options,
            "displayOrder": -1,
            "calculated": false,
            "externalOptions": false,
            "hasUniqueValue": self.unique,
            "hidden": false,
            "modificationMetadata": {
                "archivable": !self.hubspot_defined,
                "readOnlyDefinition": self.hubspot_defined,
                "readOnlyValue": self.read_only,
            },
            "formField": false,
            "archived": false,
        });
        if self.hubspot_defined {
            body["hubspotDefined"] = json!(true);
        }
        body
    }
}

// (name, label, type, fieldType, group, read-only)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const COMMON: &[Row] = &[
    ("hs_object_id", "Record ID", "number", "number", "", true),
    (
        "hubspot_owner_id",
        "Owner",
        "enumeration",
        "select",
        "",
        false,
    ),
];

const CONTACTS: &[Row] = &[
    (
        "email",
        "Email",
        "string",
        "text",
        "contactinformation",
        false,
    ),
    (
        "firstname",
        "First Name",
        "string",
        "text",
        "contactinformation",
        false,
    ),
    (
        "lastname",
        "Last Name",
        "string",
        "text",
        "contactinformation",
        false,
    ),
    (
        "phone",
        "Phone Number",
        "string",
        "phonenumber",
        "contactinformation",
        false,
    ),
    (
        "mobilephone",
        "Mobile Phone Number",
        "string",
        "phonenumber",
        "contactinformation",
        false,
    ),
    (
        "jobtitle",
        "Job Title",
        "string",
        "text",
        "contactinformation",
        false,
    ),
    (
        "company",
        "Company Name",
        "string",
        "text",
        "contactinformation",
        false,
    ),
    (
        "website",
        "Website URL",
        "string",
        "text",
        "contactinformation",
        false,
    ),
    (
        "lifecyclestage",
        "Lifecycle Stage",
        "enumeration",
        "radio",
        "contactinformation",
        false,
    ),
    (
        "hs_language",
        "Preferred language",
        "enumeration",
        "select",
        "contactinformation",
        false,
    ),
    (
        "associatedcompanyid",
        "Primary Associated Company ID",
        "number",
        "number",
        "contactinformation",
        false,
    ),
    (
        "createdate",
        "Create Date",
        "datetime",
        "date",
        "contactinformation",
        true,
    ),
    (
        "lastmodifieddate",
        "Last Modified Date",
        "datetime",
        "date",
        "contactinformation",
        true,
    ),
];

const COMPANIES: &[Row] = &[
    (
        "name",
        "Company name",
        "string",
        "text",
        "companyinformation",
        false,
    ),
    (
        "domain",
        "Company Domain Name",
        "string",
        "text",
        "companyinformation",
        false,
    ),
    (
        "website",
        "Website URL",
        "string",
        "text",
        "companyinformation",
        false,
    ),
    (
        "industry",
        "Industry",
        "enumeration",
        "select",
        "companyinformation",
        false,
    ),
    (
        "phone",
        "Phone Number",
        "string",
        "phonenumber",
        "companyinformation",
        false,
    ),
    (
        "city",
        "City",
        "string",
        "text",
        "companyinformation",
        false,
    ),
    (
        "country",
        "Country/Region",
        "string",
        "text",
        "companyinformation",
        false,
    ),
    (
        "numberofemployees",
        "Number of Employees",
        "number",
        "number",
        "companyinformation",
        false,
    ),
    (
        "description",
        "Description",
        "string",
        "textarea",
        "companyinformation",
        false,
    ),
    (
        "lifecyclestage",
        "Lifecycle Stage",
        "enumeration",
        "radio",
        "companyinformation",
        false,
    ),
    (
        "createdate",
        "Create Date",
        "datetime",
        "date",
        "companyinformation",
        true,
    ),
    (
        "hs_lastmodifieddate",
        "Last Modified Date",
        "datetime",
        "date",
        "companyinformation",
        true,
    ),
];

const DEALS: &[Row] = &[
    (
        "dealname",
        "Deal Name",
        "string",
        "text",
        "dealinformation",
        false,
    ),
    (
        "dealstage",
        "Deal Stage",
        "enumeration",
        "radio",
        "dealinformation",
        false,
    ),
    (
        "pipeline",
        "Pipeline",
        "enumeration",
        "select",
        "dealinformation",
        false,
    ),
    (
        "amount",
        "Amount",
        "number",
        "number",
        "dealinformation",
        false,
    ),
    (
        "deal_currency_code",
        "Currency",
        "enumeration",
        "select",
        "dealinformation",
        false,
    ),
    (
        "closedate",
        "Close Date",
        "datetime",
        "date",
        "dealinformation",
        false,
    ),
    (
        "hs_next_step",
        "Next step",
        "string",
        "textarea",
        "dealinformation",
        false,
    ),
    (
        "description",
        "Deal Description",
        "string",
        "textarea",
        "dealinformation",
        false,
    ),
    (
        "dealtype",
        "Deal Type",
        "enumeration",
        "radio",
        "dealinformation",
        false,
    ),
    (
        "createdate",
        "Create Date",
        "datetime",
        "date",
        "dealinformation",
        true,
    ),
    (
        "hs_lastmodifieddate",
        "Last Modified Date",
        "datetime",
        "date",
        "dealinformation",
        true,
    ),
];

const ACTIVITY: &[Row] = &[
    (
        "hs_timestamp",
        "Activity date",
        "datetime",
        "date",
        "engagement",
        false,
    ),
    (
        "hs_createdate",
        "Create date",
        "datetime",
        "date",
        "engagement",
        true,
    ),
    (
        "hs_lastmodifieddate",
        "Last modified date",
        "datetime",
        "date",
        "engagement",
        true,
    ),
    (
        "hs_activity_type",
        "Activity type",
        "enumeration",
        "select",
        "engagement",
        false,
    ),
];

const NOTES: &[Row] = &[
    ("hs_note_body", "Note body", "string", "html", "note", false),
    (
        "hs_attachment_ids",
        "Attached file IDs",
        "enumeration",
        "checkbox",
        "note",
        false,
    ),
];

const MEETINGS: &[Row] = &[
    (
        "hs_meeting_title",
        "Meeting name",
        "string",
        "text",
        "meeting",
        false,
    ),
    (
        "hs_meeting_body",
        "Meeting description",
        "string",
        "html",
        "meeting",
        false,
    ),
    (
        "hs_internal_meeting_notes",
        "Internal notes",
        "string",
        "html",
        "meeting",
        false,
    ),
    (
        "hs_meeting_start_time",
        "Start time",
        "datetime",
        "date",
        "meeting",
        false,
    ),
    (
        "hs_meeting_end_time",
        "End time",
        "datetime",
        "date",
        "meeting",
        false,
    ),
    (
        "hs_meeting_external_url",
        "External URL",
        "string",
        "text",
        "meeting",
        false,
    ),
    (
        "hs_meeting_location",
        "Location",
        "string",
        "text",
        "meeting",
        false,
    ),
    (
        "hs_meeting_outcome",
        "Meeting outcome",
        "enumeration",
        "select",
        "meeting",
        false,
    ),
];

const CALLS: &[Row] = &[
    (
        "hs_call_title",
        "Call title",
        "string",
        "text",
        "call",
        false,
    ),
    (
        "hs_call_body",
        "Call notes",
        "string",
        "html",
        "call",
        false,
    ),
    (
        "hs_call_duration",
        "Call duration",
        "number",
        "number",
        "call",
        false,
    ),
    (
        "hs_call_direction",
        "Call direction",
        "enumeration",
        "select",
        "call",
        false,
    ),
    (
        "hs_call_status",
        "Call status",
        "enumeration",
        "select",
        "call",
        false,
    ),
    (
        "hs_call_disposition",
        "Call outcome",
        "enumeration",
        "select",
        "call",
        false,
    ),
    (
        "hs_call_recording_url",
        "Recording URL",
        "string",
        "text",
        "call",
        false,
    ),
];

const TASKS: &[Row] = &[
    (
        "hs_task_subject",
        "Task title",
        "string",
        "text",
        "task",
        false,
    ),
    (
        "hs_task_body",
        "Task notes",
        "string",
        "html",
        "task",
        false,
    ),
    (
        "hs_task_status",
        "Task status",
        "enumeration",
        "select",
        "task",
        false,
    ),
    (
        "hs_task_priority",
        "Priority",
        "enumeration",
        "select",
        "task",
        false,
    ),
    (
        "hs_task_type",
        "Task type",
        "enumeration",
        "select",
        "task",
        false,
    ),
    (
        "hs_task_completion_date",
        "Completed at",
        "datetime",
        "date",
        "task",
        true,
    ),
];

/// The built-in properties of an object type.
pub(crate) fn builtin(object: ObjectType, created_at: OffsetDateTime) -> Vec<PropertyDef> {
    let specific: &[&[Row]] = match object {
        ObjectType::Contacts => &[CONTACTS],
        ObjectType::Companies => &[COMPANIES],
        ObjectType::Deals => &[DEALS],
        ObjectType::Notes => &[ACTIVITY, NOTES],
        ObjectType::Meetings => &[ACTIVITY, MEETINGS],
        ObjectType::Calls => &[ACTIVITY, CALLS],
        ObjectType::Tasks => &[ACTIVITY, TASKS],
    };
    let fallback_group = match object {
        ObjectType::Contacts => "contactinformation",
        ObjectType::Companies => "companyinformation",
        ObjectType::Deals => "dealinformation",
        _ => "engagement",
    };
    specific
        .iter()
        .flat_map(|rows| rows.iter())
        .chain(COMMON.iter())
        .map(
            |&(name, label, kind, field_type, group, read_only)| PropertyDef {
                name: name.to_owned(),
                label: label.to_owned(),
                kind: kind.to_owned(),
                field_type: field_type.to_owned(),
                group: if group.is_empty() {
                    fallback_group
                } else {
                    group
                }
                .to_owned(),
                description: String::new(),
                options: Vec::new(),
                unique: false,
                hubspot_defined: true,
                read_only,
                created_at,
            },
        )
        .collect()
}

const TYPES: &[(&str, &[&str])] = &[
    (
        "string",
        &["text", "textarea", "html", "phonenumber", "file"],
    ),
    ("number", &["number", "calculation_equation"]),
    ("date", &["date"]),
    ("datetime", &["date"]),
    (
        "enumeration",
        &[
            "select",
            "radio",
            "checkbox",
            "booleancheckbox",
            "calculation_equation",
        ],
    ),
    ("bool", &["booleancheckbox", "calculation_equation"]),
];

pub(crate) async fn get_all(
    State(hubspot): State<Arc<HubSpot>>,
    Path(object): Path<String>,
) -> ApiResult<Response> {
    let object = super::object_type(&object)?;
    let store = hubspot.store.read().await;
    let results: Vec<Value> = store.properties[&object]
        .iter()
        .map(PropertyDef::to_json)
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({ "results": results }),
    ))
}

pub(crate) async fn get_one(
    State(hubspot): State<Arc<HubSpot>>,
    Path((object, name)): Path<(String, String)>,
) -> ApiResult<Response> {
    let object = super::object_type(&object)?;
    let store = hubspot.store.read().await;
    let property = store
        .property(object, &name)
        .ok_or_else(|| ApiError::not_found(format!("Unable to find property {name}")))?;
    Ok(json_response(StatusCode::OK, &property.to_json()))
}

pub(crate) async fn create(
    State(hubspot): State<Arc<HubSpot>>,
    Path(object): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let object = super::object_type(&object)?;
    let input = super::parse_body(&body)?;
    let text = |key: &str| input.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut missing = Vec::new();
    for key in ["name", "label", "type", "fieldType", "groupName"] {
        if text(key).is_none_or(|v| v.trim().is_empty()) {
            missing.push(key);
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::validation(format!(
            "Invalid input JSON: missing required field(s): {}",
            missing.join(", ")
        ))
        .with_context(json!({ "missingFields": missing })));
    }
    let name = text("name").unwrap_or_default();
    let valid_name = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid_name {
        return Err(ApiError::validation(format!(
            "Property name '{name}' is invalid: use lowercase letters, digits and underscores, starting with a letter"
        )));
    }
    let kind = text("type").unwrap_or_default();
    let field_type = text("fieldType").unwrap_or_default();
    let Some((_, field_types)) = TYPES.iter().find(|(k, _)| *k == kind) else {
        return Err(ApiError::validation(format!(
            "Unknown property type '{kind}'"
        )));
    };
    if !field_types.contains(&field_type.as_str()) {
        return Err(ApiError::validation(format!(
            "fieldType '{field_type}' is not valid for a property of type '{kind}'"
        )));
    }
    let unique = input
        .get("hasUniqueValue")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut store = hubspot.store.write().await;
    if store.property(object, &name).is_some() {
        return Err(ApiError::conflict(format!(
            "A property named '{name}' already exists."
        )));
    }
    let property = PropertyDef {
        name,
        label: text("label").unwrap_or_default(),
        kind,
        field_type,
        group: text("groupName").unwrap_or_default(),
        description: text("description").unwrap_or_default(),
        options: input
            .get("options")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        unique,
        hubspot_defined: false,
        read_only: false,
        created_at: OffsetDateTime::now_utc(),
    };
    let body = property.to_json();
    store.properties.entry(object).or_default().push(property);
    Ok(json_response(StatusCode::CREATED, &body))
}
