//! The pre-call briefing.
//!
//! A briefing is built from the CRM through the connector, cached in the store, and shown
//! from the cache first (stale-while-revalidate): the panel never waits on the network to
//! show what it already knows, and a slow or unreachable CRM never empties it.

mod alerts;
mod briefer;
mod error;
mod notification;
mod view;

pub use alerts::calls_to_alert;
pub use briefer::{Briefer, CACHE_TTL};
pub use error::BriefError;
pub use notification::{NotificationText, SNOOZE_MINUTES, notification_text};
pub use view::{
    BriefCompany, BriefContact, BriefDeal, BriefNote, BriefTask, Briefing, Freshness, UpcomingCall,
    UpcomingCalls,
};
