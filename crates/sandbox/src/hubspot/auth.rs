//! Bearer tokens with scopes, revocation, and which scope a route needs.

use std::collections::{BTreeSet, HashMap};

use axum::http::Method;

use super::types::ObjectType;

/// Every scope the sandbox checks; the default token has them all.
pub(crate) const ALL_SCOPES: &[&str] = &[
    "oauth",
    "crm.objects.contacts.read",
    "crm.objects.contacts.write",
    "crm.objects.companies.read",
    "crm.objects.companies.write",
    "crm.objects.deals.read",
    "crm.objects.deals.write",
    "crm.objects.owners.read",
    "crm.schemas.contacts.read",
    "crm.schemas.contacts.write",
    "crm.schemas.companies.read",
    "crm.schemas.companies.write",
    "crm.schemas.deals.read",
    "crm.schemas.deals.write",
];

pub(crate) struct TokenInfo {
    pub scopes: BTreeSet<String>,
    pub revoked: bool,
}

#[derive(Default)]
pub(crate) struct Tokens {
    tokens: HashMap<String, TokenInfo>,
}

impl Tokens {
    pub fn issue(&mut self, scopes: Option<&[&str]>) -> String {
        // Private-app tokens look like `pat-na1-<uuid>`.
        let token = format!("pat-na1-{}", uuid::Uuid::new_v4());
        let scopes = scopes
            .unwrap_or(ALL_SCOPES)
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        self.tokens.insert(
            token.clone(),
            TokenInfo {
                scopes,
                revoked: false,
            },
        );
        token
    }

    pub fn revoke(&mut self, token: &str) {
        if let Some(info) = self.tokens.get_mut(token) {
            info.revoked = true;
        }
    }

    /// The scopes of a live token.
    pub fn scopes(&self, token: &str) -> Option<&BTreeSet<String>> {
        self.tokens
            .get(token)
            .filter(|info| !info.revoked)
            .map(|info| &info.scopes)
    }
}

/// The scope a request needs, from its method and path (below `/hubspot`).
pub(crate) fn required_scope(method: &Method, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let reads = |last: &str| *method == Method::GET || last == "search" || last == "read";
    match parts.as_slice() {
        ["crm", "v3", "owners", ..] => Some("crm.objects.owners.read".into()),
        ["crm", "v3", "objects", object, rest @ ..] => {
            let family = ObjectType::parse(object)?.scope_family();
            let access = if reads(rest.last().copied().unwrap_or("")) {
                "read"
            } else {
                "write"
            };
            Some(format!("crm.objects.{family}.{access}"))
        }
        ["crm", "v4", "objects" | "associations", object, rest @ ..] => {
            let family = ObjectType::parse(object)?.scope_family();
            let access = if reads(rest.last().copied().unwrap_or("")) {
                "read"
            } else {
                "write"
            };
            Some(format!("crm.objects.{family}.{access}"))
        }
        ["crm", "v3", "properties", object, ..] => {
            let family = ObjectType::parse(object)?.scope_family();
            let access = if *method == Method::GET {
                "read"
            } else {
                "write"
            };
            Some(format!("crm.schemas.{family}.{access}"))
        }
        _ => None,
    }
}
