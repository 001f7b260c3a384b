//! Validity checks that tell personal numbers from numbers that only look like them.

use phonenumber::country::Id;

/// The regions a number without `+` is read in: Callbrief's users are mostly in China and
/// the US. A `+` number carries its own country.
const DEFAULT_REGIONS: [Id; 2] = [Id::CN, Id::US];

/// Luhn checksum (payment cards).
pub(super) fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// Payment card: 13–19 digits, an issuer prefix in use (Visa 4, Mastercard 51–55 and
/// 2221–2720, Amex 34/37, Discover/UnionPay 6, JCB/Diners 3), and a valid Luhn digit.
pub(super) fn is_card(digits: &str) -> bool {
    if !(13..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let prefix4: u32 = digits[..4].parse().unwrap_or(0);
    let plausible = matches!(digits.as_bytes()[0], b'3' | b'4' | b'6')
        || (5100..=5599).contains(&prefix4)
        || (2221..=2720).contains(&prefix4);
    plausible && luhn_valid(digits)
}

/// Chinese resident ID (GB 11643): 17 digits + check character (ISO 7064 MOD 11-2), with
/// a plausible birth date in positions 7–14.
pub(super) fn is_cn_resident_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let expected = CHECK[(sum % 11) as usize];
    let year: u32 = id[6..10].parse().unwrap_or(0);
    let month: u32 = id[10..12].parse().unwrap_or(0);
    let day: u32 = id[12..14].parse().unwrap_or(0);
    bytes[17].to_ascii_uppercase() == expected
        && (1900..=2100).contains(&year)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
}

/// US SSN written as AAA-GG-SSSS (or with spaces): area not 000, 666 or 9xx, group not
/// 00, serial not 0000. Unformatted 9-digit runs are too often something else.
pub(super) fn is_ssn(candidate: &str) -> bool {
    let parts: Vec<&str> = candidate.split(['-', ' ']).collect();
    if parts.len() != 3 || parts.iter().map(|p| p.len()).collect::<Vec<_>>() != [3, 2, 4] {
        return false;
    }
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let area: u32 = parts[0].parse().unwrap_or(0);
    area != 0 && area != 666 && area < 900 && parts[1] != "00" && parts[2] != "0000"
}

/// A phone number valid in its country's numbering plan: with `+`, any country; without,
/// China or the US. Local numbers without an area code (8 digits or fewer) are too
/// ambiguous and are not matched.
pub(super) fn is_phone(candidate: &str, digit_count: usize) -> bool {
    let international = candidate.starts_with('+');
    let trunk = candidate.trim_start_matches('(').starts_with('0');
    let long_enough = digit_count >= 10 || ((international || trunk) && digit_count >= 9);
    if !long_enough || digit_count > 15 {
        return false;
    }
    DEFAULT_REGIONS.iter().any(|region| {
        phonenumber::parse(Some(*region), candidate).is_ok_and(|number| number.is_valid())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits() {
        assert!(luhn_valid("4111111111111111"));
        assert!(!luhn_valid("4111111111111112"));
        assert!(is_card("6222021234567890125") == luhn_valid("6222021234567890125"));
        assert!(!is_card("2026112500123"), "not an issuer prefix");
        assert!(is_cn_resident_id("11010519491231002X"));
        assert!(!is_cn_resident_id("110105194912310021"));
        assert!(!is_cn_resident_id("11010519491331002X"), "month 13");
        assert!(is_ssn("123-45-6789"));
        assert!(!is_ssn("666-45-6789") && !is_ssn("123-00-6789") && !is_ssn("123456789"));
    }

    #[test]
    fn phones_by_plan() {
        assert!(is_phone("138 0013 8000", 11));
        assert!(is_phone("021-5555-0101", 11));
        assert!(is_phone("+44 20 7946 0958", 12));
        assert!(!is_phone("20261125", 8));
        assert!(
            !is_phone("5555 0101", 8),
            "a local number without area code is ambiguous"
        );
    }
}
