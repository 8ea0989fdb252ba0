//! The writes of a session: batches of removals under way, the undo and redo stacks, the moves (see
//! `moves.rs`), the adds; and the settings from `[ui]`.

use std::collections::{HashMap, VecDeque};

use super::basics::{Target, UNDO_DEPTH};
use freddy_api::model::Member;
use freddy_api::{CollectionId, TrackId};
use freddy_ops::config::{Clipboard, ConfirmRemove};
use freddy_ops::journal::ChangeKind;

/// Removal requests in flight at once (over the client's one connection pool).
pub(crate) const MAX_WRITES: usize = 4;

/// How often changes made elsewhere are checked for while idle, by default.
pub const DEFAULT_REFRESH_SECS: u32 = 30;

/// Settings from the config file's `[ui]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefs {
    pub confirm_remove: ConfirmRemove,
    /// Mouse clicks and the wheel (`[ui] mouse`, on unless set to false).
    pub mouse: bool,
    /// How `y` copies an id (`[ui] clipboard`).
    pub clipboard: Clipboard,
    /// Seconds between checks for changes made elsewhere while idle (`[ui] refresh_secs`; 0: never).
    pub refresh_secs: u32,
    /// The keymap (the defaults with `[keys]` over them).
    pub keys: std::sync::Arc<crate::app::keymap::Keymap>,
    /// What was wrong in `[keys]` (each with its line): said in the status line and the message log.
    pub key_errors: Vec<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            confirm_remove: ConfirmRemove::default(),
            mouse: true,
            clipboard: Clipboard::default(),
            refresh_secs: DEFAULT_REFRESH_SECS,
            keys: std::sync::Arc::default(),
            key_errors: Vec::new(),
        }
    }
}

/// The "Remove N tracks from X? y/N" popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub collection: CollectionId,
    pub name: String,
    pub targets: Vec<Target>,
}

/// What an undo step took: its undo puts tracks back (a removal), moves them back (a move), or takes a
/// change to a collection itself back through the journal (a create, rename or delete).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Remove,
    Move,
    Add,
    Collection(ChangeKind),
}

/// One undo step: a removal batch and the tracks it may have removed, a move and the tracks it moved, or
/// a change to a collection (no tracks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub batch: String,
    pub collection: CollectionId,
    pub name: String,
    pub tracks: Vec<Target>,
}

/// Where one track of a running batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    Queued,
    Sent,
    Done,
    Failed,
    Cancelled,
}

/// A batch whose requests are not all answered yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    pub batch: String,
    pub collection: CollectionId,
    pub name: String,
    pub items: Vec<(Target, ItemState)>,
    /// `u` came while it ran: restore what it removed once the requests in flight are answered.
    pub undo_when_done: bool,
    /// Stopped by an error that ends the batch (collection gone, key rejected); its own message stands.
    pub aborted: bool,
    pub last_error: Option<String>,
    /// The rows taken off the screen, with their indexes, to put back those not removed.
    pub rows: Vec<(usize, Member)>,
    /// What the status says when it ends well, when not "Removed …" (a move to another collection).
    pub note: Option<String>,
    /// Where each track is in `items`, and how many items have ended: so an answer costs O(1) however
    /// large the batch.
    pub(crate) at: HashMap<TrackId, usize>,
    pub(crate) answered: usize,
}

impl Running {
    pub(crate) fn count(&self, state: ItemState) -> usize {
        self.items.iter().filter(|(_, s)| *s == state).count()
    }

    pub(crate) fn answered(&self) -> usize {
        self.answered
    }

    pub(crate) fn settled(&self) -> bool {
        self.answered == self.items.len()
    }

    /// Moves item `i` to `state`, counting it as ended the first time it leaves Queued or Sent.
    pub(crate) fn set(&mut self, i: usize, state: ItemState) {
        let Some(item) = self.items.get_mut(i) else { return };
        let was_open = matches!(item.1, ItemState::Queued | ItemState::Sent);
        let now_open = matches!(state, ItemState::Queued | ItemState::Sent);
        item.1 = state;
        if was_open && !now_open {
            self.answered += 1;
        }
    }
}

