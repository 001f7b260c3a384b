//! Finding customers by email, domain or name (CRM search; eventually consistent, which
//! is fine for finding — never used to confirm a write).

use std::collections::BTreeMap;

use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

use super::convert::{self, COMPANY_PROPERTIES, CONTACT_PROPERTIES};
use super::http::Http;
use super::paging::{associated_ids, batch_read, search_all};
use crate::error::CrmError;
use crate::types::{CustomerMatch, CustomerQuery};

/// At most this many candidates are returned.
const MAX_MATCHES: usize = 50;
/// Parallel association look-ups for matched contacts.
const PARALLEL: usize = 4;

pub(crate) async fn find_customers(
    http: &Http,
    query: &CustomerQuery,
) -> Result<Vec<CustomerMatch>, CrmError> {
    match query {
        CustomerQuery::Email(email) => by_email(http, email).await,
        CustomerQuery::Domain(domain) => {
            let domain = normalise_domain(domain);
            if domain.is_empty() {
                return Err(CrmError::validation(Some("domain".into()), "empty domain"));
            }
            companies(http, filter("domain", "EQ", &domain)).await
        }
        CustomerQuery::Name(name) => {
            let name = name.trim();
            if name.is_empty() {
                return Err(CrmError::validation(Some("name".into()), "empty name"));
            }
            companies(http, filter("name", "CONTAINS_TOKEN", name)).await
        }
    }
}

fn filter(property: &str, operator: &str, value: &str) -> Value {
    json!({ "filterGroups": [{ "filters": [
        { "propertyName": property, "operator": operator, "value": value }
    ]}]})
}

async fn companies(http: &Http, mut body: Value) -> Result<Vec<CustomerMatch>, CrmError> {
    body["properties"] = json!(COMPANY_PROPERTIES);
    let found = search_all(http, "companies", body, MAX_MATCHES).await?;
    Ok(found
        .iter()
        .map(|record| CustomerMatch {
            company: Some(convert::company(record)),
            matched_contacts: Vec::new(),
        })
        .collect())
}

async fn by_email(http: &Http, email: &str) -> Result<Vec<CustomerMatch>, CrmError> {
    let email = email.trim().to_lowercase();
    if !email.contains('@') {
        return Err(CrmError::validation(
            Some("email".into()),
            "not an email address",
        ));
    }
    let mut body = filter("email", "EQ", &email);
    body["properties"] = json!(CONTACT_PROPERTIES);
    let contacts = search_all(http, "contacts", body, MAX_MATCHES).await?;

    // Each contact's company: the primary company property, else the first association.
    let with_company: Vec<(Value, Option<String>)> = futures::stream::iter(contacts)
        .map(|record| async move {
            let company = match convert::prop(&record, "associatedcompanyid") {
                Some(id) => Some(id),
                None => associated_ids(http, "contacts", &convert::id(&record), "companies")
                    .await?
                    .into_iter()
                    .next(),
            };
            Ok::<_, CrmError>((record, company))
        })
        .buffered(PARALLEL)
        .try_collect()
        .await?;

    let company_ids: Vec<String> = {
        let mut ids: Vec<String> = with_company.iter().filter_map(|(_, c)| c.clone()).collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let companies: BTreeMap<String, Value> = batch_read(
        http,
        "companies",
        &company_ids,
        COMPANY_PROPERTIES,
        PARALLEL,
    )
    .await?
    .into_iter()
    .map(|record| (convert::id(&record), record))
    .collect();

    let mut matches: Vec<CustomerMatch> = Vec::new();
    for (record, company_id) in with_company {
        let mut contact = convert::contact(&record);
        let company = company_id.as_ref().and_then(|id| companies.get(id));
        if contact.company_id.is_none() {
            contact.company_id = company_id.clone();
        }
        let existing = matches.iter_mut().find(|m| {
            m.company.as_ref().map(|c| &c.id) == company_id.as_ref() && company.is_some()
        });
        match existing {
            Some(m) => m.matched_contacts.push(contact),
            None => matches.push(CustomerMatch {
                company: company.map(convert::company),
                matched_contacts: vec![contact],
            }),
        }
    }
    Ok(matches)
}

/// `https://www.Acme.example/x`, `anna@acme.example`, `acme.example.` → `acme.example`.
pub(crate) fn normalise_domain(input: &str) -> String {
    let mut text = input.trim().to_lowercase();
    if let Some((_, host)) = text.rsplit_once('@') {
        text = host.to_owned();
    }
    if let Some((_, rest)) = text.split_once("://") {
        text = rest.to_owned();
    }
    let host = text
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    host.strip_prefix("www.").unwrap_or(host).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_normalised() {
        assert_eq!(
            normalise_domain("https://www.Acme-Robotics.example/about?x"),
            "acme-robotics.example"
        );
        assert_eq!(normalise_domain("anna.chen@acme.example"), "acme.example");
        assert_eq!(normalise_domain(" acme.example. "), "acme.example");
        assert_eq!(normalise_domain("acme.example:8080"), "acme.example");
        assert_eq!(normalise_domain(""), "");
    }
}
