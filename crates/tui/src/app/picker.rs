//! Adding from the library: `a` opens a picker over the caller's saved tracks (list-tracks, 100 a page,
//! more as the list scrolls or as a filter needs them). Typing filters (fuzzy; Space is text), ↑/↓ move, Tab marks
//! several, Enter adds the marked tracks (or the highlighted one) to the open collection, in the
//! picker's order; tracks already in it are shown as such and skipped. The add is journaled (`u`
//! removes what it added; Ctrl-r adds it again).

use std::collections::HashSet;

use crossterm::event::KeyEvent;

use super::keymap::{Action, Scope, typed_char};
use super::msg::{Cmd, Journal};
use super::state::*;
use freddy_api::model::Track;
use freddy_api::{ApiError, CollectionId, TrackId};
use freddy_ops::journal::Outcome;

/// `a` in the tracks pane.
pub(super) fn open(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(oc) = app.open.as_ref() else { return };
    let collection = oc.id.clone();
    app.popup = Some(Popup::Picker(Picker {
        collection: collection.clone(),
        name: oc.name.clone(),
        items: Vec::new(),
        loading: true,
        done: false,
        members: None,
        query: String::new(),
        hits: Vec::new(),
        cursor: Cursor::default(),
        marked: HashSet::new(),
        error: None,
    }));
    fx.push(Cmd::LoadPickerPage { offset: 0 });
    fx.push(Cmd::LoadMemberIds { collection });
}

/// A key while the picker is open.
pub(super) fn on_key(app: &mut App, key: &KeyEvent, fx: &mut Vec<Cmd>) {
    let action = app.prefs.keys.popup_action_for(Scope::Picker, key);
    let Some(Popup::Picker(p)) = &mut app.popup else { return };
    let n = p.hits.len();
    match (action, typed_char(key)) {
        (Some(Action::No), _) => {
            app.take_picker();
            return;
        }
        (Some(Action::Yes), _) => {
            add_chosen(app, fx);
            return;
        }
        (Some(Action::Up), _) => p.cursor.shift(-1, n, PICKER_ROWS),
        (Some(Action::Down), _) => p.cursor.shift(1, n, PICKER_ROWS),
        (Some(Action::PageUp), _) => p.cursor.shift(-(PICKER_ROWS as isize), n, PICKER_ROWS),
        (Some(Action::PageDown), _) => p.cursor.shift(PICKER_ROWS as isize, n, PICKER_ROWS),
        // Printable keys, Space among them, are filter text; marking moves on, as Tab does in fzf.
        (Some(a @ (Action::Mark | Action::MarkUp)), _) => {
            if let Some(t) = p.highlighted().map(|t| t.id.clone())
                && !p.marked.remove(&t)
            {
                p.marked.insert(t);
            }
            p.cursor.shift(if a == Action::Mark { 1 } else { -1 }, n, PICKER_ROWS);
        }
        (Some(Action::ClearField), _) => {
            p.query.clear();
            p.refilter(&app.matcher);
        }
        (Some(Action::Erase), _) => {
            p.query.pop();
            p.refilter(&app.matcher);
        }
        (None, Some(c)) => {
            p.query.push(c);
            p.refilter(&app.matcher);
        }
        _ => {}
    }
    more_if_needed(app, fx);
}

/// Asks for the next library page when the cursor nears the end of what matched, or when a filter has
/// found less than a screen.
fn more_if_needed(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(Popup::Picker(p)) = &mut app.popup else { return };
    if p.loading || p.done || p.error.is_some() {
        return;
    }
    let near_end = p.cursor.selected + PICKER_ROWS >= p.hits.len();
    if near_end {
        p.loading = true;
        fx.push(Cmd::LoadPickerPage { offset: p.items.len() as u64 });
    }
}

