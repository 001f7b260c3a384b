//! Paging: every list function takes a [`Page`] and returns [`Paged`].

use serde::{Deserialize, Serialize};

/// Which slice of a list to return. Offset paging is enough at desktop scale (thousands of
/// rows per list) and keeps the API simple for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// At most this many items (clamped to `1..=Page::MAX_LIMIT`).
    pub limit: u32,
    /// Items to skip.
    pub offset: u64,
}

impl Page {
    /// The largest page any list returns.
    pub const MAX_LIMIT: u32 = 500;

    /// The first `limit` items.
    pub const fn first(limit: u32) -> Self {
        Page { limit, offset: 0 }
    }

    /// The limit actually used.
    pub fn effective_limit(self) -> u32 {
        self.limit.clamp(1, Self::MAX_LIMIT)
    }

    /// `LIMIT` to bind: one more than the page, to learn whether a next page exists.
    pub(crate) fn sql_limit(self) -> i64 {
        i64::from(self.effective_limit()) + 1
    }

    /// `OFFSET` to bind.
    pub(crate) fn sql_offset(self) -> i64 {
        i64::try_from(self.offset).unwrap_or(i64::MAX)
    }
}

impl Default for Page {
    fn default() -> Self {
        Page::first(50)
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    /// The items, in the list's order.
    pub items: Vec<T>,
    /// The page after this one, if there are more items.
    pub next: Option<Page>,
}

impl<T> Paged<T> {
    /// Builds a page from rows fetched with [`Page::sql_limit`] (one extra row).
    pub(crate) fn from_rows(mut rows: Vec<T>, page: Page) -> Self {
        let limit = page.effective_limit();
        let has_more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next = has_more.then(|| Page {
            limit,
            offset: page.offset.saturating_add(u64::from(limit)),
        });
        Paged { items: rows, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_row_means_there_is_a_next_page() {
        let paged = Paged::from_rows(
            vec![1, 2, 3],
            Page {
                limit: 2,
                offset: 4,
            },
        );
        assert_eq!(paged.items, vec![1, 2]);
        assert_eq!(
            paged.next,
            Some(Page {
                limit: 2,
                offset: 6
            })
        );
    }

    #[test]
    fn short_page_is_the_last() {
        let paged = Paged::from_rows(vec![1, 2], Page::first(2));
        assert_eq!(paged.items, vec![1, 2]);
        assert_eq!(paged.next, None);
    }

    #[test]
    fn limit_is_clamped() {
        assert_eq!(Page::first(0).effective_limit(), 1);
        assert_eq!(Page::first(10_000).effective_limit(), Page::MAX_LIMIT);
        assert_eq!(Page::first(10_000).sql_limit(), 501);
    }
}
