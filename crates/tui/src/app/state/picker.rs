//! The library picker (`a`), while open.

use std::collections::HashSet;

use super::basics::{Cursor, OpenCollection};
use freddy_api::model::Track;
use freddy_api::{CollectionId, TrackId};

/// Rows the picker shows (the runtime's screen may show fewer; the cursor keeps inside this).
pub(crate) const PICKER_ROWS: usize = 12;

/// The picker, while open.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub collection: CollectionId,
    pub name: String,
    /// The library as loaded so far, newest save first.
    pub items: Vec<Track>,
    /// A page request is under way.
    pub loading: bool,
    /// The last page has come (a short one).
    pub done: bool,
    /// The collection's members, once read (until then, only the loaded rows are known).
    pub members: Option<HashSet<TrackId>>,
    pub query: String,
    /// Indexes into `items` that match the query, in order.
    pub hits: Vec<usize>,
    pub cursor: Cursor,
    pub marked: HashSet<TrackId>,
    /// Why the last page failed, if it did.
    pub error: Option<String>,
}

impl Picker {
    /// Whether the track is already in the collection (as far as is known).
    pub fn member(&self, open: Option<&OpenCollection>, t: &TrackId) -> bool {
        self.members.as_ref().is_some_and(|m| m.contains(t))
            || open.is_some_and(|oc| oc.id == self.collection && oc.index_of(t).is_some())
    }

    pub(crate) fn highlighted(&self) -> Option<&Track> {
        self.hits.get(self.cursor.selected).and_then(|&i| self.items.get(i))
    }

    pub(crate) fn refilter(&mut self, scratch: &super::filter::Scratch) {
        let selected = self.highlighted().map(|t| t.id.clone());
        let labels: Vec<String> =
            self.items.iter().map(|t| t.title.clone().unwrap_or_else(|| t.id.to_string())).collect();
        self.hits = super::filter::matching(scratch, &self.query, labels.iter().map(|l| Some(l.as_str())));
        let at = selected.and_then(|id| self.hits.iter().position(|&i| self.items[i].id == id)).unwrap_or(0);
        self.cursor.jump(at, self.hits.len(), PICKER_ROWS);
    }
}
