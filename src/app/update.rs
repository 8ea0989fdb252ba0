//! The one `update` function: a message in, the state changed, commands out. No I/O, no clock.

use crossterm::event::KeyEvent;

use super::keymap::{Action, action_for};
use super::msg::{Cmd, Msg};
use super::state::*;
use crate::api::model::{Collection, Member, Track};
use crate::api::{ApiError, CollectionId, TrackId};

/// The commands to run when the app starts.
pub fn start(app: &mut App) -> Vec<Cmd> {
    app.collections.loading = true;
    finish(app, vec![Cmd::LoadCollections { offset: 0 }])
}

/// Applies one message and returns the requests it calls for.
pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    if msg.is_answer() {
        app.in_flight = app.in_flight.saturating_sub(1);
    }
    let mut fx = Vec::new();
    match msg {
        Msg::Key(key) => on_key(app, &key, &mut fx),
        Msg::Resize(viewport) => {
            app.viewport = viewport;
            let n = app.collections.items.len();
            app.collections.cursor.follow(n, viewport.collection_rows);
            if let Some(oc) = app.open.as_mut() {
                let n = oc.row_count();
                oc.cursor.follow(n, viewport.track_rows);
            }
        }
        Msg::CollectionsLoaded { offset, result } => on_collections(app, offset, result, &mut fx),
        Msg::CollectionLoaded { id, epoch, result } => on_collection(app, &id, epoch, result, &mut fx),
        Msg::MembersLoaded { id, epoch, offset, result } => on_members(app, &id, epoch, offset, result),
        Msg::LibraryLoaded { id, offset, result } => on_library(app, &id, offset, result, &mut fx),
        Msg::TrackLoaded { id, result } => on_track(app, id, result),
        Msg::Removed { collection, track, result } => on_removed(app, collection, track, result, &mut fx),
        Msg::TracksCached(entries) => {
            for (id, meta) in entries {
                app.tracks.known.entry(id).or_insert(meta);
            }
        }
    }
    feed_view(app, &mut fx);
    finish(app, fx)
}

/// Counts the new requests; a progress message ("Refreshing…") goes once nothing is in flight.
fn finish(app: &mut App, fx: Vec<Cmd>) -> Vec<Cmd> {
    app.in_flight += fx.len();
    if app.in_flight == 0 && app.status.as_ref().is_some_and(|s| s.tone == Tone::Progress) {
        app.status = None;
    }
    fx
}

// ----- keys -----

fn on_key(app: &mut App, key: &KeyEvent, fx: &mut Vec<Cmd>) {
    let action = action_for(key);
    if app.help {
        match (action, key.code) {
            (Some(Action::Quit), crossterm::event::KeyCode::Char('c')) => app.quit = true,
            (Some(Action::Quit | Action::Help | Action::Open), _) => app.help = false,
            _ => {}
        }
        return;
    }
    let Some(action) = action else { return };
    match action {
        Action::Up => with_cursor(app, |c, n, rows| c.shift(-1, n, rows)),
        Action::Down => with_cursor(app, |c, n, rows| c.shift(1, n, rows)),
        Action::PageUp => with_cursor(app, |c, n, rows| c.shift(-page(rows), n, rows)),
        Action::PageDown => with_cursor(app, |c, n, rows| c.shift(page(rows), n, rows)),
        Action::Top => with_cursor(app, |c, n, rows| c.jump(0, n, rows)),
        Action::Bottom => with_cursor(app, |c, n, rows| c.jump(usize::MAX, n, rows)),
        Action::SwitchPane => match app.focus {
            Pane::Collections => focus_tracks(app),
            Pane::Tracks => app.focus = Pane::Collections,
        },
        Action::FocusCollections => app.focus = Pane::Collections,
        Action::FocusTracks => focus_tracks(app),
        Action::Open if app.focus == Pane::Collections => open_selected(app, fx),
        Action::Open => {}
        Action::Remove if app.focus == Pane::Tracks => remove_selected(app, fx),
        Action::Remove => {
            app.say(Tone::Info, "Remove works on tracks: open a collection, then press Del or d on a track")
        }
        Action::Refresh => refresh(app, fx),
        Action::Help => app.help = true,
        Action::Quit => app.quit = true,
    }
}

fn page(rows: usize) -> isize {
    isize::try_from(rows.max(1)).unwrap_or(1)
}

/// Applies `step` to the focused pane's cursor, with that pane's length and visible rows.
fn with_cursor(app: &mut App, step: impl FnOnce(&mut Cursor, usize, usize)) {
    match app.focus {
        Pane::Collections => {
            let n = app.collections.items.len();
            step(&mut app.collections.cursor, n, app.viewport.collection_rows);
        }
        Pane::Tracks => {
            if let Some(oc) = app.open.as_mut() {
                let n = oc.row_count();
                step(&mut oc.cursor, n, app.viewport.track_rows);
            }
        }
    }
}

