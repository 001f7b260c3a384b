//! `hook.json` in the data folder: how local clients (and `hook replay`) find the running
//! hook. Written atomically, readable by the owner only, removed on clean shutdown.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The discovery file's name in the data folder.
pub const DISCOVERY_FILE: &str = "hook.json";

/// The discovery file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovery {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// `ws://127.0.0.1:PORT/v1/ws`.
    pub ws_url: String,
    /// The bearer token.
    pub token: String,
    /// The process serving the hook.
    pub pid: u32,
}

impl Discovery {
    /// Reads `hook.json` from `data_dir`.
    pub fn read(data_dir: &Path) -> std::io::Result<Discovery> {
        let text = std::fs::read_to_string(data_dir.join(DISCOVERY_FILE))?;
        serde_json::from_str(&text)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// Replaces `hook.json` in `data_dir` in one step (a reader never sees half a file),
    /// with mode 0600 on Unix.
    pub(crate) fn write(&self, data_dir: &Path) -> std::io::Result<()> {
        let path = data_dir.join(DISCOVERY_FILE);
        let temp = data_dir.join(format!(".{DISCOVERY_FILE}.{}.tmp", std::process::id()));
        // A leftover from a crash is removed, then the file is created afresh: never
        // written through a link someone else placed there.
        match std::fs::remove_file(&temp) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        let written = (|| {
            let mut file = owner_only().open(&temp)?;
            file.write_all(&text)?;
            file.sync_all()?;
            std::fs::rename(&temp, &path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }

    /// Removes `hook.json` from `data_dir` if it still describes this hook (another
    /// instance may have replaced it since).
    pub(crate) fn remove_if_ours(&self, data_dir: &Path) {
        if Discovery::read(data_dir).is_ok_and(|on_disk| on_disk.url == self.url) {
            let _ = std::fs::remove_file(data_dir.join(DISCOVERY_FILE));
        }
    }
}

/// Options that create a new file only its owner may read and write.
pub(crate) fn owner_only() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}
