//! Token buckets for the per-connection and global rate limits.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::Rate;

/// One token bucket. `take` either spends a token or says how long until one is there.
pub(crate) struct Bucket {
    rate: Rate,
    state: Mutex<(f64, Instant)>,
}

impl Bucket {
    pub fn new(rate: Rate) -> Bucket {
        Bucket {
            rate,
            state: Mutex::new((f64::from(rate.burst), Instant::now())),
        }
    }

    /// Spends one token, or returns the wait until the next one.
    pub fn take(&self) -> Result<(), Duration> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, last) = &mut *state;
        let now = Instant::now();
        let per_second = self.rate.per_second.max(f64::MIN_POSITIVE);
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * per_second)
            .min(f64::from(self.rate.burst.max(1)));
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                ((1.0 - *tokens) / per_second).min(3600.0),
            ))
        }
    }
}

/// A wait as a `Retry-After` value: whole seconds, at least 1.
pub(crate) fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0).max(u64::from(wait.is_zero()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_burst_then_asks_to_wait() {
        let bucket = Bucket::new(Rate {
            per_second: 2.0,
            burst: 3,
        });
        for _ in 0..3 {
            assert!(bucket.take().is_ok());
        }
        let wait = bucket.take().unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(500));
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
    }
}
