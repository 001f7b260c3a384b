//! Client-side pacing for HubSpot's limits.
//!
//! Two token buckets (governor) sized from the documented limits — the general
//! ten-second rolling window and the stricter per-second limit of the search endpoints —
//! plus feedback from `X-HubSpot-RateLimit-Remaining` / `-Interval-Milliseconds`: when few
//! calls remain in the window, later calls are spaced out over the rest of it; after a
//! 429 nothing is sent until `Retry-After` has passed.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::header::HeaderMap;
use tokio::time::Instant;

/// Which bucket a call draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallClass {
    /// Any CRM call.
    General,
    /// `POST …/search`: also limited per second.
    Search,
}

/// A GCRA quota that never exceeds `limit` calls in any `window` (rolling): half the
/// limit may burst, the rest refills evenly over the window.
fn rolling_quota(limit: u32, window: Duration) -> Quota {
    let limit = limit.max(1);
    let burst = (limit / 2).max(1);
    let refill = (limit - burst).max(1);
    let period = window / refill;
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period.max(Duration::from_millis(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

#[derive(Debug)]
struct Pacing {
    /// Earliest moment the next call may start.
    next_slot: Instant,
    /// Gap to leave between calls while the server reports few remaining.
    spacing: Duration,
}

/// The limiter shared by all calls of one connector.
pub(crate) struct RateLimits {
    general: DefaultDirectRateLimiter,
    search: DefaultDirectRateLimiter,
    pacing: Mutex<Pacing>,
}

impl RateLimits {
    /// Limits for `per_ten_seconds` general calls and `search_per_second` searches.
    pub(crate) fn new(per_ten_seconds: u32, search_per_second: u32) -> Self {
        Self {
            general: RateLimiter::direct(rolling_quota(per_ten_seconds, Duration::from_secs(10))),
            search: RateLimiter::direct(rolling_quota(search_per_second, Duration::from_secs(1))),
            pacing: Mutex::new(Pacing {
                next_slot: Instant::now(),
                spacing: Duration::ZERO,
            }),
        }
    }

    /// Waits until a call of `class` may be sent.
    pub(crate) async fn acquire(&self, class: CallClass) {
        if class == CallClass::Search {
            self.search.until_ready().await;
        }
        self.general.until_ready().await;
        // Re-check the shared pacing in short steps, so a later answer that reports a
        // healthy window releases waiting calls at once.
        loop {
            let wait = {
                let mut pacing = self.pacing.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                if now >= pacing.next_slot {
                    pacing.next_slot = now + pacing.spacing;
                    return;
                }
                pacing.next_slot - now
            };
            tokio::time::sleep(wait.min(RECHECK)).await;
        }
    }

    /// Adjusts pacing from HubSpot's rate-limit headers.
    pub(crate) fn observe(&self, headers: &HeaderMap) {
        let number = |name: &str| -> Option<u64> {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok())
        };
        let Some(remaining) = number("x-hubspot-ratelimit-remaining") else {
            return;
        };
        let interval = number("x-hubspot-ratelimit-interval-milliseconds")
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_secs(10));
        let max = number("x-hubspot-ratelimit-max");
        let spacing = spacing_for(remaining, max, interval);
        let mut pacing = self.pacing.lock().unwrap_or_else(|e| e.into_inner());
        if spacing.is_zero() && pacing.spacing > Duration::ZERO {
            // The window recovered: drop the gap that was scheduled for a tight window.
            let now = Instant::now();
            if pacing.next_slot > now + pacing.spacing {
                // A 429 pause is longer than one gap: keep it.
            } else {
                pacing.next_slot = now;
            }
        }
        pacing.spacing = spacing;
    }

    /// Holds every call back for `wait` (after a 429).
    pub(crate) fn pause(&self, wait: Duration) {
        let mut pacing = self.pacing.lock().unwrap_or_else(|e| e.into_inner());
        let until = Instant::now() + wait;
        if until > pacing.next_slot {
            pacing.next_slot = until;
        }
    }
}

/// How often a waiting call re-reads the shared pacing.
const RECHECK: Duration = Duration::from_millis(50);
/// Largest gap between calls from header feedback alone (a 429 pauses longer).
const MAX_SPACING: Duration = Duration::from_secs(1);

/// The gap between calls given the server's view of the window: none while plenty
/// remain, else the rest of the window shared by the calls left (at most one second;
/// an exhausted window is handled by the 429 pause).
pub(crate) fn spacing_for(remaining: u64, max: Option<u64>, interval: Duration) -> Duration {
    let low_water = max.map(|m| (m / 10).max(2)).unwrap_or(10);
    if remaining >= low_water {
        Duration::ZERO
    } else {
        let shares = u32::try_from(remaining + 1).unwrap_or(u32::MAX);
        (interval / shares).min(MAX_SPACING)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_grows_as_the_window_empties() {
        let window = Duration::from_secs(10);
        assert_eq!(spacing_for(80, Some(100), window), Duration::ZERO);
        assert_eq!(spacing_for(10, Some(100), window), Duration::ZERO);
        assert_eq!(spacing_for(9, Some(100), window), Duration::from_secs(1));
        assert_eq!(spacing_for(0, Some(100), window), Duration::from_secs(1));
        let short = Duration::from_secs(1);
        assert_eq!(spacing_for(4, Some(100), short), Duration::from_millis(200));
        // Without Max, fewer than ten left counts as low.
        assert_eq!(spacing_for(9, None, short), Duration::from_millis(100));
    }

    #[test]
    fn rolling_quota_never_exceeds_the_limit_in_a_window() {
        let quota = rolling_quota(100, Duration::from_secs(10));
        assert_eq!(quota.burst_size().get(), 50);
        assert_eq!(quota.replenish_interval(), Duration::from_millis(200));
        let quota = rolling_quota(4, Duration::from_secs(1));
        assert_eq!(quota.burst_size().get(), 2);
        assert_eq!(quota.replenish_interval(), Duration::from_millis(500));
    }

    #[tokio::test(start_paused = true)]
    async fn headers_and_pauses_delay_calls() {
        let limits = RateLimits::new(100, 4);
        let mut headers = HeaderMap::new();
        headers.insert("x-hubspot-ratelimit-remaining", "1".parse().unwrap());
        headers.insert(
            "x-hubspot-ratelimit-interval-milliseconds",
            "10000".parse().unwrap(),
        );
        headers.insert("x-hubspot-ratelimit-max", "100".parse().unwrap());
        limits.observe(&headers);
        let start = Instant::now();
        limits.acquire(CallClass::General).await;
        limits.acquire(CallClass::General).await;
        assert!(start.elapsed() >= Duration::from_secs(1));
        // A healthy answer releases the queue at once.
        headers.insert("x-hubspot-ratelimit-remaining", "90".parse().unwrap());
        limits.observe(&headers);
        let healthy = Instant::now();
        limits.acquire(CallClass::General).await;
        limits.acquire(CallClass::General).await;
        assert!(healthy.elapsed() < Duration::from_millis(100));
        limits.pause(Duration::from_secs(3));
        let before = Instant::now();
        limits.acquire(CallClass::General).await;
        assert!(before.elapsed() >= Duration::from_secs(3));
    }
}
