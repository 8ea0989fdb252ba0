//! Where the user was: the open collection, the track under the cursor (by id, its position the fallback),
//! the scroll offset and the kept filter. Saved at quit, opened again at start.

use freddy_api::{CollectionId, TrackId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub collection: CollectionId,
    /// The track under the cursor (none in an empty collection).
    pub track: Option<TrackId>,
    /// Its position then (0-based): where the search for it starts, and where the cursor goes when it is
    /// gone.
    pub position: usize,
    /// The first row on screen then.
    pub top: usize,
    /// The filter kept over the tracks, if any.
    pub filter: Option<String>,
}

/// A place being returned to at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub place: Place,
    /// The collection was opened (its count and pages are on the way).
    pub opened: bool,
    /// The member pages looked in for the track so far, in the order they were asked for.
    pub looked: Vec<u64>,
}

impl Resume {
    pub fn new(place: Place) -> Self {
        Self { place, opened: false, looked: Vec::new() }
    }
}
