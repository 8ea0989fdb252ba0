//! What every part of the state shares: the panes, the open collection, cursors, the status line, track
//! metadata and marks, and the limits the app keeps to.

use std::collections::{HashMap, HashSet};

use freddy_api::model::{Collection, Member, Track};
use freddy_api::{CollectionId, TrackId};

/// Members per page when loading a collection (the API allows up to 500).
pub const MEMBER_PAGE: u32 = 200;
/// Tracks per page of the library list: the most the API gives.
pub const LIBRARY_PAGE: u32 = freddy_api::pages::MAX_TRACKS_LIMIT;
/// Collections per page: the most the API gives.
pub const COLLECTION_PAGE: u32 = freddy_api::pages::MAX_COLLECTIONS_LIMIT;
/// Up to this many members, titles come from the library list filtered by collection; above it,
/// get-track for the visible rows only.
pub const LIBRARY_THRESHOLD: usize = 500;
/// Most get-track requests in flight at once: a screen of titles in one round trip.
pub const MAX_TITLE_REQUESTS: usize = 32;
/// Most in flight while fetching the titles of the screen below the visible one (after the screen's).
pub const AHEAD_TITLE_REQUESTS: usize = 8;
/// Most member-page requests in flight at once for the open collection: pages scrolled past while
/// these are busy are never requested.
pub const MAX_PAGE_REQUESTS: usize = 2;
/// The most tracks one collection is shown with: a larger `track_count` from the server is not believed
/// (the first `MAX_ROWS` are shown, and the status says so).
pub const MAX_ROWS: usize = 1_000_000;
/// Most removals remembered for undo.
pub const UNDO_DEPTH: usize = 100;
/// Recent messages kept for the log (`L`).
pub const MESSAGES_KEPT: usize = 50;
/// Seconds (ticks) an info message stays in the status line.
pub const INFO_SECONDS: u32 = 6;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Collections,
    Tracks,
}

/// What the header says about where we are connected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub organization: String,
    pub host: String,
    pub demo: bool,
}

/// The tone of the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    /// Work under way; cleared once nothing is in flight.
    Progress,
    /// Something to fix that does not stop the app (a config warning).
    Warning,
    Error,
}

/// The status line: the last result or error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
    /// The keys it names, as key spans: `text` cut into pieces, each a key or not.
    pub parts: Vec<(String, bool)>,
}

/// A sentence for the status line with the keys it names as key spans, each resolved from the keymap in
/// use when it is said (so "press d to try again" says x once `[keys]` binds `remove = ["x"]`), and drawn
/// as a key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Said(pub Vec<(String, bool)>);

impl Said {
    /// Plain text.
    #[must_use]
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.0.push((text.into(), false));
        self
    }

    /// The keys of `action` on the main screen.
    #[must_use]
    pub fn key(self, keys: &crate::app::keymap::Keymap, action: crate::app::keymap::Action) -> Self {
        self.key_in(keys, crate::app::keymap::Scope::Everywhere, action)
    }

    /// The first key of `action` in a popup's `scope` (or on the main screen for `Everywhere`); an
    /// unbound action is named instead (`the remove key, unbound`).
    #[must_use]
    pub fn key_in(
        mut self,
        keys: &crate::app::keymap::Keymap,
        scope: crate::app::keymap::Scope,
        action: crate::app::keymap::Action,
    ) -> Self {
        match keys.first_key_in(scope, action) {
            Some(k) => self.0.push((k, true)),
            None => self.0.push((format!("the {} key (unbound)", crate::app::keymap::name_of(action)), false)),
        }
        self
    }

    /// ` (u to undo)`: an aside naming the key of `action` and what it does.
    #[must_use]
    pub fn aside(self, keys: &crate::app::keymap::Keymap, action: crate::app::keymap::Action, does: &str) -> Self {
        self.text(" (").key(keys, action).text(format!(" {does})"))
    }

    pub fn plain(&self) -> String {
        self.0.iter().map(|(t, _)| t.as_str()).collect()
    }
}

impl From<String> for Said {
    fn from(text: String) -> Self {
        Said(vec![(text, false)])
    }
}

impl From<&str> for Said {
    fn from(text: &str) -> Self {
        Said(vec![(text.to_string(), false)])
    }
}

/// A cursor over a list and the first row on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub top: usize,
}

impl Cursor {
    /// Moves by `delta` within `0..len` and keeps the selection inside a window of `rows`.
    pub fn shift(&mut self, delta: isize, len: usize, rows: usize) {
        let last = len.saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.follow(len, rows);
    }