/// A library page arrived.
pub(super) fn on_page(app: &mut App, offset: u64, result: Result<Vec<Track>, ApiError>, fx: &mut Vec<Cmd>) {
    let Some(Popup::Picker(p)) = &mut app.popup else { return };
    p.loading = false;
    match result {
        Ok(tracks) if offset == p.items.len() as u64 => {
            let seen: HashSet<TrackId> = p.items.iter().map(|t| t.id.clone()).collect();
            let full = tracks.len() >= LIBRARY_PAGE as usize;
            let fresh: Vec<Track> =
                tracks.into_iter().take(LIBRARY_PAGE as usize).filter(|t| !seen.contains(&t.id)).collect();
            // A page with nothing new (a server repeating itself) ends the list.
            p.done = !full || fresh.is_empty();
            for t in &fresh {
                app.tracks.learn(t);
            }
            let Some(Popup::Picker(p)) = &mut app.popup else { return };
            p.items.extend(fresh);
            p.refilter(&app.matcher);
        }
        Ok(_) => {}
        Err(e) => p.error = Some(format!("Could not load the library: {e}")),
    }
    more_if_needed(app, fx);
}

/// The collection's members arrived (to mark what is already in it).
pub(super) fn on_member_ids(app: &mut App, collection: &CollectionId, result: Result<Vec<TrackId>, ApiError>) {
    let Some(p) = app.picker_mut().filter(|p| &p.collection == collection) else { return };
    match result {
        Ok(ids) => p.members = Some(ids.into_iter().collect()),
        Err(e) => tracing::debug!(error = %e, "member ids for the picker failed; only loaded rows are known"),
    }
}

/// Enter: adds the marked tracks (or the highlighted one), in the picker's order, skipping members.
fn add_chosen(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(p) = app.picker() else { return };
    let chosen: Vec<&Track> = if p.marked.is_empty() {
        p.highlighted().into_iter().collect()
    } else {
        p.items.iter().filter(|t| p.marked.contains(&t.id)).collect()
    };
    let (fresh, already): (Vec<&Track>, Vec<&Track>) =
        chosen.into_iter().partition(|t| !p.member(app.open.as_ref(), &t.id));
    if fresh.is_empty() {
        let text = if already.is_empty() {
            "Nothing to add: the library is empty or nothing matches".to_string()
        } else {
            format!("Already in {}: nothing to add", p.name)
        };
        app.say(Tone::Info, text);
        return;
    }
    let start = app.open.as_ref().filter(|oc| oc.id == p.collection).map_or(0, |oc| oc.row_count());
    let tracks: Vec<Target> = fresh
        .iter()
        .enumerate()
        .map(|(i, t)| Target { track: t.id.clone(), title: t.title.clone(), index: start + i, to: None, next: None })
        .collect();
    let skipped = already.len();
    let (collection, name) = (p.collection.clone(), p.name.clone());
    app.take_picker();
    let batch = app.writes.new_batch_id();
    let step = Step { kind: StepKind::Add, batch, collection, name, tracks };
    send(app, step, None, skipped, fx);
}

/// Journals an add and sends it; it becomes the newest undo step.
pub(super) fn send(app: &mut App, step: Step, redo_of: Option<String>, skipped: usize, fx: &mut Vec<Cmd>) {
    let fresh = redo_of.is_none();
    fx.push(Cmd::Journal(Journal::Adds {
        batch: step.batch.clone(),
        redo_of,
        collection: step.collection.clone(),
        name: step.name.clone(),
        tracks: step.tracks.iter().map(|t| (t.track.clone(), t.title.clone(), t.index)).collect(),
    }));
    fx.push(Cmd::AddTracks {
        batch: step.batch.clone(),
        collection: step.collection.clone(),
        tracks: step.tracks.iter().map(|t| t.track.clone()).collect(),
    });
    let n = step.tracks.len();
    let what = if n == 1 { "1 track".to_string() } else { format!("{n} tracks") };
    let skip = if skipped > 0 { format!(" ({skipped} already in it, skipped)") } else { String::new() };
    app.say(Tone::Progress, format!("Adding {what} to {}{skip}…", step.name));
    app.writes.adding.push((step.batch.clone(), step.collection.clone()));
    if fresh {
        app.writes.redo.clear();
    }
    app.writes.push_undo(step);
}

/// Ctrl-r on an undone add: adds the same tracks again.
pub(super) fn redo(app: &mut App, step: Step, fx: &mut Vec<Cmd>) {
    let redo_of = Some(step.batch.clone());
    let start = app.open.as_ref().filter(|oc| oc.id == step.collection).map_or(0, |oc| oc.row_count());
    let tracks = step.tracks.into_iter().enumerate().map(|(i, t)| Target { index: start + i, ..t }).collect();
    let step = Step { batch: app.writes.new_batch_id(), tracks, ..step };
    send(app, step, redo_of, 0, fx);
}

