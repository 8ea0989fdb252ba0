//! Moving tracks: `J`/`K` move the selected track (or every marked one, keeping their order) one place
//! down or up. The rows move on screen at once; presses coalesce, and once the keys stop (`DEBOUNCE`) one
//! move goes out: the collection's `updated_at` is checked and, if nothing changed elsewhere, one reorder
//! from position 0 through the deepest place that changed; otherwise the move is applied to the server's
//! current order instead of overwriting the other change. A move is an undo step (moving the tracks
//! back) and is journaled, so it can be taken back after a restart too.

use std::collections::{HashMap, HashSet};

use super::keymap::Action;
use super::msg::{Cmd, Journal};
use super::open::{bump_epoch, reread_open};
use super::state::*;
use super::writes::undo_settled;
use freddy_api::restore::Wanted;
use freddy_api::{ApiError, CollectionId, TrackId};
use freddy_ops::journal::Outcome;

/// `J` (down) or `K` (up) in the tracks pane.
pub(super) fn move_key(app: &mut App, down: bool, fx: &mut Vec<Cmd>) {
    move_by(app, down, 1, fx);
}

/// `J`/`K`, `places` times (`10J`): the rows move at once, and one move goes out as for one press.
pub(super) fn move_by(app: &mut App, down: bool, places: usize, fx: &mut Vec<Cmd>) {
    let Some(oc) = app.open.as_ref() else { return };
    let id = oc.id.clone();
    if app.writes.running.iter().any(|r| r.collection == id) || app.writes.restoring_on(&id) {
        app.say(Tone::Info, format!("Removals or an undo on {} are under way; move when they are done", oc.name));
        return;
    }
    if app.writes.moves.pending.as_ref().is_some_and(|p| p.collection != id) {
        flush(app, fx);
    }
    let Some(oc) = app.open.as_ref() else { return };
    // The rows the move steps over: the matches while a filter is on, else every loaded row.
    let mut seq: Vec<usize> = super::filter::visible_rows(app, Pane::Tracks, oc.rows.len());
    let marks = app.open_marks();
    let moving: HashSet<TrackId> = match marks {
        Some(m) => m.clone(),
        None => match app.selected_track() {
            Some(m) => std::iter::once(m.track_id.clone()).collect(),
            None => {
                super::open::no_row(app, "move");
                return;
            }
        },
    };
    let selected = oc.selected().map(|m| m.track_id.clone());
    let mut rows = oc.rows.clone();
    // Each track's place before the first step (a track moved ten places went from where it was).
    let mut steps: Vec<(TrackId, usize)> = Vec::new();
    for _ in 0..places.max(1) {
        let step = step_rows_along(&mut rows, &mut seq, &moving, down);
        if step.is_empty() {
            break;
        }
        for (t, from) in step {
            if !steps.iter().any(|(s, _)| *s == t) {
                steps.push((t, from));
            }
        }
    }
    if steps.is_empty() {
        let edge = if down { "bottom" } else { "top" };
        app.say(Tone::Info, format!("Already at the {edge}: nothing moved"));
        return;
    }
    let name = oc.name.clone();
    let before: HashMap<TrackId, usize> = steps.iter().map(|(t, from)| (t.clone(), *from)).collect();
    let epoch = bump_epoch(app);
    let view = app.viewport.track_rows;
    let Some(oc) = app.open.as_mut() else { return };
    oc.rows = rows;
    for (i, m) in oc.rows.iter_mut().enumerate() {
        if let Some(m) = m {
            m.position = i as u64;
        }
    }
    // Answers to page requests made before the move would put the old order back: they are dropped (new
    // epoch), and their pages asked again later.
    oc.epoch = epoch;
    oc.pages.retain(|_, s| *s != PageState::Requested);
    if let Some(i) = selected.and_then(|t| oc.index_of(&t)) {
        oc.cursor.selected = i;
    }
    let n = oc.row_count();
    oc.cursor.follow(n, view);
    app.writes.next_token += 1;
    let token = app.writes.next_token;
    let pending = app.writes.moves.pending.get_or_insert_with(|| PendingMove {
        collection: id,
        name: name.clone(),
        origin: HashMap::new(),
        token,
    });
    pending.token = token;
    for (t, from) in before {
        pending.origin.entry(t).or_insert(from);
    }
    let n = pending.origin.len();
    let what = if n == 1 { "1 track".to_string() } else { format!("{n} tracks") };
    // Info, not Progress: no request is in flight yet, and a progress line would be cleared at once.
    app.say(Tone::Info, format!("Moving {what} in {name}: sent when you stop pressing J/K"));
    fx.push(Cmd::Wake { token, after: DEBOUNCE });
}

