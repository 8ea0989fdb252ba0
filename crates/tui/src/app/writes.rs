//! Removal you can take back. A removal batch (one track, or every marked one) leaves the list at once
//! and goes out at bounded concurrency; the journal gets the batch before its first request and each
//! outcome after. Undo puts a batch back (one restore at a time, stopping a batch still running);
//! redo removes it again. Quitting waits for every write, and a second q forces it.

use std::collections::{HashMap, HashSet};

use super::keymap::Action;
use super::msg::{Cmd, Journal};
use super::open::{bump_epoch, collection_gone, collection_name, reread_open};
use super::state::*;
use freddy_api::model::{Ack, Member};
use freddy_api::restore::{Report, Wanted};
use freddy_api::{ApiError, CollectionId, TrackId};
use freddy_ops::journal::{ChangeKind, Outcome};

fn plural(n: usize) -> String {
    if n == 1 { "1 track".to_string() } else { format!("{n} tracks") }
}

/// "Song 3" for one track, "3 tracks" for more.
fn what(app: &App, targets: &[Target]) -> String {
    match targets {
        [one] => one.title.clone().unwrap_or_else(|| app.tracks.label(&one.track)),
        _ => plural(targets.len()),
    }
}

// ----- removing -----

/// Delete / d in the tracks pane: the open collection's marks, or else the selected track.
pub(super) fn remove_key(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(targets) = targets_here(app, "remove") else { return };
    let Some(oc) = app.open.as_ref() else { return };
    let (collection, name) = (oc.id.clone(), oc.name.clone());
    if app.prefs.confirm_remove.asks(targets.len()) {
        app.popup = Some(Popup::Confirm(Confirm { collection, name, targets }));
        return;
    }
    start_batch(app, collection, name, targets, None, fx);
}

/// `3d`: removes `n` tracks from the cursor's on (the matching ones while a filter is on; the rest when
/// fewer are left), through the same confirm as marks. Every one must be loaded: a count never guesses.
pub(super) fn remove_rows(app: &mut App, n: usize, fx: &mut Vec<Cmd>) {
    let Some(oc) = app.open.as_ref() else { return };
    if app.writes.restoring_on(&oc.id) {
        app.say(Tone::Info, format!("An undo on {} is under way; try again when it is done", oc.name));
        return;
    }
    let Some(first) = app.selected_track().map(|m| m.track_id.clone()) else {
        super::open::no_row(app, "remove");
        return;
    };
    let seq = super::filter::visible_rows(app, Pane::Tracks, oc.rows.len());
    let from = seq.iter().position(|&i| oc.member(i).is_some_and(|m| m.track_id == first)).unwrap_or(0);
    let rows: Vec<usize> = seq.into_iter().skip(from).take(n).collect();
    let targets: Vec<Target> = rows
        .iter()
        .filter_map(|&i| {
            let m = oc.member(i)?;
            let title = app.tracks.title(&m.track_id).map(str::to_string);
            Some(Target { track: m.track_id.clone(), title, index: i, to: None, next: None })
        })
        .collect();
    if targets.len() < rows.len() {
        let said = Said::from(format!(
            "{} of the {} rows from the cursor are not loaded yet; scroll over them, or press ",
            rows.len() - targets.len(),
            rows.len()
        ))
        .key(&app.prefs.keys, Action::LoadAll)
        .text(" to load every row");
        app.say(Tone::Info, said);
        return;
    }
    let (collection, name) = (oc.id.clone(), oc.name.clone());
    if app.prefs.confirm_remove.asks(targets.len()) {
        app.popup = Some(Popup::Confirm(Confirm { collection, name, targets }));
        return;
    }
    start_batch(app, collection, name, targets, None, fx);
}

