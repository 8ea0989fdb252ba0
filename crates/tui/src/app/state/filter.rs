//! The filter over one pane, and the fuzzy matcher (`nucleo-matcher`) it shares with the picker and the
//! copy/move list.

use std::cell::RefCell;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::basics::{Cursor, Pane};
use freddy_api::CollectionId;

/// A filter over one pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub pane: Pane,
    /// For a tracks filter: the collection it was typed over (it ends when another one opens).
    pub collection: Option<CollectionId>,
    pub query: String,
    /// Keys go to the query (the filter line has the keyboard).
    pub editing: bool,
    /// The indexes of the matching rows, in list order.
    pub hits: Vec<usize>,
    /// The cursor over `hits`.
    pub cursor: Cursor,
    /// Rows that could not be looked at (not loaded yet).
    pub unloaded: usize,
    /// What the hits were computed from; recomputed when it changes.
    pub(crate) stamp: Stamp,
}

/// A cheap summary of what the hits depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) query: String,
    pub(crate) rows: usize,
    /// The collection's length (a re-read learns it before the rows come: the rows not there yet are
    /// counted as not looked at).
    pub(crate) len: usize,
    pub(crate) epoch: u64,
    pub(crate) pages: usize,
    /// Pages loaded (a re-read turns them stale and loads them again with the same count of pages: the
    /// rows changed all the same).
    pub(crate) loaded: usize,
    pub(crate) titles: usize,
}

/// The fuzzy matcher's scratch memory, worth reusing between keystrokes and frames: owned by the app (a
/// copy of the app starts with its own), so no state is shared between threads or apps.
#[derive(Default)]
pub struct Scratch(RefCell<Option<Matcher>>);

impl Scratch {
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut Matcher) -> R) -> R {
        let mut m = self.0.borrow_mut();
        f(m.get_or_insert_with(|| Matcher::new(Config::DEFAULT)))
    }
}

impl Clone for Scratch {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for Scratch {
    /// Scratch memory is no part of what an app holds.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scratch")
    }
}

pub(crate) fn pattern(query: &str) -> Pattern {
    Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart)
}

/// The char indexes of `text` that `query` matches, for highlighting (empty when it does not match).
pub(crate) fn matched_chars(scratch: &Scratch, query: &str, text: &str) -> Vec<usize> {
    let pattern = pattern(query);
    let mut buf = Vec::new();
    let mut indices = Vec::new();
    scratch.with(|m| pattern.indices(Utf32Str::new(text, &mut buf), m, &mut indices));
    indices.sort_unstable();
    indices.dedup();
    indices.into_iter().map(|i| i as usize).collect()
}

/// The indexes of the texts that match `query`, in order (every one for an empty query); `None` texts
/// (not loaded) never match.
pub(crate) fn matching<'a>(scratch: &Scratch, query: &str, texts: impl Iterator<Item = Option<&'a str>>) -> Vec<usize> {
    let pattern = pattern(query);
    let mut buf = Vec::new();
    scratch.with(|m| {
        texts
            .enumerate()
            .filter_map(|(i, t)| {
                let t = t?;
                pattern.score(Utf32Str::new(t, &mut buf), m).map(|_| i)
            })
            .collect()
    })
}
