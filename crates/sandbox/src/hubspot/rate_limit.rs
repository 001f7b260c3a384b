//! HubSpot's limits per token: a rolling 10-second window, a daily budget, and a lower
//! per-second limit for search.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue};

const TEN_SECONDS: Duration = Duration::from_secs(10);
const ONE_SECOND: Duration = Duration::from_secs(1);
/// Requests per day of a Professional portal.
pub(crate) const DAILY_LIMIT: u64 = 500_000;
/// Search requests per second.
pub(crate) const SEARCH_PER_SECOND: usize = 5;

#[derive(Default)]
struct Window {
    recent: VecDeque<Instant>,
    searches: VecDeque<Instant>,
    today: u64,
}

/// Which limit a request ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exceeded {
    TenSecondly,
    Secondly,
}

impl Exceeded {
    pub fn policy(self) -> &'static str {
        match self {
            Exceeded::TenSecondly => "TEN_SECONDLY_ROLLING",
            Exceeded::Secondly => "SECONDLY",
        }
    }
}

pub(crate) struct Limiter {
    max_per_10s: u32,
    windows: HashMap<String, Window>,
}

impl Limiter {
    pub fn new(max_per_10s: u32) -> Limiter {
        Limiter {
            max_per_10s: max_per_10s.max(1),
            windows: HashMap::new(),
        }
    }

    /// Counts a request of `token`; on success the request is inside every limit.
    pub fn admit(
        &mut self,
        token: &str,
        search: bool,
        headers: &mut HeaderMap,
    ) -> Result<(), Exceeded> {
        let now = Instant::now();
        let max = self.max_per_10s as usize;
        let window = self.windows.entry(token.to_owned()).or_default();
        while window
            .recent
            .front()
            .is_some_and(|t| now - *t >= TEN_SECONDS)
        {
            window.recent.pop_front();
        }
        while window
            .searches
            .front()
            .is_some_and(|t| now - *t >= ONE_SECOND)
        {
            window.searches.pop_front();
        }
        let outcome = if window.recent.len() >= max {
            Err(Exceeded::TenSecondly)
        } else if search && window.searches.len() >= SEARCH_PER_SECOND {
            Err(Exceeded::Secondly)
        } else {
            window.recent.push_back(now);
            if search {
                window.searches.push_back(now);
            }
            window.today += 1;
            Ok(())
        };
        let remaining = max.saturating_sub(window.recent.len());
        write_headers(headers, self.max_per_10s, remaining, window.today);
        outcome
    }

    /// Headers for a request that was not counted (no valid token).
    pub fn peek(&self, token: &str, headers: &mut HeaderMap) {
        let window = self.windows.get(token);
        let used = window.map_or(0, |w| w.recent.len());
        let today = window.map_or(0, |w| w.today);
        let remaining = (self.max_per_10s as usize).saturating_sub(used);
        write_headers(headers, self.max_per_10s, remaining, today);
    }
}

fn write_headers(headers: &mut HeaderMap, max: u32, remaining: usize, today: u64) {
    let mut put = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    put("x-hubspot-ratelimit-max", max.to_string());
    put("x-hubspot-ratelimit-remaining", remaining.to_string());
    put("x-hubspot-ratelimit-interval-milliseconds", "10000".into());
    put("x-hubspot-ratelimit-daily", DAILY_LIMIT.to_string());
    put(
        "x-hubspot-ratelimit-daily-remaining",
        DAILY_LIMIT.saturating_sub(today).to_string(),
    );
}
