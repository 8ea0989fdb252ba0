//! `F`: a title in any collection. The popup shows the local mirror at once (as it is on disk), then as
//! the runtime brings it up to date (one list page when nothing changed; collections that changed or were
//! never read are read in the background, with progress). Typing filters it with the one fuzzy matcher;
//! Enter opens that collection at that track, found by id as the remembered place is.

use crossterm::event::KeyEvent;

use super::keymap::{Action, Scope, typed_char};
use super::msg::Cmd;
use super::state::*;

/// Results kept to show at most (a short query can match most of a large library).
const MAX_HITS: usize = 2_000;

/// `F`: opens the search and asks for the mirror.
pub(super) fn open(app: &mut App, fx: &mut Vec<Cmd>) {
    app.popup = Some(Popup::Search(Box::new(Search { syncing: Some((0, 0)), ..Search::default() })));
    fx.push(Cmd::SyncMirror);
}

/// The mirror came (as it was, or synced): the results grow, the cursor stays on its result.
pub(super) fn on_mirrored(app: &mut App, entries: Vec<Found>, done: bool, error: Option<String>) {
    let Some(Popup::Search(s)) = app.popup.as_mut() else { return };
    let keep =
        s.hits.get(s.cursor.selected).and_then(|&i| s.entries.get(i)).map(|f| (f.collection.clone(), f.track.clone()));
    // The mirror on disk can be empty; a failed sync keeps what there was.
    if !entries.is_empty() || (done && error.is_none()) {
        s.entries = entries;
    }
    if done {
        s.syncing = None;
    }
    s.error = error;
    refilter(app);
    let Some(Popup::Search(s)) = app.popup.as_mut() else { return };
    if let Some(at) =
        keep.and_then(|(c, t)| s.hits.iter().position(|&i| s.entries[i].collection == c && s.entries[i].track == t))
    {
        s.cursor.jump(at, s.hits.len(), SEARCH_ROWS);
    }
}

pub(super) fn on_progress(app: &mut App, done: usize, total: usize) {
    if let Some(Popup::Search(s)) = app.popup.as_mut()
        && s.syncing.is_some()
    {
        s.syncing = Some((done, total));
    }
}

fn refilter(app: &mut App) {
    let Some(Popup::Search(s)) = app.popup.as_mut() else { return };
    s.hits = if s.query.trim().is_empty() {
        Vec::new()
    } else {
        let mut hits = matching(&app.matcher, &s.query, s.entries.iter().map(|f| Some(f.title.as_str())));
        hits.truncate(MAX_HITS);
        hits
    };
    let n = s.hits.len();
    s.cursor.jump(s.cursor.selected.min(n.saturating_sub(1)), n, SEARCH_ROWS);
}

/// A key in the search.
pub(super) fn on_key(app: &mut App, key: &KeyEvent, fx: &mut Vec<Cmd>) {
    let action = app.prefs.keys.popup_action_for(Scope::Search, key);
    let Some(Popup::Search(s)) = app.popup.as_mut() else { return };
    let n = s.hits.len();
    let page = SEARCH_ROWS as isize;
    match (action, typed_char(key)) {
        (Some(Action::No), _) => app.popup = None,
        (Some(Action::Yes), _) => go(app, fx),
        (Some(Action::Down), _) => s.cursor.shift(1, n, SEARCH_ROWS),
        (Some(Action::Up), _) => s.cursor.shift(-1, n, SEARCH_ROWS),
        (Some(Action::PageDown), _) => s.cursor.shift(page, n, SEARCH_ROWS),
        (Some(Action::PageUp), _) => s.cursor.shift(-page, n, SEARCH_ROWS),
        (Some(Action::Erase), _) => {
            s.query.pop();
            s.cursor = Cursor::default();
            refilter(app);
        }
        (Some(Action::ClearField), _) => {
            s.query.clear();
            refilter(app);
        }
        (None, Some(c)) => {
            s.query.push(c);
            s.cursor = Cursor::default();
            refilter(app);
        }
        _ => {}
    }
}

/// Enter: the result's collection opens at its track (by id; at its position when it moved meanwhile).
fn go(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(Popup::Search(s)) = app.popup.as_ref() else { return };
    let Some(found) = s.hits.get(s.cursor.selected).and_then(|&i| s.entries.get(i)).cloned() else {
        app.say(Tone::Info, "No result to open: type part of a title");
        return;
    };
    app.popup = None;
    app.filter = None;
    let place = Place {
        collection: found.collection.clone(),
        track: Some(found.track.clone()),
        position: found.position,
        top: found.position.saturating_sub(3),
        filter: None,
    };
    if let Some(oc) = app.open.as_mut().filter(|oc| oc.id == found.collection) {
        app.focus = Pane::Tracks;
        match oc.index_of(&found.track) {
            Some(i) => {
                let n = oc.row_count();
                oc.cursor.jump(i, n, app.viewport.track_rows);
            }
            None => {
                super::counts::go_to(app, found.position + 1);
                app.resume = Some(Resume { opened: true, ..Resume::new(place) });
            }
        }
        return;
    }
    app.resume = Some(Resume::new(place));
    super::place::on_collections(app, fx);
    if app.resume.as_ref().is_some_and(|r| !r.opened) {
        app.resume = None;
        let said = Said::from(format!("{} is not listed here (yet): press ", found.collection_name))
            .key(&app.prefs.keys, Action::Refresh)
            .text(" to reload");
        app.say(Tone::Info, said);
    }
}
