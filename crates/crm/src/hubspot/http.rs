//! The HTTP layer: auth header, pacing, error mapping, retries.
//!
//! Retries use exponential backoff with full jitter, honour `Retry-After`, and stop at a
//! total time cap. Only calls that are safe to repeat go through [`Http::call`] (reads,
//! searches, batch reads, PUT/PATCH); creates use [`Http::attempt`] once and let the push
//! logic decide after a look-up.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use callbrief_core::Secret;
use rand::Rng;
use reqwest::Method;
use serde_json::Value;
use tokio::time::Instant;
use url::Url;

use super::errors;
use super::rate_limit::{CallClass, RateLimits};
use crate::error::{CrmError, CrmErrorKind};

/// When and how often to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included.
    pub max_attempts: u32,
    /// Backoff ceiling of the first retry; doubles per attempt.
    pub base_delay: Duration,
    /// Largest backoff ceiling.
    pub max_delay: Duration,
    /// Time budget of one call including all its retries.
    pub total_cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            total_cap: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Full-jitter backoff before retry number `retry` (0-based): uniform in
    /// `[0, min(max_delay, base_delay · 2^retry)]`.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .base_delay
            .saturating_mul(1u32.checked_shl(retry.min(20)).unwrap_or(u32::MAX))
            .min(self.max_delay);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::thread_rng().gen_range(0..=millis))
    }
}

/// Counters for diagnostics and tests.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) retries: AtomicU64,
}

/// A failed single attempt.
#[derive(Debug)]
pub(crate) struct Failure {
    /// The typed error.
    pub(crate) error: CrmError,
    /// True when the request may have reached HubSpot and been applied (connection lost
    /// after sending, timeout, 5xx): a write must be looked up before it is repeated.
    pub(crate) uncertain: bool,
}

/// The HubSpot HTTP client of one connector.
pub(crate) struct Http {
    client: reqwest::Client,
    base: Url,
    token: Secret,
    limits: RateLimits,
    retry: RetryPolicy,
    in_flight: tokio::sync::Semaphore,
    pub(crate) counters: Counters,
}

impl Http {
    pub(crate) fn new(
        base_url: &str,
        token: Secret,
        limits: RateLimits,
        retry: RetryPolicy,
        request_timeout: Duration,
        connect_timeout: Duration,
        max_in_flight: usize,
    ) -> Result<Self, CrmError> {
        let mut base = Url::parse(base_url).map_err(|e| {
            CrmError::validation(Some("base_url".into()), format!("invalid HubSpot URL: {e}"))
        })?;
        if base.cannot_be_a_base() {
            return Err(CrmError::validation(
                Some("base_url".into()),
                "invalid HubSpot URL: not a base URL",
            ));
        }
        base.set_query(None);
        let client = reqwest::Client::builder()
            .timeout(request_timeout)
            .connect_timeout(connect_timeout)
            .user_agent(concat!("Callbrief/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CrmError::permanent(format!("HTTP client setup failed: {e}")))?;
        Ok(Self {
            client,
            base,
            token,
            limits,
            retry,
            in_flight: tokio::sync::Semaphore::new(max_in_flight.max(1)),
            counters: Counters::default(),
        })
    }

    /// The URL of `segments` under the base (each segment percent-encoded).
    pub(crate) fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// One request, no retry.
    pub(crate) async fn attempt(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
        class: CallClass,
    ) -> Result<Value, Failure> {
        // Bounds every fan-out (context, batch reads, concurrent pushes) in one place.
        let _permit = self.in_flight.acquire().await.ok();
        self.limits.acquire(class).await;
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        let mut request = self
            .client
            .request(method.clone(), url.clone())
            .bearer_auth(self.token.expose())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                let uncertain = !error.is_connect();
                let error = errors::from_transport(error);
                tracing::debug!(%method, path = url.path(), "HubSpot request failed: {}", error.message);
                return Err(Failure { uncertain, error });
            }
        };
        let status = response.status();
        self.limits.observe(response.headers());
        let retry_after = errors::parse_retry_after(
            response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
        );
        let text = match response.text().await {
            Ok(text) => text,
            Err(error) => {
                // The status line arrived but the body was cut: for a write the server
                // may well have committed it.
                return Err(Failure {
                    uncertain: true,
                    error: errors::from_transport(error),
                });
            }
        };
        tracing::debug!(%method, path = url.path(), status = status.as_u16(), "HubSpot call");
        if status.is_success() {
            if text.trim().is_empty() {
                return Ok(Value::Null);
            }
            return serde_json::from_str(&text).map_err(|e| Failure {
                uncertain: false,
                error: CrmError::permanent(format!("HubSpot sent unreadable JSON: {e}")),
            });
        }
        let error = errors::from_response(status.as_u16(), &text, retry_after);
        if let CrmErrorKind::RateLimited { retry_after } = &error.kind {
            self.limits
                .pause(retry_after.unwrap_or(Duration::from_secs(1)));
        }
        Err(Failure {
            uncertain: status.is_server_error() || status.as_u16() == 408,
            error,
        })
    }