/// What a key that acts on tracks (remove, copy, move) acts on: the open collection's marked tracks in
/// order, or else the selected one, with their indexes. `None` (and the status says why) when there is
/// nothing to act on yet; `verb` names the action in that message.
pub(super) fn targets_here(app: &mut App, verb: &str) -> Option<Vec<Target>> {
    if app.marks.range.is_some() {
        super::marks::end_range(app);
    }
    let oc = app.open.as_ref()?;
    if app.marks.range_wait.is_some() {
        app.say(Tone::Info, "Still loading the rows of the range; press the key again once they are marked");
        return None;
    }
    if app.writes.restoring_on(&oc.id) {
        app.say(Tone::Info, format!("An undo on {} is under way; try again when it is done", oc.name));
        return None;
    }
    let target = |track: &TrackId, index| Target {
        track: track.clone(),
        title: app.tracks.title(track).map(str::to_string),
        index,
        to: None,
        next: None,
    };
    let targets: Vec<Target> = match app.open_marks() {
        // One pass over the rows (in order), whatever the number of marks.
        Some(marks) => oc
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().filter(|m| marks.contains(&m.track_id)).map(|m| target(&m.track_id, i)))
            .collect(),
        None => match app.selected_track() {
            Some(m) => vec![target(&m.track_id, oc.cursor.selected)],
            None => {
                super::open::no_row(app, verb);
                return None;
            }
        },
    };
    if targets.is_empty() {
        let said = Said::from("The marked tracks are no longer listed here; press ")
            .key(&app.prefs.keys, Action::Cancel)
            .text(" to clear the marks");
        app.say(Tone::Info, said);
        return None;
    }
    Some(targets)
}

/// The answer to the confirm popup.
pub(super) fn answer_confirm(app: &mut App, yes: bool, fx: &mut Vec<Cmd>) {
    let Some(c) = app.take_confirm() else { return };
    if yes {
        start_batch(app, c.collection, c.name, c.targets, None, fx);
    } else {
        let n = c.targets.len();
        app.say(
            Tone::Info,
            format!("Nothing removed; {} still in {}", if n == 1 { "the track is" } else { "the tracks are" }, c.name),
        );
    }
}

/// Journals the batch, takes its rows off the screen, queues its requests and sends the first ones.
pub(super) fn start_batch(
    app: &mut App,
    collection: CollectionId,
    name: String,
    targets: Vec<Target>,
    redo_of: Option<String>,
    fx: &mut Vec<Cmd>,
) {
    // Each track once (a row shown twice while pages were re-read must not make a batch that never settles).
    let mut seen = HashSet::new();
    let targets: Vec<Target> = targets.into_iter().filter(|t| seen.insert(t.track.clone())).collect();
    let gone: HashSet<TrackId> = targets.iter().map(|t| t.track.clone()).collect();
    let targets = with_neighbours(app, &collection, &gone, targets);
    let batch = app.writes.new_batch_id();
    let fresh = redo_of.is_none();
    fx.push(Cmd::Journal(Journal::Open {
        batch: batch.clone(),
        redo_of,
        collection: collection.clone(),
        name: name.clone(),
        tracks: targets.iter().map(|t| (t.track.clone(), t.title.clone(), t.index, t.next.clone())).collect(),
    }));
    let rows = take_rows(app, &collection, &gone);
    if let Some(m) = app.marks.sets.get_mut(&collection) {
        m.retain(|t| !gone.contains(t));
    }
    app.writes.queue.extend((0..targets.len()).map(|i| (batch.clone(), i)));
    app.say(Tone::Progress, format!("Removing {} from {name}…", what(app, &targets)));
    app.writes.running.push(Running {
        batch: batch.clone(),
        collection: collection.clone(),
        name: name.clone(),
        at: targets.iter().enumerate().map(|(i, t)| (t.track.clone(), i)).collect(),
        answered: 0,
        items: targets.iter().cloned().map(|t| (t, ItemState::Queued)).collect(),
        undo_when_done: false,
        aborted: false,
        last_error: None,
        rows,
        note: None,
    });
    if fresh {
        app.writes.redo.clear();
    }
    app.writes.push_undo(Step { kind: StepKind::Remove, batch, collection, name, tracks: targets });
    pump(app, fx);
}