/// Moves each row whose track is in `moving` one place along `seq` (the row indexes that count as
/// places, in order) in `rows`; a track at the edge stays, and the others close up behind it. A row
/// that is not loaded is an edge too. Returns the tracks that moved, with their indexes before.
#[cfg(test)]
pub(crate) fn step_rows<T: HasTrack>(
    rows: &mut Vec<Option<T>>,
    mut seq: Vec<usize>,
    moving: &HashSet<TrackId>,
    down: bool,
) -> Vec<(TrackId, usize)> {
    step_rows_along(rows, &mut seq, moving, down)
}

/// `step_rows`, keeping `seq` the places as they are after the step (so steps can follow one another).
fn step_rows_along<T: HasTrack>(
    rows: &mut Vec<Option<T>>,
    seq: &mut [usize],
    moving: &HashSet<TrackId>,
    down: bool,
) -> Vec<(TrackId, usize)> {
    let is_moving = |rows: &Vec<Option<T>>, i: usize| {
        rows.get(i).and_then(Option::as_ref).is_some_and(|m| moving.contains(m.track()))
    };
    let places: Vec<usize> = (0..seq.len()).filter(|&p| is_moving(rows, seq[p])).collect();
    let mut moved = Vec::new();
    if down {
        let mut blocked = seq.len();
        for &p in places.iter().rev() {
            let next = p + 1;
            let loaded = seq.get(next).is_some_and(|&b| rows.get(b).is_some_and(Option::is_some));
            if next < blocked && loaded {
                let (a, b) = (seq[p], seq[next]);
                if let Some(m) = rows.get(a).and_then(Option::as_ref) {
                    moved.push((m.track().clone(), a));
                }
                let row = rows.remove(a);
                rows.insert(b, row);
                seq[p] = b - 1;
                seq[next] = b;
            } else {
                blocked = p;
            }
        }
    } else {
        let mut blocked: Option<usize> = None;
        for &p in &places {
            let prev_free = p > 0 && blocked.is_none_or(|b| p - 1 > b);
            let loaded = p > 0 && rows.get(seq[p - 1]).is_some_and(Option::is_some);
            if prev_free && loaded {
                let (a, b) = (seq[p - 1], seq[p]);
                if let Some(m) = rows.get(b).and_then(Option::as_ref) {
                    moved.push((m.track().clone(), b));
                }
                let row = rows.remove(b);
                rows.insert(a, row);
                seq[p - 1] = a;
                seq[p] = a + 1;
            } else {
                blocked = Some(p);
            }
        }
    }
    moved
}

/// A row that holds a track.
pub(crate) trait HasTrack {
    fn track(&self) -> &TrackId;
}

impl HasTrack for freddy_api::model::Member {
    fn track(&self) -> &TrackId {
        &self.track_id
    }
}

/// A debounce timer ran out: sends the move if no key came since.
pub(super) fn on_wake(app: &mut App, token: u64, fx: &mut Vec<Cmd>) {
    if app.writes.moves.pending.as_ref().is_some_and(|p| p.token == token) {
        flush(app, fx);
    }
}