    /// Jumps to `index` (clamped).
    pub fn jump(&mut self, index: usize, len: usize, rows: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.follow(len, rows);
    }

    /// Scrolls so the selection is visible and the window does not run past the end.
    pub fn follow(&mut self, len: usize, rows: usize) {
        let rows = rows.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        self.top = self.top.min(len.saturating_sub(rows));
    }
}

/// A collection in the left pane.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionEntry {
    pub collection: Collection,
    /// Known once get-collection has answered (the list view carries `null`).
    pub track_count: Option<u64>,
}

/// The left pane.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collections {
    pub items: Vec<CollectionEntry>,
    pub cursor: Cursor,
    pub loading: bool,
    pub loaded: bool,
    /// Why the list could not be loaded (shown in the pane until a load succeeds).
    pub error: Option<String>,
    /// Collections whose track count was asked for since the list was read: `true` while under way (the
    /// pane shows counts as they come; one that failed is asked again when the list is read again).
    pub counting: std::collections::HashMap<CollectionId, bool>,
}

impl Collections {
    pub fn selected(&self) -> Option<&CollectionEntry> {
        self.items.get(self.cursor.selected)
    }

    pub fn name_of(&self, id: &CollectionId) -> Option<&str> {
        self.items.iter().find(|e| &e.collection.id == id).map(|e| e.collection.name.as_str())
    }
}

/// Where one page of members stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageState {
    Requested,
    Loaded,
    /// Loaded before a change on the server: still shown, re-read when on screen.
    Stale,
    /// The last request failed; retried on refresh.
    Failed,
}

/// The open collection: a sparse, paged view of its members.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenCollection {
    pub id: CollectionId,
    pub name: String,
    /// Bumped whenever positions may have moved; answers for an older epoch are dropped.
    pub epoch: u64,
    /// The member count, once get-collection or a short page has told it.
    pub len: Option<usize>,
    /// Members by position; `None` is a row not loaded yet.
    pub rows: Vec<Option<Member>>,
    pub pages: HashMap<u64, PageState>,
    /// Member-page requests under way, as (epoch, page).
    pub pages_in_flight: HashSet<(u64, u64)>,
    pub cursor: Cursor,
    pub library: LibraryState,
    /// The collection's `updated_at` as last read (a move checks it before sending its order).
    pub updated_at: Option<String>,
    /// Why its tracks could not be loaded (shown in the pane while no row is).
    pub load_error: Option<String>,
    /// Member pages that failed for a passing reason, tried again at a tick.
    pub page_retry: HashMap<u64, Retry>,
}

/// Title resolution through the library list, for small collections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibraryState {
    NotStarted,
    Loading,
    Done,
}

impl OpenCollection {
    pub fn new(id: CollectionId, name: String, epoch: u64) -> Self {
        Self {
            id,
            name,
            epoch,
            len: None,
            rows: Vec::new(),
            pages: HashMap::new(),
            pages_in_flight: HashSet::new(),
            cursor: Cursor::default(),
            library: LibraryState::NotStarted,
            updated_at: None,
            load_error: None,
            page_retry: HashMap::new(),
        }
    }

    /// Rows the view can move over: the known length, or what has loaded so far.
    pub fn row_count(&self) -> usize {
        self.len.unwrap_or(self.rows.len())
    }

    /// The member at a position, if loaded.
    pub fn member(&self, index: usize) -> Option<&Member> {
        self.rows.get(index).and_then(Option::as_ref)
    }

    /// The selected member, if loaded.
    pub fn selected(&self) -> Option<&Member> {
        self.member(self.cursor.selected)
    }

    /// Sets the length (at most `MAX_ROWS`, whatever the server claims). The row store is not grown to it:
    /// it grows with the pages that arrive, so a claimed count never allocates by itself.
    pub fn set_len(&mut self, len: usize) {
        let len = len.min(MAX_ROWS);
        self.len = Some(len);
        self.rows.truncate(len);
    }

    /// The index of a loaded member.
    pub fn index_of(&self, track: &TrackId) -> Option<usize> {
        self.rows.iter().position(|r| r.as_ref().is_some_and(|m| &m.track_id == track))
    }

    /// Whether the collection is known to hold no tracks.
    pub fn is_empty(&self) -> bool {
        self.len == Some(0)
    }
}

/// What the app knows of a track beyond its id.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackMeta {
    pub title: Option<String>,
    pub duration: Option<f64>,
}

