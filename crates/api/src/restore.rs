//! Putting removed tracks back where they were, by the server's state alone: re-add each track (add-member
//! appends, and is a no-op for a present one, so nothing is ever duplicated), re-read the current order
//! from position 0 as far as the deepest restored track needs (so edits made elsewhere meanwhile are
//! kept, and undo near the top of a large collection reads one page), and send one reorder whose list
//! runs from position 0 to that track (music-api.md §8.4, §13). A 413 splits the list, and the chunks go
//! last-first, which leaves the same order. Running it twice changes nothing the second time.

use std::collections::{HashMap, HashSet, VecDeque};

use futures::StreamExt;

use super::client::Client;
use super::error::ApiError;
use super::ids::{CollectionId, TrackId};

/// A track to put back, the zero-based index it had, and (when known) the track that came right after it
/// then: placed before that track, it lands between its old neighbours even when other tracks were
/// added or removed above it meanwhile (an index alone would be off by as many).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub track: TrackId,
    pub index: usize,
    pub next: Option<TrackId>,
}

/// What happened to one track.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed {
    /// In the collection now, at this zero-based position.
    At(usize),
    /// Could not be put back (the track is gone or the add failed); the reason.
    Failed(String),
}

/// What a restore did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One entry per wanted track, in the order given.
    pub tracks: Vec<(TrackId, Placed)>,
    /// Tracks that were absent before (re-added, or for a dry run to be re-added). Complete when
    /// `readded` is known; a real run learns only how many its adds put back, so when some but not all
    /// were absent it cannot say which, and this is empty.
    pub absent: Vec<TrackId>,
    /// How many tracks the adds put back (for a dry run: would put back), from the collection's count
    /// before and after; `None` when the count could not be read or changed by more than the adds can
    /// explain (another client edited it meanwhile).
    pub readded: Option<usize>,
    /// Reorder requests sent (0 when the order was already right; more than 1 after a 413).
    pub reorders: usize,
    /// Whether the order had to change at all.
    pub moved: bool,
    /// Whether the order read back after the writes is the one planned around every placed track (the
    /// track before it, it, the track after it). False when another client changed the collection while
    /// the restore ran: the tracks may be off by as many places, and running the restore again places
    /// them by their neighbours. A dry run, or a run that sent nothing, is verified by its own read.
    pub verified: bool,
}

impl Report {
    pub fn restored(&self) -> usize {
        self.tracks.iter().filter(|(_, p)| matches!(p, Placed::At(_))).count()
    }

    pub fn failed(&self) -> impl Iterator<Item = (&TrackId, &str)> {
        self.tracks.iter().filter_map(|(t, p)| match p {
            Placed::Failed(why) => Some((t, why.as_str())),
            Placed::At(_) => None,
        })
    }
}

/// Adds this many tracks at once: the window `tracks remove` uses, so taking a removal back costs about
/// what the removal did (8 made a 3,000-track restore four times slower than its removal).
pub const ADD_CONCURRENCY: usize = 32;

/// Whole restores tried when a passing fault outlasts the client's own retries.
const ATTEMPTS: usize = 3;

/// Puts the tracks back. A collection that no longer exists is an error (nothing could be done); a
/// track that cannot be re-added is reported in the result and left out of the order. A restore is
/// defined by the server's state, so one cut short by a passing fault (a reorder that got a 503 after
/// the adds went through) is simply run again, up to `ATTEMPTS` times in all.
pub async fn restore(
    client: &Client,
    collection: &CollectionId,
    wanted: &[Wanted],
    dry_run: bool,
) -> Result<Report, ApiError> {
    restore_counted(client, collection, wanted, dry_run, &|_| {}).await
}

/// `restore`, telling `added` each time an add is answered (for a progress bar).
pub async fn restore_counted(
    client: &Client,
    collection: &CollectionId,
    wanted: &[Wanted],
    dry_run: bool,
    added: &(dyn Fn(u64) + Sync),
) -> Result<Report, ApiError> {
    let how = if dry_run { How::DryRun } else { How::AddAndPlace };
    with_attempts(client, collection, wanted, how, added).await
}

/// Moves tracks that are members to the indexes given, by the server's current order (one reorder, in
/// chunks on a 413); a track that is no longer a member is reported and left out (never re-added).
pub async fn place(client: &Client, collection: &CollectionId, wanted: &[Wanted]) -> Result<Report, ApiError> {
    with_attempts(client, collection, wanted, How::Place, &|_| {}).await
}