/// Each target's neighbour from the open collection's rows: the nearest row after it that stays (none when
/// a row between is not loaded, or it is the last of the whole collection). Restore places a track before
/// its neighbour, so tracks removed or added above it meanwhile do not shift it (an index alone would).
/// A collection that is not open keeps the neighbours the targets carry.
fn with_neighbours(app: &App, collection: &CollectionId, gone: &HashSet<TrackId>, targets: Vec<Target>) -> Vec<Target> {
    let Some(oc) = app.open.as_ref().filter(|oc| &oc.id == collection) else { return targets };
    let mut next: HashMap<&TrackId, Option<TrackId>> = HashMap::new();
    let mut after: Option<TrackId> = None;
    for row in oc.rows.iter().rev() {
        match row {
            Some(m) if gone.contains(&m.track_id) => {
                next.insert(&m.track_id, after.clone());
            }
            Some(m) => after = Some(m.track_id.clone()),
            None => after = None,
        }
    }
    targets
        .into_iter()
        .map(|t| match next.get(&t.track) {
            Some(n) => Target { next: n.clone(), ..t },
            None => t,
        })
        .collect()
}

/// Takes the tracks' rows out of the open collection at once; the cursor stays on the next track. The
/// pages are re-read once the collection's writes are done. Returns the rows taken, with their indexes.
fn take_rows(app: &mut App, collection: &CollectionId, gone: &HashSet<TrackId>) -> Vec<(usize, Member)> {
    if app.open.as_ref().is_none_or(|oc| &oc.id != collection) {
        return Vec::new();
    }
    let epoch = bump_epoch(app);
    let rows = app.viewport.track_rows;
    let Some(oc) = app.open.as_mut() else { return Vec::new() };
    let selected = oc.cursor.selected;
    let mut above = 0;
    let mut taken = Vec::new();
    let mut kept = Vec::with_capacity(oc.rows.len());
    for (i, row) in std::mem::take(&mut oc.rows).into_iter().enumerate() {
        match row {
            Some(m) if gone.contains(&m.track_id) => {
                above += usize::from(i < selected);
                taken.push((i, m));
            }
            row => kept.push(row),
        }
    }
    oc.rows = kept;
    oc.len = oc.len.map(|n| n.saturating_sub(taken.len()));
    renumber(oc);
    oc.epoch = epoch;
    for state in oc.pages.values_mut() {
        *state = PageState::Stale;
    }
    oc.cursor.selected = selected.saturating_sub(above);
    let n = oc.row_count();
    oc.cursor.follow(n, rows);
    taken
}

/// Puts rows whose removal did not happen back at their indexes (the re-read confirms them).
fn put_back(app: &mut App, collection: &CollectionId, mut rows: Vec<(usize, Member)>) {
    let view = app.viewport.track_rows;
    let Some(oc) = app.open.as_mut().filter(|oc| &oc.id == collection) else { return };
    if rows.is_empty() {
        return;
    }
    rows.sort_by_key(|(i, _)| *i);
    let selected = oc.selected().map(|m| m.track_id.clone());
    for (i, m) in rows {
        if oc.rows.len() < i {
            oc.rows.resize(i, None);
        }
        oc.rows.insert(i, Some(m));
        oc.len = oc.len.map(|n| n + 1);
    }
    renumber(oc);
    if let Some(i) = selected.and_then(|t| oc.index_of(&t)) {
        oc.cursor.selected = i;
    }
    let n = oc.row_count();
    oc.cursor.follow(n, view);
}

fn renumber(oc: &mut super::state::OpenCollection) {
    for (i, m) in oc.rows.iter_mut().enumerate() {
        if let Some(m) = m {
            m.position = i as u64;
        }
    }
}

/// Sends queued removals while fewer than `MAX_WRITES` are in flight.
fn pump(app: &mut App, fx: &mut Vec<Cmd>) {
    while app.writes.sending < MAX_WRITES {
        let Some((batch, i)) = app.writes.queue.pop_front() else { break };
        let Some(run) = app.writes.running.iter_mut().find(|r| r.batch == batch) else { continue };
        let Some(track) = run.items.get(i).filter(|(_, s)| *s == ItemState::Queued).map(|(t, _)| t.track.clone())
        else {
            continue;
        };
        run.set(i, ItemState::Sent);
        app.writes.sending += 1;
        fx.push(Cmd::Remove { batch, collection: run.collection.clone(), track });
    }
}