/// `title` cut to `MAX_TITLE_CHARS` (see `api::model`), ending with `…` when cut.
pub fn capped_title(title: &str) -> String {
    freddy_api::text::cap_chars(title, freddy_api::model::MAX_TITLE_CHARS)
}

impl From<&Track> for TrackMeta {
    fn from(t: &Track) -> Self {
        Self { title: t.title.as_deref().map(capped_title), duration: t.measured_duration_seconds }
    }
}

/// Track metadata for the session, keyed by id, and the get-track requests under way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackCache {
    pub known: HashMap<TrackId, TrackMeta>,
    /// Whether the API told us anything this session (so the cache file is worth writing).
    pub learned: bool,
    pub requested: HashSet<TrackId>,
    /// Requested, then scrolled out of reach: the runtime is calling them off.
    pub forgetting: HashSet<TrackId>,
    pub failed: HashSet<TrackId>,
    /// Failed for a passing reason: tried again by itself at a tick, with backoff.
    pub retry: HashMap<TrackId, Retry>,
}

/// A request that failed for a passing reason (a 429, a 5xx, the network): how often, and the tick at
/// which it may go again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    pub attempts: u32,
    pub due: u64,
}

/// Tries after a passing failure before the row waits for `r`.
pub const RETRIES: u32 = 5;

impl Retry {
    /// Whether the failure may pass by itself: a 429, any 5xx, the network (a timeout is not: a server
    /// that never answers is said once, not retried for minutes).
    pub fn worth_it(e: &freddy_api::ApiError) -> bool {
        e.is_transient() || e.status().is_some_and(|s| s >= 500)
    }

    /// The next retry after one more failure at `now` (2, 4, 8, 16, 32 seconds), or `None` once
    /// `RETRIES` are spent.
    pub fn after(previous: Option<Retry>, now: u64) -> Option<Retry> {
        let attempts = previous.map_or(0, |r| r.attempts) + 1;
        (attempts <= RETRIES).then(|| Retry { attempts, due: now + (1u64 << attempts) })
    }
}

impl TrackCache {
    /// Records what the API said of a track.
    pub fn learn(&mut self, t: &Track) {
        self.failed.remove(&t.id);
        self.retry.remove(&t.id);
        self.known.insert(t.id.clone(), TrackMeta::from(t));
        self.learned = true;
    }

    pub fn title(&self, id: &TrackId) -> Option<&str> {
        self.known.get(id).and_then(|m| m.title.as_deref())
    }

    /// The title, or the id when the title is not known.
    pub fn label(&self, id: &TrackId) -> String {
        self.title(id).map_or_else(|| id.to_string(), str::to_string)
    }
}

/// Marked tracks and the `V` range: one part of the app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Marked tracks, per collection (kept when switching away and back).
    pub sets: HashMap<CollectionId, HashSet<TrackId>>,
    /// A `V` range in progress in the open collection: where it started.
    pub range: Option<usize>,
    /// A range that ended over rows not loaded yet: its bounds, marked once their pages arrive.
    pub range_wait: Option<(CollectionId, usize, usize)>,
}

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

/// A track of a batch: its id, its title if known, its index when the batch began and, for a move,
/// the index it was moved to; for a removal, the track right after it when the batch began (when known),
/// which restore places it before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub track: TrackId,
    pub title: Option<String>,
    pub index: usize,
    pub to: Option<usize>,
    pub next: Option<TrackId>,
}

impl Target {
    /// A track moved from index `from` to `to`, with its title if known.
    pub fn moved(tracks: &TrackCache, track: &TrackId, from: usize, to: usize) -> Self {
        Target {
            track: track.clone(),
            title: tracks.title(track).map(str::to_string),
            index: from,
            to: Some(to),
            next: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(crate) fn cursor_keeps_the_selection_on_screen() {
        let mut c = Cursor::default();
        c.shift(5, 100, 10);
        assert_eq!(c, Cursor { selected: 5, top: 0 });
        c.shift(10, 100, 10);
        assert_eq!(c, Cursor { selected: 15, top: 6 });
        c.jump(usize::MAX, 100, 10);
        assert_eq!(c, Cursor { selected: 99, top: 90 });
        c.shift(-200, 100, 10);
        assert_eq!(c, Cursor { selected: 0, top: 0 });
        c.jump(3, 0, 10);
        assert_eq!(c, Cursor { selected: 0, top: 0 });
    }
}
