//! User preferences. Stored by `callbrief-store` as one JSON document so that adding a
//! preference needs no migration; unknown or missing keys fall back to defaults.

use serde::{Deserialize, Serialize};

/// The UI language. `System` follows the OS locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Locale {
    /// Follow the operating system.
    #[default]
    #[serde(rename = "system")]
    System,
    /// English.
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
}

/// The colour theme. `System` follows the OS preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the operating system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// All user preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// UI language.
    pub locale: Locale,
    /// Colour theme.
    pub theme: Theme,
    /// Minutes before a call that its notification appears; 0 turns notifications off.
    pub alert_minutes: u32,
}

/// How long before a call its notification appears unless the user chose otherwise.
pub const DEFAULT_ALERT_MINUTES: u32 = 5;

impl Default for Settings {
    fn default() -> Self {
        Self {
            locale: Locale::default(),
            theme: Theme::default(),
            alert_minutes: DEFAULT_ALERT_MINUTES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_unknown_keys_fall_back_to_defaults() {
        let parsed: Settings = serde_json::from_str(r#"{"theme":"dark","future_key":1}"#).unwrap();
        assert_eq!(
            parsed,
            Settings {
                locale: Locale::System,
                theme: Theme::Dark,
                alert_minutes: DEFAULT_ALERT_MINUTES,
            }
        );
    }

    #[test]
    fn locale_uses_bcp47_tags_on_the_wire() {
        assert_eq!(serde_json::to_string(&Locale::ZhCn).unwrap(), r#""zh-CN""#);
        assert_eq!(
            serde_json::from_str::<Locale>(r#""en""#).unwrap(),
            Locale::En
        );
    }
}
