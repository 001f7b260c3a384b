//! Connect, check and disconnect the user's CRM account.

use std::sync::Arc;

use callbrief_core::Secret;
use callbrief_crm::CrmConnector;
use callbrief_crm::hubspot::{HubSpotConfig, HubSpotConnector};
use callbrief_platform::Keychain;
use callbrief_store::Store;
use callbrief_store::page::Page;
use callbrief_store::repo::connections::{CrmConnection, CrmKind, NewConnection};

use crate::error::{ConnectError, ConnectErrorKind};
use crate::status::{ConnectedAccount, ConnectionStatus, ReconnectReason};

/// A connected CRM account ready for calls.
#[derive(Clone)]
pub struct CrmSession {
    /// The store's id of the connection (keys the CRM cache).
    pub connection_id: String,
    /// The connector, authenticated with the keychain's token.
    pub connector: Arc<dyn CrmConnector>,
}

/// HubSpot's API, for real accounts.
pub const HUBSPOT_BASE_URL: &str = "https://api.hubapi.com";
/// Points the app at another HubSpot-compatible API (the sandbox in tests and the demo).
pub const HUBSPOT_BASE_URL_ENV: &str = "CALLBRIEF_HUBSPOT_BASE_URL";

/// The user's CRM account. Callbrief works with one CRM account at a time: connecting a
/// new one replaces the old one (and its keychain entry).
#[derive(Clone)]
pub struct Accounts {
    store: Store,
    keychain: Keychain,
    hubspot_base_url: String,
}

impl Accounts {
    /// Accounts over `store` and `keychain`; new HubSpot connections use `hubspot_base_url`.
    pub fn new(store: Store, keychain: Keychain, hubspot_base_url: impl Into<String>) -> Self {
        Self {
            store,
            keychain,
            hubspot_base_url: hubspot_base_url.into(),
        }
    }

    /// Checks `token` live (account, user, scopes), prepares the account for pushes, then
    /// keeps the token in the keychain. Nothing is stored when any step fails.
    pub async fn connect_hubspot(&self, token: Secret) -> Result<ConnectedAccount, ConnectError> {
        let token = Secret::new(token.expose().trim());
        if token.is_blank() {
            return Err(ConnectError::new(
                ConnectErrorKind::EmptyToken,
                "paste a HubSpot private app token or service key",
            ));
        }
        let connector = HubSpotConnector::new(HubSpotConfig::new(
            self.hubspot_base_url.as_str(),
            token.clone(),
        ))?;
        let identity = connector.who_am_i().await?;
        if !identity.missing_scopes.is_empty() {
            return Err(ConnectError {
                scopes: identity.missing_scopes.clone(),
                ..ConnectError::new(
                    ConnectErrorKind::MissingScopes,
                    "the token lacks scopes Callbrief needs",
                )
            });
        }
        connector.ensure_ready().await?;

        let keychain_account = format!("{}:{}", CrmKind::HubSpot.as_str(), identity.portal_id);
        self.keychain.set(&keychain_account, &token).await?;
        let display_name = identity
            .account_name
            .clone()
            .unwrap_or_else(|| identity.portal_id.clone());
        let stored = self
            .store
            .upsert_connection(NewConnection {
                crm: CrmKind::HubSpot,
                account_id: identity.portal_id.clone(),
                display_name,
                base_url: self.hubspot_base_url.clone(),
                keychain_account: keychain_account.clone(),
            })
            .await?;
        self.forget_all_but(&stored.id).await?;
        tracing::info!(portal = %identity.portal_id, "HubSpot account connected");
        Ok(account_of(&stored, user_of(&identity)))
    }

    /// The connection as of now. Asks the CRM whether the stored token still works, so
    /// this takes a network round trip when an account is connected.
    pub async fn status(&self) -> Result<ConnectionStatus, ConnectError> {
        let Some(stored) = self.current().await? else {
            return Ok(ConnectionStatus::Disconnected);
        };
        let Some(token) = self.keychain.get(&stored.keychain_account).await? else {
            return Ok(ConnectionStatus::NeedsReconnect {
                account: account_of(&stored, None),
                reason: ReconnectReason::TokenMissing,
            });
        };
        let checked = match connector_for(&stored, token) {
            Ok(connector) => connector.who_am_i().await,
            Err(error) => Err(error),
        };
        Ok(match checked {
            Ok(identity) if identity.missing_scopes.is_empty() => ConnectionStatus::Connected {
                account: account_of(&stored, user_of(&identity)),
            },
            Ok(identity) => ConnectionStatus::NeedsReconnect {
                account: account_of(&stored, user_of(&identity)),
                reason: ReconnectReason::MissingScopes {
                    scopes: identity.missing_scopes,
                },
            },
            Err(error) => status_after_failed_check(account_of(&stored, None), error),
        })
    }

