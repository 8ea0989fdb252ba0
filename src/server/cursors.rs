//! Where member pages start, remembered: a client paging a collection in order asks for offset 0, 500,
//! 1000, … and each `OFFSET` would walk every member before it. After a page, the rank of the member
//! that follows it is kept under (collection, version, offset); the next page starts there with an
//! index seek instead. Every change to a collection's members or order bumps its `version`, so a kept
//! place is never used on a collection that changed since.

use std::collections::HashMap;
use std::sync::Mutex;

/// Most places kept; past this the map starts over (old versions are never asked for again).
const MAX_KEPT: usize = 4096;

type Key = (String, i64, u64);

/// The kept places, shared by every read connection.
#[derive(Default)]
pub struct PageCursors(Mutex<HashMap<Key, i64>>);

impl PageCursors {
    /// The rank of the member at `offset` of this version of the collection, if kept.
    pub fn get(&self, collection: &str, version: i64, offset: u64) -> Option<i64> {
        let kept = self.0.lock().ok()?;
        kept.get(&(collection.to_string(), version, offset)).copied()
    }

    /// Keeps the rank of the member at `offset`.
    pub fn put(&self, collection: &str, version: i64, offset: u64, rank: i64) {
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() >= MAX_KEPT {
                kept.clear();
            }
            kept.insert((collection.to_string(), version, offset), rank);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_found_only_for_its_version_and_offset() {
        let c = PageCursors::default();
        c.put("mcoll_a", 3, 500, 517);
        assert_eq!(c.get("mcoll_a", 3, 500), Some(517));
        assert_eq!(c.get("mcoll_a", 4, 500), None);
        assert_eq!(c.get("mcoll_a", 3, 1000), None);
        assert_eq!(c.get("mcoll_b", 3, 500), None);
    }

    #[test]
    fn the_map_stays_bounded() {
        let c = PageCursors::default();
        for i in 0..(MAX_KEPT as u64 + 10) {
            c.put("mcoll_a", 1, i, 0);
        }
        assert!(c.0.lock().unwrap().len() <= MAX_KEPT);
    }
}
