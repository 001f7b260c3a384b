//! Which vendor SDK versions each adapter reads.
//!
//! Every adapter declares a `SUPPORTED` table of [`SdkSupport`]. An `sdk` envelope must
//! carry `sdk_version`; a major version outside the table is reported as a warning (the
//! event is kept raw in the warning) rather than guessed at.

use callbrief_core::event::Provider;

use crate::envelope::{Envelope, SourceKind};
use crate::fields::Reason;

/// A vendor SDK version as a client reports it (`6.3.0`, `2.15.1`, `0.80.0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkVersion {
    /// As sent.
    pub text: String,
    /// Leading number (`None` for unnumbered releases such as Jitsi's `stable-9909`).
    pub major: Option<u64>,
    /// Second number, 0 when absent.
    pub minor: u64,
}

impl SdkVersion {
    /// Parses `MAJOR[.MINOR[.PATCH…]]` (a leading `v` is allowed); any other non-empty
    /// text is kept without numbers.
    pub fn parse(text: &str) -> Result<SdkVersion, Reason> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("field `sdk_version` is empty".to_owned());
        }
        let numeric = trimmed.strip_prefix('v').unwrap_or(trimmed);
        let mut parts = numeric.split(['.', '-', '+']);
        let major = parts.next().and_then(|p| p.parse().ok());
        let minor = if major.is_some() {
            parts.next().and_then(|p| p.parse().ok()).unwrap_or(0)
        } else {
            0
        };
        Ok(SdkVersion {
            text: trimmed.to_owned(),
            major,
            minor,
        })
    }
}

/// Which versions of an SDK are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionRule {
    /// These major versions.
    Majors(&'static [u64]),
    /// The API carries no version of its own (Jitsi's IFrame API follows the deployed
    /// jitsi-meet release); any `sdk_version` is accepted and only recorded.
    Unversioned,
}

/// One SDK an adapter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SdkSupport {
    /// Which SDK.
    pub sdk: &'static str,
    /// Which envelope `event` names belong to it (`*` for all).
    pub events: &'static [&'static str],
    /// Accepted versions.
    pub rule: VersionRule,
    /// Versions the fixtures under `tests/fixtures/<vendor>/<version>/` were written for.
    pub tested: &'static [&'static str],
    /// Shape differences between versions, in a sentence.
    pub notes: &'static str,
}

impl SdkSupport {
    fn covers(&self, event: &str) -> bool {
        self.events.iter().any(|e| *e == "*" || *e == event)
    }
}

/// The table for a provider's client SDKs.
pub fn supported(provider: Provider) -> &'static [SdkSupport] {
    match provider {
        Provider::Zoom => crate::zoom::SUPPORTED,
        Provider::Livekit => crate::livekit::SUPPORTED,
        Provider::Jitsi => crate::jitsi::SUPPORTED,
        Provider::Daily => crate::daily::SUPPORTED,
        Provider::Agora => crate::agora::SUPPORTED,
        Provider::Tencent | Provider::Generic => &[],
    }
}

/// Checks an envelope's `sdk_version` against the provider's table (SDK events only).
pub(crate) fn check(env: &Envelope) -> Result<(), Reason> {
    if env.source != SourceKind::Sdk || matches!(env.provider, Provider::Generic) {
        return Ok(());
    }
    let table = supported(env.provider);
    let Some(entry) = table
        .iter()
        .find(|s| s.covers(&env.event))
        .or_else(|| table.first())
    else {
        return Ok(());
    };
    let Some(version) = &env.sdk_version else {
        return Err(format!(
            "missing field `sdk_version` (the {} version the client runs)",
            entry.sdk
        ));
    };
    match entry.rule {
        VersionRule::Unversioned => Ok(()),
        VersionRule::Majors(majors) => match version.major {
            Some(major) if majors.contains(&major) => Ok(()),
            _ => Err(format!(
                "unsupported {} version {:?}: this build reads major {}",
                entry.sdk,
                version.text,
                majors
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse() {
        let v = SdkVersion::parse("6.3.0").unwrap();
        assert_eq!((v.major, v.minor), (Some(6), 3));
        let v = SdkVersion::parse("v2.15.1-rc.1").unwrap();
        assert_eq!((v.major, v.minor), (Some(2), 15));
        let v = SdkVersion::parse("stable-9909").unwrap();
        assert_eq!(v.major, None);
        assert!(SdkVersion::parse(" ").is_err());
    }
}