/// What a run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// Re-add every track, then place them.
    AddAndPlace,
    /// Place the tracks that are members; add nothing.
    Place,
    /// Say what `AddAndPlace` would do; send no write.
    DryRun,
}

async fn with_attempts(
    client: &Client,
    collection: &CollectionId,
    wanted: &[Wanted],
    how: How,
    added: &(dyn Fn(u64) + Sync),
) -> Result<Report, ApiError> {
    let mut result = restore_once(client, collection, wanted, how, added).await;
    for _ in 1..ATTEMPTS {
        match &result {
            Err(e) if e.is_transient() => result = restore_once(client, collection, wanted, how, added).await,
            _ => break,
        }
    }
    result
}

async fn restore_once(
    client: &Client,
    collection: &CollectionId,
    wanted: &[Wanted],
    how: How,
    added: &(dyn Fn(u64) + Sync),
) -> Result<Report, ApiError> {
    let dry_run = how == How::DryRun;
    let wanted = dedup(wanted);
    let mut failed: HashMap<TrackId, String> = HashMap::new();
    // The count before the adds: with the count after it, how many they put back (add-member answers
    // the same whether the track was absent or present).
    let before = if how == How::AddAndPlace { Some(track_count(client, collection).await?) } else { None };
    if how == How::AddAndPlace {
        let tracks: Vec<TrackId> = wanted.iter().map(|w| w.track.clone()).collect();
        let adds: Vec<(TrackId, Result<(), ApiError>)> = futures::stream::iter(tracks)
            .map(|t| add_one(client, collection, t))
            .buffer_unordered(ADD_CONCURRENCY)
            .inspect(|_| added(1))
            .collect()
            .await;
        for (t, r) in adds {
            match r {
                Ok(()) => {}
                Err(ApiError::NotFound(d)) if d.details.get("track_id").is_some() => {
                    failed.insert(t, "the track no longer exists or is not visible to you".to_string());
                }
                // The collection is gone, or a passing fault outlasted the client's retries: the restore as a
                // whole failed (and is safe to run again).
                Err(e @ ApiError::NotFound(_)) => return Err(e),
                Err(e) if e.is_transient() => return Err(e),
                Err(e) => {
                    failed.insert(t, e.to_string());
                }
            }
        }
    }
    let placing: Vec<Wanted> = wanted.iter().filter(|w| !failed.contains_key(&w.track)).cloned().collect();
    // A track the server accepted again is a member; the others must be found in the order.
    let unknown: HashSet<TrackId> =
        if how == How::AddAndPlace { HashSet::new() } else { placing.iter().map(|w| w.track.clone()).collect() };
    // The count after: the order read to its end gives it; when the read will stop short (the deepest
    // index is above the end), one get-collection alongside it.
    let deepest = placing.iter().map(|w| w.index.saturating_add(1)).max().unwrap_or(0);
    let short = before.is_some_and(|b| b > deepest);
    let (read, counted) = futures::join!(order_for(client, collection, &placing, unknown), async {
        if short { Some(track_count(client, collection).await) } else { None }
    });
    let (mut current, missing, whole) = read?;
    let mut readded = None;
    if let Some(before) = before {
        let after = match counted {
            Some(n) => Some(n?),
            None => whole.then_some(current.len()),
        };
        readded = after.and_then(|a| a.checked_sub(before)).filter(|&n| n <= placing.len());
    }
    let mut absent = Vec::new();
    let placing: Vec<Wanted> = if dry_run {
        // As the adds would leave it: the absent tracks appended.
        absent = placing.iter().filter(|w| missing.contains(&w.track)).map(|w| w.track.clone()).collect();
        current.extend(absent.iter().cloned());
        readded = Some(absent.len());
        placing
    } else {
        placing.into_iter().filter(|w| !missing.contains(&w.track)).collect()
    };
    if !dry_run && readded == Some(placing.len()) {
        absent = placing.iter().map(|w| w.track.clone()).collect();
    }
    let plan = plan(&current, &placing);
    let moved = plan.list.iter().zip(&current).any(|(a, b)| a != b);
    let reorders = if moved && !dry_run { send_order(client, collection, &plan.list).await? } else { 0 };
    // Something was written: a reorder, or adds that put tracks back (or may have: the count was not read).
    let wrote = reorders > 0 || (how == How::AddAndPlace && readded != Some(0));
    let verified = if dry_run || !wrote || plan.positions.is_empty() {
        true
    } else {
        reads_as_planned(client, collection, &plan).await?
    };
    let tracks = wanted
        .iter()
        .map(|w| {
            let placed = match (failed.get(&w.track), plan.positions.get(&w.track)) {
                (Some(why), _) => Placed::Failed(why.clone()),
                (None, Some(&p)) => Placed::At(p),
                (None, None) => Placed::Failed("it is no longer in the collection".to_string()),
            };
            (w.track.clone(), placed)
        })
        .collect();
    Ok(Report { tracks, absent, readded, reorders, moved, verified })
}

