//! A sort: the menu, and the sort waiting for the order it reads.

use freddy_api::CollectionId;
use freddy_api::model::{Member, Track};

/// What a sort orders by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Title,
    Duration,
    Added,
}

impl SortKey {
    pub fn word(self) -> &'static str {
        match self {
            SortKey::Title => "title",
            SortKey::Duration => "duration",
            SortKey::Added => "date added",
        }
    }

    /// How the direction reads for this key.
    pub fn direction(self, descending: bool) -> &'static str {
        match (self, descending) {
            (SortKey::Title, false) => "A to Z",
            (SortKey::Title, true) => "Z to A",
            (SortKey::Duration, false) => "shortest first",
            (SortKey::Duration, true) => "longest first",
            (SortKey::Added, false) => "oldest first",
            (SortKey::Added, true) => "newest first",
        }
    }
}

/// The sort menu, while open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortMenu {
    pub collection: CollectionId,
    pub name: String,
    pub key: Option<SortKey>,
    pub descending: bool,
}

/// A sort waiting for the order it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sorting {
    pub collection: CollectionId,
    pub name: String,
    pub key: SortKey,
    pub descending: bool,
}

/// What the runtime read for a sort: the collection's `updated_at`, its members in order, and the
/// library's tracks of the collection (titles and durations).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRead {
    pub updated_at: String,
    pub members: Vec<Member>,
    pub tracks: Vec<Track>,
}
