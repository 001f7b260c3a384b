//! Helpers for the unit tests in this crate.

use rusqlite::Connection;

use crate::repo::connections::{self, CrmKind, NewConnection};
use crate::repo::meetings::{self, NewMeeting};
use crate::time::UnixMs;

/// A migrated in-memory database.
pub(crate) fn memory_db() -> Connection {
    crate::connection::open_in_memory().expect("in-memory database")
}

/// A HubSpot connection for `account`.
pub(crate) fn new_connection(account: &str) -> NewConnection {
    NewConnection {
        crm: CrmKind::HubSpot,
        account_id: account.to_owned(),
        display_name: format!("HubSpot {account}"),
        base_url: "http://127.0.0.1:1".to_owned(),
        keychain_account: format!("hubspot:{account}"),
    }
}

/// Stores a connection and returns its id.
pub(crate) fn add_connection(conn: &Connection, account: &str) -> String {
    connections::upsert(conn, &new_connection(account), UnixMs(0))
        .expect("add connection")
        .id
}

/// A Zoom meeting with this provider meeting id.
pub(crate) fn new_meeting(provider_meeting_id: &str) -> NewMeeting {
    NewMeeting {
        provider: "zoom".to_owned(),
        provider_meeting_id: provider_meeting_id.to_owned(),
        ..NewMeeting::default()
    }
}

/// Stores a meeting and returns its id.
pub(crate) fn add_meeting(conn: &Connection, provider_meeting_id: &str) -> String {
    meetings::create_or_get(conn, &new_meeting(provider_meeting_id), UnixMs(0))
        .expect("add meeting")
        .meeting
        .meeting
        .id
}