/// Reads back the pages that hold each placed track and its two neighbours in the plan, and says whether
/// they are where the plan put them. One page for a run of tracks put back together; a collection edited
/// meanwhile (a track removed above them, say) shifts the positions, and the answer is no.
async fn reads_as_planned(client: &Client, collection: &CollectionId, plan: &Plan) -> Result<bool, ApiError> {
    use super::client::PageRequest;
    use super::pages::MAX_MEMBERS_LIMIT;
    let limit = MAX_MEMBERS_LIMIT as usize;
    let mut around: Vec<usize> = plan
        .positions
        .values()
        .flat_map(|&p| [p.saturating_sub(1), p, p + 1])
        .filter(|&p| p < plan.list.len())
        .collect();
    around.sort_unstable();
    around.dedup();
    let mut pages: Vec<usize> = around.iter().map(|p| p / limit).collect();
    pages.dedup();
    let read: Vec<(usize, Vec<TrackId>)> = futures::stream::iter(pages)
        .map(|page| async move {
            let offset = page * limit;
            let items = client.list_members(collection, PageRequest::new(MAX_MEMBERS_LIMIT, offset as u64)).await?;
            Ok::<_, ApiError>((offset, items.items.into_iter().map(|m| m.track_id).collect()))
        })
        .buffered(4)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    let at: HashMap<usize, &TrackId> =
        read.iter().flat_map(|(offset, ids)| ids.iter().enumerate().map(move |(i, t)| (offset + i, t))).collect();
    Ok(around.iter().all(|p| at.get(p) == plan.list.get(*p).as_ref()))
}

/// The collection's member count (get-collection).
async fn track_count(client: &Client, collection: &CollectionId) -> Result<usize, ApiError> {
    let c = client.get_collection(collection).await?;
    Ok(c.track_count.map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX)))
}

async fn add_one(client: &Client, collection: &CollectionId, track: TrackId) -> (TrackId, Result<(), ApiError>) {
    let r = client.add_member(collection, &track).await.map(|_| ());
    (track, r)
}

/// Each track once (its first index wins).
fn dedup(wanted: &[Wanted]) -> Vec<Wanted> {
    let mut seen = HashSet::new();
    wanted.iter().filter(|w| seen.insert(w.track.clone())).cloned().collect()
}

/// The order from position 0 as far as `plan` needs it to place `placing`: every position up to the
/// deepest index wanted (the placed tracks not counted) and every track of `unknown` found, or else the
/// whole order. The plan made from it is the one the whole order would give, so putting a track back near
/// the top of a large collection reads one page, not all of them. Also returns the tracks of `unknown`
/// it did not find (they are not members), and whether the read reached the order's end.
async fn order_for(
    client: &Client,
    collection: &CollectionId,
    placing: &[Wanted],
    mut unknown: HashSet<TrackId>,
) -> Result<(Vec<TrackId>, HashSet<TrackId>, bool), ApiError> {
    if placing.is_empty() {
        return Ok((Vec::new(), unknown, false));
    }
    let moving: HashSet<&TrackId> = placing.iter().map(|w| &w.track).collect();
    let needed = placing.iter().map(|w| w.index.saturating_add(1)).max().unwrap_or(0);
    // The neighbours a placement goes by must be found too (one gone is looked for to the end).
    let mut neighbours: HashSet<&TrackId> =
        placing.iter().filter_map(|w| w.next.as_ref()).filter(|n| !moving.contains(n)).collect();
    let mut staying = 0usize;
    let mut wanted_more = true;
    let members = client
        .members_while(collection, needed as u64, |page| {
            for m in page {
                neighbours.remove(&m.track_id);
                if moving.contains(&m.track_id) {
                    unknown.remove(&m.track_id);
                } else {
                    staying += 1;
                }
            }
            wanted_more = staying < needed || !unknown.is_empty() || !neighbours.is_empty();
            wanted_more
        })
        .await?;
    // The read ends at the order's end, or when no more was wanted: still wanting more means the end.
    Ok((members.into_iter().map(|m| m.track_id).collect(), unknown, wanted_more))
}