    /// The connected account and a connector for it, or `None` when there is none.
    pub async fn session(&self) -> Result<Option<CrmSession>, ConnectError> {
        let Some(stored) = self.current().await? else {
            return Ok(None);
        };
        let token = self
            .keychain
            .get(&stored.keychain_account)
            .await?
            .ok_or_else(|| {
                ConnectError::new(
                    ConnectErrorKind::TokenRejected,
                    "the CRM token is missing from the keychain",
                )
            })?;
        Ok(Some(CrmSession {
            connector: connector_for(&stored, token)?,
            connection_id: stored.id,
        }))
    }

    /// Removes the token from the keychain and the connection from the store.
    pub async fn disconnect(&self) -> Result<(), ConnectError> {
        self.forget_all_but("").await
    }

    async fn current(&self) -> Result<Option<CrmConnection>, ConnectError> {
        let page = self
            .store
            .connections(Page {
                limit: 1,
                offset: 0,
            })
            .await?;
        Ok(page.items.into_iter().next())
    }

    /// Forgets every connection except `keep_id`: keychain entry first, so a failure leaves
    /// the row in place and the user can try again.
    async fn forget_all_but(&self, keep_id: &str) -> Result<(), ConnectError> {
        let all = self
            .store
            .connections(Page {
                limit: 100,
                offset: 0,
            })
            .await?;
        for connection in all.items.into_iter().filter(|c| c.id != keep_id) {
            self.keychain.delete(&connection.keychain_account).await?;
            self.store.delete_connection(&connection.id).await?;
            tracing::info!(crm = connection.crm.as_str(), account = %connection.account_id, "CRM account disconnected");
        }
        Ok(())
    }
}

fn connector_for(
    stored: &CrmConnection,
    token: Secret,
) -> Result<Arc<dyn CrmConnector>, callbrief_crm::CrmError> {
    match stored.crm {
        CrmKind::HubSpot => Ok(Arc::new(HubSpotConnector::new(HubSpotConfig::new(
            stored.base_url.as_str(),
            token,
        ))?)),
        other => Err(callbrief_crm::CrmError::permanent(format!(
            "{} is not supported yet",
            other.as_str()
        ))),
    }
}

fn status_after_failed_check(
    account: ConnectedAccount,
    error: callbrief_crm::CrmError,
) -> ConnectionStatus {
    use callbrief_crm::CrmErrorKind;
    match error.kind {
        CrmErrorKind::Auth => ConnectionStatus::NeedsReconnect {
            account,
            reason: ReconnectReason::TokenRejected {
                message: error.message,
            },
        },
        CrmErrorKind::MissingScopes(scopes) => ConnectionStatus::NeedsReconnect {
            account,
            reason: ReconnectReason::MissingScopes { scopes },
        },
        _ => ConnectionStatus::Unverified {
            account,
            message: error.to_string(),
        },
    }
}

fn user_of(identity: &callbrief_crm::AccountIdentity) -> Option<String> {
    identity.owner.as_ref().map(|owner| match &owner.email {
        Some(email) if !owner.name.is_empty() => format!("{} <{email}>", owner.name),
        Some(email) => email.clone(),
        None => owner.name.clone(),
    })
}

fn account_of(stored: &CrmConnection, user: Option<String>) -> ConnectedAccount {
    ConnectedAccount {
        crm: stored.crm.as_str().to_owned(),
        account_id: stored.account_id.clone(),
        // Stored as the id when the CRM gave no name.
        account_name: (stored.display_name != stored.account_id)
            .then(|| stored.display_name.clone()),
        user,
        connected_at_ms: stored.created_at.0,
    }
}