/// Marks a running batch's queued tracks as never sent (and journals that).
fn cancel_queued(app: &mut App, batch: &str, fx: &mut Vec<Cmd>) {
    app.writes.queue.retain(|(b, _)| b != batch);
    let Some(run) = app.writes.running.iter_mut().find(|r| r.batch == batch) else { return };
    let queued: Vec<usize> = (0..run.items.len()).filter(|&i| run.items[i].1 == ItemState::Queued).collect();
    for i in queued {
        run.set(i, ItemState::Cancelled);
        fx.push(Cmd::Journal(Journal::Outcome {
            batch: batch.to_string(),
            track: run.items[i].0.track.clone(),
            outcome: Outcome::Cancelled,
        }));
    }
}

/// One removal answered.
pub(super) fn on_removed(
    app: &mut App,
    batch: String,
    collection: CollectionId,
    track: TrackId,
    result: Result<Ack, ApiError>,
    fx: &mut Vec<Cmd>,
) {
    app.writes.sending = app.writes.sending.saturating_sub(1);
    let label = app.tracks.label(&track);
    let ok = result.is_ok();
    let outcome = if ok { Outcome::Done } else { Outcome::Failed };
    fx.push(Cmd::Journal(Journal::Outcome { batch: batch.clone(), track: track.clone(), outcome }));
    if let Some(run) = app.writes.running.iter_mut().find(|r| r.batch == batch)
        && let Some(&i) = run.at.get(&track)
    {
        run.set(i, if ok { ItemState::Done } else { ItemState::Failed });
    }
    match result {
        Ok(_) => {
            if let Some(entry) = app.collections.items.iter_mut().find(|e| e.collection.id == collection) {
                entry.track_count = entry.track_count.map(|n| n.saturating_sub(1));
            }
            if let Some(run) = app.writes.running.iter().find(|r| r.batch == batch).filter(|r| !r.settled()) {
                let text = format!("Removing {} of {} from {}…", run.answered(), run.items.len(), run.name);
                app.say(Tone::Progress, text);
            }
        }
        Err(e) => {
            // The row comes back (with the re-read at the end of the batch), marked, so d retries it.
            app.marks.sets.entry(collection.clone()).or_default().insert(track);
            let ends_batch = matches!(e, ApiError::NotFound(_) | ApiError::Unauthorized(_) | ApiError::Forbidden(_));
            if ends_batch {
                cancel_queued(app, &batch, fx);
            }
            if let Some(run) = app.writes.running.iter_mut().find(|r| r.batch == batch) {
                run.last_error = Some(e.to_string());
                run.aborted |= ends_batch;
            }
            match e {
                ApiError::NotFound(_) if app.open.as_ref().is_some_and(|oc| oc.id == collection) => {
                    app.marks.sets.remove(&collection);
                    collection_gone(app, fx);
                }
                ApiError::NotFound(_) => {
                    let name = collection_name(app, &collection);
                    app.say(Tone::Error, format!("Could not remove {label}: {name} no longer exists or is not yours"));
                }
                e @ (ApiError::Unauthorized(_) | ApiError::Forbidden(_)) => app.say(Tone::Error, e.to_string()),
                _ => {}
            }
        }
    }
    if let Some(i) = app.writes.running.iter().position(|r| r.batch == batch && r.settled()) {
        finish_batch(app, i, fx);
    }
    pump(app, fx);
    quit_if_done(app);
}

