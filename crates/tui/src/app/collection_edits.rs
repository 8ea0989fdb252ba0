//! Changes to collections themselves, from the collections pane: `n` creates one and `R` renames one (a
//! small form: name, then an optional description; a 422 from the server is shown in the form), `D`
//! deletes one after its name is typed (or Enter alone for an empty one). The runtime journals each change the
//! way `freddy-music collections …` does, so `u` takes it back (a create is deleted while still empty, a
//! rename set back, a deleted collection recreated with its tracks in order) and so does
//! `freddy-music restore BATCH`.

use crossterm::event::KeyEvent;

use super::keymap::{Action, Scope, typed_char};

use super::msg::Cmd;
use super::state::*;
use freddy_api::{ApiError, CollectionId};
use freddy_ops::journal::ChangeKind;

/// Longest name the API takes (music-api.md §13).
const MAX_NAME: usize = 512;

fn selected(app: &App) -> Option<&CollectionEntry> {
    (app.focus == Pane::Collections).then(|| app.collections.selected()).flatten()
}

/// `n`: the form for a new collection.
pub(super) fn new_form(app: &mut App) {
    app.popup = Some(Popup::Form(Form {
        purpose: FormPurpose::Create,
        name: String::new(),
        description: String::new(),
        field: 0,
        error: None,
        sending: false,
    }));
}

/// `R`: the form to rename the selected collection or edit its description.
pub(super) fn rename_form(app: &mut App) {
    let Some(e) = selected(app) else { return };
    app.popup = Some(Popup::Form(Form {
        purpose: FormPurpose::Rename(e.collection.id.clone()),
        name: e.collection.name.clone(),
        description: e.collection.description.clone().unwrap_or_default(),
        field: 0,
        error: None,
        sending: false,
    }));
}

/// `D`: asks to delete the selected collection; a count not known yet (a collection never opened) is
/// read first, so the question says how many tracks go with it.
pub(super) fn delete_confirm(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(e) = selected(app) else { return };
    if e.track_count.is_none() {
        fx.push(Cmd::LoadCollection { id: e.collection.id.clone(), epoch: 0 });
    }
    app.popup = Some(Popup::Delete(DeleteConfirm {
        id: e.collection.id.clone(),
        name: e.collection.name.clone(),
        count: e.track_count,
        typed: String::new(),
        sending: false,
        error: None,
    }));
}

/// A key while the form is open.
pub(super) fn form_key(app: &mut App, key: &KeyEvent, fx: &mut Vec<Cmd>) {
    let action = app.prefs.keys.popup_action_for(Scope::Form, key);
    let Some(f) = app.form_mut() else { return };
    if f.sending {
        if action == Some(Action::No) {
            app.say(Tone::Info, "The change is already sent; its answer will close the form");
        }
        return;
    }
    let field = if f.field == 0 { &mut f.name } else { &mut f.description };
    match (action, typed_char(key)) {
        (Some(Action::No), _) => {
            app.take_form();
            app.say(Tone::Info, "Nothing changed");
        }
        (Some(Action::SwitchPane), _) => f.field = 1 - f.field,
        (Some(Action::Yes), _) => submit(app, fx),
        // Editing a field takes back an error about it: it may no longer hold.
        (Some(Action::Erase), _) => {
            field.pop();
            f.error = None;
        }
        (Some(Action::ClearField), _) => {
            field.clear();
            f.error = None;
        }
        (None, Some(c)) => {
            field.push(c);
            f.error = None;
        }
        _ => {}
    }
}

