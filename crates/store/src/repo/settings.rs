//! The `settings` table: JSON documents by key. Key `ui` holds
//! [`Settings`].

use callbrief_core::settings::Settings;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use crate::error::StoreError;
use crate::time::UnixMs;

/// The key the user preferences are stored under.
pub const UI_KEY: &str = "ui";

/// The JSON stored under `key`, if any.
pub fn get_json(conn: &Connection, key: &str) -> Result<Option<Value>, StoreError> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?;
    Ok(text.map(|text| serde_json::from_str(&text)).transpose()?)
}

/// Stores `value` under `key`, replacing what was there.
pub fn set_json(
    conn: &Connection,
    key: &str,
    value: &Value,
    now: UnixMs,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key, serde_json::to_string(value)?, now],
    )?;
    Ok(())
}

/// The user preferences. Missing preferences get their defaults; a stored value this build
/// cannot read (say, a theme added by a newer version) falls back to its default alone,
/// keeping the others.
pub fn load(conn: &Connection) -> Result<Settings, StoreError> {
    let Some(Value::Object(stored)) = get_json(conn, UI_KEY)? else {
        return Ok(Settings::default());
    };
    let mut accepted = Map::new();
    for (key, value) in stored {
        let mut candidate = accepted.clone();
        candidate.insert(key.clone(), value);
        if serde_json::from_value::<Settings>(Value::Object(candidate.clone())).is_ok() {
            accepted = candidate;
        } else {
            tracing::warn!(%key, "ignoring a stored preference this version cannot read");
        }
    }
    Ok(serde_json::from_value(Value::Object(accepted))?)
}

/// Saves the user preferences. Keys this build does not know (written by a newer version)
/// are kept, so switching versions back and forth loses nothing.
pub fn save(conn: &Connection, settings: &Settings, now: UnixMs) -> Result<(), StoreError> {
    let mut merged = match get_json(conn, UI_KEY)? {
        Some(Value::Object(existing)) => existing,
        _ => Map::new(),
    };
    if let Value::Object(fields) = serde_json::to_value(settings)? {
        merged.extend(fields);
    }
    set_json(conn, UI_KEY, &Value::Object(merged), now)
}

#[cfg(test)]
mod tests {
    use callbrief_core::settings::{Locale, Theme};
    use serde_json::json;

    use super::*;
    use crate::testing::memory_db;

    #[test]
    fn missing_settings_are_defaults() {
        let conn = memory_db();
        assert_eq!(load(&conn).unwrap(), Settings::default());
    }

    #[test]
    fn save_then_load_round_trips() {
        let conn = memory_db();
        let settings = Settings {
            locale: Locale::ZhCn,
            theme: Theme::Dark,
            alert_minutes: 10,
        };
        save(&conn, &settings, UnixMs(1)).unwrap();
        assert_eq!(load(&conn).unwrap(), settings);
    }

    #[test]
    fn unreadable_values_fall_back_one_by_one_and_unknown_keys_survive_a_save() {
        let conn = memory_db();
        let stored = json!({"locale": "zh-CN", "theme": "purple", "future": {"x": 1}});
        set_json(&conn, UI_KEY, &stored, UnixMs(1)).unwrap();

        let loaded = load(&conn).unwrap();
        assert_eq!(loaded.locale, Locale::ZhCn);
        assert_eq!(loaded.theme, Theme::System);

        save(
            &conn,
            &Settings {
                theme: Theme::Light,
                ..loaded
            },
            UnixMs(2),
        )
        .unwrap();
        let raw = get_json(&conn, UI_KEY).unwrap().unwrap();
        assert_eq!(
            raw,
            json!({"locale": "zh-CN", "theme": "light", "alertMinutes": 5, "future": {"x": 1}})
        );
    }

    #[test]
    fn a_non_object_document_reads_as_defaults() {
        let conn = memory_db();
        set_json(&conn, UI_KEY, &json!([1, 2]), UnixMs(1)).unwrap();
        assert_eq!(load(&conn).unwrap(), Settings::default());
    }

    #[test]
    fn invalid_json_is_rejected_by_the_check_constraint() {
        let conn = memory_db();
        let err = conn
            .execute("INSERT INTO settings VALUES ('x', '{not json', 0)", [])
            .unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
    }
}
