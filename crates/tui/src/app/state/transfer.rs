//! A copy or move (`C`, `M`): the list of collections to pick, and the transfer waiting for its target.

use super::basics::Cursor;
use super::basics::Target;
use freddy_api::CollectionId;

/// Rows of the collection list.
pub(crate) const CHOOSER_ROWS: usize = 10;

/// The list of collections to copy or move to, while open.
#[derive(Debug, Clone, PartialEq)]
pub struct Chooser {
    pub moving: bool,
    pub source: CollectionId,
    pub source_name: String,
    pub targets: Vec<Target>,
    /// The other collections: id and name.
    pub options: Vec<(CollectionId, String)>,
    /// What was typed, and the options it matches (indexes into `options`, all of them when it is empty);
    /// the cursor moves over these.
    pub query: String,
    pub hits: Vec<usize>,
    pub cursor: Cursor,
}

impl Chooser {
    pub(crate) fn refilter(&mut self, scratch: &super::filter::Scratch) {
        self.hits = if self.query.is_empty() {
            (0..self.options.len()).collect()
        } else {
            super::filter::matching(scratch, &self.query, self.options.iter().map(|(_, n)| Some(n.as_str())))
        };
        self.cursor = Cursor::default();
    }

    /// The option under the cursor.
    pub fn highlighted(&self) -> Option<&(CollectionId, String)> {
        self.options.get(*self.hits.get(self.cursor.selected)?)
    }
}

/// A copy or move waiting for the target's members.
#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    pub moving: bool,
    pub source: CollectionId,
    pub source_name: String,
    pub target: CollectionId,
    pub target_name: String,
    pub targets: Vec<Target>,
}
