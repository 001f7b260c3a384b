//! `schema_version`: which versions this build reads.
//!
//! The rules (also in `docs/meeting-event-v1.md`): the major number must be 1; any minor
//! (and patch) is accepted. A newer minor may add optional fields, which are kept and
//! ignored, and new kinds, which are stored but not interpreted. A new major is rejected
//! so that an old Callbrief never misreads a changed meaning.

/// The one major version this build reads.
pub const SUPPORTED_MAJOR: u64 = 1;

/// A parsed `schema_version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Breaking changes.
    pub major: u64,
    /// Additions only.
    pub minor: u64,
}

impl Version {
    /// Parses `"1"`, `"1.0"`, `"1.4"` or `"1.4.2"` (the patch is ignored) and checks the
    /// major. The error is a sentence for an integrator.
    pub fn check(text: &str) -> Result<Version, String> {
        let mut parts = text.split('.');
        let number = |part: Option<&str>| -> Result<Option<u64>, String> {
            match part {
                None => Ok(None),
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{text:?} is not a version number")),
                Some(_) => Err(format!(
                    "{text:?} is not a version like \"1.0\" (MAJOR.MINOR)"
                )),
            }
        };
        let major = number(parts.next())?.ok_or_else(|| "is empty".to_owned())?;
        let minor = number(parts.next())?.unwrap_or(0);
        let _patch = number(parts.next())?;
        if parts.next().is_some() {
            return Err(format!(
                "{text:?} is not a version like \"1.0\" (MAJOR.MINOR)"
            ));
        }
        if major != SUPPORTED_MAJOR {
            return Err(format!(
                "version {text} is not supported: this Callbrief reads meeting-event \
                 {SUPPORTED_MAJOR}.x only (send \"1.0\", or update Callbrief)"
            ));
        }
        Ok(Version { major, minor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_minor_of_major_1_is_read() {
        for text in ["1", "1.0", "1.7", "1.12.3"] {
            assert_eq!(Version::check(text).unwrap().major, 1, "{text}");
        }
        assert_eq!(Version::check("1.7").unwrap().minor, 7);
    }

    #[test]
    fn other_majors_and_garbage_are_refused() {
        let err = Version::check("2.0").unwrap_err();
        assert!(err.contains("1.x only"), "{err}");
        for text in ["", "v1", "1.", "1.x", "1.0.0.0", "0.9"] {
            assert!(Version::check(text).is_err(), "{text}");
        }
    }
}
