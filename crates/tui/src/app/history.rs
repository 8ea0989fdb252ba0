//! The keys that reach across every kind of write: Ctrl-r (which feature does a step again), the undo
//! stacks read back from the journal at start, and quitting once every write is done. Above the features
//! (`writes`, `moves`, `picker`), so none of them calls back up into another.

use super::keymap::Action;
use super::msg::Cmd;
use super::state::*;
use super::{moves, picker, writes};

/// The stacks the journal held at start go beneath anything done since; an undo or redo asked for while
/// it was read runs now.
pub(super) fn on_history(app: &mut App, undo: Vec<Step>, redo: Vec<Step>, fx: &mut Vec<Cmd>) {
    app.writes.history_pending = false;
    writes::stack_history(app, undo, redo);
    match app.writes.waiting.take() {
        Some(true) => writes::undo(app, fx),
        Some(false) => self::redo(app, fx),
        None => {}
    }
}

/// Ctrl-r: removes again what the last undo put back.
pub(super) fn redo(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(step) = writes::pop_step(app, false) else { return };
    if app.writes.restoring_on(&step.collection) {
        app.say(Tone::Info, format!("An undo on {} is under way; try again when it is done", step.name));
        app.writes.redo.push(step);
        return;
    }
    match step.kind {
        StepKind::Move => moves::redo(app, step, fx),
        StepKind::Add => picker::redo(app, step, fx),
        StepKind::Collection(_) => {
            let keys = &app.prefs.keys;
            let said = Said::from("A change to a collection itself cannot be redone: make it again (")
                .key(keys, Action::NewCollection)
                .text(", ")
                .key(keys, Action::RenameCollection)
                .text(" or ")
                .key(keys, Action::DeleteCollection)
                .text(")");
            app.say(Tone::Info, said);
        }
        StepKind::Remove => {
            let open = app.open.as_ref().filter(|oc| oc.id == step.collection);
            let targets: Vec<Target> = step
                .tracks
                .iter()
                .map(|t| Target { index: open.and_then(|oc| oc.index_of(&t.track)).unwrap_or(t.index), ..t.clone() })
                .collect();
            writes::start_batch(app, step.collection, step.name, targets, Some(step.batch), fx);
        }
    }
}

/// q / Ctrl-C: quits when no write is under way; otherwise waits for them, and a second press quits at
/// once (the journal records what was never sent and what was left unconfirmed).
pub(super) fn quit(app: &mut App, fx: &mut Vec<Cmd>) {
    // Moves still waiting for the keys to stop go now (and quitting waits for them).
    moves::flush(app, fx);
    if !app.writes.busy() {
        app.quit = true;
        return;
    }
    if !app.quitting {
        app.quitting = true;
        let n = app.writes.outstanding();
        let what = if n == 1 { "1 write".to_string() } else { format!("{n} writes") };
        let said = Said::from(format!("Waiting for {what} to finish… press "))
            .key(&app.prefs.keys, Action::Quit)
            .text(" again to quit now");
        app.say(Tone::Progress, said);
        return;
    }
    writes::force_quit(app, fx);
}
