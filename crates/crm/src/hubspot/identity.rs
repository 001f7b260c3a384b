//! Who-am-I: account details, token introspection (granted scopes) and the signed-in
//! user's owner record.

use serde_json::{Value, json};

use super::REQUIRED_SCOPES;
use super::convert;
use super::http::Http;
use super::paging::id_of;
use super::rate_limit::CallClass;
use crate::error::{CrmError, CrmErrorKind};
use crate::types::AccountIdentity;

pub(crate) async fn who_am_i(http: &Http) -> Result<AccountIdentity, CrmError> {
    // A bearer-authenticated call first: a wrong or revoked token fails here with 401.
    let details = http
        .get(http.url(&["account-info", "v3", "details"]))
        .await?;
    // Private-app tokens are introspected by value (the token travels in the body).
    let info = http
        .post_read(
            http.url(&["oauth", "v2", "private-apps", "get", "access-token-info"]),
            &json!({ "tokenKey": http.token().expose() }),
            CallClass::General,
        )
        .await?;
    let granted = granted_scopes(&info);
    let user_id = id_of(info.get("userId"));
    let owner = match &user_id {
        Some(user_id) => {
            let mut url = http.url(&["crm", "v3", "owners", user_id]);
            url.query_pairs_mut().append_pair("idProperty", "userId");
            match http.get(url).await {
                Ok(record) => Some(convert::owner(&record)),
                // Not an owner, or the scope to look owners up is missing (reported below).
                Err(e)
                    if matches!(
                        e.kind,
                        CrmErrorKind::NotFound | CrmErrorKind::MissingScopes(_)
                    ) =>
                {
                    None
                }
                Err(e) => return Err(e),
            }
        }
        None => None,
    };
    let portal_id = id_of(details.get("portalId"))
        .or_else(|| id_of(info.get("hubId")))
        .unwrap_or_default();
    // Account details carry no portal name today (`uiDomain` is HubSpot's UI host, not a
    // name), so a name is only taken when HubSpot sends one.
    let account_name = ["portalName", "accountName"]
        .iter()
        .find_map(|k| details.get(*k).and_then(Value::as_str))
        .map(str::to_owned);
    Ok(AccountIdentity {
        portal_id,
        account_name,
        user_id,
        owner,
        missing_scopes: missing_scopes(&granted),
        granted_scopes: granted,
    })
}

fn granted_scopes(info: &Value) -> Vec<String> {
    match info.get("scopes") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        // Some token kinds list scopes as one space- or comma-separated string.
        Some(Value::String(s)) => s
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Required scopes not in `granted`.
pub(crate) fn missing_scopes(granted: &[String]) -> Vec<String> {
    REQUIRED_SCOPES
        .iter()
        .map(|(scope, _)| *scope)
        .filter(|scope| !granted.iter().any(|g| g == scope))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_read_from_lists_or_strings_and_compared() {
        let info = json!({"scopes": ["crm.objects.contacts.read", "oauth"]});
        let granted = granted_scopes(&info);
        assert_eq!(granted.len(), 2);
        let missing = missing_scopes(&granted);
        assert!(!missing.contains(&"crm.objects.contacts.read".to_owned()));
        assert!(missing.contains(&"crm.objects.deals.read".to_owned()));
        let all: Vec<String> = REQUIRED_SCOPES.iter().map(|(s, _)| s.to_string()).collect();
        assert!(missing_scopes(&all).is_empty());
        assert_eq!(
            granted_scopes(&json!({"scopes": "a b,c"})),
            vec!["a", "b", "c"]
        );
    }
}
