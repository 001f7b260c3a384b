//! Credentials in the OS keychain: macOS Keychain, Windows Credential Manager, and on
//! Linux the Secret Service (GNOME Keyring, KWallet) with the kernel keyutils store as a
//! fallback where no Secret Service runs (headless machines, minimal desktops).
//!
//! Entries live under service [`SERVICE`] with account `<crm>:<portal or org id>`; the
//! database stores only that account name. All calls block on the OS (D-Bus on Linux), so
//! the public API is async and runs them on tokio's blocking pool.

use callbrief_core::Secret;
use keyring::Entry;

/// The keychain service name all Callbrief credentials are filed under.
pub const SERVICE: &str = "callbrief";

/// Which OS store holds the secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The platform's own keychain (macOS, Windows).
    Native,
    /// freedesktop Secret Service over D-Bus (Linux desktops). Survives reboots.
    #[cfg(target_os = "linux")]
    SecretService,
    /// The Linux kernel's session keyring. Lasts only for this login session, so it is
    /// used only when no Secret Service answers.
    #[cfg(target_os = "linux")]
    Keyutils,
}

/// Why the keychain could not do what was asked. Messages never contain the secret.
#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    /// The store is locked or unreachable (no D-Bus session, user refused access).
    #[error("the system keychain is not available ({0}); unlock it or sign in again")]
    Unavailable(String),
    /// Anything else the OS reported.
    #[error("the system keychain failed: {0}")]
    Platform(String),
}

impl From<KeychainError> for callbrief_core::AppError {
    fn from(err: KeychainError) -> Self {
        Self::new(callbrief_core::ErrorCode::Keychain, err.to_string())
    }
}

fn map_error(err: keyring::Error) -> KeychainError {
    match err {
        keyring::Error::NoStorageAccess(inner) => KeychainError::Unavailable(inner.to_string()),
        // Other variants describe attributes or platform failures, never the password.
        other => KeychainError::Platform(other.to_string()),
    }
}

/// A handle on the OS keychain for one service name.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
    backend: Backend,
}

impl Keychain {
    /// Opens the keychain Callbrief uses, choosing the best store this machine has.
    pub async fn open() -> Self {
        Self::open_service(SERVICE).await
    }

    /// Opens the keychain under another service name (tests, side-by-side profiles).
    pub async fn open_service(service: &str) -> Self {
        let service = service.to_owned();
        let backend = tokio::task::spawn_blocking(detect_backend)
            .await
            .unwrap_or(Backend::Native);
        tracing::info!(?backend, "keychain store selected");
        Self { service, backend }
    }

    /// A keychain on an explicitly chosen store.
    pub fn with_backend(service: &str, backend: Backend) -> Self {
        Self {
            service: service.to_owned(),
            backend,
        }
    }

    /// The store in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Stores (or replaces) the secret for `account`.
    pub async fn set(&self, account: &str, secret: &Secret) -> Result<(), KeychainError> {
        let secret = secret.clone();
        self.blocking(account, move |entry| entry.set_password(secret.expose()))
            .await
    }

    /// The secret for `account`, or `None` when there is none.
    pub async fn get(&self, account: &str) -> Result<Option<Secret>, KeychainError> {
        self.blocking(account, |entry| match entry.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(err),
        })
        .await
    }

    /// Removes the secret for `account`; `false` when there was none.
    pub async fn delete(&self, account: &str) -> Result<bool, KeychainError> {
        self.blocking(account, |entry| match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(err) => Err(err),
        })
        .await
    }

    async fn blocking<T: Send + 'static>(
        &self,
        account: &str,
        op: impl FnOnce(&Entry) -> keyring::Result<T> + Send + 'static,
    ) -> Result<T, KeychainError> {
        let (service, account, backend) = (self.service.clone(), account.to_owned(), self.backend);
        tokio::task::spawn_blocking(move || {
            let entry = entry(backend, &service, &account).map_err(map_error)?;
            op(&entry).map_err(map_error)
        })
        .await
        .map_err(|join| KeychainError::Platform(format!("keychain task failed: {join}")))?
    }
}

fn entry(backend: Backend, service: &str, account: &str) -> keyring::Result<Entry> {
    match backend {
        Backend::Native => Entry::new(service, account),
        #[cfg(target_os = "linux")]
        Backend::SecretService => {
            let credential =
                keyring::secret_service::SsCredential::new_with_target(None, service, account)?;
            Ok(Entry::new_with_credential(Box::new(credential)))
        }
        #[cfg(target_os = "linux")]
        Backend::Keyutils => {
            let credential =
                keyring::keyutils::KeyutilsCredential::new_with_target(None, service, account)?;
            Ok(Entry::new_with_credential(Box::new(credential)))
        }
    }
}

#[cfg(target_os = "linux")]
fn detect_backend() -> Backend {
    // A read of an entry that does not exist answers NoEntry when the Secret Service is up,
    // and NoStorageAccess/PlatformFailure when there is no D-Bus session or daemon.
    let probe = entry(
        Backend::SecretService,
        SERVICE,
        "callbrief:availability-probe",
    )
    .and_then(|entry| entry.get_password());
    match probe {
        Ok(_) | Err(keyring::Error::NoEntry) => Backend::SecretService,
        Err(err) => {
            tracing::warn!(
                error = %err,
                "no Secret Service; credentials will last only for this login session"
            );
            Backend::Keyutils
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn detect_backend() -> Backend {
    Backend::Native
}
