//! The post-meeting pipeline. For now: PII masking ([`redact`]), which runs before any
//! meeting text is written to a CRM.

pub mod redact;
