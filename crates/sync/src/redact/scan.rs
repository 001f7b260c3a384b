//! Finding candidates in text and deciding what each one is.

use std::sync::LazyLock;

use regex::Regex;

use super::checks::{is_card, is_cn_resident_id, is_phone, is_ssn};
use super::{Finding, PiiKind, Policy};

/// Runs of digits joined by at most two separators (space, hyphen, dot, parentheses),
/// optionally opened by `+` or `(`, optionally closed by the ID check character X.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[+(]?\d(?:[ \-.()]{0,2}\d)*[Xx]?").expect("valid number pattern")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
        .expect("valid email pattern")
});
/// Calendar dates are never personal numbers.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
        .expect("valid date pattern")
});

const CURRENCY_BEFORE: &[char] = &['¥', '$', '€', '£', '￥'];
const MONEY_AFTER: &[&str] = &["元", "万", "块", "%", "CNY", "RMB", "USD", "EUR", "GBP"];

/// Every finding in `text`, in order, without overlaps; offsets in chars.
pub(super) fn find(text: &str, policy: Policy) -> Vec<Finding> {
    let mut found: Vec<(usize, usize, PiiKind)> = Vec::new(); // byte ranges
    let emails: Vec<(usize, usize)> = EMAIL
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    if policy.mask_emails {
        found.extend(emails.iter().map(|&(s, e)| (s, e, PiiKind::Email)));
    }
    for m in NUMBER.find_iter(text) {
        // Digits inside an email address belong to the address.
        if emails.iter().any(|&(s, e)| m.start() < e && s < m.end()) {
            continue;
        }
        classify_with_parts(text, m.start(), m.end(), &mut found);
    }
    found.sort_by_key(|&(start, _, _)| start);
    to_chars(text, &found)
}

/// Classifies the whole candidate; if it is nothing, tries its space-separated parts
/// (a phone number followed by a year, say), longest first.
fn classify_with_parts(
    text: &str,
    start: usize,
    end: usize,
    found: &mut Vec<(usize, usize, PiiKind)>,
) {
    let (start, end) = trim_brackets(text, start, end);
    if let Some(kind) = classify(text, start, end) {
        found.push((start, end, kind));
        return;
    }
    let parts = space_separated_parts(text, start, end);
    if parts.len() < 2 {
        return;
    }
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for len in (1..parts.len()).rev() {
        for first in 0..=parts.len() - len {
            let (s, e) = (parts[first].0, parts[first + len - 1].1);
            if taken.iter().any(|&(ts, te)| s < te && ts < e) {
                continue;
            }
            if let Some(kind) = classify(text, s, e) {
                taken.push((s, e));
                found.push((s, e, kind));
            }
        }
    }
}

fn classify(text: &str, start: usize, end: usize) -> Option<PiiKind> {
    let candidate = &text[start..end];
    if DATE.is_match(candidate)
        || looks_like_money(text, start, end)
        || inside_identifier(text, start, end)
    {
        return None;
    }
    let compact: String = candidate
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
        .collect();
    let digits = compact.chars().filter(char::is_ascii_digit).count();
    if is_cn_resident_id(&compact) {
        Some(PiiKind::CnResidentId)
    } else if is_ssn(candidate) {
        Some(PiiKind::UsSsn)
    } else if is_card(&compact) {
        Some(PiiKind::BankCard)
    } else if digits == compact.len() && is_phone(candidate, digits) {
        Some(PiiKind::Phone)
    } else {
        None
    }
}

/// A number written as money: a currency sign before it, a unit after it, or two decimals.
fn looks_like_money(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end().chars().next_back();
    let after = text[end..].trim_start();
    let candidate = &text[start..end];
    let cents = candidate
        .rsplit_once('.')
        .is_some_and(|(_, tail)| tail.len() == 2 && !candidate.contains(' '));
    before.is_some_and(|c| CURRENCY_BEFORE.contains(&c))
        || MONEY_AFTER.iter().any(|unit| after.starts_with(unit))
        || cents
}

/// Digits glued to Latin letters are part of a code ("INV-2026-000123",
/// "1Z999AA10123456784"), not a number of their own. Chinese text around a number is not
/// glue: "手机13800138000" is a phone number.
fn inside_identifier(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let glued_before = match before.next() {
        Some(c) if c.is_ascii_alphanumeric() => true,
        Some('-' | '_' | '/') => before.next().is_some_and(|c| c.is_ascii_alphanumeric()),
        _ => false,
    };
    let glued_after = text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    glued_before || glued_after
}

/// Drops an unmatched bracket at either end ("(fails" or "8000)").
fn trim_brackets(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let s = &text[start..end];
    if s.starts_with('(') && !s.contains(')') {
        start += 1;
    }
    let s = &text[start..end];
    if s.ends_with(')') && !s.contains('(') {
        end -= 1;
    }
    (start, end)
}

fn space_separated_parts(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut part_start = None;
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        match (c == ' ', part_start) {
            (false, None) => part_start = Some(at),
            (true, Some(s)) => {
                parts.push((s, at));
                part_start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = part_start {
        parts.push((s, end));
    }
    parts
}

/// Byte ranges to char offsets.
fn to_chars(text: &str, found: &[(usize, usize, PiiKind)]) -> Vec<Finding> {
    let char_at = |byte: usize| text[..byte].chars().count();
    found
        .iter()
        .map(|&(start, end, kind)| Finding {
            kind,
            start: char_at(start),
            end: char_at(end),
        })
        .collect()
}
