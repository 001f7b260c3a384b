//! The few words the shell itself shows (tray menu), in the user's language. Everything
//! else the user reads comes from the UI's catalogs.

use callbrief_core::settings::Locale;

/// Tray menu texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TrayLabels {
    pub show: &'static str,
    pub quit: &'static str,
    pub tooltip: &'static str,
}

const EN: TrayLabels = TrayLabels {
    show: "Show Callbrief",
    quit: "Quit Callbrief",
    tooltip: "Callbrief",
};
const ZH_CN: TrayLabels = TrayLabels {
    show: "显示 Callbrief",
    quit: "退出 Callbrief",
    tooltip: "Callbrief",
};

/// The UI language for a locale preference: `zh-CN` or `en`; `System` follows the OS.
pub(crate) fn ui_language(locale: Locale) -> &'static str {
    let chinese = match locale {
        Locale::En => false,
        Locale::ZhCn => true,
        Locale::System => {
            sys_locale::get_locale().is_some_and(|tag| tag.to_lowercase().starts_with("zh"))
        }
    };
    if chinese { "zh-CN" } else { "en" }
}

/// The labels for a locale; `System` follows the OS language.
pub(crate) fn tray_labels(locale: Locale) -> TrayLabels {
    if ui_language(locale) == "zh-CN" {
        ZH_CN
    } else {
        EN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_locales_pick_their_catalog() {
        assert_eq!(tray_labels(Locale::En).quit, "Quit Callbrief");
        assert_eq!(tray_labels(Locale::ZhCn).quit, "退出 Callbrief");
    }
}
