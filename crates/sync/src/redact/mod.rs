//! Finds and masks personal data in meeting text: phone numbers (Chinese mobile and
//! landline, international), bank card numbers (Luhn-valid), Chinese resident ID numbers
//! (valid check digit), US social security numbers, and, by policy, email addresses.
//!
//! Masking keeps at most the last 4 digits. Numbers that only look similar — order ids,
//! amounts, dates, ticket numbers — are left alone: every candidate must pass the checks
//! of its kind (check digits, number plans, lengths), dates are never candidates, and
//! numbers written as money are skipped.

mod checks;
mod scan;

use serde::Serialize;

/// What kind of personal data was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    /// A phone number.
    Phone,
    /// A payment card number.
    BankCard,
    /// A Chinese resident identity card number.
    CnResidentId,
    /// A US social security number.
    UsSsn,
    /// An email address (only when the policy says so).
    Email,
}

/// One masked span, in Unicode scalar values (chars) of the input text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What it was.
    pub kind: PiiKind,
    /// First char (inclusive).
    pub start: usize,
    /// Last char (exclusive).
    pub end: usize,
}

/// What to mask besides the kinds that are always masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Policy {
    /// Also mask email addresses (some customers require it).
    pub mask_emails: bool,
}

/// Masked text and what was masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    /// The text with every finding masked.
    pub text: String,
    /// The findings, in text order.
    pub found: Vec<Finding>,
}

/// Finds personal data in `text` and masks it.
pub fn redact(text: &str, policy: Policy) -> Redacted {
    let found = scan::find(text, policy);
    Redacted {
        text: mask(text, &found),
        found,
    }
}

/// Replaces each finding's digits by `*`, keeping its last 4 digits (for an ID ending in
/// the check character X, that X counts as one of them) and its separators; an email keeps
/// its first character and its domain.
fn mask(text: &str, found: &[Finding]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for finding in found {
        out.extend(&chars[at..finding.start]);
        let span = &chars[finding.start..finding.end];
        match finding.kind {
            PiiKind::Email => out.push_str(&mask_email(span)),
            _ => out.push_str(&mask_digits(span)),
        }
        at = finding.end;
    }
    out.extend(&chars[at..]);
    out
}

fn mask_digits(span: &[char]) -> String {
    let is_kept_kind = |c: &char| c.is_ascii_digit() || *c == 'X' || *c == 'x';
    let total = span.iter().filter(|c| is_kept_kind(c)).count();
    let mut seen = 0;
    span.iter()
        .map(|c| {
            if is_kept_kind(c) {
                seen += 1;
                if seen + 4 > total { *c } else { '*' }
            } else {
                *c
            }
        })
        .collect()
}

fn mask_email(span: &[char]) -> String {
    let text: String = span.iter().collect();
    match text.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        redact(text, Policy::default()).text
    }

    #[test]
    fn phones_keep_only_their_last_four_digits() {
        assert_eq!(
            masked("call me on 138 0013 8000 tomorrow"),
            "call me on *** **** 8000 tomorrow"
        );
        assert_eq!(masked("手机13800138000，谢谢"), "手机*******8000，谢谢");
        assert_eq!(masked("office +86 21 5555 0101"), "office +** ** **** 0101");
        assert_eq!(masked("US line (415) 555-0199."), "US line (***) ***-0199.");
    }

    #[test]
    fn ids_cards_and_ssns() {
        assert_eq!(
            masked("身份证 11010519491231002X"),
            "身份证 **************002X"
        );
        assert_eq!(
            masked("card 4111 1111 1111 1111 exp"),
            "card **** **** **** 1111 exp"
        );
        assert_eq!(masked("SSN 123-45-6789"), "SSN ***-**-6789");
    }

    #[test]
    fn look_alikes_stay() {
        for text in [
            "order 20261125 ships 2026-11-25",
            "订单号 2026112500123 已发货",
            "budget ¥1,200,000 or 1200000.00 CNY",
            "ticket #4111111111111112 (fails Luhn)",
            "身份证 110105194912310021 (wrong check digit)",
            "meet at 14:30 on 2026/11/25, room 1203",
            "SSN-like 000-12-3456",
        ] {
            assert_eq!(masked(text), text, "{text}");
        }
    }

    #[test]
    fn emails_only_by_policy_and_offsets_count_chars() {
        let text = "王芳 wang.fang@xinghe.example 电话 13800138000";
        let plain = redact(text, Policy::default());
        assert_eq!(plain.found.len(), 1);
        let finding = plain.found[0];
        assert_eq!(finding.kind, PiiKind::Phone);
        let span: String = text
            .chars()
            .skip(finding.start)
            .take(finding.end - finding.start)
            .collect();
        assert_eq!(span, "13800138000");

        let strict = redact(text, Policy { mask_emails: true });
        assert_eq!(strict.text, "王芳 w***@xinghe.example 电话 *******8000");
        assert_eq!(
            strict.found.iter().map(|f| f.kind).collect::<Vec<_>>(),
            [PiiKind::Email, PiiKind::Phone]
        );
    }
}