    /// A call that is safe to repeat, retried on transient failures and rate limits with
    /// backoff, within the policy's time cap.
    pub(crate) async fn call(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
        class: CallClass,
    ) -> Result<Value, CrmError> {
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let remaining = self.retry.total_cap.saturating_sub(started.elapsed());
            let result = match tokio::time::timeout(
                remaining,
                self.attempt(method.clone(), url.clone(), body, class),
            )
            .await
            {
                Ok(result) => result,
                Err(_) => Err(Failure {
                    error: CrmError::transient("HubSpot did not answer within the time budget"),
                    uncertain: true,
                }),
            };
            let failure = match result {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            let mut error = failure.error;
            if !error.is_retryable() || attempt >= self.retry.max_attempts {
                if error.is_retryable() {
                    error.message = format!("{} (gave up after {attempt} attempts)", error.message);
                }
                return Err(error);
            }
            let mut delay = self.retry.backoff(attempt - 1);
            if let CrmErrorKind::RateLimited {
                retry_after: Some(wait),
            } = &error.kind
            {
                delay = delay.max(*wait);
            }
            if started.elapsed() + delay >= self.retry.total_cap {
                error.message = format!(
                    "{} (gave up after {attempt} attempts in {:.1} s)",
                    error.message,
                    started.elapsed().as_secs_f64()
                );
                return Err(error);
            }
            tracing::debug!(
                path = url.path(),
                attempt,
                delay_ms = delay.as_millis() as u64,
                "retrying HubSpot call: {}",
                error.message
            );
            self.counters.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(delay).await;
        }
    }

    /// GET, retried.
    pub(crate) async fn get(&self, url: Url) -> Result<Value, CrmError> {
        self.call(Method::GET, url, None, CallClass::General).await
    }

    /// GET, retried; `None` on 404.
    pub(crate) async fn get_optional(&self, url: Url) -> Result<Option<Value>, CrmError> {
        match self.get(url).await {
            Ok(value) => Ok(Some(value)),
            Err(error) if error.kind == CrmErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// A POST that only reads (search, batch read), retried.
    pub(crate) async fn post_read(
        &self,
        url: Url,
        body: &Value,
        class: CallClass,
    ) -> Result<Value, CrmError> {
        self.call(Method::POST, url, Some(body), class).await
    }

    /// The token (for introspection, which takes it in the body).
    pub(crate) fn token(&self) -> &Secret {
        &self.token
    }

    /// The retry policy (the push logic applies the same cap to its own loop).
    pub(crate) fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_within_the_growing_ceiling() {
        let policy = RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            total_cap: Duration::from_secs(5),
        };
        for _ in 0..200 {
            assert!(policy.backoff(0) <= Duration::from_millis(100));
            assert!(policy.backoff(2) <= Duration::from_millis(400));
            assert!(policy.backoff(10) <= Duration::from_millis(1000));
            assert!(policy.backoff(40) <= Duration::from_millis(1000));
        }
    }

    #[test]
    fn urls_keep_the_base_path_and_encode_segments() {
        let http = Http::new(
            "http://127.0.0.1:9/hubspot/",
            Secret::new("t"),
            RateLimits::new(100, 4),
            RetryPolicy::default(),
            Duration::from_secs(1),
            Duration::from_secs(1),
            4,
        )
        .unwrap();
        assert_eq!(
            http.url(&["crm", "v3", "objects", "notes", "a b/c"])
                .as_str(),
            "http://127.0.0.1:9/hubspot/crm/v3/objects/notes/a%20b%2Fc"
        );
        assert!(
            Http::new(
                "not a url",
                Secret::new("t"),
                RateLimits::new(100, 4),
                RetryPolicy::default(),
                Duration::from_secs(1),
                Duration::from_secs(1),
                4,
            )
            .is_err()
        );
    }
}
