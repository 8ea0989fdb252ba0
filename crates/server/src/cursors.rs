//! Where member pages start, remembered: a client paging a collection asks for offset 0, 500, 1000, …
//! (or from the end backwards, removing as it goes), and each `OFFSET` would walk every member before it.
//! Places (the rank of the member at an offset) are kept per version of a collection: the end of each
//! page served, and, the first time a page far from any kept place is asked for, a sample of every
//! `STRIDE`-th member (one walk of the rank index). A page then starts with an index seek at the nearest
//! place before it and walks fewer than `STRIDE` members.
//!
//! Every change to a collection's members or order bumps its `version`, and the change says what becomes
//! of the places (`Change`), inside the write's transaction: a removal shifts the places after the removed
//! member by one (so paging while removing keeps its places), an append or a rename keeps them all, a
//! reorder drops them. The places of the new version replace whatever was kept under that number, so a
//! write that was rolled back (its version number is used again by the next write) leaves nothing behind.

use std::collections::HashMap;
use std::sync::Mutex;

/// One sampled place every this many members.
pub(crate) const STRIDE: u64 = 200;
/// Versions kept per collection (readers of a version just replaced may still ask for it).
const VERSIONS: usize = 4;
/// Most collections kept; past this the map starts over.
const COLLECTIONS: usize = 64;

/// What a write did to a collection's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// The members and their order are as they were (a rename, or an append after the last member).
    Same,
    /// The member with this rank was removed.
    Removed(i64),
    /// Any other change: the places are dropped.
    Reordered,
}

/// The places known in one version of one collection: (offset, rank), by offset.
#[derive(Default, Clone)]
struct Places {
    at: Vec<(u64, i64)>,
    sampled: bool,
}

impl Places {
    fn put(&mut self, offset: u64, rank: i64) {
        match self.at.binary_search_by_key(&offset, |&(o, _)| o) {
            Ok(i) => self.at[i].1 = rank,
            Err(i) => self.at.insert(i, (offset, rank)),
        }
    }

    /// The places after a removal of the member with `rank`: those before it stay, those after it move up
    /// one, its own is gone.
    fn without(&self, rank: i64) -> Places {
        let at = self
            .at
            .iter()
            .filter(|&&(_, r)| r != rank)
            .map(|&(o, r)| if r > rank { (o.saturating_sub(1), r) } else { (o, r) })
            .collect();
        Places { at, sampled: self.sampled }
    }
}

/// The kept places of one collection, oldest version first.
#[derive(Default)]
struct Versions(Vec<(i64, Places)>);

impl Versions {
    fn get(&self, version: i64) -> Option<&Places> {
        self.0.iter().find(|(v, _)| *v == version).map(|(_, p)| p)
    }

    fn entry(&mut self, version: i64) -> &mut Places {
        let i = match self.0.iter().position(|(v, _)| *v == version) {
            Some(i) => i,
            None => {
                if self.0.len() >= VERSIONS {
                    self.0.remove(0);
                }
                self.0.push((version, Places::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[i].1
    }
}

/// The kept places, shared by every read connection and the write connection.
#[derive(Default)]
pub(crate) struct PageCursors(Mutex<HashMap<String, Versions>>);

impl PageCursors {
    /// The kept place nearest at or before `offset`: its offset and rank.
    pub(crate) fn nearest(&self, collection: &str, version: i64, offset: u64) -> Option<(u64, i64)> {
        let kept = self.0.lock().ok()?;
        let places = kept.get(collection)?.get(version)?;
        let i = places.at.partition_point(|&(o, _)| o <= offset);
        i.checked_sub(1).map(|i| places.at[i])
    }

    /// Whether this version has been sampled.
    pub(crate) fn sampled(&self, collection: &str, version: i64) -> bool {
        self.0.lock().ok().and_then(|k| k.get(collection)?.get(version).map(|p| p.sampled)).unwrap_or(false)
    }

    /// Keeps the rank of the member at `offset`.
    pub(crate) fn put(&self, collection: &str, version: i64, offset: u64, rank: i64) {
        self.with(collection, |v| v.entry(version).put(offset, rank));
    }

    /// Keeps a sample: the ranks of the members at offsets 0, `STRIDE`, 2 × `STRIDE`, ….
    pub(crate) fn put_sample(&self, collection: &str, version: i64, ranks: Vec<i64>) {
        self.with(collection, |v| {
            let places = v.entry(version);
            for (i, r) in ranks.into_iter().enumerate() {
                places.put(i as u64 * STRIDE, r);
            }
            places.sampled = true;
        });
    }

    /// A write took the collection from version `from` to `to`: the places of `to` are those of `from`
    /// after `change` (or none), replacing any kept under `to` before.
    pub(crate) fn changed(&self, collection: &str, from: i64, to: i64, change: Change) {
        self.with(collection, |v| {
            let next = match change {
                Change::Same => v.get(from).cloned(),
                Change::Removed(rank) => v.get(from).map(|p| p.without(rank)),
                Change::Reordered => None,
            };
            v.0.retain(|(version, _)| *version != to);
            if let Some(next) = next {
                *v.entry(to) = next;
            }
        });
    }

    fn with(&self, collection: &str, f: impl FnOnce(&mut Versions)) {
        if let Ok(mut kept) = self.0.lock() {
            if !kept.contains_key(collection) && kept.len() >= COLLECTIONS {
                kept.clear();
            }
            f(kept.entry(collection.to_string()).or_default());
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
    fn a_removal_moves_the_places_after_it_up_and_drops_its_own() {
        let c = PageCursors::default();
        c.put_sample("mcoll_a", 1, vec![10, 20, 30]);
        c.changed("mcoll_a", 1, 2, Change::Removed(20));
        assert!(c.sampled("mcoll_a", 2));
        assert_eq!(c.nearest("mcoll_a", 2, 0), Some((0, 10)));
        // The place at STRIDE was the removed member; the one at 2 × STRIDE is now one earlier.
        assert_eq!(c.nearest("mcoll_a", 2, STRIDE), Some((0, 10)));
        assert_eq!(c.nearest("mcoll_a", 2, STRIDE * 2 - 1), Some((STRIDE * 2 - 1, 30)));
        // The old version is still there for readers that started before the write.
        assert_eq!(c.nearest("mcoll_a", 1, STRIDE), Some((STRIDE, 20)));
    }

    #[test]
    fn a_version_used_again_after_a_rollback_does_not_keep_the_rolled_back_places() {
        let c = PageCursors::default();
        c.put_sample("mcoll_a", 1, vec![10, 20, 30]);
        // A removal (1 -> 2) rolled back, then a reorder (1 -> 2) committed.
        c.changed("mcoll_a", 1, 2, Change::Removed(20));
        c.changed("mcoll_a", 1, 2, Change::Reordered);
        assert_eq!(c.nearest("mcoll_a", 2, STRIDE * 2), None);
        assert!(!c.sampled("mcoll_a", 2));
        // An append keeps every place.
        c.changed("mcoll_a", 1, 3, Change::Same);
        assert_eq!(c.nearest("mcoll_a", 3, STRIDE * 2), Some((STRIDE * 2, 30)));
    }

    #[test]
    fn the_map_stays_bounded() {
        let c = PageCursors::default();
        for v in 0..20 {
            c.put("mcoll_a", v, 0, 0);
        }
        assert!(c.0.lock().unwrap()["mcoll_a"].0.len() <= VERSIONS);
        for i in 0..(COLLECTIONS + 10) {
            c.put(&format!("mcoll_{i}"), 0, 0, 0);
        }
        assert!(c.0.lock().unwrap().len() <= COLLECTIONS);
    }
}