/// The order to send, and where each placed track ends up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The new order from position 0 to the deepest placed track (the rest keep their order after it).
    pub list: Vec<TrackId>,
    pub positions: HashMap<TrackId, usize>,
}

/// Takes the placed tracks out of `current` and puts each back: right before the track that followed it
/// when that one is in the order (placed ones too: they go from the deepest up), otherwise at its index
/// (in ascending index order, clamped to the length at that point), so tracks removed together come back
/// in their old order, between their old neighbours.
pub fn plan(current: &[TrackId], placing: &[Wanted]) -> Plan {
    let moving: HashSet<&TrackId> = placing.iter().map(|w| &w.track).collect();
    let mut order: Vec<TrackId> = current.iter().filter(|t| !moving.contains(t)).cloned().collect();
    let staying: HashSet<&TrackId> = order.iter().collect();
    // A neighbour is usable when it stays, or is placed itself by a usable neighbour (a run of removed
    // tracks ends at one that stays). Each chain is walked once: its tracks all get its answer.
    let by_track: HashMap<&TrackId, &Wanted> = placing.iter().map(|w| (&w.track, w)).collect();
    let mut known: HashMap<&TrackId, bool> = HashMap::new();
    for w in placing {
        let mut path: Vec<&TrackId> = Vec::new();
        let mut on_path: HashSet<&TrackId> = HashSet::new();
        let mut at = w;
        let answer = loop {
            if let Some(&k) = known.get(&at.track) {
                break k;
            }
            if !on_path.insert(&at.track) {
                break false; // a loop of neighbours (a journal that contradicts itself)
            }
            path.push(&at.track);
            match &at.next {
                Some(n) if staying.contains(n) => break true,
                Some(n) => match by_track.get(n) {
                    Some(next) => at = next,
                    None => break false,
                },
                None => break false,
            }
        };
        for t in path {
            known.insert(t, answer);
        }
    }
    let usable = |w: &Wanted| known.get(&w.track).copied().unwrap_or(false);
    let (mut by_neighbour, mut by_index): (Vec<&Wanted>, Vec<&Wanted>) = placing.iter().partition(|w| usable(w));
    by_index.sort_by_key(|w| w.index);
    let mut deepest = 0;
    for w in &by_index {
        let at = w.index.min(order.len());
        order.insert(at, w.track.clone());
        deepest = deepest.max(at + 1);
    }
    // The rest go right before their neighbours, in one pass over the order: each track is preceded by
    // the tracks that came before it (and they by theirs, a run of removed tracks back in its order).
    by_neighbour.sort_by_key(|w| w.index);
    let mut before: HashMap<&TrackId, Vec<&TrackId>> = HashMap::new();
    for w in &by_neighbour {
        if let Some(n) = &w.next {
            before.entry(n).or_default().push(&w.track);
        }
    }
    if !before.is_empty() {
        let mut out: Vec<TrackId> = Vec::with_capacity(order.len() + by_neighbour.len());
        for t in &order {
            // Depth-first without recursion (a run of thousands of removed tracks is one chain).
            let mut stack: Vec<(&TrackId, bool)> = vec![(t, false)];
            while let Some((x, ready)) = stack.pop() {
                if ready {
                    out.push(x.clone());
                    continue;
                }
                stack.push((x, true));
                if let Some(ws) = before.remove(x) {
                    stack.extend(ws.into_iter().rev().map(|w| (w, false)));
                }
            }
        }
        order = out;
        deepest = order.len();
    }
    // Later inserts may push earlier ones down, never up: read the final positions.
    let positions: HashMap<TrackId, usize> =
        order.iter().enumerate().filter(|(_, t)| moving.contains(t)).map(|(i, t)| (t.clone(), i)).collect();
    let deepest = positions.values().map(|p| p + 1).max().unwrap_or(deepest);
    order.truncate(deepest);
    Plan { list: order, positions }
}