/// Sends the pending move now (the keys stopped, or something else needs the server to have it).
pub(super) fn flush(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(p) = app.writes.moves.pending.take() else { return };
    let Some(oc) = app.open.as_ref().filter(|oc| oc.id == p.collection) else {
        // (Opening another collection flushes first, so this is a collection closed by the server.)
        app.say(Tone::Warning, format!("The move in {} was not sent: the collection was closed first", p.name));
        return;
    };
    let at: HashMap<&TrackId, usize> =
        oc.rows.iter().enumerate().filter_map(|(i, r)| r.as_ref().map(|m| (&m.track_id, i))).collect();
    let mut targets: Vec<Target> = p
        .origin
        .iter()
        .filter_map(|(t, &from)| {
            let to = *at.get(t)?;
            (to != from).then(|| Target::moved(&app.tracks, t, from, to))
        })
        .collect();
    if targets.is_empty() {
        app.say(Tone::Info, format!("Back where they were in {}: nothing to send", p.name));
        return;
    }
    targets.sort_by_key(|t| t.to);
    let deepest = targets.iter().map(|t| t.index.max(t.to.unwrap_or(0))).max().unwrap_or(0);
    let per = super::state::MEMBER_PAGE as usize;
    let fresh = (0..=deepest / per).all(|page| oc.pages.get(&(page as u64)) == Some(&PageState::Loaded));
    let prefix: Option<Vec<TrackId>> = if fresh {
        oc.rows.get(..=deepest).and_then(|rows| rows.iter().map(|r| r.as_ref().map(|m| m.track_id.clone())).collect())
    } else {
        None
    };
    let base = oc.updated_at.clone();
    let batch = app.writes.new_batch_id();
    let step = Step { kind: StepKind::Move, batch, collection: p.collection, name: p.name, tracks: targets };
    send(app, step, None, base, prefix, None, fx);
}

/// Journals a move and sends it; it becomes the newest undo step. `done` is what the status says when
/// it lands (the default counts the tracks moved).
pub(super) fn send(
    app: &mut App,
    step: Step,
    redo_of: Option<String>,
    base: Option<String>,
    prefix: Option<Vec<TrackId>>,
    done: Option<String>,
    fx: &mut Vec<Cmd>,
) {
    let fresh = redo_of.is_none();
    fx.push(Cmd::Journal(Journal::Moves {
        batch: step.batch.clone(),
        redo_of,
        collection: step.collection.clone(),
        name: step.name.clone(),
        tracks: step
            .tracks
            .iter()
            .map(|t| (t.track.clone(), t.title.clone(), t.index, t.to.unwrap_or(t.index)))
            .collect(),
    }));
    fx.push(Cmd::Move {
        batch: step.batch.clone(),
        collection: step.collection.clone(),
        base,
        prefix,
        placements: step
            .tracks
            .iter()
            .map(|t| Wanted { track: t.track.clone(), index: t.to.unwrap_or(t.index), next: None })
            .collect(),
    });
    app.writes.moves.sent.push(Sent { batch: step.batch.clone(), collection: step.collection.clone(), done });
    let n = step.tracks.len();
    let what = if n == 1 { "1 track".to_string() } else { format!("{n} tracks") };
    app.say(Tone::Progress, format!("Moving {what} in {}…", step.name));
    if fresh {
        app.writes.redo.clear();
    }
    app.writes.push_undo(step);
}

/// Ctrl-r on a move that was undone: moves the tracks to where the move had put them.
pub(super) fn redo(app: &mut App, step: Step, fx: &mut Vec<Cmd>) {
    if step.tracks.iter().any(|t| t.to.is_none()) {
        app.say(Tone::Info, format!("That move in {} was made by `tracks move`; make it again there", step.name));
        return;
    }
    let redo_of = Some(step.batch.clone());
    let step = Step { batch: app.writes.new_batch_id(), ..step };
    send(app, step, redo_of, None, None, None, fx);
}

/// A move answered.
pub(super) fn on_moved(
    app: &mut App,
    batch: &str,
    collection: CollectionId,
    result: Result<bool, ApiError>,
    fx: &mut Vec<Cmd>,
) {
    let done = app.writes.moves.sent.iter().find(|m| m.batch == batch).and_then(|m| m.done.clone());
    app.writes.moves.sent.retain(|m| m.batch != batch);
    let step = app.writes.undo.iter().find(|s| s.batch == batch).cloned();
    let outcome = if result.is_ok() { Outcome::Done } else { Outcome::Failed };
    for t in step.iter().flat_map(|s| &s.tracks) {
        fx.push(Cmd::Journal(Journal::Outcome { batch: batch.to_string(), track: t.track.clone(), outcome }));
    }
    let name = super::open::collection_name(app, &collection);
    let n = step.as_ref().map_or(0, |s| s.tracks.len());
    let what = if n == 1 { "1 track".to_string() } else { format!("{n} tracks") };
    match result {
        Ok(false) => {
            let said = Said::from(done.unwrap_or_else(|| format!("Moved {what} in {name}")));
            app.say(Tone::Info, said.aside(&app.prefs.keys, Action::Undo, "to undo"));
        }
        Ok(true) => {
            let said = Said::from(format!("{name} had changed elsewhere: moved {what} within its current order"));
            app.say(Tone::Warning, said.aside(&app.prefs.keys, Action::Undo, "to undo"));
        }
        Err(e) => {
            // Nothing to undo: the list is re-read to show the server's order.
            app.writes.undo.retain(|s| s.batch != batch);
            match e {
                ApiError::NotFound(_) if app.open.as_ref().is_some_and(|oc| oc.id == collection) => {
                    super::open::collection_gone(app, fx);
                    return;
                }
                e => app.say(Tone::Error, format!("Could not move {what} in {name}: {e}. Showing the server's order")),
            }
        }
    }
    if app.open.as_ref().is_some_and(|oc| oc.id == collection) && !app.writes.busy_on(&collection) {
        reread_open(app, fx);
    }
    undo_settled(app, fx);
}

