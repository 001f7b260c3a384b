//! The properties API: listing for field mapping, and the one custom property pushes
//! need (`callbrief_push_id`, unique).

use serde_json::{Value, json};

use super::PUSH_ID_PROPERTY;
use super::http::Http;
use super::paging::results;
use super::rate_limit::CallClass;
use crate::error::{CrmError, CrmErrorKind};
use crate::types::{PropertyInfo, PropertyType};

pub(crate) async fn list(http: &Http, object: &str) -> Result<Vec<PropertyInfo>, CrmError> {
    let page = http
        .get(http.url(&["crm", "v3", "properties", object]))
        .await?;
    Ok(results(&page).iter().map(info).collect())
}

pub(crate) fn info(property: &Value) -> PropertyInfo {
    let text = |key: &str| {
        property
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let flag = |pointer: &str| property.pointer(pointer).and_then(Value::as_bool) == Some(true);
    let kind = text("type");
    let field_type = text("fieldType");
    let property_type = match kind.as_str() {
        "string" | "phone_number" => PropertyType::String,
        "number" => PropertyType::Number,
        "date" => PropertyType::Date,
        "datetime" => PropertyType::DateTime,
        "bool" => PropertyType::Bool,
        "enumeration" => PropertyType::Enumeration,
        _ => PropertyType::Other,
    };
    PropertyInfo {
        name: text("name"),
        label: text("label"),
        property_type,
        vendor_type: format!("{kind}/{field_type}"),
        read_only: flag("/modificationMetadata/readOnlyValue") || flag("/calculated"),
        unique: flag("/hasUniqueValue"),
        options: property
            .get("options")
            .and_then(Value::as_array)
            .map(|o| {
                o.iter()
                    .filter_map(|o| o.get("value").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Creates `callbrief_push_id` on `object` unless it exists; fails if it exists without
/// unique values (look-ups by it would then be ambiguous).
pub(crate) async fn ensure_push_id_property(http: &Http, object: &str) -> Result<(), CrmError> {
    let existing = http
        .get_optional(http.url(&["crm", "v3", "properties", object, PUSH_ID_PROPERTY]))
        .await?;
    if let Some(existing) = existing {
        return check_unique(object, &existing);
    }
    // Put it in the group of the object's main text property so it shows up next to it.
    let group = list_raw(http, object)
        .await?
        .iter()
        .find(|p| {
            matches!(
                p.get("name").and_then(Value::as_str),
                Some("hs_note_body" | "hs_meeting_title" | "hs_meeting_body")
            )
        })
        .and_then(|p| p.get("groupName").and_then(Value::as_str))
        .unwrap_or("engagement")
        .to_owned();
    let body = json!({
        "name": PUSH_ID_PROPERTY,
        "label": "Callbrief push id",
        "description": "Set by Callbrief on every record it writes, so a retried write never creates a duplicate.",
        "type": "string",
        "fieldType": "text",
        "groupName": group,
        "hasUniqueValue": true,
        "formField": false,
    });
    let url = http.url(&["crm", "v3", "properties", object]);
    // Creating a property is naturally idempotent by name: a repeat answers 409.
    match http
        .call(reqwest::Method::POST, url, Some(&body), CallClass::General)
        .await
    {
        Ok(created) => check_unique(object, &created),
        Err(e) if e.kind == CrmErrorKind::Conflict => {
            let existing = http
                .get(http.url(&["crm", "v3", "properties", object, PUSH_ID_PROPERTY]))
                .await?;
            check_unique(object, &existing)
        }
        Err(e) => Err(e),
    }
}

async fn list_raw(http: &Http, object: &str) -> Result<Vec<Value>, CrmError> {
    Ok(results(
        &http
            .get(http.url(&["crm", "v3", "properties", object]))
            .await?,
    ))
}

fn check_unique(object: &str, property: &Value) -> Result<(), CrmError> {
    if info(property).unique {
        Ok(())
    } else {
        Err(CrmError::validation(
            Some(PUSH_ID_PROPERTY.into()),
            format!(
                "the HubSpot property {PUSH_ID_PROPERTY} on {object} exists but does not require unique values; \
                 delete it or make it unique so Callbrief can avoid duplicate records"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_metadata_is_mapped() {
        let p = info(&json!({
            "name": "hs_timestamp", "label": "Activity date", "type": "datetime", "fieldType": "date",
            "calculated": false, "hasUniqueValue": false,
            "modificationMetadata": {"readOnlyValue": false}
        }));
        assert_eq!(p.property_type, PropertyType::DateTime);
        assert_eq!(p.vendor_type, "datetime/date");
        assert!(!p.read_only && !p.unique);
        let p = info(
            &json!({"name": "x", "type": "number", "fieldType": "calculation_equation", "calculated": true}),
        );
        assert!(p.read_only);
        let p = info(
            &json!({"name": "o", "type": "enumeration", "fieldType": "select",
            "options": [{"label": "A", "value": "a"}], "modificationMetadata": {"readOnlyValue": true}}),
        );
        assert_eq!(p.options, vec!["a"]);
        assert!(p.read_only);
        assert!(check_unique("notes", &json!({"hasUniqueValue": true})).is_ok());
        assert!(check_unique("notes", &json!({"hasUniqueValue": false})).is_err());
    }
}
