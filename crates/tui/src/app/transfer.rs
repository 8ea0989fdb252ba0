//! Copying and moving tracks to another collection: `C` copies the marked tracks (or the selected one)
//! and `M` moves them, to a collection picked in a small list. The target's members are read first so
//! tracks already there are skipped (and an undo never takes out a track that was there before). A copy
//! is an add there; a move is that add and then a removal here once the add has landed, and `u` takes
//! both back at once. The list filters as you type (as the add picker does): printable keys are text,
//! the arrows, Page keys, Home and End move.

use std::collections::HashSet;

use crossterm::event::KeyEvent;

use super::keymap::{Action, Scope, typed_char};
use super::msg::Cmd;
use super::state::*;
use freddy_api::{ApiError, CollectionId, TrackId};

fn plural(n: usize) -> String {
    if n == 1 { "1 track".to_string() } else { format!("{n} tracks") }
}

/// `C` (copy) or `M` (move) in the tracks pane.
pub(super) fn open(app: &mut App, moving: bool) {
    if app.transfer.is_some() {
        app.say(Tone::Info, "A copy or move is still reading its target; try again in a moment");
        return;
    }
    let verb = if moving { "move" } else { "copy" };
    let Some(targets) = super::writes::targets_here(app, verb) else { return };
    let Some(oc) = app.open.as_ref() else { return };
    let options: Vec<(CollectionId, String)> = app
        .collections
        .items
        .iter()
        .filter(|e| e.collection.id != oc.id)
        .map(|e| (e.collection.id.clone(), e.collection.name.clone()))
        .collect();
    if options.is_empty() {
        let said = Said::from(format!("There is no other collection to {verb} to: press "))
            .key(&app.prefs.keys, Action::NewCollection)
            .text(" in the collections pane");
        app.say(Tone::Info, said);
        return;
    }
    let hits = (0..options.len()).collect();
    app.popup = Some(Popup::Chooser(Chooser {
        moving,
        source: oc.id.clone(),
        source_name: oc.name.clone(),
        targets,
        options,
        query: String::new(),
        hits,
        cursor: Cursor::default(),
    }));
}

/// A key while the list is open.
pub(super) fn on_key(app: &mut App, key: &KeyEvent, fx: &mut Vec<Cmd>) {
    let action = app.prefs.keys.popup_action_for(Scope::Chooser, key);
    let Some(Popup::Chooser(c)) = &mut app.popup else { return };
    let n = c.hits.len();
    match (action, typed_char(key)) {
        (Some(Action::No), _) => {
            app.take_chooser();
            app.say(Tone::Info, "Nothing copied or moved");
        }
        (Some(Action::Up), _) => c.cursor.shift(-1, n, CHOOSER_ROWS),
        (Some(Action::Down), _) => c.cursor.shift(1, n, CHOOSER_ROWS),
        (Some(Action::PageUp), _) => c.cursor.shift(-(CHOOSER_ROWS as isize), n, CHOOSER_ROWS),
        (Some(Action::PageDown), _) => c.cursor.shift(CHOOSER_ROWS as isize, n, CHOOSER_ROWS),
        (Some(Action::Top), _) => c.cursor.jump(0, n, CHOOSER_ROWS),
        (Some(Action::Bottom), _) => c.cursor.jump(usize::MAX, n, CHOOSER_ROWS),
        (Some(Action::Yes), _) => pick(app, fx),
        (Some(Action::Erase), _) => {
            c.query.pop();
            c.refilter(&app.matcher);
        }
        (Some(Action::ClearField), _) => {
            c.query.clear();
            c.refilter(&app.matcher);
        }
        (None, Some(ch)) => {
            c.query.push(ch);
            c.refilter(&app.matcher);
        }
        _ => {}
    }
}