/// Every request of a batch is answered: say how it went, re-read the collection, and restore it at once
/// if `u` came meanwhile.
fn finish_batch(app: &mut App, i: usize, fx: &mut Vec<Cmd>) {
    let mut run = app.writes.running.remove(i);
    let not_removed: HashSet<&TrackId> =
        run.items.iter().filter(|(_, s)| *s != ItemState::Done).map(|(t, _)| &t.track).collect();
    let back: Vec<(usize, Member)> =
        std::mem::take(&mut run.rows).into_iter().filter(|(_, m)| not_removed.contains(&m.track_id)).collect();
    put_back(app, &run.collection, back);
    let done: Vec<Target> = run.items.iter().filter(|(_, s)| *s == ItemState::Done).map(|(t, _)| t.clone()).collect();
    let kept: HashSet<&TrackId> = done.iter().map(|t| &t.track).collect();
    if let Some(at) = app.writes.undo.iter().position(|s| s.batch == run.batch) {
        app.writes.undo[at].tracks.retain(|t| kept.contains(&t.track));
        if app.writes.undo[at].tracks.is_empty() {
            app.writes.undo.remove(at);
        }
    }
    if app.open.as_ref().is_some_and(|oc| oc.id == run.collection) && !app.writes.busy_on(&run.collection) {
        reread_open(app, fx);
    }
    let step = Step {
        kind: StepKind::Remove,
        batch: run.batch.clone(),
        collection: run.collection.clone(),
        name: run.name.clone(),
        tracks: done,
    };
    if run.undo_when_done {
        if step.tracks.is_empty() {
            app.say(Tone::Info, format!("Stopped before anything was removed from {}", run.name));
        } else {
            start_restore(app, step, fx);
        }
        next_restore(app, fx);
        return;
    }
    next_restore(app, fx);
    if run.aborted {
        return;
    }
    let failed = run.count(ItemState::Failed);
    let reason = run.last_error.unwrap_or_default();
    let name = &run.name;
    let text = match (step.tracks.len(), failed) {
        (_, 0) => {
            let text = run.note.clone().unwrap_or_else(|| format!("Removed {} from {name}", what(app, &step.tracks)));
            let said = Said::from(format!("{text} (")).key(&app.prefs.keys, Action::Undo).text(" to undo)");
            app.say(Tone::Info, said);
            return;
        }
        (0, 1) => format!(
            "Could not remove {}: {reason}. It is still in {name}, marked: press ",
            what(app, &run.items.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>())
        ),
        (0, n) => format!("Could not remove {n} tracks: {reason}. They are still in {name}, marked: press "),
        (d, n) => {
            let stay = if n == 1 { "It stays" } else { "They stay" };
            format!("Removed {} from {name}; {n} failed: {reason}. {stay} marked: press ", plural(d))
        }
    };
    let said = Said::from(text).key(&app.prefs.keys, Action::Remove).text(" to try again");
    app.say(Tone::Error, said);
}

// ----- undo and redo -----

/// The newest step of the undo (or redo) stack. While the journal is still being read and the stack is
/// empty, the press waits for it (`on_history` carries it out); an empty stack says so.
pub(super) fn pop_step(app: &mut App, undo: bool) -> Option<Step> {
    let stack = if undo { &mut app.writes.undo } else { &mut app.writes.redo };
    if let Some(step) = stack.pop() {
        return Some(step);
    }
    if app.writes.history_pending {
        app.writes.waiting = Some(undo);
        app.say(Tone::Info, "Reading the journal of removals…");
    } else {
        app.say(Tone::Info, if undo { "Nothing to undo" } else { "Nothing to redo" });
    }
    None
}

/// `u`: puts the newest step back. A batch still running stops sending and is restored once its requests
/// in flight are answered.
pub(super) fn undo(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(step) = pop_step(app, true) else { return };
    // A step linked to another (a move to another collection) takes it back too.
    if let Some(other) = app.writes.links.remove(&step.batch)
        && let Some(i) = app.writes.undo.iter().position(|s| s.batch == other)
    {
        let linked = app.writes.undo.remove(i);
        start_restore(app, linked, fx);
    }
    if let Some(i) = app.writes.running.iter().position(|r| r.batch == step.batch) {
        cancel_queued(app, &step.batch, fx);
        let run = &mut app.writes.running[i];
        run.undo_when_done = true;
        if run.settled() {
            finish_batch(app, i, fx);
        } else {
            app.say(
                Tone::Progress,
                format!("Stopping the removal from {}; then restoring what was removed…", step.name),
            );
        }
        return;
    }
    start_restore(app, step, fx);
}

