//! The filter: `/` opens a line over the focused pane; rows narrow as you type (fuzzy, case-insensitive,
//! `nucleo-matcher`), in their list order. Enter keeps the filter and returns to the list; Esc clears
//! it. While a filter is on, the pane's cursor moves over the matching rows only, and the selected row
//! (what remove, mark and move act on) is always one of them. Rows not loaded yet cannot match: the
//! pane says the filter covers only the loaded rows.

use crossterm::event::KeyEvent;

use super::keymap::{Action, Scope, typed_char};
use super::state::*;
use freddy_api::CollectionId;

/// The filter on this pane, if one is on.
pub(crate) fn on(app: &App, pane: Pane) -> Option<&Filter> {
    app.filter.as_ref().filter(|f| f.pane == pane)
}

/// `/`: opens the filter line over the focused pane (keeping its query when one is on there).
pub(super) fn open(app: &mut App) {
    let pane = app.focus;
    let collection = match pane {
        Pane::Tracks => match app.open.as_ref() {
            Some(oc) => Some(oc.id.clone()),
            None => return,
        },
        Pane::Collections => None,
    };
    match app.filter.as_mut().filter(|f| f.pane == pane) {
        Some(f) => f.editing = true,
        None => {
            app.filter = Some(Filter {
                pane,
                collection,
                query: String::new(),
                editing: true,
                hits: Vec::new(),
                cursor: Cursor::default(),
                unloaded: 0,
                stamp: Stamp { rows: usize::MAX, ..Stamp::default() },
            });
        }
    }
    refresh(app);
}

/// A kept filter over the open collection's tracks (the one of last time, at start).
pub(super) fn keep(app: &mut App, query: &str) {
    let Some(oc) = app.open.as_ref() else { return };
    app.filter = Some(Filter {
        pane: Pane::Tracks,
        collection: Some(oc.id.clone()),
        query: query.to_string(),
        editing: false,
        hits: Vec::new(),
        cursor: Cursor::default(),
        unloaded: 0,
        stamp: Stamp { rows: usize::MAX, ..Stamp::default() },
    });
    refresh(app);
}

/// Clears the filter; the cursor stays on the row it was on. Whether there was one.
pub(super) fn clear(app: &mut App) -> bool {
    let Some(f) = app.filter.take() else { return false };
    let rows = app.viewport.track_rows;
    match f.pane {
        Pane::Tracks => {
            if let Some(oc) = app.open.as_mut() {
                let n = oc.row_count();
                oc.cursor.follow(n, rows);
            }
        }
        Pane::Collections => {
            let n = app.collections.items.len();
            app.collections.cursor.follow(n, app.viewport.collection_rows);
        }
    }
    app.say(Tone::Info, "Filter cleared");
    true
}

/// What a key did while the filter line is typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Typed {
    /// The filter line is not being typed in: the key is the main screen's.
    NotEditing,
    /// The filter line took it.
    Taken,
    /// A main-screen action the line lets through: moving over the matches, loading the rest, quitting.
    Pass(Action),
}

/// A key while the filter line has the keyboard: its own actions (`Scope::FilterLine`), then text.
pub(super) fn on_key(app: &mut App, key: &KeyEvent) -> Typed {
    let action = app.prefs.keys.popup_action_for(Scope::FilterLine, key);
    // A key that types no text and is the main screen's load-all or quit does that (Ctrl-A, Ctrl-C).
    let main = app.prefs.keys.action_for(key).filter(|_| typed_char(key).is_none());
    let Some(f) = app.filter.as_mut().filter(|f| f.editing) else { return Typed::NotEditing };
    match (action, typed_char(key)) {
        (Some(a @ (Action::Up | Action::Down | Action::PageUp | Action::PageDown)), _) => return Typed::Pass(a),
        (None, None) if matches!(main, Some(Action::LoadAll | Action::Quit)) => {
            return Typed::Pass(main.unwrap_or(Action::Quit));
        }
        (Some(Action::ClearField), _) => f.query.clear(),
        (Some(Action::Erase | Action::Yes | Action::Cancel), _) if f.query.is_empty() => {
            clear(app);
            return Typed::Taken;
        }
        (Some(Action::Cancel), _) => {
            clear(app);
            return Typed::Taken;
        }
        (Some(Action::Erase), _) => {
            f.query.pop();
        }
        (Some(Action::Yes), _) => {
            f.editing = false;
            // The same count as the pane's title: of the rows looked at, and said so when not all were.
            let (n, unloaded) = (f.hits.len(), f.unloaded);
            let of = count_of(app).saturating_sub(unloaded);
            let loaded = if unloaded > 0 { " loaded" } else { "" };
            let t = freddy_api::text::thousands;
            let keys = std::sync::Arc::clone(&app.prefs.keys);
            let said = Said::from(format!("Filter kept: {} of {}{loaded} (", t(n as u64), t(of as u64)))
                .key(&keys, Action::Filter)
                .text(" edits it, ")
                .key(&keys, Action::Cancel)
                .text(" clears it)");
            app.say(Tone::Info, said);
            return Typed::Taken;
        }
        (None, Some(c)) => f.query.push(c),
        _ => return Typed::Taken,
    }
    refresh(app);
    Typed::Taken
}

