//! The search across collections (`F`), while open: what was typed, every mirrored track with its
//! collection and position, and how far the mirror's sync has come.

use super::basics::Cursor;
use freddy_api::{CollectionId, TrackId};

/// Rows the search shows at most.
pub const SEARCH_ROWS: usize = 12;

/// One track in one collection, as the mirror has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub title: String,
    pub track: TrackId,
    pub collection: CollectionId,
    pub collection_name: String,
    /// 0-based (shown 1-based).
    pub position: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    pub query: String,
    pub entries: Vec<Found>,
    /// Indexes into `entries` that match the query, in order.
    pub hits: Vec<usize>,
    pub cursor: Cursor,
    /// The sync is under way: collections read so far, of how many (none yet known: `None`).
    pub syncing: Option<(usize, usize)>,
    /// Why the sync failed, if it did (the mirror as it was still shows).
    pub error: Option<String>,
}