/// Starts a restore, or queues it behind the restore under way and behind removals still running on its
/// collection (writes to one collection never overlap, so the journal's order is the server's order).
fn start_restore(app: &mut App, step: Step, fx: &mut Vec<Cmd>) {
    if app.writes.restoring.is_some() || app.writes.writing_on(&step.collection) {
        app.say(Tone::Progress, format!("Undo in {} waits for the writes under way…", step.name));
        app.writes.restore_queue.push_back(step);
        return;
    }
    let (batch, collection) = (step.batch.clone(), step.collection.clone());
    let tracks: Vec<Wanted> =
        step.tracks.iter().map(|t| Wanted { track: t.track.clone(), index: t.index, next: t.next.clone() }).collect();
    // Every kind of step named: a new kind is a compile error here until its undo is written.
    match step.kind {
        StepKind::Collection(kind) => {
            let what = match kind {
                ChangeKind::Create => format!("Deleting {} again (it was just created)…", step.name),
                ChangeKind::Rename => format!("Renaming {} back…", step.name),
                ChangeKind::Delete => format!("Recreating {} with its tracks…", step.name),
            };
            app.say(Tone::Progress, what);
            fx.push(Cmd::UndoChange { batch });
        }
        StepKind::Add => {
            let tracks = step.tracks.iter().map(|t| t.track.clone()).collect();
            app.say(Tone::Progress, format!("Removing the {} added to {}…", what(app, &step.tracks), step.name));
            fx.push(Cmd::RemoveAdded { batch, collection, tracks });
        }
        StepKind::Move => {
            // The cursor goes back with the track it is on, as J/K keep it on its track.
            let under = app.open.as_ref().filter(|oc| oc.id == collection).and_then(|oc| {
                let on = oc.selected()?.track_id.clone();
                let back = step.tracks.iter().find(|t| t.track == on)?;
                Some(Place {
                    collection: oc.id.clone(),
                    track: Some(on),
                    position: back.index,
                    top: oc.cursor.top,
                    filter: None,
                })
            });
            if let Some(place) = under {
                app.resume = Some(Resume { opened: true, ..Resume::new(place) });
            }
            fx.push(Cmd::Place { batch, collection, tracks });
            app.say(Tone::Progress, format!("Moving {} back in {}…", what(app, &step.tracks), step.name));
        }
        StepKind::Remove => {
            fx.push(Cmd::Restore { batch, collection, tracks });
            app.say(Tone::Progress, format!("Restoring {} to {}…", what(app, &step.tracks), step.name));
        }
    }
    app.writes.restoring = Some(step);
}

/// An undo's restore answered.
pub(super) fn on_restored(
    app: &mut App,
    batch: &str,
    collection: CollectionId,
    result: Result<Report, ApiError>,
    fx: &mut Vec<Cmd>,
) {
    let Some(step) = app.writes.restoring.take_if(|s| s.batch == batch) else { return };
    let is_open = app.open.as_ref().is_some_and(|oc| oc.id == collection);
    let name = step.name.clone();
    match result {
        Ok(report) => {
            fx.push(Cmd::Journal(Journal::Undone { batch: batch.to_string() }));
            // The restored rows go back on screen at once, where the server put them (a filter covers them
            // at once; the re-read below confirms them, with their new dates).
            if is_open && step.kind == StepKind::Remove {
                let back: Vec<(usize, Member)> = report
                    .tracks
                    .iter()
                    .filter_map(|(t, placed)| match placed {
                        freddy_api::restore::Placed::At(i)
                            if app.open.as_ref().is_some_and(|oc| oc.index_of(t).is_none()) =>
                        {
                            Some((*i, Member { track_id: t.clone(), position: *i as u64, added_at: String::new() }))
                        }
                        _ => None,
                    })
                    .collect();
                put_back(app, &collection, back);
            }
            let n = report.restored();
            let failed: Vec<String> =
                report.failed().map(|(t, why)| format!("{}: {why}", app.tracks.label(t))).collect();
            let mut text = match (step.kind, report.readded) {
                (StepKind::Move, _) => format!("Moved {} back in {name}", plural(n)),
                (_, Some(0)) if !report.moved => {
                    format!("{name} already holds {}, in place: nothing changed", plural(n))
                }
                (_, Some(0)) => format!("Put {} back in place in {name} (order restored)", plural(n)),
                // Every one re-added: the count is said once; some: how many of them.
                (_, Some(1)) if n == 1 => format!("Restored 1 track to {name} (re-added; its date added is new)"),
                (_, Some(k)) if k == n => format!("Restored {} to {name} (re-added; dates added are new)", plural(n)),
                (_, Some(1)) => format!("Restored {} to {name} (1 re-added; its date added is new)", plural(n)),
                (_, Some(k)) => format!("Restored {} to {name} ({k} re-added; their dates added are new)", plural(n)),
                (_, None) => format!("Restored {} to {name} (order restored; dates added are new)", plural(n)),
            };
            if !report.verified {
                text = format!(
                    "{}: {name} changed while it was restored, so the order could not be confirmed; check it",
                    text.split(" (").next().unwrap_or(&text)
                );
            }
            let mut said = Said::from(text);
            if step.kind == StepKind::Move {
                said = said.text(" (").key(&app.prefs.keys, Action::Redo).text(" moves again)");
            }
            if !is_open {
                said = said.text(" — open it to see");
            }
            if !failed.is_empty() {
                said = said.text(format!("; could not restore {}", failed.join("; ")));
            }
            let tone = if failed.is_empty() && report.verified { Tone::Info } else { Tone::Warning };
            app.say(tone, said);
            app.writes.redo.push(step);
        }
        Err(ApiError::NotFound(_)) => {
            if is_open {
                collection_gone(app, fx);
            }
            app.say(Tone::Error, format!("Could not undo: {name} no longer exists or is not yours"));
        }
        Err(e) => {
            let said = Said::from(format!("Could not undo the removal from {name} (press "))
                .key(&app.prefs.keys, Action::Undo)
                .text(format!(" to try again): {e}"));
            app.say(Tone::Error, said);
            app.writes.push_undo(step);
        }
    }
    if app.open.as_ref().is_some_and(|oc| oc.id == collection) {
        reread_open(app, fx);
    } else {
        fx.push(Cmd::LoadCollection { id: collection, epoch: 0 });
    }
    undo_settled(app, fx);
}