fn count_of(app: &App) -> usize {
    match app.filter.as_ref().map(|f| f.pane) {
        Some(Pane::Tracks) => app.open.as_ref().map_or(0, |oc| oc.row_count()),
        _ => app.collections.items.len(),
    }
}

/// Recomputes the hits when what they depend on changed (the query, the rows, titles learned), and keeps
/// the cursor on the selected row, or the next match after it. A tracks filter ends when its collection
/// is no longer open.
pub(super) fn refresh(app: &mut App) {
    let Some(f) = app.filter.as_ref() else { return };
    if f.pane == Pane::Tracks && app.open.as_ref().map(|oc| &oc.id) != f.collection.as_ref() {
        app.filter = None;
        return;
    }
    let stamp = match f.pane {
        Pane::Tracks => app.open.as_ref().map_or_else(Stamp::default, |oc| Stamp {
            query: f.query.clone(),
            rows: oc.rows.len(),
            len: oc.row_count(),
            epoch: oc.epoch,
            pages: oc.pages.len(),
            loaded: oc.pages.values().filter(|s| **s == super::state::PageState::Loaded).count(),
            titles: app.tracks.known.len(),
        }),
        Pane::Collections => Stamp { query: f.query.clone(), rows: app.collections.items.len(), ..Stamp::default() },
    };
    if stamp == f.stamp {
        return;
    }
    let (hits, unloaded, selected) = match f.pane {
        Pane::Tracks => {
            let Some(oc) = app.open.as_ref() else { return };
            // The title (the id for a track known to have none), borrowed: no copy. A row whose title is
            // not known yet cannot match (its id would match by accident) and counts as not looked at.
            let known = &app.tracks.known;
            let labels = oc.rows.iter().map(|r| {
                let m = r.as_ref()?;
                Some(known.get(&m.track_id)?.title.as_deref().unwrap_or(m.track_id.as_str()))
            });
            let hits = matching(&app.matcher, &f.query, labels);
            let looked = oc.rows.iter().flatten().filter(|m| app.tracks.known.contains_key(&m.track_id)).count();
            (hits, oc.row_count().saturating_sub(looked), oc.cursor.selected)
        }
        Pane::Collections => {
            let items = &app.collections.items;
            let hits = matching(&app.matcher, &f.query, items.iter().map(|e| Some(e.collection.name.as_str())));
            (hits, 0, app.collections.cursor.selected)
        }
    };
    let rows = rows_of(app, f.pane);
    let Some(f) = app.filter.as_mut() else { return };
    f.stamp = stamp;
    f.hits = hits;
    f.unloaded = unloaded;
    let at = f.hits.partition_point(|&i| i < selected).min(f.hits.len().saturating_sub(1));
    f.cursor.selected = at;
    f.cursor.follow(f.hits.len(), rows);
    sync(app);
}

fn rows_of(app: &App, pane: Pane) -> usize {
    match pane {
        Pane::Tracks => app.viewport.track_rows,
        Pane::Collections => app.viewport.collection_rows,
    }
}

/// While a filter is on in the focused pane, moves its cursor (over the matches) with `step`, the
/// pane's own cursor following to the same row; otherwise hands `step` back.
pub(super) fn with_cursor_or<S: FnOnce(&mut Cursor, usize, usize)>(app: &mut App, step: S) -> Option<S> {
    let rows = rows_of(app, app.focus);
    let Some(f) = app.filter.as_mut().filter(|f| f.pane == app.focus) else { return Some(step) };
    step(&mut f.cursor, f.hits.len(), rows);
    sync(app);
    None
}

/// Puts the pane's cursor on the row the filtered cursor is on.
fn sync(app: &mut App) {
    let Some(f) = app.filter.as_ref() else { return };
    let Some(&row) = f.hits.get(f.cursor.selected) else { return };
    match f.pane {
        Pane::Tracks => {
            let rows = app.viewport.track_rows;
            if let Some(oc) = app.open.as_mut() {
                // The unfiltered window follows too, so the pages and titles around the row are fetched.
                oc.cursor.selected = row;
                let n = oc.row_count();
                oc.cursor.follow(n, rows);
            }
        }
        Pane::Collections => {
            let rows = app.viewport.collection_rows;
            app.collections.cursor.selected = row;
            let n = app.collections.items.len();
            app.collections.cursor.follow(n, rows);
        }
    }
}

