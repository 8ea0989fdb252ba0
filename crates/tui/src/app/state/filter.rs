//! The filter over one pane. Its fuzzy matcher (`freddy_ops::matcher`) is the picker's, the copy/move
//! list's and `freddy-music find`'s too.

pub use freddy_ops::matcher::{Scratch, matched_chars, matching};

use super::basics::{Cursor, Pane};
use freddy_api::CollectionId;

/// A filter over one pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub pane: Pane,
    /// For a tracks filter: the collection it was typed over (it ends when another one opens).
    pub collection: Option<CollectionId>,
    pub query: String,
    /// Keys go to the query (the filter line has the keyboard).
    pub editing: bool,
    /// The indexes of the matching rows, in list order.
    pub hits: Vec<usize>,
    /// The cursor over `hits`.
    pub cursor: Cursor,
    /// Rows that could not be looked at (not loaded yet).
    pub unloaded: usize,
    /// What the hits were computed from; recomputed when it changes.
    pub(crate) stamp: Stamp,
}

/// A cheap summary of what the hits depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) query: String,
    pub(crate) rows: usize,
    /// The collection's length (a re-read learns it before the rows come: the rows not there yet are
    /// counted as not looked at).
    pub(crate) len: usize,
    pub(crate) epoch: u64,
    pub(crate) pages: usize,
    /// Pages loaded (a re-read turns them stale and loads them again with the same count of pages: the
    /// rows changed all the same).
    pub(crate) loaded: usize,
    pub(crate) titles: usize,
}
