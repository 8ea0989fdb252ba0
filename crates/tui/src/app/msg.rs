//! What flows into `update` (`Msg`: keys, resizes, API answers) and out of it (`Cmd`: side effects the
//! runtime carries out and answers with a `Msg`).

use crossterm::event::KeyEvent;

use super::state::*;
use freddy_api::model::{Ack, Collection, Member, Track};
use freddy_api::restore::{Report, Wanted};
use freddy_api::{ApiError, CollectionId, TrackId};
use freddy_ops::journal::Outcome;

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
    CountLoaded {
        id: CollectionId,
        result: Result<Collection, ApiError>,
    },
    /// How far a read of a whole order has come (for Ctrl-a): rows read of `total`, and titles.
    OrderProgress {
        collection: CollectionId,
        rows: u64,
        total: u64,
        titles: u64,
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
    /// get-collection for a check of changes made elsewhere.
    Checked {
        id: CollectionId,
        result: Result<Collection, ApiError>,
    },
    /// The terminal gained focus.
    FocusGained,
    /// The mirror as it is (`done`: synced with the server; else as it was on disk), for the search.
    Mirrored {
        entries: Vec<super::state::Found>,
        done: bool,
        error: Option<String>,
    },
    /// How far the mirror's sync has come: collections read, of how many.
    MirrorProgress(usize, usize),
    /// The collections the mirror says hold a track: (id, name, position 0-based).
    AlsoIn {
        track: TrackId,
        places: Vec<(CollectionId, String, usize)>,
    },
    /// get-track for the details popup.
    DetailsLoaded {
        id: TrackId,
        result: Result<Track, ApiError>,
    },
    Removed {
        batch: String,
        collection: CollectionId,
        track: TrackId,
        result: Result<Ack, ApiError>,
    },
    /// An undo's restore finished (or failed as a whole).
    Restored {
        batch: String,
        collection: CollectionId,
        result: Result<Report, ApiError>,
    },
    /// Track metadata remembered from earlier sessions.
    TracksCached(Vec<(TrackId, TrackMeta)>),
    /// The undo and redo stacks rebuilt from the journal at start, and its warnings (damaged lines).
    History {
        undo: Vec<Step>,
        redo: Vec<Step>,
        warnings: Vec<String>,
    },
    /// A journal write failed: undo still works this session, but not after a restart.
    JournalFailed(String),
    /// Another freddy-music holds the journal's lock: the write waits for it.
    JournalWaiting,
    /// SIGTERM, SIGHUP or SIGINT: quit now (the journal records what was left unconfirmed).
    Stop,
    /// The server's rate limit holds requests back for this long.
    RateLimited(std::time::Duration),
    /// What the server's rate-limit headers say is left (or, at the reset, that it is full again).
    Budget(freddy_api::RateBudget),
    /// Title requests called off (`Cmd::ForgetTracks`) before they were answered: each ends a request.
    TracksForgotten(Vec<TrackId>),
    /// A `Cmd::Wake` timer ran out.
    Wake(u64),
    /// A second passed (the runtime sends one every second).
    Tick,
    /// A mouse click on a pane: the line of its list under the pointer (0 for its first row on
    /// screen), if on one; `double` for a second click on the same line soon after the first.
    Click {
        pane: super::state::Pane,
        line: Option<usize>,
        double: bool,
    },
    /// A click on a popup's key hint: that key's action, as if pressed.
    Button(super::keymap::Action),
    /// The mouse wheel over a pane.
    Scroll {
        pane: super::state::Pane,
        down: bool,
    },
    /// A page of the library, for the picker.
    PickerPage {
        offset: u64,
        result: Result<Vec<Track>, ApiError>,
    },
    /// Every member id of a collection (the picker marks what is already in it).
    MemberIds {
        collection: CollectionId,
        result: Result<Vec<TrackId>, ApiError>,
    },
    /// An add answered: each track with its result, in order.
    Added {
        batch: String,
        collection: CollectionId,
        results: Vec<(TrackId, Result<(), ApiError>)>,
    },
    /// The undo of an add (its tracks removed again): how many were removed.
    AddUndone {
        batch: String,
        collection: CollectionId,
        result: Result<usize, ApiError>,
    },
    /// A collection created, renamed or deleted (and journaled).
    CollectionChanged {
        kind: freddy_ops::journal::ChangeKind,
        result: Result<super::state::Changed, ApiError>,
    },
    /// The undo of a collection change: what was done, or why not.
    ChangeUndone {
        batch: String,
        result: Result<String, freddy_ops::collections::ChangeError>,
    },
    /// The whole order of a collection with its titles and durations, read to sort it.
    OrderLoaded {
        collection: CollectionId,
        result: Result<super::state::OrderRead, ApiError>,
    },
    /// A move was sent; `Ok(true)` when the collection had changed elsewhere and the move was applied to
    /// its current order.
    Moved {
        batch: String,
        collection: CollectionId,
        result: Result<bool, ApiError>,
    },
}

