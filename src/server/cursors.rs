//! Where member pages start, remembered: a client paging a collection asks for offset 0, 500, 1000, …
//! (several at once when it reads ahead), and each `OFFSET` would walk every member before it. Places
//! (the rank of the member at an offset) are kept per version of a collection: the end of each page
//! served, and, the first time a page far from any kept place is asked for, a sample of every
//! `STRIDE`-th member (one walk of the rank index). A page then starts with an index seek at the nearest
//! place before it and walks fewer than `STRIDE` members. Every change to a collection's members or
//! order bumps its `version`, so a kept place is never used on a collection that changed since.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// One sampled place every this many members.
pub const STRIDE: u64 = 200;
/// Most collection versions kept; past this the map starts over (old versions are never asked for again).
const MAX_VERSIONS: usize = 64;

/// The places known in one version of one collection: offset → rank.
#[derive(Default)]
struct Places {
    at: BTreeMap<u64, i64>,
    sampled: bool,
}

/// The kept places, shared by every read connection.
#[derive(Default)]
pub struct PageCursors(Mutex<HashMap<(String, i64), Places>>);

impl PageCursors {
    /// The kept place nearest at or before `offset`: its offset and rank.
    pub fn nearest(&self, collection: &str, version: i64, offset: u64) -> Option<(u64, i64)> {
        let kept = self.0.lock().ok()?;
        let places = kept.get(&(collection.to_string(), version))?;
        places.at.range(..=offset).next_back().map(|(&o, &r)| (o, r))
    }

    /// Whether this version has been sampled.
    pub fn sampled(&self, collection: &str, version: i64) -> bool {
        self.0.lock().ok().and_then(|k| k.get(&(collection.to_string(), version)).map(|p| p.sampled)).unwrap_or(false)
    }

    /// Keeps the rank of the member at `offset`.
    pub fn put(&self, collection: &str, version: i64, offset: u64, rank: i64) {
        self.with(collection, version, |p| {
            p.at.insert(offset, rank);
        });
    }

    /// Keeps a sample: the ranks of the members at offsets 0, `STRIDE`, 2 × `STRIDE`, ….
    pub fn put_sample(&self, collection: &str, version: i64, ranks: Vec<i64>) {
        self.with(collection, version, |p| {
            p.at.extend(ranks.into_iter().enumerate().map(|(i, r)| (i as u64 * STRIDE, r)));
            p.sampled = true;
        });
    }

    fn with(&self, collection: &str, version: i64, f: impl FnOnce(&mut Places)) {
        if let Ok(mut kept) = self.0.lock() {
            let key = (collection.to_string(), version);
            if kept.len() >= MAX_VERSIONS && !kept.contains_key(&key) {
                kept.clear();
            }
            f(kept.entry(key).or_default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_found_only_for_its_version_and_at_or_before_its_offset() {
        let c = PageCursors::default();
        c.put("mcoll_a", 3, 500, 517);
        assert_eq!(c.nearest("mcoll_a", 3, 500), Some((500, 517)));
        assert_eq!(c.nearest("mcoll_a", 3, 900), Some((500, 517)));
        assert_eq!(c.nearest("mcoll_a", 3, 499), None);
        assert_eq!(c.nearest("mcoll_a", 4, 500), None);
        assert_eq!(c.nearest("mcoll_b", 3, 500), None);
    }

    #[test]
    fn a_sample_places_every_stride() {
        let c = PageCursors::default();
        assert!(!c.sampled("mcoll_a", 1));
        c.put_sample("mcoll_a", 1, vec![10, 20, 30]);
        assert!(c.sampled("mcoll_a", 1));
        assert_eq!(c.nearest("mcoll_a", 1, STRIDE * 2 + 5), Some((STRIDE * 2, 30)));
        assert_eq!(c.nearest("mcoll_a", 1, STRIDE - 1), Some((0, 10)));
    }

    #[test]
    fn the_map_stays_bounded() {
        let c = PageCursors::default();
        for v in 0..(MAX_VERSIONS as i64 + 10) {
            c.put("mcoll_a", v, 0, 0);
        }
        assert!(c.0.lock().unwrap().len() <= MAX_VERSIONS);
    }
}
