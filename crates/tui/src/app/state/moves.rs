//! The moves of a session (J/K, and `M`'s adds): pressed and not sent, sent and not answered.

use std::collections::HashMap;
use std::time::Duration;

use freddy_api::{CollectionId, TrackId};

/// The state of moves, one part of the writes: J/K presses not sent yet (one reorder goes once the keys
/// stop), moves sent and not answered, and moves (`M`) whose add is under way: (the add's batch, the
/// move, the tracks that were already there).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Moves {
    pub pending: Option<PendingMove>,
    pub sent: Vec<Sent>,
    pub after_add: Vec<(String, super::transfer::Transfer, std::collections::HashSet<freddy_api::TrackId>)>,
}

/// How long after the last J/K the move is sent.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(400);

/// A move sent and not answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub batch: String,
    pub collection: CollectionId,
    /// What the status says when it lands, when not the default.
    pub done: Option<String>,
}

/// J/K presses not sent yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMove {
    pub collection: CollectionId,
    pub name: String,
    /// Where each moved track was before the first press.
    pub origin: HashMap<TrackId, usize>,
    /// The debounce timer that sends it (a newer press makes older timers moot).
    pub token: u64,
}