/// The rows of a pane a bulk action covers: the matches while a filter is on, else every row.
pub(crate) fn visible_rows(app: &App, pane: Pane, len: usize) -> Vec<usize> {
    match on(app, pane) {
        Some(f) => f.hits.clone(),
        None => (0..len).collect(),
    }
}

/// Ctrl-a: reads every member and title of the open collection (the library list filtered by it, 100 a
/// page; never a get-track per member), so a filter covers every row.
pub(super) fn load_all(app: &mut App, fx: &mut Vec<super::msg::Cmd>) {
    let Some(oc) = app.open.as_ref() else { return };
    if app.writes.busy_on(&oc.id) {
        app.say(Tone::Info, format!("Writes on {} are under way; load it all when they are done", oc.name));
        return;
    }
    if oc.len.is_some_and(|n| oc.rows.len() >= n && oc.rows.iter().all(Option::is_some)) {
        app.say(Tone::Info, format!("Every row of {} is loaded already", oc.name));
        return;
    }
    let (id, name) = (oc.id.clone(), oc.name.clone());
    app.say(Tone::Progress, format!("Loading every row and title of {name}…"));
    app.loading_all = Some(id.clone());
    fx.push(super::msg::Cmd::LoadOrder { collection: id });
}

/// Ctrl-a's read under way: says how far it has come (rows read of all, titles), so a long read is seen
/// to move.
pub(super) fn on_all_rows_progress(app: &mut App, collection: &CollectionId, (rows, total): (u64, u64), titles: u64) {
    if app.loading_all.as_ref() != Some(collection) {
        return;
    }
    let name = app.open.as_ref().filter(|oc| &oc.id == collection).map_or_else(String::new, |oc| oc.name.clone());
    let n = freddy_api::text::thousands;
    app.say(
        Tone::Progress,
        format!("Loading every row of {name}: {} of {} rows, {} titles…", n(rows), n(total), n(titles)),
    );
}

/// Every row and title arrived: the rows are the server's order as read.
pub(super) fn on_all_rows(
    app: &mut App,
    collection: &CollectionId,
    result: Result<super::state::OrderRead, freddy_api::ApiError>,
) {
    app.loading_all = None;
    let read = match result {
        Ok(read) => read,
        Err(e) => {
            app.say(Tone::Error, format!("Could not load every row: {e}"));
            return;
        }
    };
    for t in &read.tracks {
        app.tracks.learn(t);
    }
    let view = app.viewport.track_rows;
    let busy = app.writes.busy_on(collection);
    let Some(oc) = app.open.as_mut().filter(|oc| &oc.id == collection) else { return };
    if busy {
        return;
    }
    let n = read.members.len().min(super::state::MAX_ROWS);
    let selected = oc.selected().map(|m| m.track_id.clone());
    oc.rows = read
        .members
        .into_iter()
        .take(n)
        .enumerate()
        .map(|(i, mut m)| {
            m.position = i as u64;
            Some(m)
        })
        .collect();
    oc.set_len(n);
    let per = super::state::MEMBER_PAGE as usize;
    for page in 0..n.div_ceil(per) {
        oc.pages.insert(page as u64, super::state::PageState::Loaded);
    }
    if let Some(i) = selected.and_then(|t| oc.index_of(&t)) {
        oc.cursor.selected = i;
    }
    oc.cursor.follow(n, view);
    let name = oc.name.clone();
    app.say(Tone::Info, format!("Loaded all {} rows of {name}", freddy_api::text::thousands(n as u64)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_and_case_insensitive_in_list_order() {
        let texts = ["Morning Dew", "evening rain", "Mourning", "Dawn"];
        assert_eq!(matching(&Scratch::default(), "mrn", texts.iter().map(|t| Some(*t))), vec![0, 2]);
        assert_eq!(matching(&Scratch::default(), "EVEN", texts.iter().map(|t| Some(*t))), vec![1]);
        assert_eq!(matching(&Scratch::default(), "", texts.iter().map(|t| Some(*t))), vec![0, 1, 2, 3]);
        assert_eq!(matching(&Scratch::default(), "dawn", [None, Some("Dawn")].into_iter()), vec![1]);
    }

    #[test]
    fn matched_characters_are_char_indexes() {
        assert_eq!(matched_chars(&Scratch::default(), "dw", "Morning Dew"), vec![8, 10]);
        assert_eq!(matched_chars(&Scratch::default(), "é", "café"), vec![3]);
        assert!(matched_chars(&Scratch::default(), "zzz", "Dawn").is_empty());
    }
}
