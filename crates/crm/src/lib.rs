//! Callbrief's CRM layer: the vendor-neutral [`CrmConnector`] trait, its types, the
//! HubSpot connector and declarative field mapping.
//!
//! - [`connector`]: the trait (object safe; share as `Arc<dyn CrmConnector>`).
//! - [`types`]: identities, matches, customer context, pushes, property metadata.
//! - [`error`]: [`CrmError`], one typed error for every vendor.
//! - [`mapping`]: Callbrief field → CRM property mapping files and their validation.
//! - [`sanitize`]: CRM HTML made safe (ammonia) and plain text for previews.
//! - [`hubspot`]: the HubSpot connector (paging, batch reads, rate limiting, retries,
//!   idempotent pushes keyed by a unique `callbrief_push_id` property).
#![deny(missing_docs)]

pub mod connector;
pub mod error;
pub mod hubspot;
pub mod mapping;
pub mod sanitize;
pub mod types;

pub use connector::CrmConnector;
pub use error::{CrmError, CrmErrorKind};
pub use mapping::FieldMapping;
pub use types::*;