fn pick(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some((target, target_name)) = app.chooser().and_then(Chooser::highlighted).cloned() else {
        let keys = std::sync::Arc::clone(&app.prefs.keys);
        let said = Said::from("No collection matches what was typed (")
            .key_in(&keys, Scope::Chooser, Action::Erase)
            .text(" edits it, ")
            .key_in(&keys, Scope::Chooser, Action::No)
            .text(" closes)");
        app.say(Tone::Info, said);
        return;
    };
    let Some(c) = app.take_chooser() else { return };
    let verb = if c.moving { "Moving" } else { "Copying" };
    app.say(Tone::Progress, format!("{verb} {} to {target_name}…", plural(c.targets.len())));
    fx.push(Cmd::LoadMemberIds { collection: target.clone() });
    app.transfer = Some(Transfer {
        moving: c.moving,
        source: c.source,
        source_name: c.source_name,
        target,
        target_name,
        targets: c.targets,
    });
}

/// The target's members arrived: adds the tracks not there yet (a move then removes them here). Whether
/// the answer was for a transfer.
pub(super) fn on_member_ids(
    app: &mut App,
    collection: &CollectionId,
    result: &Result<Vec<TrackId>, ApiError>,
    fx: &mut Vec<Cmd>,
) -> bool {
    let Some(t) = app.transfer.take_if(|t| &t.target == collection) else { return false };
    let members: HashSet<&TrackId> = match result {
        Ok(ids) => ids.iter().collect(),
        Err(e) => {
            app.say(Tone::Error, format!("Could not read {}: {e}. Nothing was copied or moved", t.target_name));
            return true;
        }
    };
    let start = members.len();
    let fresh: Vec<Target> = t
        .targets
        .iter()
        .filter(|x| !members.contains(&x.track))
        .enumerate()
        .map(|(i, x)| Target { index: start + i, to: None, ..x.clone() })
        .collect();
    if fresh.is_empty() {
        if t.moving {
            // Every track is already there: the move is the removal here.
            let note = format!("Moved {} to {} (they were there already)", plural(t.targets.len()), t.target_name);
            remove_here(app, t.source, t.source_name, t.targets, note, fx);
        } else {
            app.say(Tone::Info, format!("Already in {}: nothing to copy", t.target_name));
        }
        return true;
    }
    let batch = app.writes.new_batch_id();
    let skipped = t.targets.len() - fresh.len();
    if t.moving {
        let already: HashSet<TrackId> =
            t.targets.iter().filter(|x| members.contains(&x.track)).map(|x| x.track.clone()).collect();
        app.writes.moves.after_add.push((batch.clone(), t.clone(), already));
    }
    let step = Step { kind: StepKind::Add, batch, collection: t.target, name: t.target_name, tracks: fresh };
    super::picker::send(app, step, None, skipped, fx);
    true
}

/// An add landed: if it was the first half of a move, the tracks that are now in the target (added, or
/// there before) are removed here, and the two steps are linked so `u` takes both back.
pub(super) fn after_added(app: &mut App, batch: &str, added: &HashSet<TrackId>, fx: &mut Vec<Cmd>) {
    let Some(i) = app.writes.moves.after_add.iter().position(|(b, _, _)| b == batch) else { return };
    let (_, t, already) = app.writes.moves.after_add.remove(i);
    // Only tracks now in the target leave here: one whose add failed stays.
    let there: Vec<Target> =
        t.targets.iter().filter(|x| added.contains(&x.track) || already.contains(&x.track)).cloned().collect();
    if there.is_empty() {
        return;
    }
    let note = format!("Moved {} from {} to {}", plural(there.len()), t.source_name, t.target_name);
    remove_here(app, t.source, t.source_name, there, note, fx);
    if let Some(removal) = app.writes.undo.last().map(|s| s.batch.clone())
        && removal != batch
    {
        app.writes.links.insert(removal, batch.to_string());
    }
}

fn remove_here(
    app: &mut App,
    source: CollectionId,
    name: String,
    targets: Vec<Target>,
    note: String,
    fx: &mut Vec<Cmd>,
) {
    // Indexes as they are now (earlier edits may have moved the rows).
    let targets: Vec<Target> = targets
        .into_iter()
        .map(|x| {
            let index =
                app.open.as_ref().filter(|oc| oc.id == source).and_then(|oc| oc.index_of(&x.track)).unwrap_or(x.index);
            Target { index, ..x }
        })
        .collect();
    super::writes::start_batch(app, source.clone(), name, targets, None, fx);
    if let Some(run) = app.writes.running.last_mut().filter(|r| r.collection == source) {
        run.note = Some(note);
    }
}
