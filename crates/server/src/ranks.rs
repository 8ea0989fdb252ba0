//! Member order as sparse ranks: positions are a member's place in rank order, and ranks are spaced
//! `GAP` apart, so a move rewrites only the members that move (one row for one track) and a removal
//! rewrites none. When no room is left between two neighbours the collection is renumbered once.
//!
//! reorder-collection (§8.4, §13) puts the listed members first, in the order given, and the others after
//! them in their previous order. The others keep their ranks; the listed ones must all rank below the
//! first of the others. Of the listed ones, the longest run that is already in rising rank order stays
//! where it is; the rest get ranks spread evenly in the gaps around it.

/// Space between neighbouring ranks when they are written fresh.
pub(crate) const GAP: i64 = 1 << 20;

/// The new rank of each listed member that must move, in the order listed; `None` when some gap has no
/// room (then renumber the whole collection). `listed` holds the listed members (first mention only,
/// members only) with their current ranks; `first_unlisted` is the lowest rank among the others.
pub(crate) fn plan(listed: &[(&str, i64)], first_unlisted: Option<i64>) -> Option<Vec<(usize, i64)>> {
    let keep = rising_run(listed, first_unlisted);
    let mut moves = Vec::new();
    let mut i = 0;
    while i < listed.len() {
        if keep[i] {
            i += 1;
            continue;
        }
        // A run of members to place between the kept neighbours around it.
        let start = i;
        while i < listed.len() && !keep[i] {
            i += 1;
        }
        let count = (i - start) as i64;
        let below = start.checked_sub(1).map(|k| listed[k].1);
        let above = if i < listed.len() { Some(listed[i].1) } else { first_unlisted };
        let (low, high) = match (below, above) {
            (Some(l), Some(h)) => (l, h),
            (Some(l), None) => (l, l.checked_add(GAP.checked_mul(count + 1)?)?),
            (None, Some(h)) => (h.checked_sub(GAP.checked_mul(count + 1)?)?, h),
            (None, None) => (0, GAP.checked_mul(count + 1)?),
        };
        let step = (high - low) / (count + 1);
        if step < 1 {
            return None;
        }
        for (k, at) in (start..i).enumerate() {
            moves.push((at, low + step * (k as i64 + 1)));
        }
    }
    Some(moves)
}

/// Which listed members keep their rank: a longest subsequence in rising rank order, all below the
/// first unlisted member.
fn rising_run(listed: &[(&str, i64)], first_unlisted: Option<i64>) -> Vec<bool> {
    let eligible = |r: i64| first_unlisted.is_none_or(|u| r < u);
    // Patience sorting: tails[k] = index ending the best run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; listed.len()];
    for (i, &(_, r)) in listed.iter().enumerate() {
        if !eligible(r) {
            continue;
        }
        let k = tails.partition_point(|&t| listed[t].1 < r);
        before[i] = k.checked_sub(1).map(|p| tails[p]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut keep = vec![false; listed.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = before[i];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a plan and returns the listed ids in rank order.
    fn apply(listed: &[(&str, i64)], first_unlisted: Option<i64>) -> (Vec<String>, usize) {
        let moves = plan(listed, first_unlisted).unwrap();
        let mut ranks: Vec<(String, i64)> = listed.iter().map(|(t, r)| (t.to_string(), *r)).collect();
        for &(i, r) in &moves {
            ranks[i].1 = r;
        }
        if let Some(u) = first_unlisted {
            assert!(ranks.iter().all(|(_, r)| *r < u), "{ranks:?} must all be below {u}");
        }
        ranks.sort_by_key(|(_, r)| *r);
        (ranks.into_iter().map(|(t, _)| t).collect(), moves.len())
    }

    #[test]
    fn moving_one_track_down_rewrites_one_rank() {
        // Members a b c d e at 0, GAP, 2GAP…; the list moves b after d.
        let listed = [("a", 0), ("c", 2 * GAP), ("d", 3 * GAP), ("b", GAP)];
        let (order, moved) = apply(&listed, Some(4 * GAP));
        assert_eq!(order, ["a", "c", "d", "b"]);
        assert_eq!(moved, 1);
    }

    #[test]
    fn the_last_track_to_the_front_goes_below_the_first() {
        let (order, moved) = apply(&[("e", 4 * GAP)], Some(0));
        assert_eq!(order, ["e"]);
        assert_eq!(moved, 1);
        assert!(plan(&[("e", 4 * GAP)], Some(0)).unwrap()[0].1 < 0);
    }

    #[test]
    fn dense_ranks_leave_no_room_and_ask_for_a_renumber() {
        assert_eq!(plan(&[("a", 0), ("c", 2), ("b", 1)], Some(3)), None);
    }

    #[test]
    fn a_reversed_list_keeps_one_and_moves_the_rest() {
        let listed: Vec<(&str, i64)> =
            ["a", "b", "c", "d"].iter().enumerate().rev().map(|(i, t)| (*t, i as i64 * GAP)).collect();
        let (order, moved) = apply(&listed, None);
        assert_eq!(order, ["d", "c", "b", "a"]);
        assert_eq!(moved, 3);
    }
}