fn focus_tracks(app: &mut App) {
    if app.open.is_some() {
        app.focus = Pane::Tracks;
    } else {
        app.say(Tone::Info, "Open a collection with Enter first");
    }
}

fn open_selected(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(entry) = app.collections.selected() else {
        return;
    };
    let (id, name, count) = (entry.collection.id.clone(), entry.collection.name.clone(), entry.track_count);
    app.focus = Pane::Tracks;
    if app.open.as_ref().is_some_and(|oc| oc.id == id) {
        return;
    }
    let epoch = bump_epoch(app);
    let mut oc = OpenCollection::new(id.clone(), name, epoch);
    if let Some(n) = count {
        oc.set_len(usize::try_from(n).unwrap_or(usize::MAX));
    }
    app.open = Some(oc);
    fx.push(Cmd::LoadCollection { id, epoch });
}

fn bump_epoch(app: &mut App) -> u64 {
    let e = app.next_epoch;
    app.next_epoch += 1;
    e
}

fn refresh(app: &mut App, fx: &mut Vec<Cmd>) {
    app.collections.loading = true;
    fx.push(Cmd::LoadCollections { offset: 0 });
    app.tracks.failed.clear();
    reread_open(app, fx);
    app.say(Tone::Progress, "Refreshing…");
}

/// Re-reads the open collection under a new epoch: its count now, and its pages as they come on screen
/// (`feed_view` asks for those). Loaded rows stay on screen until the re-read lands; answers from
/// before are dropped.
fn reread_open(app: &mut App, fx: &mut Vec<Cmd>) {
    if app.open.is_none() {
        return;
    }
    let epoch = bump_epoch(app);
    let Some(oc) = app.open.as_mut() else { return };
    oc.epoch = epoch;
    oc.pages.retain(|_, s| *s != PageState::Failed);
    for state in oc.pages.values_mut() {
        *state = PageState::Stale;
    }
    fx.push(Cmd::LoadCollection { id: oc.id.clone(), epoch });
}

// ----- removal -----

fn remove_selected(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(oc) = app.open.as_mut() else { return };
    let Some(member) = oc.selected() else {
        app.say(Tone::Info, "This row is still loading; try again in a moment");
        return;
    };
    let track = member.track_id.clone();
    let label = app.tracks.label(&track);
    if oc.pending.contains(&track) {
        app.say(Tone::Progress, format!("Already removing {label}…"));
        return;
    }
    oc.pending.insert(track.clone());
    fx.push(Cmd::Remove { collection: oc.id.clone(), track });
    app.say(Tone::Progress, format!("Removing {label}…"));
}

fn on_removed(
    app: &mut App,
    collection: CollectionId,
    track: TrackId,
    result: Result<crate::api::model::Ack, ApiError>,
    fx: &mut Vec<Cmd>,
) {
    let label = app.tracks.label(&track);
    let name = collection_name(app, &collection);
    let is_open = app.open.as_ref().is_some_and(|oc| oc.id == collection);
    if let Some(oc) = app.open.as_mut().filter(|_| is_open) {
        oc.pending.remove(&track);
    }
    match result {
        Ok(_) => {
            app.say(Tone::Info, format!("Removed {label} from {name}"));
            if let Some(entry) = app.collections.items.iter_mut().find(|e| e.collection.id == collection) {
                entry.track_count = entry.track_count.map(|n| n.saturating_sub(1));
            }
            if is_open {
                drop_row(app, &track);
                reread_open(app, fx);
            }
        }
        Err(ApiError::NotFound(_)) if is_open => collection_gone(app, fx),
        Err(e @ (ApiError::Unauthorized(_) | ApiError::Forbidden(_))) => app.say(Tone::Error, e.to_string()),
        Err(e) => {
            app.say(Tone::Error, format!("Could not remove {label} (still in {name}; press d to try again): {e}"))
        }
    }
}

/// Takes a removed track out of the open collection locally; the re-read confirms it.
fn drop_row(app: &mut App, track: &TrackId) {
    let Some(oc) = app.open.as_mut() else { return };
    let Some(i) = oc.rows.iter().position(|r| r.as_ref().is_some_and(|m| &m.track_id == track)) else {
        return;
    };
    oc.rows.remove(i);
    for m in oc.rows[i..].iter_mut().flatten() {
        m.position = m.position.saturating_sub(1);
    }
    oc.len = oc.len.map(|n| n.saturating_sub(1));
    if oc.cursor.selected > i {
        oc.cursor.selected -= 1;
    }
    let n = oc.row_count();
    oc.cursor.follow(n, app.viewport.track_rows);
    app.undo.push(Removal { collection: oc.id.clone(), track: track.clone(), position: i });
    if app.undo.len() > UNDO_DEPTH {
        app.undo.remove(0);
    }
}