impl Msg {
    /// Whether this message answers a `Cmd` (and so ends one request in flight).
    pub fn is_answer(&self) -> bool {
        !matches!(
            self,
            Msg::Key(_)
                | Msg::Resize(_)
                | Msg::TracksCached(_)
                | Msg::History { .. }
                | Msg::JournalFailed(_)
                | Msg::JournalWaiting
                | Msg::OrderProgress { .. }
                | Msg::Stop
                | Msg::RateLimited(_)
                | Msg::Budget(_)
                | Msg::TracksForgotten(_)
                | Msg::Wake(_)
                | Msg::Tick
                | Msg::FocusGained
                | Msg::Mirrored { .. }
                | Msg::MirrorProgress(..)
                | Msg::AlsoIn { .. }
                | Msg::Click { .. }
                | Msg::Button(_)
                | Msg::Scroll { .. }
        )
    }
}

/// A line for the journal; the runtime adds the time and the account, and writes it before it runs any
/// request that comes after it in the same batch of commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Journal {
    /// A removal batch, one entry per track: (track, title if known, index when the batch began, the
    /// track right after it then when known: restore places it before that one).
    Open {
        batch: String,
        redo_of: Option<String>,
        collection: CollectionId,
        name: String,
        tracks: Vec<(TrackId, Option<String>, usize, Option<TrackId>)>,
    },
    Outcome {
        batch: String,
        track: TrackId,
        outcome: Outcome,
    },
    /// An add, one entry per track: (track, title if known, the index it is added at).
    Adds {
        batch: String,
        redo_of: Option<String>,
        collection: CollectionId,
        name: String,
        tracks: Vec<(TrackId, Option<String>, usize)>,
    },
    /// A move, one entry per track: (track, title if known, index before, index after).
    Moves {
        batch: String,
        redo_of: Option<String>,
        collection: CollectionId,
        name: String,
        tracks: Vec<(TrackId, Option<String>, usize, usize)>,
    },
    /// The batch was put back.
    Undone {
        batch: String,
    },
}

/// A side effect for the runtime: an API request (or a sequence of them, for a restore), or a journal line.
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
    /// get-collection for the collections pane's track count alone (a failure is not said: the count
    /// stays blank, and is asked again when the row is on screen again).
    LoadCount {
        id: CollectionId,
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
    /// get-collection: did the open collection change elsewhere?
    CheckCollection {
        id: CollectionId,
    },
    /// get-track for the details popup (never called off, unlike a title's).
    LoadDetails {
        id: TrackId,
    },
    /// Text to the terminal's clipboard (OSC 52). Not a request.
    Copy(String),
    /// The mirror for the search: as it is on disk at once, then brought up to date (its progress and
    /// requests are its own).
    SyncMirror,
    Remove {
        batch: String,
        collection: CollectionId,
        track: TrackId,
    },
    /// Puts tracks back at their indexes (`api::restore`).
    Restore {
        batch: String,
        collection: CollectionId,
        tracks: Vec<Wanted>,
    },
    /// Moves tracks to new indexes. When `base` (the collection's `updated_at` as last read) is still
    /// the server's and `prefix` (the new order from position 0 through every position that changed) is
    /// known, one reorder sends it; otherwise the server's current order is read and the tracks are placed
    /// in it (`api::restore::place`).
    Move {
        batch: String,
        collection: CollectionId,
        base: Option<String>,
        prefix: Option<Vec<freddy_api::TrackId>>,
        placements: Vec<Wanted>,
    },
    /// Moves tracks back to their indexes (the undo of a move), answered by `Msg::Restored`.
    Place {
        batch: String,
        collection: CollectionId,
        tracks: Vec<Wanted>,
    },
    /// A page of the library (list-tracks, 100 a page), for the picker.
    LoadPickerPage {
        offset: u64,
    },
    /// Every member id of a collection.
    LoadMemberIds {
        collection: CollectionId,
    },
    /// Appends tracks to a collection in this order (answered by `Msg::Added`).
    AddTracks {
        batch: String,
        collection: CollectionId,
        tracks: Vec<TrackId>,
    },
    /// Removes the tracks an add put in (its undo; answered by `Msg::AddUndone`).
    RemoveAdded {
        batch: String,
        collection: CollectionId,
        tracks: Vec<TrackId>,
    },
    /// Creates a collection (journaled after the answer).
    CreateCollection {
        name: String,
        description: Option<String>,
    },
    /// Renames a collection and sets its description (`Some("")` clears it); journaled first.
    RenameCollection {
        id: CollectionId,
        name: String,
        description: Option<String>,
    },
    /// Deletes a collection; its name, description and ordered members are journaled first.
    DeleteCollection {
        id: CollectionId,
    },
    /// Takes back the collection change journaled as `batch`.
    UndoChange {
        batch: String,
    },
    /// Reads a collection's `updated_at`, every member and the library's tracks of it (to sort it).
    LoadOrder {
        collection: CollectionId,
    },
    /// Answers `Msg::Wake(token)` after `after` (a debounce).
    Wake {
        token: u64,
        after: std::time::Duration,
    },
    /// A journal line (no request: written at once, in order).
    Journal(Journal),
    /// Calls off these title requests (their rows were scrolled out of reach); the ones still running
    /// are answered with `Msg::TracksForgotten`.
    ForgetTracks(Vec<TrackId>),
}

impl Cmd {
    /// Whether this is an API request (answered by a `Msg`).
    pub fn is_request(&self) -> bool {
        !matches!(self, Cmd::Journal(_) | Cmd::ForgetTracks(_) | Cmd::Wake { .. } | Cmd::Copy(_) | Cmd::SyncMirror)
    }
}
