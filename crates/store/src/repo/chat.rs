//! The `chat_messages` table: in-meeting chat, deduplicated by message id per meeting.

use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};

use super::events::Inserted;
use crate::error::StoreError;
use crate::page::{Page, Paged};

/// Who private messages go to when they go to everyone.
pub const EVERYONE: &str = "everyone";

/// A chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// The platform's message id.
    pub message_id: String,
    /// Sender's provider user id, when known.
    pub sender_id: Option<String>,
    /// Sender's display name.
    pub sender_name: String,
    /// [`EVERYONE`] or the recipient's provider user id.
    pub recipient: String,
    /// The message.
    pub text: String,
    /// When it was sent (RFC 3339).
    pub sent_at: String,
}

/// Stores a message unless the meeting already has one with this id.
pub fn insert(
    conn: &Connection,
    meeting_id: &str,
    message: &ChatMessage,
) -> Result<Inserted, StoreError> {
    let changed = conn.execute(
        "INSERT INTO chat_messages
             (meeting_id, message_id, sender_id, sender_name, recipient, text, sent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (meeting_id, message_id) DO NOTHING",
        params![
            meeting_id,
            message.message_id,
            message.sender_id,
            message.sender_name,
            message.recipient,
            message.text,
            message.sent_at
        ],
    )?;
    Ok(if changed > 0 {
        Inserted::New
    } else {
        Inserted::Duplicate
    })
}

/// The meeting's chat in the order it was sent.
pub fn list(
    conn: &Connection,
    meeting_id: &str,
    page: Page,
) -> Result<Paged<ChatMessage>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT message_id, sender_id, sender_name, recipient, text, sent_at
         FROM chat_messages WHERE meeting_id = ?1
         ORDER BY sent_at, id LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt
        .query_map(
            params![meeting_id, page.sql_limit(), page.sql_offset()],
            from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Paged::from_rows(rows, page))
}

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<ChatMessage> {
    Ok(ChatMessage {
        message_id: row.get(0)?,
        sender_id: row.get(1)?,
        sender_name: row.get(2)?,
        recipient: row.get(3)?,
        text: row.get(4)?,
        sent_at: row.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{add_meeting, memory_db};

    fn message(id: &str, at: &str) -> ChatMessage {
        ChatMessage {
            message_id: id.into(),
            sender_id: Some("u1".into()),
            sender_name: "Li Wei".into(),
            recipient: EVERYONE.into(),
            text: format!("hello {id}"),
            sent_at: at.into(),
        }
    }

    #[test]
    fn redelivered_message_is_a_duplicate_and_order_is_by_send_time() {
        let conn = memory_db();
        let m = add_meeting(&conn, "m");
        let late = message("2", "2026-01-01T00:00:02Z");
        let early = message("1", "2026-01-01T00:00:01Z");
        assert_eq!(insert(&conn, &m, &late).unwrap(), Inserted::New);
        assert_eq!(insert(&conn, &m, &early).unwrap(), Inserted::New);
        assert_eq!(insert(&conn, &m, &late).unwrap(), Inserted::Duplicate);
        let listed = list(&conn, &m, Page::default()).unwrap().items;
        assert_eq!(listed, vec![early, late]);
    }
}