fn collection_name(app: &App, id: &CollectionId) -> String {
    app.collections
        .name_of(id)
        .or_else(|| app.open.as_ref().filter(|oc| &oc.id == id).map(|oc| oc.name.as_str()))
        .map_or_else(|| id.to_string(), str::to_string)
}

fn collection_gone(app: &mut App, fx: &mut Vec<Cmd>) {
    let name = app.open.take().map(|oc| oc.name).unwrap_or_default();
    app.focus = Pane::Collections;
    app.collections.loading = true;
    fx.push(Cmd::LoadCollections { offset: 0 });
    app.say(Tone::Error, format!("Collection {name} no longer exists or is not yours; reloading the collections."));
}

// ----- answers -----

fn on_collections(app: &mut App, offset: u64, result: Result<Vec<Collection>, ApiError>, fx: &mut Vec<Cmd>) {
    let items = match result {
        Ok(items) => items,
        Err(e) => {
            app.collections.loading = false;
            app.say(Tone::Error, format!("Could not load the collections: {e}"));
            return;
        }
    };
    let list = &mut app.collections;
    let selected = list.selected().map(|e| e.collection.id.clone());
    let full = items.len() >= COLLECTION_PAGE as usize;
    // A reload (offset 0) starts the list again but keeps the counts already known.
    let known: std::collections::HashMap<CollectionId, u64> = if offset == 0 {
        std::mem::take(&mut list.items).into_iter().filter_map(|e| Some((e.collection.id, e.track_count?))).collect()
    } else {
        Default::default()
    };
    let n = items.len() as u64;
    list.items.extend(items.into_iter().map(|c| {
        let track_count = known.get(&c.id).copied();
        CollectionEntry { collection: c, track_count }
    }));
    if let Some(i) = selected.and_then(|id| list.items.iter().position(|e| e.collection.id == id)) {
        list.cursor.selected = i;
    }
    let len = list.items.len();
    list.cursor.follow(len, app.viewport.collection_rows);
    if full {
        fx.push(Cmd::LoadCollections { offset: offset + n });
    } else {
        list.loading = false;
        list.loaded = true;
    }
}

fn on_collection(
    app: &mut App,
    id: &CollectionId,
    epoch: u64,
    result: Result<Collection, ApiError>,
    fx: &mut Vec<Cmd>,
) {
    let is_open = app.open.as_ref().is_some_and(|oc| &oc.id == id);
    match result {
        Ok(c) => {
            let count = c.track_count;
            if let Some(entry) = app.collections.items.iter_mut().find(|e| &e.collection.id == id) {
                entry.track_count = count.or(entry.track_count);
                entry.collection.name.clone_from(&c.name);
            }
            if let Some(oc) = app.open.as_mut().filter(|oc| &oc.id == id && oc.epoch == epoch) {
                oc.name = c.name;
                if let Some(n) = count {
                    oc.set_len(usize::try_from(n).unwrap_or(usize::MAX));
                    let n = oc.row_count();
                    oc.cursor.follow(n, app.viewport.track_rows);
                }
            }
        }
        Err(ApiError::NotFound(_)) if is_open => collection_gone(app, fx),
        Err(e) => app.say(Tone::Error, format!("Could not load {}: {e}", collection_name(app, id))),
    }
}

fn on_members(app: &mut App, id: &CollectionId, epoch: u64, offset: u64, result: Result<Vec<Member>, ApiError>) {
    let page = offset / u64::from(MEMBER_PAGE);
    if let Some(oc) = app.open.as_mut().filter(|oc| &oc.id == id) {
        oc.pages_in_flight.remove(&(epoch, page));
    }
    let Some(oc) = app.open.as_mut().filter(|oc| &oc.id == id && oc.epoch == epoch) else {
        return;
    };
    match result {
        Ok(items) => {
            let start = usize::try_from(offset).unwrap_or(usize::MAX);
            let end = start.saturating_add(items.len());
            if items.len() < MEMBER_PAGE as usize {
                oc.set_len(end);
            } else if oc.rows.len() < end {
                oc.rows.resize(end, None);
            }
            for (slot, m) in oc.rows[start.min(end)..end].iter_mut().zip(items) {
                *slot = Some(m);
            }
            oc.pages.insert(page, PageState::Loaded);
            let n = oc.row_count();
            oc.cursor.follow(n, app.viewport.track_rows);
        }
        Err(e) => {
            oc.pages.insert(page, PageState::Failed);
            let name = oc.name.clone();
            app.say(Tone::Error, format!("Could not load the tracks of {name}: {e}. Press r to retry."));
        }
    }
}

