//! What flows into `update` (`Msg`: keys, resizes, API answers) and out of it (`Cmd`: side effects the
//! runtime carries out and answers with a `Msg`).

use crossterm::event::KeyEvent;

use super::state::TrackMeta;
use crate::api::model::{Ack, Collection, Member, Track};
use crate::api::{ApiError, CollectionId, TrackId};

/// How many rows the panes show; the runtime computes it from the terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    pub collection_rows: usize,
    pub track_rows: usize,
}

impl Default for Viewport {
    fn default() -> Self {
        Self { collection_rows: 16, track_rows: 16 }
    }
}

/// Everything that can happen to the app.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(Viewport),
    CollectionsLoaded {
        offset: u64,
        result: Result<Vec<Collection>, ApiError>,
    },
    CollectionLoaded {
        id: CollectionId,
        epoch: u64,
        result: Result<Collection, ApiError>,
    },
    MembersLoaded {
        id: CollectionId,
        epoch: u64,
        offset: u64,
        result: Result<Vec<Member>, ApiError>,
    },
    LibraryLoaded {
        id: CollectionId,
        offset: u64,
        result: Result<Vec<Track>, ApiError>,
    },
    TrackLoaded {
        id: TrackId,
        result: Result<Track, ApiError>,
    },
    Removed {
        collection: CollectionId,
        track: TrackId,
        result: Result<Ack, ApiError>,
    },
    /// Track metadata remembered from earlier sessions.
    TracksCached(Vec<(TrackId, TrackMeta)>),
}

impl Msg {
    /// Whether this message answers a `Cmd` (and so ends one request in flight).
    pub fn is_answer(&self) -> bool {
        !matches!(self, Msg::Key(_) | Msg::Resize(_) | Msg::TracksCached(_))
    }
}

/// A side effect for the runtime: each is one API request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    LoadCollections {
        offset: u64,
    },
    /// get-collection; `epoch` is the open collection's epoch when asked (0 when not open).
    LoadCollection {
        id: CollectionId,
        epoch: u64,
    },
    LoadMembers {
        id: CollectionId,
        epoch: u64,
        offset: u64,
        limit: u32,
    },
    LoadLibrary {
        id: CollectionId,
        offset: u64,
    },
    LoadTrack {
        id: TrackId,
    },
    Remove {
        collection: CollectionId,
        track: TrackId,
    },
}
