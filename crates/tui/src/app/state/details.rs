//! The details popup (`i`): every field of a track as get-track gives it, with its place in the open
//! collection; or a collection's fields, its count and the length of the tracks known so far.

use freddy_api::CollectionId;
use freddy_api::model::{Collection, Member, Track};

#[derive(Debug, Clone, PartialEq)]
pub enum Details {
    Track {
        collection: CollectionId,
        collection_name: String,
        /// Its membership: position and date added.
        member: Member,
        /// get-track's answer, once it has come.
        track: Option<Track>,
        /// Why get-track failed, if it did.
        error: Option<String>,
        /// The other collections holding it, as the mirror knows: (name, position 0-based); `None` until
        /// the mirror was read.
        also_in: Option<Vec<(String, usize)>>,
    },
    Collection {
        collection: Collection,
        count: Option<u64>,
        /// The summed length of the tracks whose length is known, and how many those are.
        known_seconds: f64,
        known_tracks: usize,
    },
}