fn on_library(app: &mut App, id: &CollectionId, offset: u64, result: Result<Vec<Track>, ApiError>, fx: &mut Vec<Cmd>) {
    let open = app.open.as_mut().filter(|oc| &oc.id == id);
    match result {
        Ok(tracks) => {
            let full = tracks.len() >= LIBRARY_PAGE as usize;
            let n = tracks.len() as u64;
            for t in &tracks {
                app.tracks.learn(t);
            }
            if let Some(oc) = open {
                if full {
                    fx.push(Cmd::LoadLibrary { id: id.clone(), offset: offset + n });
                } else {
                    oc.library = LibraryState::Done;
                }
            }
        }
        Err(e) => {
            tracing::debug!(error = %e, "library list failed; falling back to get-track");
            if let Some(oc) = open {
                oc.library = LibraryState::Done;
            }
        }
    }
}

fn on_track(app: &mut App, id: TrackId, result: Result<Track, ApiError>) {
    app.tracks.requested.remove(&id);
    match result {
        Ok(t) => app.tracks.learn(&t),
        Err(e) => {
            if matches!(e, ApiError::Unauthorized(_)) {
                app.say(Tone::Error, e.to_string());
            }
            app.tracks.failed.insert(id);
        }
    }
}

// ----- keeping the view fed -----

/// Requests what the rows on screen need: their member pages, then their titles.
fn feed_view(app: &mut App, fx: &mut Vec<Cmd>) {
    let rows = app.viewport.track_rows.max(1);
    let Some(oc) = app.open.as_mut() else { return };
    request_pages(oc, rows, fx);
    request_titles(oc, &mut app.tracks, rows, fx);
}

/// The rows worth having: the screen and one more screen below it.
fn window(oc: &OpenCollection, rows: usize) -> std::ops::Range<usize> {
    let n = oc.row_count();
    let start = oc.cursor.top.min(n);
    start..start.saturating_add(rows * 2).min(n)
}

fn request_pages(oc: &mut OpenCollection, rows: usize, fx: &mut Vec<Cmd>) {
    let per = MEMBER_PAGE as usize;
    let mut pages: Vec<u64> = match oc.len {
        None => vec![0],
        Some(0) => Vec::new(),
        Some(_) => {
            let w = window(oc, rows);
            if w.is_empty() { vec![0] } else { (w.start / per..=(w.end - 1) / per).map(|p| p as u64).collect() }
        }
    };
    // The page under the cursor first; at most MAX_PAGE_REQUESTS at once.
    let here = (oc.cursor.selected / per) as u64;
    pages.sort_by_key(|p| p.abs_diff(here));
    for p in pages {
        if oc.pages_in_flight.len() >= MAX_PAGE_REQUESTS {
            break;
        }
        if matches!(oc.pages.get(&p), None | Some(PageState::Stale)) {
            oc.pages.insert(p, PageState::Requested);
            oc.pages_in_flight.insert((oc.epoch, p));
            fx.push(Cmd::LoadMembers {
                id: oc.id.clone(),
                epoch: oc.epoch,
                offset: p * u64::from(MEMBER_PAGE),
                limit: MEMBER_PAGE,
            });
        }
    }
}

fn request_titles(oc: &mut OpenCollection, cache: &mut TrackCache, rows: usize, fx: &mut Vec<Cmd>) {
    let Some(len) = oc.len else { return };
    let w = window(oc, rows);
    let on_screen = w.start..w.end.min(w.start + rows);
    let missing: Vec<TrackId> = oc.rows[on_screen]
        .iter()
        .flatten()
        .map(|m| &m.track_id)
        .filter(|t| !cache.known.contains_key(*t))
        .cloned()
        .collect();
    if missing.is_empty() {
        return;
    }
    match oc.library {
        LibraryState::NotStarted if len <= LIBRARY_THRESHOLD => {
            oc.library = LibraryState::Loading;
            fx.push(Cmd::LoadLibrary { id: oc.id.clone(), offset: 0 });
        }
        LibraryState::Loading => {}
        _ => {
            let free = MAX_TITLE_REQUESTS.saturating_sub(cache.requested.len());
            let wanted: Vec<TrackId> = missing
                .into_iter()
                .filter(|t| !cache.requested.contains(t) && !cache.failed.contains(t))
                .take(free)
                .collect();
            for t in wanted {
                cache.requested.insert(t.clone());
                fx.push(Cmd::LoadTrack { id: t });
            }
        }
    }
}
