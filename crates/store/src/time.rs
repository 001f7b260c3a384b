//! [`UnixMs`]: the one representation of a time Callbrief itself records.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, UTC. Stored as an SQLite INTEGER, so it sorts and
/// compares in SQL without parsing. Vendor times stay RFC 3339 strings as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnixMs(pub i64);

impl UnixMs {
    /// The current time from the system clock (0 if the clock is before 1970).
    pub fn now() -> Self {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        UnixMs(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }

    /// This time plus `duration`, saturating instead of overflowing.
    pub fn plus(self, duration: Duration) -> Self {
        let ms = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        UnixMs(self.0.saturating_add(ms))
    }

    /// Whether this time is at most `max_age` before `now` (a cache TTL check).
    pub fn is_within(self, max_age: Duration, now: UnixMs) -> bool {
        self.plus(max_age) >= now
    }
}

impl ToSql for UnixMs {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for UnixMs {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(UnixMs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_after_2024() {
        assert!(UnixMs::now().0 > 1_704_067_200_000);
    }

    #[test]
    fn plus_saturates() {
        assert_eq!(UnixMs(5).plus(Duration::from_millis(7)), UnixMs(12));
        assert_eq!(UnixMs(i64::MAX - 1).plus(Duration::MAX), UnixMs(i64::MAX));
    }

    #[test]
    fn is_within_is_inclusive() {
        let fetched = UnixMs(1_000);
        assert!(fetched.is_within(Duration::from_millis(500), UnixMs(1_500)));
        assert!(!fetched.is_within(Duration::from_millis(500), UnixMs(1_501)));
    }
}
