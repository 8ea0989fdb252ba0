//! The details popup (`i`, or Enter on a track): every field of the track as get-track gives it, read
//! when the popup opens, with its place in the open collection; on a collection, its fields, its count
//! and the length of the tracks known so far. `y` there (and on the main screen) copies the id.

use crossterm::event::KeyEvent;

use super::keymap::{Action, Scope};
use super::msg::Cmd;
use super::state::*;
use freddy_api::ApiError;
use freddy_api::model::Track;
use freddy_api::{CollectionId, TrackId};
use freddy_ops::config::Clipboard;

/// `i`: the details of the row under the cursor in the focused pane.
pub(super) fn open(app: &mut App, fx: &mut Vec<Cmd>) {
    match app.focus {
        Pane::Tracks => {
            let Some(oc) = app.open.as_ref() else { return };
            let Some(member) = app.selected_track().cloned() else {
                super::open::no_row(app, "show");
                return;
            };
            let (collection, collection_name) = (oc.id.clone(), oc.name.clone());
            fx.push(Cmd::LoadDetails { id: member.track_id.clone() });
            app.popup = Some(Popup::Details(Box::new(Details::Track {
                collection,
                collection_name,
                member,
                track: None,
                error: None,
                also_in: None,
            })));
        }
        Pane::Collections => {
            let Some(entry) = app.collections.selected().cloned() else { return };
            let open = app.open.as_ref().filter(|oc| oc.id == entry.collection.id);
            let (mut known_seconds, mut known_tracks) = (0.0, 0);
            for m in open.iter().flat_map(|oc| oc.rows.iter().flatten()) {
                if let Some(d) = app.tracks.known.get(&m.track_id).and_then(|t| t.duration) {
                    known_seconds += d;
                    known_tracks += 1;
                }
            }
            app.popup = Some(Popup::Details(Box::new(Details::Collection {
                count: entry.track_count.or_else(|| open.map(|oc| oc.row_count() as u64)),
                collection: entry.collection,
                known_seconds,
                known_tracks,
            })));
        }
    }
}

/// get-track answered for the details popup (and the title cache learns the track too).
pub(super) fn on_loaded(app: &mut App, id: &TrackId, result: Result<Track, ApiError>) {
    if let Ok(t) = &result {
        app.tracks.learn(t);
    }
    let Some(Popup::Details(d)) = app.popup.as_mut() else { return };
    let Details::Track { member, track, error, .. } = d.as_mut() else { return };
    if &member.track_id != id {
        return;
    }
    match result {
        Ok(t) => *track = Some(t),
        Err(e) => *error = Some(e.to_string()),
    }
}

/// The mirror says which other collections hold the track.
pub(super) fn on_also_in(app: &mut App, id: &TrackId, places: Vec<(CollectionId, String, usize)>) {
    let Some(Popup::Details(d)) = app.popup.as_mut() else { return };
    let Details::Track { member, collection, also_in, .. } = d.as_mut() else { return };
    if &member.track_id == id {
        *also_in = Some(places.into_iter().filter(|(c, _, _)| c != collection).map(|(_, n, p)| (n, p)).collect());
    }
}

/// A key in the details popup.
pub(super) fn popup_key(app: &mut App, key: &KeyEvent, fx: &mut Vec<Cmd>) {
    match app.prefs.keys.popup_action_for(Scope::Details, key) {
        Some(Action::No) => app.popup = None,
        Some(Action::CopyId) => copy_id(app, fx),
        _ => {}
    }
}

/// `y`: the id of the track (or collection) under the cursor, or in the details popup, to the clipboard
/// (OSC 52: the terminal never says whether it took it, so the status line says what was sent).
pub(super) fn copy_id(app: &mut App, fx: &mut Vec<Cmd>) {
    let id = match (&app.popup, app.focus) {
        (Some(Popup::Details(d)), _) => match d.as_ref() {
            Details::Track { member, .. } => member.track_id.to_string(),
            Details::Collection { collection, .. } => collection.id.to_string(),
        },
        (_, Pane::Tracks) => match app.selected_track() {
            Some(m) => m.track_id.to_string(),
            None => {
                super::open::no_row(app, "copy");
                return;
            }
        },
        (_, Pane::Collections) => match app.collections.selected() {
            Some(e) => e.collection.id.to_string(),
            None => return,
        },
    };
    if app.prefs.clipboard == Clipboard::Off {
        app.say(Tone::Info, format!("Copying is off ([ui] clipboard = \"off\"): the id is {id}"));
        return;
    }
    app.say(Tone::Info, format!("Copied {id} (sent to the terminal's clipboard)"));
    fx.push(Cmd::Copy(id));
}
