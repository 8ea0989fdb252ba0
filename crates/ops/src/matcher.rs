//! The one fuzzy matcher (`nucleo-matcher`, case-insensitive, smart normalisation): the TUI's filter,
//! picker and copy/move list, and `freddy-music find`.

use std::cell::RefCell;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// The fuzzy matcher's scratch memory, worth reusing between keystrokes and frames: owned by the app (a
/// copy of the app starts with its own), so no state is shared between threads or apps.
#[derive(Default)]
pub struct Scratch(RefCell<Option<Matcher>>);

impl Scratch {
    fn with<R>(&self, f: impl FnOnce(&mut Matcher) -> R) -> R {
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

fn pattern(query: &str) -> Pattern {
    Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart)
}

/// The char indexes of `text` that `query` matches, for highlighting (empty when it does not match).
pub fn matched_chars(scratch: &Scratch, query: &str, text: &str) -> Vec<usize> {
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
pub fn matching<'a>(scratch: &Scratch, query: &str, texts: impl Iterator<Item = Option<&'a str>>) -> Vec<usize> {
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
