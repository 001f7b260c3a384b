//! Transcript revisions from vendor data.
//!
//! The store keeps, per (meeting, `segment_id`), the segment with the highest `revision`.
//! To make the final state independent of delivery order, a revision must be a pure
//! function of what the vendor sent about that version of the segment:
//!
//! ```text
//! revision = FINAL_BIT (when the version is final or a deletion) | order
//! ```
//!
//! `order` (below 2^52) comes from the vendor: a timestamp in milliseconds, a sequence
//! number, or for Zoom's second-resolution timestamps
//! `seconds * 1_000_000 + operation rank * 100_000 + tie-break`. A final version therefore
//! always outranks every interim one, and among versions of the same finality the later one
//! wins. Duplicates get the same revision (and the same `dedupe_key`), so a redelivery can
//! never lower what is stored.

/// Set on final (and deleted) versions so they outrank every interim version.
pub const FINAL_BIT: i64 = 1 << 52;

/// Largest vendor order kept below [`FINAL_BIT`].
pub const MAX_ORDER: i64 = FINAL_BIT - 1;

/// The revision of one segment version.
pub fn compose(is_final: bool, order: i64) -> i64 {
    let order = order.clamp(0, MAX_ORDER);
    if is_final { FINAL_BIT | order } else { order }
}

/// `order` for vendors whose timestamps only have second resolution (Zoom Meeting SDK).
///
/// `rank` orders operations that happen within the same second (add 0, update 1,
/// complete 2, delete 3); `tie_break` (the client's capture sequence when it sends one,
/// else the text length) orders several updates within one second.
pub fn seconds_order(seconds: i64, rank: i64, tie_break: i64) -> i64 {
    seconds
        .max(0)
        .saturating_mul(1_000_000)
        .saturating_add(rank.clamp(0, 9) * 100_000)
        .saturating_add(tie_break.clamp(0, 99_999))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_outranks_any_interim() {
        assert!(compose(true, 0) > compose(false, MAX_ORDER));
        assert!(compose(false, 2) > compose(false, 1));
        assert_eq!(compose(false, -5), 0);
    }

    #[test]
    fn seconds_order_sorts_by_time_then_rank_then_tie_break() {
        let t = 1_764_050_401;
        assert!(seconds_order(t, 0, 99_999) < seconds_order(t, 1, 0));
        assert!(seconds_order(t, 3, 99_999) < seconds_order(t + 1, 0, 0));
        assert!(compose(true, seconds_order(4_000_000_000, 3, 99_999)) > 0);
    }
}
