//! Redaction on a labelled set (tests/fixtures/redaction/labelled.jsonl): English and
//! Chinese sentences with the personal numbers they contain and look-alikes that must
//! stay (order ids, amounts, dates, versions, meeting ids, tracking numbers). Prints
//! precision and recall; every labelled case must come out right.

use callbrief_sync::redact::{Policy, redact};
use serde_json::Value;

#[test]
fn the_labelled_set_is_masked_exactly() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/redaction/labelled.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let (mut true_pos, mut false_pos, mut false_neg) = (0, 0, 0);
    let mut wrong = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        let input = case["text"].as_str().unwrap();
        let mut expected: Vec<String> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        let result = redact(input, Policy::default());
        let mut got: Vec<String> = result
            .found
            .iter()
            .map(|f| {
                serde_json::to_value(f.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        expected.sort();
        got.sort();
        for kind in &got {
            match expected.iter().position(|e| e == kind) {
                Some(i) => {
                    expected.remove(i);
                    true_pos += 1;
                }
                None => false_pos += 1,
            }
        }
        false_neg += expected.len();
        if !expected.is_empty() || got.len() != case["expect"].as_array().unwrap().len() {
            wrong.push(format!("{input} → {} {got:?}", result.text));
        }
        // Whatever was masked keeps at most 4 digits of it.
        for finding in &result.found {
            let span: String = result
                .text
                .chars()
                .skip(finding.start)
                .take(finding.end - finding.start)
                .collect();
            assert!(
                span.chars().filter(char::is_ascii_digit).count() <= 4,
                "{span}"
            );
        }
    }
    let precision = f64::from(true_pos) / f64::from((true_pos + false_pos).max(1));
    let recall = f64::from(true_pos) / f64::from((true_pos + false_neg as u32).max(1));
    println!(
        "redaction: {true_pos} found, {false_pos} false positives, {false_neg} missed; precision {precision:.3}, recall {recall:.3}"
    );
    assert!(wrong.is_empty(), "wrong cases:\n{}", wrong.join("\n"));
}