/// Every write of the session and the undo and redo stacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Writes {
    pub(crate) session: String,
    pub(crate) next: u32,
    pub running: Vec<Running>,
    /// Tracks waiting for a free request slot, as (batch, index in its items).
    pub queue: VecDeque<(String, usize)>,
    /// Removal requests in flight.
    pub sending: usize,
    /// The undo being restored now (restores run one at a time), and those waiting.
    pub restoring: Option<Step>,
    pub restore_queue: VecDeque<Step>,
    pub undo: Vec<Step>,
    pub redo: Vec<Step>,
    /// The journal is still being read: an undo or redo asked for meanwhile waits for it.
    pub history_pending: bool,
    /// `u` (true) or Ctrl-r (false) pressed while the journal was being read.
    pub waiting: Option<bool>,
    /// A journal write failed (said once).
    pub journal_failed: bool,
    /// Moves: pressed, sent, and waiting for an add.
    pub moves: super::moves::Moves,
    /// Source of debounce tokens.
    pub next_token: u64,
    /// Adds sent and not answered: (batch, collection).
    pub adding: Vec<(String, CollectionId)>,
    /// Steps taken back together with another (a move to another collection: its removal → its add).
    pub links: HashMap<String, String>,
}

impl Writes {
    pub fn new(session: String) -> Self {
        Self {
            session,
            next: 0,
            running: Vec::new(),
            queue: VecDeque::new(),
            sending: 0,
            restoring: None,
            restore_queue: VecDeque::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            history_pending: false,
            waiting: None,
            journal_failed: false,
            moves: super::moves::Moves::default(),
            next_token: 0,
            adding: Vec::new(),
            links: HashMap::new(),
        }
    }

    /// A batch id unique to this run: `b_`, the session's hex digits and a counter.
    pub(crate) fn new_batch_id(&mut self) -> String {
        self.next = self.next.wrapping_add(1);
        format!("b_{}{:04x}", self.session, self.next & 0xffff)
    }

    /// Whether any write is queued, in flight or waiting.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
            || self.restoring.is_some()
            || !self.restore_queue.is_empty()
            || self.moves.pending.is_some()
            || !self.moves.sent.is_empty()
            || !self.adding.is_empty()
    }

    /// Whether writes on this collection are under way (its pages are not re-read meanwhile).
    pub fn busy_on(&self, c: &CollectionId) -> bool {
        self.running.iter().any(|r| &r.collection == c)
            || self.restoring_on(c)
            || self.moving_on(c)
            || self.adding.iter().any(|(_, a)| a == c)
    }

    /// Whether a move on this collection is waiting for the keys to stop or for its answer.
    pub fn moving_on(&self, c: &CollectionId) -> bool {
        self.moves.pending.as_ref().is_some_and(|p| &p.collection == c)
            || self.moves.sent.iter().any(|m| &m.collection == c)
    }

    /// Whether removals or moves on this collection are in flight (a restore there waits for them).
    pub(crate) fn writing_on(&self, c: &CollectionId) -> bool {
        self.running.iter().any(|r| &r.collection == c)
            || self.moves.sent.iter().any(|m| &m.collection == c)
            || self.adding.iter().any(|(_, a)| a == c)
    }

    pub(crate) fn restoring_on(&self, c: &CollectionId) -> bool {
        self.restoring.iter().chain(&self.restore_queue).any(|s| &s.collection == c)
    }

    /// Tracks queued or in flight, and undos not finished.
    pub fn outstanding(&self) -> usize {
        let tracks: usize = self.running.iter().map(|r| r.items.len() - r.answered()).sum();
        tracks
            + usize::from(self.restoring.is_some())
            + self.restore_queue.len()
            + self.moves.sent.len()
            + self.adding.len()
            + usize::from(self.moves.pending.is_some())
    }

    pub(crate) fn push_undo(&mut self, step: Step) {
        self.undo.push(step);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
    }
}
