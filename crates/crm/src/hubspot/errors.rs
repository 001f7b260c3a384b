//! HubSpot error bodies (`{status, message, correlationId, category, errors, context}`)
//! mapped to [`CrmError`].

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{CrmError, CrmErrorKind};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    correlation_id: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    errors: Vec<ErrorDetail>,
    #[serde(default)]
    context: Option<Value>,
    #[serde(default)]
    policy_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    context: Option<Value>,
}

/// Context keys in which HubSpot names required scopes.
const SCOPE_KEYS: &[&str] = &["requiredGranularScopes", "requiredScopes", "missingScopes"];
/// Context keys in which HubSpot names the offending property.
const FIELD_KEYS: &[&str] = &["propertyName", "propertyNames", "name", "property"];

fn strings_at(context: &Value, keys: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for key in keys {
        match context.get(key) {
            Some(Value::Array(items)) => {
                out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned))
            }
            Some(Value::String(s)) => out.push(s.clone()),
            _ => {}
        }
    }
    out
}

/// Maps an unsuccessful HubSpot response to a typed error.
///
/// `retry_after` is the parsed `Retry-After` header, if any.
pub(crate) fn from_response(status: u16, body: &str, retry_after: Option<Duration>) -> CrmError {
    let parsed: ErrorBody = serde_json::from_str(body).unwrap_or_default();
    let contexts: Vec<&Value> = parsed
        .context
        .iter()
        .chain(parsed.errors.iter().filter_map(|e| e.context.as_ref()))
        .collect();
    let category = parsed.category.as_deref().unwrap_or("");
    let message = parsed
        .message
        .clone()
        .filter(|m| !m.trim().is_empty())
        .or_else(|| parsed.errors.iter().find_map(|e| e.message.clone()))
        .unwrap_or_else(|| format!("HubSpot answered HTTP {status}"));

    let kind = match status {
        401 => CrmErrorKind::Auth,
        403 if category == "MISSING_SCOPES" || message.contains("required scopes") => {
            let mut scopes: Vec<String> = contexts
                .iter()
                .flat_map(|c| strings_at(c, SCOPE_KEYS))
                .collect();
            scopes.sort();
            scopes.dedup();
            CrmErrorKind::MissingScopes(scopes)
        }
        403 => CrmErrorKind::Permanent,
        404 => CrmErrorKind::NotFound,
        409 => CrmErrorKind::Conflict,
        429 => CrmErrorKind::RateLimited {
            retry_after: retry_after.or_else(|| {
                // HubSpot's rolling windows: wait out the ten-second window at most.
                match parsed.policy_name.as_deref() {
                    Some("TEN_SECONDLY_ROLLING") => Some(Duration::from_secs(1)),
                    Some("SECONDLY") => Some(Duration::from_secs(1)),
                    _ => None,
                }
            }),
        },
        400 | 422 => CrmErrorKind::Validation {
            field: contexts
                .iter()
                .flat_map(|c| strings_at(c, FIELD_KEYS))
                .next(),
        },
        408 | 500..=599 => CrmErrorKind::Transient,
        _ => CrmErrorKind::Permanent,
    };
    CrmError {
        kind,
        message,
        correlation_id: parsed.correlation_id,
    }
}

/// A network failure (no HTTP answer) as a typed error. The token never appears: reqwest
/// errors carry the URL, which holds no credentials in this connector.
pub(crate) fn from_transport(error: reqwest::Error) -> CrmError {
    let what = if error.is_timeout() {
        "HubSpot did not answer in time"
    } else if error.is_connect() {
        "could not connect to HubSpot"
    } else {
        "the connection to HubSpot failed"
    };
    CrmError::transient(format!("{what}: {}", error.without_url()))
}

/// Parses `Retry-After` (seconds; HTTP dates are not used by HubSpot).
pub(crate) fn parse_retry_after(value: Option<&str>) -> Option<Duration> {
    let value = value?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    value
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_scopes_lists_the_scopes() {
        let body = r#"{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","correlationId":"c-1","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["crm.objects.deals.read"]}}],"category":"MISSING_SCOPES"}"#;
        let error = from_response(403, body, None);
        assert_eq!(
            error.kind,
            CrmErrorKind::MissingScopes(vec!["crm.objects.deals.read".into()])
        );
        assert_eq!(error.correlation_id.as_deref(), Some("c-1"));
        assert!(error.message.starts_with("This app hasn't been granted"));
    }

    #[test]
    fn unauthorized_is_auth_with_hubspots_message() {
        let body = r#"{"status":"error","message":"Authentication credentials not found.","correlationId":"c-2","category":"INVALID_AUTHENTICATION"}"#;
        let error = from_response(401, body, None);
        assert_eq!(error.kind, CrmErrorKind::Auth);
        assert_eq!(error.message, "Authentication credentials not found.");
    }

    #[test]
    fn rate_limit_keeps_retry_after_or_derives_it_from_the_policy() {
        let body = r#"{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"c-3","policyName":"TEN_SECONDLY_ROLLING"}"#;
        let error = from_response(429, body, Some(Duration::from_secs(3)));
        assert_eq!(
            error.kind,
            CrmErrorKind::RateLimited {
                retry_after: Some(Duration::from_secs(3))
            }
        );
        let error = from_response(429, body, None);
        assert_eq!(
            error.kind,
            CrmErrorKind::RateLimited {
                retry_after: Some(Duration::from_secs(1))
            }
        );
    }

    #[test]
    fn validation_names_the_property() {
        let body = r#"{"status":"error","message":"Property values were not valid","correlationId":"c-4","category":"VALIDATION_ERROR","errors":[{"message":"INVALID_DATE","context":{"propertyName":["hs_timestamp"]}}]}"#;
        let error = from_response(400, body, None);
        assert_eq!(
            error.kind,
            CrmErrorKind::Validation {
                field: Some("hs_timestamp".into())
            }
        );
    }

    #[test]
    fn status_codes_without_body() {
        assert_eq!(from_response(503, "", None).kind, CrmErrorKind::Transient);
        assert_eq!(
            from_response(502, "<html>", None).kind,
            CrmErrorKind::Transient
        );
        assert_eq!(from_response(404, "", None).kind, CrmErrorKind::NotFound);
        assert_eq!(from_response(409, "", None).kind, CrmErrorKind::Conflict);
        assert_eq!(from_response(403, "", None).kind, CrmErrorKind::Permanent);
        assert_eq!(from_response(418, "", None).kind, CrmErrorKind::Permanent);
        assert_eq!(
            from_response(500, "", None).message,
            "HubSpot answered HTTP 500"
        );
    }

    #[test]
    fn retry_after_parses_seconds() {
        assert_eq!(parse_retry_after(Some("2")), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after(Some("0.5")),
            Some(Duration::from_millis(500))
        );
        assert_eq!(parse_retry_after(Some("soon")), None);
        assert_eq!(parse_retry_after(None), None);
    }
}
