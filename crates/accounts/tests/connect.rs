//! Connecting a HubSpot account end to end: the sandbox over real HTTP, the real OS
//! keychain (`make test` provides an unlocked Secret Service), a real store on disk.

use callbrief_accounts::{Accounts, ConnectErrorKind, ConnectionStatus, ReconnectReason};
use callbrief_core::Secret;
use callbrief_platform::Keychain;
use callbrief_sandbox::{Sandbox, SandboxOptions, demo_seed};
use callbrief_store::Store;

struct Setup {
    sandbox: Sandbox,
    accounts: Accounts,
    keychain: Keychain,
    database: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let sandbox = Sandbox::start(SandboxOptions {
        seed: demo_seed(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("callbrief.sqlite3");
    let store = Store::open(&database).await.unwrap();
    // A service name of its own so parallel tests and the user's real entries never meet.
    let service = format!("callbrief-test-accounts-{}", uuid_like());
    let keychain = Keychain::open_service(&service).await;
    let accounts = Accounts::new(store, keychain.clone(), sandbox.hubspot().base_url);
    Setup {
        sandbox,
        accounts,
        keychain,
        database,
        _dir: dir,
    }
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}-{nanos}", std::process::id())
}

#[tokio::test]
async fn a_good_token_connects_and_lives_only_in_the_keychain() {
    let s = setup().await;
    let token = s.sandbox.hubspot().token;
    let account = s
        .accounts
        .connect_hubspot(Secret::new(format!("  {token}\n")))
        .await
        .unwrap();
    assert_eq!(account.crm, "hubspot");
    assert!(!account.account_id.is_empty());
    assert!(
        account.user.is_some(),
        "the token's owner is named: {account:?}"
    );

    let keychain_account = format!("hubspot:{}", account.account_id);
    assert_eq!(
        s.keychain.get(&keychain_account).await.unwrap(),
        Some(Secret::new(token.clone())),
        "pasted whitespace is trimmed"
    );

    // The token is nowhere in the database files (main file and write-ahead log).
    for file in [s.database.clone(), s.database.with_extension("sqlite3-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            assert!(
                !contains(&bytes, token.as_bytes()),
                "token found in {}",
                file.display()
            );
        }
    }

    match s.accounts.status().await.unwrap() {
        ConnectionStatus::Connected { account: checked } => {
            assert_eq!(checked.account_id, account.account_id)
        }
        other => panic!("expected connected, got {other:?}"),
    }
    assert!(s.accounts.session().await.unwrap().is_some());

    s.accounts.disconnect().await.unwrap();
    assert_eq!(
        s.keychain.get(&keychain_account).await.unwrap(),
        None,
        "token removed"
    );
    assert_eq!(
        s.accounts.status().await.unwrap(),
        ConnectionStatus::Disconnected
    );
    assert!(s.accounts.session().await.unwrap().is_none());
}

#[tokio::test]
async fn a_wrong_token_is_rejected_and_nothing_is_stored() {
    let s = setup().await;
    let error = s
        .accounts
        .connect_hubspot(Secret::new("pat-na1-not-a-real-token"))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ConnectErrorKind::TokenRejected, "{error:?}");
    assert!(!error.message.is_empty(), "HubSpot's message is kept");
    assert!(
        !error.message.contains("pat-na1-not-a-real-token"),
        "the token never appears in errors"
    );
    assert_eq!(
        s.accounts.status().await.unwrap(),
        ConnectionStatus::Disconnected
    );
}

#[tokio::test]
async fn an_empty_token_is_refused_without_a_network_call() {
    let s = setup().await;
    let before = s.sandbox.stats().requests;
    let error = s
        .accounts
        .connect_hubspot(Secret::new("   "))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ConnectErrorKind::EmptyToken);
    assert_eq!(s.sandbox.stats().requests, before);
}

#[tokio::test]
async fn missing_scopes_are_named() {
    let s = setup().await;
    let narrow = s
        .sandbox
        .issue_hubspot_token(&["crm.objects.contacts.read"]);
    let error = s
        .accounts
        .connect_hubspot(Secret::new(narrow))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ConnectErrorKind::MissingScopes, "{error:?}");
    assert!(
        error
            .scopes
            .iter()
            .any(|scope| scope == "crm.objects.companies.read"),
        "{:?}",
        error.scopes
    );
    assert!(
        !error
            .scopes
            .iter()
            .any(|scope| scope == "crm.objects.contacts.read")
    );
    assert_eq!(
        s.accounts.status().await.unwrap(),
        ConnectionStatus::Disconnected
    );
}

#[tokio::test]
async fn a_token_revoked_later_asks_for_a_reconnect() {
    let s = setup().await;
    let token = s.sandbox.issue_hubspot_token(&all_scopes());
    s.accounts
        .connect_hubspot(Secret::new(token.clone()))
        .await
        .unwrap();
    s.sandbox.revoke_hubspot_token(&token);
    match s.accounts.status().await.unwrap() {
        ConnectionStatus::NeedsReconnect {
            reason: ReconnectReason::TokenRejected { .. },
            ..
        } => {}
        other => panic!("expected a reconnect request, got {other:?}"),
    }
    // Reconnecting with a fresh token repairs it in place.
    let fresh = s.sandbox.hubspot().token;
    s.accounts
        .connect_hubspot(Secret::new(fresh))
        .await
        .unwrap();
    assert!(matches!(
        s.accounts.status().await.unwrap(),
        ConnectionStatus::Connected { .. }
    ));
}

#[tokio::test]
async fn an_unreachable_crm_keeps_the_connection() {
    let s = setup().await;
    s.accounts
        .connect_hubspot(Secret::new(s.sandbox.hubspot().token))
        .await
        .unwrap();
    s.sandbox.shutdown().await;
    match s.accounts.status().await.unwrap() {
        ConnectionStatus::Unverified { message, .. } => assert!(!message.is_empty()),
        other => panic!("expected unverified, got {other:?}"),
    }
}

#[tokio::test]
async fn a_token_deleted_from_the_keychain_asks_for_a_reconnect() {
    let s = setup().await;
    let account = s
        .accounts
        .connect_hubspot(Secret::new(s.sandbox.hubspot().token))
        .await
        .unwrap();
    s.keychain
        .delete(&format!("hubspot:{}", account.account_id))
        .await
        .unwrap();
    assert!(matches!(
        s.accounts.status().await.unwrap(),
        ConnectionStatus::NeedsReconnect {
            reason: ReconnectReason::TokenMissing,
            ..
        }
    ));
}

fn all_scopes() -> Vec<&'static str> {
    callbrief_crm::hubspot::REQUIRED_SCOPES
        .iter()
        .map(|(scope, _)| *scope)
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
