//! Start-up before the window exists: command-line options, folders, logging, store.

use std::ffi::OsString;
use std::path::PathBuf;

use callbrief_accounts::{Accounts, HUBSPOT_BASE_URL, HUBSPOT_BASE_URL_ENV};
use callbrief_core::settings::Locale;
use callbrief_platform::logging::{self, LogGuard, Stderr};
use callbrief_platform::{AppPaths, Keychain};

use crate::state::AppState;

/// What the command line may say.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct LaunchOptions {
    /// `--data-dir DIR`: keep every file under DIR (tests, separate profiles).
    pub data_dir: Option<PathBuf>,
}

impl LaunchOptions {
    /// Parses `--data-dir DIR` / `--data-dir=DIR`. Other arguments are ignored with a log
    /// line: WebDriver and desktop launchers add flags of their own.
    pub fn from_args(args: impl IntoIterator<Item = OsString>) -> Result<Self, String> {
        let mut options = Self::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy();
            if text == "--data-dir" {
                let dir = args.next().ok_or("--data-dir needs a folder")?;
                options.data_dir = Some(PathBuf::from(dir));
            } else if let Some(dir) = text.strip_prefix("--data-dir=") {
                options.data_dir = Some(PathBuf::from(dir));
            } else {
                eprintln!("callbrief: ignoring argument {text:?}");
            }
        }
        Ok(options)
    }
}

/// Everything `run` needs once the window opens.
pub(crate) struct Prepared {
    pub state: AppState,
    pub log_guard: LogGuard,
    pub tray_locale: Locale,
}

/// Resolves folders, starts logging and opens the store. A store that cannot be opened
/// (corrupt or newer database) does not stop the app: the UI shows the error.
pub(crate) fn prepare(options: &LaunchOptions) -> Result<Prepared, String> {
    let paths = AppPaths::resolve(options.data_dir.as_deref())
        .ok_or("cannot find a home folder for Callbrief's data; pass --data-dir")?;
    let stderr = if cfg!(debug_assertions) {
        Stderr::On
    } else {
        Stderr::Off
    };
    let log_guard = logging::init(&paths.log_dir, stderr).map_err(|err| err.to_string())?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %paths.data_dir.display(), "starting");

    let store = tauri::async_runtime::block_on(callbrief_store::Store::open(&paths.database()));
    let tray_locale = match &store {
        Ok(store) => tauri::async_runtime::block_on(store.settings())
            .map(|settings| settings.locale)
            .unwrap_or_default(),
        Err(err) => {
            tracing::error!(error = %err, "the local store could not be opened");
            Locale::System
        }
    };
    let accounts = store.as_ref().ok().map(|store| {
        let keychain = tauri::async_runtime::block_on(Keychain::open());
        Accounts::new(store.clone(), keychain, hubspot_base_url())
    });
    let state = AppState::new(paths, store.map_err(Into::into), accounts);
    Ok(Prepared {
        state,
        log_guard,
        tray_locale,
    })
}

/// HubSpot's API unless `CALLBRIEF_HUBSPOT_BASE_URL` points elsewhere (the sandbox).
fn hubspot_base_url() -> String {
    match std::env::var(HUBSPOT_BASE_URL_ENV) {
        Ok(url) if !url.trim().is_empty() => {
            tracing::info!(%url, "HubSpot API base URL overridden");
            url.trim().to_owned()
        }
        _ => HUBSPOT_BASE_URL.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<LaunchOptions, String> {
        LaunchOptions::from_args(args.iter().map(OsString::from))
    }

    #[test]
    fn data_dir_in_both_spellings() {
        assert_eq!(
            parse(&["--data-dir", "/tmp/a"]).unwrap().data_dir,
            Some("/tmp/a".into())
        );
        assert_eq!(
            parse(&["--data-dir=/tmp/b"]).unwrap().data_dir,
            Some("/tmp/b".into())
        );
    }

    #[test]
    fn foreign_flags_are_ignored_and_a_missing_value_is_an_error() {
        assert_eq!(parse(&["--automation"]).unwrap(), LaunchOptions::default());
        assert!(parse(&["--data-dir"]).is_err());
    }
}
