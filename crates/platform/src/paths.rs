//! Where Callbrief keeps its files.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The environment variable that moves every Callbrief folder under one directory.
pub const DATA_DIR_ENV: &str = "CALLBRIEF_DATA_DIR";

/// Callbrief's folders on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    /// Databases and blobs.
    pub data_dir: PathBuf,
    /// Admin-editable configuration (event-type policy, field mappings).
    pub config_dir: PathBuf,
    /// Rotated log files.
    pub log_dir: PathBuf,
}

impl AppPaths {
    /// Resolves the folders: `override_dir` (from `--data-dir`) first, then
    /// `CALLBRIEF_DATA_DIR`, then the OS conventions (XDG on Linux, `~/Library/Application
    /// Support` on macOS, `%APPDATA%` on Windows). `None` only when the OS reports no home
    /// directory.
    pub fn resolve(override_dir: Option<&Path>) -> Option<Self> {
        Self::resolve_from(override_dir, std::env::var_os(DATA_DIR_ENV))
    }

    fn resolve_from(override_dir: Option<&Path>, env_dir: Option<OsString>) -> Option<Self> {
        if let Some(dir) = override_dir {
            return Some(Self::under(dir));
        }
        if let Some(dir) = env_dir.filter(|v| !v.is_empty()) {
            return Some(Self::under(Path::new(&dir)));
        }
        let dirs = directories::ProjectDirs::from("app", "Callbrief", "Callbrief")?;
        Some(Self {
            data_dir: dirs.data_local_dir().to_path_buf(),
            config_dir: dirs.config_dir().to_path_buf(),
            // Linux has no log convention in `directories`; state dir is the XDG answer.
            log_dir: dirs
                .state_dir()
                .map(|state| state.join("logs"))
                .unwrap_or_else(|| dirs.data_local_dir().join("logs")),
        })
    }

    /// All folders under one root, as used for tests and `--data-dir`.
    pub fn under(root: &Path) -> Self {
        Self {
            data_dir: root.to_path_buf(),
            config_dir: root.join("config"),
            log_dir: root.join("logs"),
        }
    }

    /// The main database file.
    pub fn database(&self) -> PathBuf {
        self.data_dir.join("callbrief.sqlite3")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_directory_moves_every_folder_under_it() {
        let paths = AppPaths::resolve(Some(Path::new("/tmp/cb-test"))).unwrap();
        assert_eq!(paths.data_dir, Path::new("/tmp/cb-test"));
        assert_eq!(paths.config_dir, Path::new("/tmp/cb-test/config"));
        assert_eq!(paths.log_dir, Path::new("/tmp/cb-test/logs"));
        assert_eq!(
            paths.database(),
            Path::new("/tmp/cb-test/callbrief.sqlite3")
        );
    }

    #[test]
    fn the_environment_variable_applies_when_no_flag_is_given() {
        let from_env = AppPaths::resolve_from(None, Some("/tmp/cb-env".into())).unwrap();
        assert_eq!(from_env, AppPaths::under(Path::new("/tmp/cb-env")));
        let flag_wins =
            AppPaths::resolve_from(Some(Path::new("/tmp/cb-flag")), Some("/tmp/cb-env".into()));
        assert_eq!(
            flag_wins.unwrap(),
            AppPaths::under(Path::new("/tmp/cb-flag"))
        );
    }

    #[test]
    fn os_folders_are_named_for_callbrief() {
        let paths = AppPaths::resolve_from(None, None).expect("home directory");
        for dir in [&paths.data_dir, &paths.config_dir, &paths.log_dir] {
            assert!(
                dir.to_string_lossy().to_lowercase().contains("callbrief"),
                "{dir:?}"
            );
        }
    }
}
