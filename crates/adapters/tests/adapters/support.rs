//! Fixture loading, applying transcript segments like the store does, and shuffling.

use std::collections::BTreeMap;
use std::path::PathBuf;

use callbrief_adapters::{Adapted, adapt};
use callbrief_core::event::{EventBody, MeetingEvent, SegmentOp};
use serde_json::Value;

/// The envelopes of a fixture file.
pub fn envelopes(rel: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert!(
        doc["_source"].as_str().is_some_and(|s| !s.is_empty()),
        "{rel} names no source"
    );
    doc["envelopes"].as_array().unwrap().clone()
}

/// Adapts every envelope, failing on any warning.
pub fn adapt_clean(envs: &[Value]) -> Vec<MeetingEvent> {
    let mut out = Adapted::default();
    for e in envs {
        out.extend(adapt(e));
    }
    assert!(out.warnings.is_empty(), "warnings: {:#?}", out.warnings);
    out.events
}

/// The kinds, in order.
pub fn kinds(events: &[MeetingEvent]) -> Vec<&str> {
    events.iter().map(|e| e.kind()).collect()
}

/// A stored segment: (revision, op, is_final, text).
pub type Stored = (i64, SegmentOp, bool, String);

/// Applies transcript segments as the store does: per (meeting, segment id) the highest
/// revision wins; a duplicate dedupe key is dropped.
pub fn apply(events: &[MeetingEvent]) -> BTreeMap<(String, String), Stored> {
    let mut seen = std::collections::BTreeSet::new();
    let mut state: BTreeMap<(String, String), Stored> = BTreeMap::new();
    for e in events {
        if !seen.insert(e.dedupe_key.clone()) {
            continue;
        }
        if let EventBody::TranscriptSegment(p) = &e.body {
            let key = (e.meeting.provider_meeting_id.clone(), p.segment_id.clone());
            let new = (p.revision, p.op, p.is_final, p.text.clone());
            match state.get(&key) {
                Some(old) if old.0 >= new.0 => {}
                _ => {
                    state.insert(key, new);
                }
            }
        }
    }
    state
}

/// A deterministic shuffle (xorshift), so a failure names its seed.
pub fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut v = items.to_vec();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for i in (1..v.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let j = (x % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

/// Adapting the envelopes in any order (with some delivered twice) gives the same final
/// segment set as in order.
pub fn assert_order_independent(envs: &[Value]) -> BTreeMap<(String, String), Stored> {
    let in_order = apply(&adapt_clean(envs));
    assert!(!in_order.is_empty());
    for seed in 1..=40u64 {
        let mut delivery = shuffled(envs, seed);
        // Redeliver a few.
        let dupes: Vec<Value> = delivery.iter().step_by(2).cloned().collect();
        delivery.extend(dupes);
        let delivery = shuffled(&delivery, seed + 1000);
        assert_eq!(apply(&adapt_clean(&delivery)), in_order, "seed {seed}");
    }
    in_order
}

/// The same envelope adapted twice gives the same dedupe keys.
pub fn assert_stable_keys(envs: &[Value]) {
    for e in envs {
        let a: Vec<String> = adapt(e).events.into_iter().map(|e| e.dedupe_key).collect();
        let b: Vec<String> = adapt(e).events.into_iter().map(|e| e.dedupe_key).collect();
        assert_eq!(a, b);
    }
    let all = adapt_clean(envs);
    let mut keys: Vec<&str> = all.iter().map(|e| e.dedupe_key.as_str()).collect();
    keys.sort_unstable();
    let before = keys.len();
    keys.dedup();
    assert_eq!(
        before,
        keys.len(),
        "distinct vendor events share a dedupe key"
    );
}

/// The warnings of one envelope (there must be at least one, and no event).
pub fn warnings_of(envelope: &Value) -> Vec<callbrief_adapters::AdapterWarning> {
    let out = adapt(envelope);
    assert!(out.events.is_empty(), "{:#?}", out.events);
    assert!(!out.warnings.is_empty());
    for w in &out.warnings {
        assert_eq!(&w.raw, envelope, "the warning keeps the raw envelope");
    }
    out.warnings
}