/// Sends a reorder for `list`. If the server refuses it as too large (413; its limit is not assumed),
/// the list is split in halves and the halves sent last-first (reorder(B) then reorder(A) leaves A, B,
/// then the rest), down to whatever size the server takes. Returns the number of reorders that succeeded.
pub async fn send_order(client: &Client, collection: &CollectionId, list: &[TrackId]) -> Result<usize, ApiError> {
    let mut queue: VecDeque<std::ops::Range<usize>> = VecDeque::new();
    queue.push_back(0..list.len());
    let mut fits = list.len();
    let mut sent = 0;
    while let Some(r) = queue.pop_front() {
        if r.len() > fits {
            let mid = r.start + r.len() / 2;
            queue.push_front(r.start..mid);
            queue.push_front(mid..r.end);
            continue;
        }
        match client.reorder(collection, &list[r.clone()]).await {
            Ok(_) => sent += 1,
            Err(e) if e.status() == Some(413) && r.len() > 1 => {
                fits = r.len() / 2;
                tracing::debug!(size = r.len(), "reorder too large for the server; splitting");
                queue.push_front(r);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<TrackId> {
        s.split_whitespace().map(|t| TrackId::parse(format!("mtrack_{t}")).unwrap()).collect()
    }

    fn w(t: &str, index: usize) -> Wanted {
        Wanted { track: TrackId::parse(format!("mtrack_{t}")).unwrap(), index, next: None }
    }

    #[test]
    fn a_plan_puts_non_adjacent_tracks_back_in_their_old_order() {
        // Original: a b c d e f; b, d and f were removed, then re-added (appended in any order).
        let current = ids("a c e f b d");
        let p = plan(&current, &[w("b", 1), w("d", 3), w("f", 5)]);
        assert_eq!(p.list, ids("a b c d e f"));
        assert_eq!(p.positions[&ids("d")[0]], 3);
    }

    fn wn(t: &str, index: usize, next: &str) -> Wanted {
        Wanted { next: Some(ids(next)[0].clone()), ..w(t, index) }
    }

    #[test]
    fn a_plan_puts_a_track_before_its_old_neighbour_whatever_changed_above_it() {
        // Original: a b c d e f g; e was removed, then elsewhere a and b were: by index e would land
        // after f and g (index 4 of c d f g); by its neighbour it goes right before f.
        let p = plan(&ids("c d f g e"), &[wn("e", 4, "f")]);
        assert_eq!(p.list, ids("c d e"), "the list runs to the deepest placed track; f and g follow");
        // A run of removed tracks (d and e, each followed by the next) comes back as a run.
        let p = plan(&ids("c f g d e"), &[wn("d", 3, "e"), wn("e", 4, "f")]);
        assert_eq!(p.list, ids("c d e"));
        // A neighbour that is gone: back to the index.
        let p = plan(&ids("a b c x"), &[wn("x", 1, "zz")]);
        assert_eq!(p.list, ids("a x"));
    }

    #[test]
    fn a_run_of_twenty_thousand_removed_tracks_is_planned_in_one_pass() {
        // 20,000 consecutive tracks, each followed by the next, the last by one that stayed: each chain is
        // walked once (walking it again for every track would take minutes).
        let n = 20_000;
        let t = |i: usize| TrackId::parse(format!("mtrack_r{i}")).unwrap();
        let stay = TrackId::parse("mtrack_stay").unwrap();
        let placing: Vec<Wanted> = (0..n)
            .map(|i| Wanted { track: t(i), index: i, next: Some(if i + 1 < n { t(i + 1) } else { stay.clone() }) })
            .collect();
        let mut current = vec![stay.clone()];
        current.extend((0..n).rev().map(t));
        let p = plan(&current, &placing);
        assert_eq!(p.list.len(), n);
        assert!(p.list.iter().enumerate().all(|(i, x)| *x == t(i)));
    }

    #[test]
    fn a_plan_lists_only_up_to_the_deepest_restored_track_and_clamps() {
        let current = ids("b c d e x");
        let p = plan(&current, &[w("x", 0)]);
        assert_eq!(p.list, ids("x"));
        // An index past the end (the collection shrank meanwhile) lands at the end.
        let p = plan(&ids("b c x"), &[w("x", 40)]);
        assert_eq!(p.list, ids("b c x"));
        assert_eq!(p.positions[&ids("x")[0]], 2);
    }
}
