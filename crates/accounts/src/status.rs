//! What the UI shows about the CRM connection.

use serde::Serialize;

/// A connected CRM account, as the user recognises it. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConnectedAccount {
    /// `hubspot`, `salesforce` or `pipedrive`.
    pub crm: String,
    /// HubSpot portal id (Salesforce org id, Pipedrive company).
    pub account_id: String,
    /// The account's name, when the CRM has one (HubSpot's API does not expose it).
    pub account_name: Option<String>,
    /// Who the token belongs to (name or email), when known.
    pub user: Option<String>,
    /// Milliseconds since the Unix epoch when the account was first connected (a JS
    /// number holds it exactly until the year 287396).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    // Exported as a plain TS `number` (specta refuses i64): milliseconds stay exact below 2^53.
    pub connected_at_ms: i64,
}

/// Why a stored connection no longer works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ReconnectReason {
    /// The CRM no longer accepts the token (revoked, expired, app removed).
    TokenRejected {
        /// The CRM's words.
        message: String,
    },
    /// The token lacks scopes Callbrief needs (changed in the CRM since connecting).
    MissingScopes {
        /// The scopes to add.
        scopes: Vec<String>,
    },
    /// The keychain has no token for this account (deleted outside Callbrief).
    TokenMissing,
}

/// The connection as of now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum ConnectionStatus {
    /// No CRM connected.
    Disconnected,
    /// Connected, and the CRM accepted the token just now.
    Connected {
        /// The account.
        account: ConnectedAccount,
    },
    /// Connected before, but the CRM could not be asked now (offline, CRM down). The token
    /// is kept; work queued for the CRM waits.
    Unverified {
        /// The account.
        account: ConnectedAccount,
        /// What went wrong when asking.
        message: String,
    },
    /// Connected before, but the user has to reconnect.
    NeedsReconnect {
        /// The account.
        account: ConnectedAccount,
        /// Why.
        reason: ReconnectReason,
    },
}
