//! Comparing a meeting topic with customer and deal names in Chinese and English.

/// Legal-form and generic words that say nothing about which customer it is.
const GENERIC_EN: &[&str] = &[
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "co",
    "co.",
    "corp",
    "corp.",
    "corporation",
    "company",
    "gmbh",
    "ag",
    "sa",
    "plc",
    "group",
    "holdings",
    "the",
    "and",
    "&",
];
const GENERIC_ZH: &[&str] = &[
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "集团",
    "公司",
    "科技",
    "技术",
    "股份",
];
/// Cities and provinces that often open a Chinese company name.
const PLACES_ZH: &[&str] = &[
    "北京", "上海", "深圳", "广州", "杭州", "南京", "成都", "武汉", "苏州", "天津", "重庆", "西安",
];

/// The distinctive part of a customer name: for Chinese, the name without place prefix
/// and legal suffixes (上海星河机器人有限公司 → 星河机器人, also its first two characters 星河);
/// for English, its non-generic words, lower-cased.
pub(super) fn distinctive_terms(name: &str) -> Vec<String> {
    if name.chars().any(is_cjk) {
        let mut core = name.to_owned();
        for place in PLACES_ZH {
            if let Some(rest) = core.strip_prefix(place) {
                core = rest.to_owned();
                break;
            }
        }
        for suffix in GENERIC_ZH {
            core = core.replace(suffix, "");
        }
        let core: String = core.chars().filter(|c| is_cjk(*c)).collect();
        let mut terms = Vec::new();
        if core.chars().count() >= 2 {
            let head: String = core.chars().take(2).collect();
            terms.push(core.clone());
            if head != core {
                terms.push(head);
            }
        }
        terms
    } else {
        words(name)
            .into_iter()
            .filter(|w| w.len() >= 3 && !GENERIC_EN.contains(&w.as_str()))
            .collect()
    }
}

/// How much of a name's distinctive terms the topic contains (0, some, or all).
pub(super) fn topic_mentions(topic: &str, name: &str) -> f64 {
    let terms = distinctive_terms(name);
    if terms.is_empty() {
        return 0.0;
    }
    let topic_lower = topic.to_lowercase();
    if name.chars().any(is_cjk) {
        // The full core name counts fully; its two-character head counts half.
        if topic.contains(&terms[0]) {
            1.0
        } else if terms.len() > 1 && topic.contains(&terms[1]) {
            0.5
        } else {
            0.0
        }
    } else {
        let topic_words = words(&topic_lower);
        let hits = terms.iter().filter(|t| topic_words.contains(t)).count();
        hits as f64 / terms.len() as f64
    }
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '&')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinctive_parts_of_names() {
        assert_eq!(
            distinctive_terms("上海星河机器人有限公司"),
            ["星河机器人", "星河"]
        );
        assert_eq!(distinctive_terms("深圳云帆科技有限公司"), ["云帆"]);
        assert_eq!(
            distinctive_terms("Acme Robotics Inc."),
            ["acme", "robotics"]
        );
        assert_eq!(
            distinctive_terms("Harbor & Finch Retail"),
            ["harbor", "finch", "retail"]
        );
    }

    #[test]
    fn topics_that_name_the_customer() {
        assert_eq!(
            topic_mentions("星河机器人 – 报价评审", "上海星河机器人有限公司"),
            1.0
        );
        assert_eq!(topic_mentions("星河 周会", "上海星河机器人有限公司"), 0.5);
        assert_eq!(topic_mentions("Acme pricing review", "Acme Robotics"), 0.5);
        assert_eq!(topic_mentions("Weekly sync", "Acme Robotics"), 0.0);
    }
}