/// The undo of an add answered.
pub(super) fn on_undone(
    app: &mut App,
    batch: &str,
    collection: CollectionId,
    result: Result<usize, ApiError>,
    fx: &mut Vec<Cmd>,
) {
    let Some(step) = app.writes.restoring.take_if(|s| s.batch == batch) else { return };
    let name = step.name.clone();
    match result {
        Ok(n) => {
            fx.push(Cmd::Journal(Journal::Undone { batch: batch.to_string() }));
            let what = if n == 1 { "the track".to_string() } else { format!("the {n} tracks") };
            let said = Said::from(format!("Removed {what} added to {name} ("))
                .key(&app.prefs.keys, Action::Redo)
                .text(" adds again)");
            app.say(Tone::Info, said);
            if let Some(entry) = app.collections.items.iter_mut().find(|e| e.collection.id == collection) {
                entry.track_count = entry.track_count.map(|c| c.saturating_sub(n as u64));
            }
            app.writes.redo.push(step);
        }
        Err(e) => {
            let said = Said::from(format!("Could not undo the add to {name} (press "))
                .key(&app.prefs.keys, Action::Undo)
                .text(format!(" to try again): {e}"));
            app.say(Tone::Error, said);
            app.writes.push_undo(step);
        }
    }
    if app.open.as_ref().is_some_and(|oc| oc.id == collection) {
        super::open::reread_open(app, fx);
    }
    super::writes::undo_settled(app, fx);
}

/// An add answered: one result per track, in order. Returns the tracks added.
pub(super) fn on_added(
    app: &mut App,
    batch: &str,
    collection: CollectionId,
    results: Vec<(TrackId, Result<(), ApiError>)>,
    fx: &mut Vec<Cmd>,
) -> HashSet<TrackId> {
    app.writes.adding.retain(|(b, _)| b != batch);
    let mut added = HashSet::new();
    let mut error = None;
    for (t, r) in results {
        let outcome = if r.is_ok() { Outcome::Done } else { Outcome::Failed };
        fx.push(Cmd::Journal(Journal::Outcome { batch: batch.to_string(), track: t.clone(), outcome }));
        match r {
            Ok(()) => {
                added.insert(t);
            }
            Err(e) => error = Some(e),
        }
    }
    // The undo step keeps only what was added.
    if let Some(s) = app.writes.undo.iter_mut().find(|s| s.batch == batch) {
        s.tracks.retain(|t| added.contains(&t.track));
    }
    app.writes.undo.retain(|s| s.batch != batch || !s.tracks.is_empty());
    let name = super::open::collection_name(app, &collection);
    let n = added.len();
    let what = if n == 1 { "1 track".to_string() } else { format!("{n} tracks") };
    match error {
        None => {
            let said = Said::from(format!("Added {what} to {name}, at the end"));
            app.say(Tone::Info, said.aside(&app.prefs.keys, Action::Undo, "to undo"));
        }
        Some(ApiError::NotFound(_)) if n == 0 && app.open.as_ref().is_some_and(|oc| oc.id == collection) => {
            super::open::collection_gone(app, fx);
            return added;
        }
        Some(e) => app.say(Tone::Error, format!("Added {what} to {name}; the others failed: {e}")),
    }
    if let Some(entry) = app.collections.items.iter_mut().find(|e| e.collection.id == collection) {
        entry.track_count = entry.track_count.map(|c| c + n as u64);
    }
    // The rows appear at the end: the count and those pages are read again, and the cursor goes there.
    let view = app.viewport.track_rows;
    if let Some(oc) = app.open.as_mut().filter(|oc| oc.id == collection)
        && n > 0
    {
        let first = oc.row_count();
        oc.len = oc.len.map(|l| l + n);
        let len = oc.row_count();
        oc.cursor.jump(first, len, view);
    }
    if app.open.as_ref().is_some_and(|oc| oc.id == collection) && !app.writes.busy_on(&collection) {
        super::open::reread_open(app, fx);
    }
    super::writes::undo_settled(app, fx);
    added
}
