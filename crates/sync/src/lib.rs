//! The post-meeting pipeline: which CRM customer a meeting was with ([`matching`]), PII
//! masking ([`redact`]) before any meeting text is written to a CRM, and the durable push
//! through the store's outbox ([`outbox`]).

pub mod matching;
pub mod outbox;
pub mod redact;
