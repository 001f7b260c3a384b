//! What Callbrief needs from a CRM account, for the connect screen.

use serde::Serialize;

/// One permission Callbrief asks for, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RequiredScope {
    /// The CRM's scope name, exactly as the CRM's app settings show it.
    pub scope: String,
    /// What Callbrief uses it for.
    pub purpose: String,
}

/// Everything a user must grant before connecting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CrmRequirements {
    /// Scopes of the HubSpot private app (least privilege).
    pub hubspot_scopes: Vec<RequiredScope>,
}

/// The requirements of every supported CRM.
pub fn requirements() -> CrmRequirements {
    CrmRequirements {
        hubspot_scopes: callbrief_crm::hubspot::REQUIRED_SCOPES
            .iter()
            .map(|(scope, purpose)| RequiredScope {
                scope: (*scope).to_owned(),
                purpose: (*purpose).to_owned(),
            })
            .collect(),
    }
}
