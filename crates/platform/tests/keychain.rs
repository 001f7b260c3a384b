//! Round trips through the real OS keychain.
//!
//! `make test` runs these inside a D-Bus session with an unlocked GNOME Keyring and a
//! fresh kernel session keyring, and sets `CALLBRIEF_REQUIRE_SECRET_SERVICE=1` so that a
//! silent fallback to keyutils fails the run instead of hiding a broken setup.

use callbrief_core::Secret;
use callbrief_platform::keychain::{Backend, Keychain};

fn unique_service() -> String {
    format!(
        "callbrief-test-{}-{}",
        std::process::id(),
        std::thread::current().name().unwrap_or("t")
    )
}

async fn round_trip(keychain: &Keychain) {
    let account = "hubspot:portal-4242";
    let token = Secret::new("pat-na1-11111111-2222-3333-4444-555555555555");
    assert_eq!(keychain.get(account).await.unwrap(), None, "starts empty");

    keychain.set(account, &token).await.unwrap();
    assert_eq!(keychain.get(account).await.unwrap(), Some(token.clone()));

    let rotated = Secret::new("pat-na1-rotated");
    keychain.set(account, &rotated).await.unwrap();
    assert_eq!(
        keychain.get(account).await.unwrap(),
        Some(rotated),
        "set replaces"
    );

    assert!(keychain.delete(account).await.unwrap());
    assert_eq!(
        keychain.get(account).await.unwrap(),
        None,
        "gone after delete"
    );
    assert!(
        !keychain.delete(account).await.unwrap(),
        "deleting twice reports nothing there"
    );
}

#[tokio::test]
async fn the_selected_store_keeps_a_secret_until_deleted() {
    let keychain = Keychain::open_service(&unique_service()).await;
    if std::env::var_os("CALLBRIEF_REQUIRE_SECRET_SERVICE").is_some() {
        assert_eq!(
            keychain.backend(),
            Backend::SecretService,
            "make test sets up the Secret Service"
        );
    }
    round_trip(&keychain).await;
}

#[tokio::test]
async fn the_kernel_keyring_fallback_keeps_a_secret_until_deleted() {
    round_trip(&Keychain::with_backend(
        &unique_service(),
        Backend::Keyutils,
    ))
    .await;
}

#[tokio::test]
async fn accounts_do_not_see_each_others_secrets() {
    let keychain = Keychain::open_service(&unique_service()).await;
    keychain
        .set("hubspot:1", &Secret::new("one"))
        .await
        .unwrap();
    keychain
        .set("pipedrive:1", &Secret::new("two"))
        .await
        .unwrap();
    assert_eq!(
        keychain.get("hubspot:1").await.unwrap(),
        Some(Secret::new("one"))
    );
    assert_eq!(
        keychain.get("pipedrive:1").await.unwrap(),
        Some(Secret::new("two"))
    );
    keychain.delete("hubspot:1").await.unwrap();
    assert_eq!(
        keychain.get("pipedrive:1").await.unwrap(),
        Some(Secret::new("two"))
    );
    keychain.delete("pipedrive:1").await.unwrap();
}