fn submit(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(f) = app.form_mut() else { return };
    let name = f.name.trim().to_string();
    if name.is_empty() {
        f.error = Some("A collection needs a name".to_string());
        f.field = 0;
        return;
    }
    if name.chars().count() > MAX_NAME {
        f.error = Some(format!("A name has at most {MAX_NAME} characters"));
        return;
    }
    let description = Some(f.description.trim().to_string()).filter(|d| !d.is_empty());
    f.sending = true;
    f.error = None;
    match &f.purpose {
        FormPurpose::Create => {
            app.say(Tone::Progress, format!("Creating {name}…"));
            fx.push(Cmd::CreateCollection { name, description });
        }
        FormPurpose::Rename(id) => {
            // An emptied description is cleared (the API takes `null` for that).
            let description = Some(description.unwrap_or_default());
            fx.push(Cmd::RenameCollection { id: id.clone(), name: name.clone(), description });
            app.say(Tone::Progress, format!("Renaming to {name}…"));
        }
    }
}

/// A key while the delete confirm is open.
pub(super) fn delete_key(app: &mut App, key: &KeyEvent, fx: &mut Vec<Cmd>) {
    let keys = std::sync::Arc::clone(&app.prefs.keys);
    let Some(d) = app.delete_mut() else { return };
    if d.sending {
        return;
    }
    let empty = d.count == Some(0);
    match (keys.popup_action_for(Scope::Delete, key), typed_char(key)) {
        (Some(Action::No), _) => {
            let name = d.name.clone();
            app.take_delete();
            app.say(Tone::Info, format!("Not deleted; {name} is unchanged"));
        }
        // Printable keys are text here: an empty collection goes with Enter on an empty field.
        (Some(Action::Yes), _) if d.typed == d.name || (empty && d.typed.is_empty()) => send_delete(app, fx),
        (Some(Action::Yes), _) => {
            let said = Said::from(format!(
                "Not deleted: the name typed is not \u{201c}{}\u{201d}; type it exactly, or press ",
                d.name
            ))
            .key_in(&keys, Scope::Delete, Action::No)
            .text(" to keep it");
            d.error = Some(said.plain());
            app.say(Tone::Warning, said);
        }
        (Some(Action::Erase), _) => {
            d.typed.pop();
            d.error = None;
        }
        (Some(Action::ClearField), _) => {
            d.typed.clear();
            d.error = None;
        }
        (None, Some(c)) => {
            d.typed.push(c);
            d.error = None;
        }
        _ => {}
    }
    // The warning about a wrong name goes with the edit that answers it.
    if app.delete().is_some_and(|d| d.error.is_none())
        && app.status.as_ref().is_some_and(|s| s.text.starts_with("Not deleted: the name typed"))
    {
        app.status = None;
    }
}

fn send_delete(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(d) = app.delete_mut() else { return };
    d.sending = true;
    let (id, name) = (d.id.clone(), d.name.clone());
    app.say(Tone::Progress, format!("Deleting {name} (its tracks are kept in the journal first)…"));
    fx.push(Cmd::DeleteCollection { id });
}

