//! The pre-call notification's words. Notifications show on a locked screen, so they name
//! only the customer and the time: never the meeting title (it often carries the deal),
//! amounts, notes or people.

/// Title, body and action labels of the notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationText {
    /// First line.
    pub title: String,
    /// Second line.
    pub body: String,
    /// The action that opens the briefing.
    pub open: String,
    /// The action that reminds again in [`SNOOZE_MINUTES`].
    pub snooze: String,
}

/// How long "snooze" postpones the reminder.
pub const SNOOZE_MINUTES: i64 = 5;

/// The text for a call starting in `minutes` with `company` (when known), in `language`
/// (`zh-CN` or anything else for English).
pub fn notification_text(company: Option<&str>, minutes: i64, language: &str) -> NotificationText {
    let minutes = minutes.max(0);
    let company = company.map(str::trim).filter(|name| !name.is_empty());
    if language == "zh-CN" {
        NotificationText {
            title: match company {
                Some(name) => format!("{minutes} 分钟后与{name}通话"),
                None => format!("{minutes} 分钟后有通话"),
            },
            body: "打开 Callbrief 查看客户简报".to_owned(),
            open: "查看简报".to_owned(),
            snooze: format!("{SNOOZE_MINUTES} 分钟后提醒"),
        }
    } else {
        NotificationText {
            title: match company {
                Some(name) => format!("Call with {name} in {minutes} min"),
                None => format!("Call in {minutes} min"),
            },
            body: "Open Callbrief for the briefing".to_owned(),
            open: "Open briefing".to_owned(),
            snooze: format!("Remind me in {SNOOZE_MINUTES} min"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_only_the_customer_and_the_time() {
        let text = notification_text(Some("Acme Robotics"), 5, "en");
        assert_eq!(text.title, "Call with Acme Robotics in 5 min");
        assert_eq!(text.body, "Open Callbrief for the briefing");
        let text = notification_text(Some("上海星河机器人有限公司"), 5, "zh-CN");
        assert_eq!(text.title, "5 分钟后与上海星河机器人有限公司通话");
    }

    #[test]
    fn without_a_customer_it_says_only_when() {
        assert_eq!(notification_text(None, 3, "en").title, "Call in 3 min");
        assert_eq!(
            notification_text(Some("  "), -2, "en").title,
            "Call in 0 min"
        );
    }
}