/// After an undo (or redo) settles, in any module: the next queued undo starts, and a quit waiting for the
/// writes happens once none is left. One call, so no feature can remember one and forget the other.
pub(super) fn undo_settled(app: &mut App, fx: &mut Vec<Cmd>) {
    next_restore(app, fx);
    quit_if_done(app);
}

/// Starts the first queued restore that can go now.
fn next_restore(app: &mut App, fx: &mut Vec<Cmd>) {
    if app.writes.restoring.is_some() {
        return;
    }
    let ready = app.writes.restore_queue.iter().position(|s| !app.writes.writing_on(&s.collection));
    if let Some(step) = ready.and_then(|i| app.writes.restore_queue.remove(i)) {
        start_restore(app, step, fx);
    }
}

// ----- quitting -----

/// Quits at once: what was never sent is journaled as cancelled, what is in flight as unconfirmed.
pub(super) fn force_quit(app: &mut App, fx: &mut Vec<Cmd>) {
    app.writes.queue.clear();
    // Moves never sent: nothing changed on the server (nor in the journal).
    app.writes.moves.pending = None;
    for run in std::mem::take(&mut app.writes.running) {
        for (t, s) in run.items {
            let outcome = match s {
                ItemState::Queued => Outcome::Cancelled,
                ItemState::Sent => Outcome::Unconfirmed,
                _ => continue,
            };
            fx.push(Cmd::Journal(Journal::Outcome { batch: run.batch.clone(), track: t.track, outcome }));
        }
    }
    app.quit = true;
}

fn quit_if_done(app: &mut App) {
    if app.quitting && !app.writes.busy() {
        app.quit = true;
    }
}

pub(super) fn stack_history(app: &mut App, undo: Vec<Step>, redo: Vec<Step>) {
    // A batch made this session before the read finished is in the journal too: keep only the session's.
    let ours: HashSet<&str> = app
        .writes
        .undo
        .iter()
        .map(|s| s.batch.as_str())
        .chain(app.writes.running.iter().map(|r| r.batch.as_str()))
        .collect();
    let mut u: Vec<Step> = undo.into_iter().filter(|s| !ours.contains(s.batch.as_str())).collect();
    u.append(&mut app.writes.undo);
    let skip = u.len().saturating_sub(UNDO_DEPTH);
    app.writes.undo = u.into_iter().skip(skip).collect();
    // A batch made this session before the journal was read cleared the redo stack.
    if app.writes.next == 0 {
        app.writes.redo = redo;
    }
}
