//! Logging: `tracing` events go to a daily-rotated file in the log folder (two weeks
//! kept) and, in development, to stderr.
//!
//! Secrets never reach a log line because they are held in `callbrief_core::Secret`,
//! whose `Debug`/`Display` print `***`; the test below proves it through the real file
//! writer.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{InitError, RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry, fmt};

/// The environment variable holding a filter such as `debug` or `callbrief_store=trace`.
pub const FILTER_ENV: &str = "CALLBRIEF_LOG";
const LOG_FILE_PREFIX: &str = "callbrief";
const LOG_FILES_KEPT: usize = 14;

/// Keeps the background log writer alive; logs are flushed when it is dropped.
#[must_use = "dropping the guard stops file logging"]
pub struct LogGuard(#[allow(dead_code)] WorkerGuard);

/// Why logging could not start.
#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    /// The log folder could not be created.
    #[error("cannot create the log folder {dir}: {source}")]
    Folder {
        /// The log folder.
        dir: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The log file could not be opened.
    #[error("cannot write logs to {dir}: {source}")]
    File {
        /// The log folder.
        dir: String,
        /// What the OS said.
        source: InitError,
    },
    /// A global logger was already installed in this process.
    #[error("logging was already initialised")]
    AlreadyInitialised,
}

/// Where log lines go besides the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stderr {
    /// Also print to stderr (development, CLI with `--verbose`).
    On,
    /// File only.
    Off,
}

/// Installs the global logger for this process.
pub fn init(log_dir: &Path, stderr: Stderr) -> Result<LogGuard, LoggingError> {
    let (subscriber, guard) = subscriber(log_dir, stderr)?;
    subscriber
        .try_init()
        .map_err(|_| LoggingError::AlreadyInitialised)?;
    Ok(guard)
}

fn subscriber(
    log_dir: &Path,
    stderr: Stderr,
) -> Result<(impl tracing::Subscriber + Send + Sync, LogGuard), LoggingError> {
    // The appender prunes old files at start and complains on stderr when the folder is
    // missing, so the folder is made first.
    std::fs::create_dir_all(log_dir).map_err(|source| LoggingError::Folder {
        dir: log_dir.display().to_string(),
        source,
    })?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(LOG_FILES_KEPT)
        .build(log_dir)
        .map_err(|source| LoggingError::File {
            dir: log_dir.display().to_string(),
            source,
        })?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let file_layer = fmt::layer().with_ansi(false).with_writer(writer).boxed();
    let stderr_layer =
        (stderr == Stderr::On).then(|| fmt::layer().with_writer(std::io::stderr).boxed());
    let filter = EnvFilter::try_from_env(FILTER_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let subscriber = Registry::default()
        .with(file_layer)
        .with(stderr_layer)
        .with(filter);
    Ok((subscriber, LogGuard(guard)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use callbrief_core::Secret;

    fn log_text(dir: &Path) -> String {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .collect()
    }

    #[test]
    fn writes_a_log_file_without_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let (subscriber, guard) = subscriber(dir.path(), Stderr::Off).unwrap();
        let token = Secret::new("pat-na1-SUPER-SECRET");
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(?token, portal = 42, "connected to HubSpot");
            tracing::warn!("token was {token}");
        });
        drop(guard); // Flushes the background writer.

        let text = log_text(dir.path());
        assert!(text.contains("connected to HubSpot"), "{text}");
        assert!(text.contains("token=***"), "{text}");
        assert!(!text.contains("SUPER-SECRET"), "{text}");
    }

    #[test]
    fn an_unwritable_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, b"x").unwrap();
        let err = subscriber(&file.join("logs"), Stderr::Off)
            .err()
            .expect("must fail");
        assert!(
            err.to_string().starts_with("cannot create the log folder"),
            "{err}"
        );
    }
}
