//! The post-meeting pipeline: which CRM customer a meeting was with ([`matching`]) and
//! PII masking ([`redact`]), which runs before any meeting text is written to a CRM.

pub mod matching;
pub mod redact;