/// A create, rename or delete answered.
pub(super) fn on_changed(app: &mut App, kind: ChangeKind, result: Result<Changed, ApiError>, fx: &mut Vec<Cmd>) {
    let c = match result {
        Ok(c) => c,
        Err(e) => {
            let validation = matches!(&e, ApiError::Validation(_));
            if let Some(f) = app.form_mut() {
                f.sending = false;
                f.error = Some(e.to_string());
                if !validation {
                    app.say(Tone::Error, format!("Not saved: {e}"));
                }
            } else if let Some(d) = app.take_delete() {
                app.say(Tone::Error, format!("Could not delete {}: {e}", d.name));
            }
            if matches!(e, ApiError::NotFound(_)) {
                app.take_form();
                fx.push(Cmd::LoadCollections { offset: 0 });
            }
            return;
        }
    };
    let name = c.collection.name.clone();
    let id = c.collection.id.clone();
    // The undo key as the keymap has it (none when it is unbound: the CLI still takes the change back).
    let undo_key = app.prefs.keys.first_key(super::keymap::Action::Undo);
    let undo = match (&c.batch, &c.journal_error) {
        (Some(_), _) => undo_key.as_ref().map(|k| format!(" ({k} to undo)")).unwrap_or_default(),
        (None, Some(e)) => format!(" ({e}: this cannot be undone)"),
        (None, None) => String::new(),
    };
    let text = match kind {
        ChangeKind::Create => {
            app.take_form();
            let entry = CollectionEntry { collection: c.collection.clone(), track_count: Some(0) };
            app.collections.items.insert(0, entry);
            app.collections.cursor.selected = 0;
            app.collections.cursor.top = 0;
            let same = app.collections.items.iter().filter(|e| e.collection.name == name).count();
            if same > 1 {
                // Said as a warning: two collections of one name are hard to tell apart from the shell.
                app.say(
                    Tone::Warning,
                    format!(
                        "Created {name}{undo}; {} collections are named so: the CLI names them \u{201c}{name}#1\u{201d} (oldest) to \u{201c}{name}#{same}\u{201d}, or by id",
                        same
                    ),
                );
                push_step(app, kind, c.batch, id, name);
                return;
            }
            format!("Created {name}{undo}")
        }
        ChangeKind::Rename => {
            app.take_form();
            let mut renamed = true;
            if let Some(e) = app.collections.items.iter_mut().find(|e| e.collection.id == id) {
                renamed = e.collection.name != name;
                e.collection.name.clone_from(&name);
                e.collection.description.clone_from(&c.collection.description);
            }
            if let Some(oc) = app.open.as_mut().filter(|oc| oc.id == id) {
                oc.name.clone_from(&name);
            }
            // Only the description changed: the name is not news.
            if renamed { format!("Renamed to {name}{undo}") } else { format!("Description of {name} saved{undo}") }
        }
        ChangeKind::Delete => {
            app.take_delete();
            app.collections.items.retain(|e| e.collection.id != id);
            let n = app.collections.items.len();
            app.collections.cursor.follow(n, app.viewport.collection_rows);
            if app.open.as_ref().is_some_and(|oc| oc.id == id) {
                app.open = None;
                app.focus = Pane::Collections;
            }
            app.marks.sets.remove(&id);
            let tracks = match c.count {
                0 => "no tracks".to_string(),
                1 => "its 1 track".to_string(),
                n => format!("its {n} tracks"),
            };
            // The batch id first: it is what a person needs from the shell, and the line is cut at the
            // terminal's width (`L` shows it whole).
            match (&c.batch, &undo_key) {
                (Some(b), Some(k)) => {
                    format!("Deleted {name} and {tracks} (batch {b}: {k} or `freddy-music restore {b}` recreates it)")
                }
                (Some(b), None) => {
                    format!("Deleted {name} and {tracks} (batch {b}: `freddy-music restore {b}` recreates it)")
                }
                (None, _) => format!("Deleted {name} and {tracks}"),
            }
        }
    };
    app.say(Tone::Info, text);
    push_step(app, kind, c.batch, id, name);
}

/// A journaled change becomes the newest undo step (and ends what could be redone).
fn push_step(app: &mut App, kind: ChangeKind, batch: Option<String>, collection: CollectionId, name: String) {
    if let Some(batch) = batch {
        app.writes.redo.clear();
        app.writes.push_undo(Step { kind: StepKind::Collection(kind), batch, collection, name, tracks: Vec::new() });
    }
}

/// The undo of a collection change answered: what was done, or why not.
pub(super) fn on_undone(
    app: &mut App,
    batch: &str,
    result: Result<String, freddy_ops::collections::ChangeError>,
    fx: &mut Vec<Cmd>,
) {
    let step = app.writes.restoring.take_if(|s| s.batch == batch);
    match result {
        Ok(said) => app.say(Tone::Info, said),
        Err(e) => {
            app.say(Tone::Error, format!("Could not undo: {e}"));
            if let Some(step) = step {
                app.writes.push_undo(step);
            }
        }
    }
    // The list (and a recreated collection) come from the server.
    app.collections.loading = true;
    fx.push(Cmd::LoadCollections { offset: 0 });
    super::writes::undo_settled(app, fx);
}