#[cfg(test)]
mod tests {
    use super::*;

    impl HasTrack for TrackId {
        fn track(&self) -> &TrackId {
            self
        }
    }

    fn t(n: usize) -> TrackId {
        TrackId::parse(format!("mtrack_{n}")).unwrap()
    }

    fn rows(n: usize) -> Vec<Option<TrackId>> {
        (0..n).map(|i| Some(t(i))).collect()
    }

    fn order(rows: &[Option<TrackId>]) -> Vec<usize> {
        rows.iter().map(|r| r.as_ref().unwrap().as_str()[7..].parse().unwrap()).collect()
    }

    fn set(ns: &[usize]) -> HashSet<TrackId> {
        ns.iter().map(|&n| t(n)).collect()
    }

    #[test]
    fn one_track_moves_one_place_and_stops_at_the_edges() {
        let mut r = rows(4);
        assert_eq!(step_rows(&mut r, (0..4).collect(), &set(&[1]), true), vec![(t(1), 1)]);
        assert_eq!(order(&r), [0, 2, 1, 3]);
        let mut r = rows(4);
        assert!(step_rows(&mut r, (0..4).collect(), &set(&[3]), true).is_empty());
        assert!(step_rows(&mut r, (0..4).collect(), &set(&[0]), false).is_empty());
        assert_eq!(order(&r), [0, 1, 2, 3]);
    }

    #[test]
    fn marked_tracks_keep_their_order_and_close_up_behind_one_at_the_edge() {
        // 1 and 3 marked, moving down: both move.
        let mut r = rows(6);
        step_rows(&mut r, (0..6).collect(), &set(&[1, 3]), true);
        assert_eq!(order(&r), [0, 2, 1, 4, 3, 5]);
        // 3 at the edge stays; 1 moves up to it; then 1 is blocked too.
        let mut r = rows(4);
        step_rows(&mut r, (0..4).collect(), &set(&[1, 3]), true);
        assert_eq!(order(&r), [0, 2, 1, 3]);
        step_rows(&mut r, (0..4).collect(), &set(&[1, 3]), true);
        assert_eq!(order(&r), [0, 2, 1, 3]);
        // Up, adjacent marks at the top: the first stays, the others close up.
        let mut r = rows(5);
        step_rows(&mut r, (0..5).collect(), &set(&[0, 1, 3]), false);
        assert_eq!(order(&r), [0, 1, 3, 2, 4]);
    }

    #[test]
    fn in_a_filtered_view_a_move_steps_past_the_next_visible_row() {
        // Visible rows 1, 4, 6: moving 1 down puts it just after 4 (the hidden 2 and 3 move up).
        let mut r = rows(7);
        step_rows(&mut r, vec![1, 4, 6], &set(&[1]), true);
        assert_eq!(order(&r), [0, 2, 3, 4, 1, 5, 6]);
        // Moving 6 up puts it just before 4.
        let mut r = rows(7);
        step_rows(&mut r, vec![1, 4, 6], &set(&[6]), false);
        assert_eq!(order(&r), [0, 1, 2, 3, 6, 4, 5]);
    }

    #[test]
    fn a_row_not_loaded_is_an_edge() {
        let mut r = rows(3);
        r.push(None);
        assert!(step_rows(&mut r, (0..4).collect(), &set(&[2]), true).is_empty());
    }
}
