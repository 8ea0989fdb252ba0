//! The one `update` function: a message in, the state changed, commands out. No I/O, no clock.

use crossterm::event::KeyEvent;

use super::keymap::{Action, Scope, typed_char};
use super::msg::{Cmd, Msg};
use super::open::{self, collection_gone, collection_name, reread_open, window, with_cursor};
use super::state::*;
use super::{
    collection_edits, counts, details, elsewhere, filter, history, marks, moves, picker, place, search, sort, titles,
    transfer, writes,
};
use freddy_api::model::{Collection, Member, Track};
use freddy_api::{ApiError, CollectionId};

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
        Msg::CountLoaded { id, result } => {
            app.collections.counting.insert(id.clone(), false);
            if let (Ok(c), Some(e)) = (result, app.collections.items.iter_mut().find(|e| e.collection.id == id)) {
                e.track_count = c.track_count.or(e.track_count);
            }
        }
        Msg::MembersLoaded { id, epoch, offset, result } => on_members(app, &id, epoch, offset, result, &mut fx),
        Msg::LibraryLoaded { id, offset, result } => on_library(app, &id, offset, result, &mut fx),
        Msg::TrackLoaded { id, result } => titles::on_track(app, id, result),
        Msg::DetailsLoaded { id, result } => details::on_loaded(app, &id, result),
        Msg::TracksForgotten(ids) => {
            app.in_flight = app.in_flight.saturating_sub(ids.len());
            titles::on_forgotten(&mut app.tracks, ids);
        }
        Msg::Budget(budget) => app.budget = Some(budget),
        Msg::Removed { batch, collection, track, result } => {
            writes::on_removed(app, batch, collection, track, result, &mut fx)
        }
        Msg::Restored { batch, collection, result } => writes::on_restored(app, &batch, collection, result, &mut fx),
        Msg::TracksCached(entries) => {
            for (id, meta) in entries {
                app.tracks.known.entry(id).or_insert(meta);
            }
        }
        Msg::History { undo, redo, warnings } => {
            history::on_history(app, undo, redo, &mut fx);
            if let Some(w) = warnings.first() {
                let more =
                    if warnings.len() > 1 { format!(" (and {} more)", warnings.len() - 1) } else { String::new() };
                app.say(Tone::Warning, format!("{w}{more}"));
            }
        }
        Msg::Stop => writes::force_quit(app, &mut fx),
        Msg::Wake(token) => moves::on_wake(app, token, &mut fx),
        Msg::Tick => {
            on_tick(app);
            elsewhere::on_idle_second(app, &mut fx);
        }
        Msg::FocusGained => elsewhere::check(app, &mut fx),
        Msg::Mirrored { entries, done, error } => search::on_mirrored(app, entries, done, error),
        Msg::MirrorProgress(done, total) => search::on_progress(app, done, total),
        Msg::AlsoIn { track, places } => details::on_also_in(app, &track, places),
        Msg::Checked { id, result } => elsewhere::on_checked(app, &id, result, &mut fx),
        Msg::Click { pane, line, double } => on_click(app, pane, line, double, &mut fx),
        Msg::Button(action) if app.prefs.mouse => on_button(app, action, &mut fx),
        Msg::Button(_) => {}
        Msg::Scroll { pane, down } => on_scroll(app, pane, down),
        Msg::OrderProgress { collection, rows, total, titles } => {
            filter::on_all_rows_progress(app, &collection, (rows, total), titles)
        }
        Msg::OrderLoaded { collection, result } if app.loading_all.as_ref() == Some(&collection) => {
            filter::on_all_rows(app, &collection, result)
        }
        Msg::OrderLoaded { collection, result } => sort::on_order(app, &collection, result, &mut fx),
        Msg::PickerPage { offset, result } => picker::on_page(app, offset, result, &mut fx),
        Msg::MemberIds { collection, result } => {
            if !transfer::on_member_ids(app, &collection, &result, &mut fx) {
                picker::on_member_ids(app, &collection, result);
            }
        }
        Msg::Added { batch, collection, results } => {
            let added = picker::on_added(app, &batch, collection, results, &mut fx);
            transfer::after_added(app, &batch, &added, &mut fx);
        }
        Msg::AddUndone { batch, collection, result } => picker::on_undone(app, &batch, collection, result, &mut fx),
        Msg::CollectionChanged { kind, result } => collection_edits::on_changed(app, kind, result, &mut fx),
        Msg::ChangeUndone { batch, result } => collection_edits::on_undone(app, &batch, result, &mut fx),
        Msg::Moved { batch, collection, result } => moves::on_moved(app, &batch, collection, result, &mut fx),
        // A passing wait never hides an error or a warning the person has not acted on yet.
        Msg::RateLimited(_) if app.status.as_ref().is_some_and(|s| matches!(s.tone, Tone::Error | Tone::Warning)) => {}
        Msg::RateLimited(wait) => app.say(
            Tone::Progress,
            format!("Rate limited by the server: waiting {:.0} s, then going on…", wait.as_secs_f64().ceil()),
        ),
        // Said once: every later line would fail the same way.
        Msg::JournalFailed(e) if !app.writes.journal_failed => {
            app.writes.journal_failed = true;
            app.say(
                Tone::Warning,
                format!(
                    "Cannot write the journal ({e}): a change whose line could not be written was not sent (free some space and try again); undo of the rest works until you quit"
                ),
            );
        }
        Msg::JournalFailed(_) => {}
        Msg::JournalWaiting => app.say(
            Tone::Progress,
            "Waiting for the journal: another freddy-music holds it (this change goes out once its line is written)",
        ),
    }
    filter::refresh(app);
    feed_view(app, &mut fx);
    finish(app, fx)
}

/// Counts the new requests; a progress message ("Refreshing…") goes once nothing is in flight.
fn finish(app: &mut App, fx: Vec<Cmd>) -> Vec<Cmd> {
    app.in_flight += fx.iter().filter(|c| c.is_request()).count();
    if app.in_flight == 0 && app.status.as_ref().is_some_and(|s| s.tone == Tone::Progress) {
        app.status = None;
    }
    fx
}

/// A second passed: an info message that has been up for `INFO_SECONDS` goes, and titles and pages
/// that failed for a passing reason may go again (`feed_view` asks for those on screen).
fn on_tick(app: &mut App) {
    app.ticks += 1;
    let now = app.ticks;
    let due: Vec<_> = app.tracks.retry.iter().filter(|(_, r)| r.due <= now).map(|(t, _)| t.clone()).collect();
    for t in due {
        app.tracks.failed.remove(&t);
    }
    if let Some(oc) = app.open.as_mut() {
        for (page, r) in &oc.page_retry {
            if r.due <= now && oc.pages.get(page) == Some(&PageState::Failed) {
                oc.pages.remove(page);
            }
        }
    }
    app.status_age = app.status_age.saturating_add(1);
    if app.status_age >= INFO_SECONDS && app.status.as_ref().is_some_and(|s| s.tone == Tone::Info) {
        app.status = None;
    }
}

// ----- keys -----

fn on_key(app: &mut App, key: &KeyEvent, fx: &mut Vec<Cmd>) {
    // A key ends the return to last time's place (the user's own moves win), but a reload does not: it is
    // how the start is tried again when the server was down.
    let pane = if app.focus == Pane::Tracks { Scope::Tracks } else { Scope::Collections };
    if app.popup.is_some() || app.prefs.keys.action_in(pane, key) != Some(Action::Refresh) {
        app.resume = None;
    }
    app.idle_secs = 0;
    if app.popup.is_some() {
        popup_key(app, key, fx);
        return;
    }
    let pane = if app.focus == Pane::Tracks { Scope::Tracks } else { Scope::Collections };
    let action = match filter::on_key(app, key) {
        filter::Typed::Taken => return,
        filter::Typed::Pass(action) => Some(action),
        // Digits count the motion or edit that follows (`5j`).
        filter::Typed::NotEditing if counts::digit(app, key) => return,
        // The focused pane's binding first; a key bound only in the other pane still says where it works.
        filter::Typed::NotEditing => app.prefs.keys.action_in(pane, key).or_else(|| app.prefs.keys.action_for(key)),
    };
    let Some(action) = action else {
        app.count = None;
        return;
    };
    if let Some(n) = app.count.take() {
        if action == Action::Cancel {
            app.say(Tone::Info, "Count cleared");
            return;
        }
        if action != Action::Quit && counts::counted(app, action, n, fx) {
            return;
        }
    }
    let tracks = app.focus == Pane::Tracks;
    // A move still waiting for the keys to stop goes first when the next step needs the server to have it.
    if matches!(
        action,
        Action::Open
            | Action::Refresh
            | Action::Remove
            | Action::Undo
            | Action::Redo
            | Action::Sort
            | Action::AddTracks
            | Action::CopyTo
            | Action::MoveTo
    ) {
        moves::flush(app, fx);
    }
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
        Action::Open if app.focus == Pane::Collections => open::open_selected(app, fx),
        Action::Open => {}
        Action::Remove if tracks => writes::remove_key(app, fx),
        Action::Mark if tracks => marks::toggle(app),
        Action::Range if tracks => marks::range_key(app),
        Action::InvertMarks if tracks => marks::invert(app),
        Action::MoveDown if tracks => moves::move_key(app, true, fx),
        Action::MoveUp if tracks => moves::move_key(app, false, fx),
        Action::Sort if tracks => sort::open_menu(app),
        Action::AddTracks if tracks => picker::open(app, fx),
        Action::CopyTo if tracks => transfer::open(app, false),
        Action::LoadAll if tracks => filter::load_all(app, fx),
        Action::MoveTo if tracks => transfer::open(app, true),
        Action::NewCollection if !tracks => collection_edits::new_form(app),
        Action::RenameCollection if !tracks => collection_edits::rename_form(app),
        Action::DeleteCollection if !tracks => collection_edits::delete_confirm(app, fx),
        Action::NewCollection | Action::RenameCollection | Action::DeleteCollection => {
            let said = Said::from("That key works on collections: press ")
                .key(&app.prefs.keys, Action::FocusCollections)
                .text(" or ")
                .key(&app.prefs.keys, Action::SwitchPane)
                .text(" to go to the collections pane");
            app.say(Tone::Info, said)
        }
        Action::Filter => filter::open(app),
        Action::Remove
        | Action::Mark
        | Action::Range
        | Action::InvertMarks
        | Action::MoveDown
        | Action::MoveUp
        | Action::Sort
        | Action::AddTracks
        | Action::CopyTo
        | Action::MoveTo
        | Action::LoadAll => {
            let said = if app.open.is_some() {
                Said::from("That key works on tracks: press ")
                    .key(&app.prefs.keys, Action::FocusTracks)
                    .text(" or ")
                    .key(&app.prefs.keys, Action::SwitchPane)
                    .text(" to go to the tracks pane")
            } else {
                Said::from("That key works on tracks: open a collection with ")
                    .key(&app.prefs.keys, Action::Open)
                    .text(", then use it in the tracks pane")
            };
            app.say(Tone::Info, said)
        }
        Action::Undo => writes::undo(app, fx),
        Action::Redo => history::redo(app, fx),
        Action::Refresh => refresh(app, fx),
        Action::Messages => app.popup = Some(Popup::Messages),
        Action::Help => app.popup = Some(Popup::Help { top: 0 }),
        Action::GoTo => counts::open_prompt(app),
        Action::Details => details::open(app, fx),
        Action::CopyId => details::copy_id(app, fx),
        Action::Search => search::open(app, fx),
        Action::Cancel => {
            if !marks::cancel_range(app) && !filter::clear(app) && !marks::cancel(app) {
                let said = Said::from("Nothing to cancel (").key(&app.prefs.keys, Action::Quit).text(" quits)");
                app.say(Tone::Info, said);
            }
        }
        Action::Quit => history::quit(app, fx),
        Action::Yes
        | Action::No
        | Action::SortTitle
        | Action::SortDuration
        | Action::SortAdded
        | Action::SortApply
        | Action::NextField
        | Action::PreviousField
        | Action::OtherButton
        | Action::ClearField
        | Action::Erase
        | Action::MarkUp => {}
    }
}

/// Whether a popup or a line that takes the keyboard is open (the mouse leaves the panes alone then).
fn modal(app: &App) -> bool {
    app.popup.is_some() || app.filter.as_ref().is_some_and(|f| f.editing)
}

/// A click: focuses the pane and selects the row under the pointer; a double click on a collection (or
/// a click on the one already selected) opens it.
fn on_click(app: &mut App, pane: Pane, line: Option<usize>, double: bool, fx: &mut Vec<Cmd>) {
    if !app.prefs.mouse || modal(app) {
        return;
    }
    if pane == Pane::Tracks && app.open.is_none() {
        return;
    }
    app.focus = pane;
    let Some(line) = line else { return };
    let before = match pane {
        Pane::Collections => app.collections.cursor.selected,
        Pane::Tracks => app.open.as_ref().map_or(0, |oc| oc.cursor.selected),
    };
    let hit = with_cursor_at(app, line);
    let now = match pane {
        Pane::Collections => app.collections.cursor.selected,
        Pane::Tracks => app.open.as_ref().map_or(0, |oc| oc.cursor.selected),
    };
    if hit && pane == Pane::Collections && (double || now == before) {
        open::open_selected(app, fx);
    }
}

/// A popup's key hint clicked: what its key does there.
fn on_button(app: &mut App, action: Action, fx: &mut Vec<Cmd>) {
    if matches!(app.popup, Some(Popup::Confirm(_) | Popup::Sort(_))) {
        popup_action(app, action, fx);
    }
}

/// A key while a popup is open: the popup's own. Ctrl-C closes it and quits, whatever it is.
fn popup_key(app: &mut App, key: &KeyEvent, fx: &mut Vec<Cmd>) {
    // A quit key that types no text (Ctrl-C) closes any popup and quits, as on the main screen.
    if typed_char(key).is_none() && app.prefs.keys.action_for(key) == Some(Action::Quit) {
        if app.confirm().is_some() {
            writes::answer_confirm(app, false, fx);
        }
        app.popup = None;
        history::quit(app, fx);
        return;
    }
    let Some(popup) = &app.popup else { return };
    match popup {
        Popup::Chooser(_) => transfer::on_key(app, key, fx),
        Popup::GoTo(_) => counts::prompt_key(app, key),
        Popup::Details(_) => details::popup_key(app, key, fx),
        Popup::Search(_) => search::on_key(app, key, fx),
        Popup::Picker(_) => picker::on_key(app, key, fx),
        Popup::Form(_) => collection_edits::form_key(app, key, fx),
        Popup::Delete(_) => collection_edits::delete_key(app, key, fx),
        // Any key closes the log.
        Popup::Messages => app.popup = None,
        Popup::Help { .. } => {
            if let Some(action) = app.prefs.keys.action_for(key) {
                popup_action(app, action, fx);
            }
        }
        Popup::Confirm(_) | Popup::Sort(_) => {
            let scope = popup.scope().unwrap_or(Scope::Everywhere);
            if let Some(action) = app.prefs.keys.popup_action_for(scope, key) {
                popup_action(app, action, fx);
            }
        }
    }
}

/// What an action does in the popup open now (a key, or a click on its hint).
fn popup_action(app: &mut App, action: Action, fx: &mut Vec<Cmd>) {
    match (&app.popup, action) {
        (Some(Popup::Confirm(_)), Action::Yes) => writes::answer_confirm(app, true, fx),
        (Some(Popup::Confirm(_)), Action::No) => writes::answer_confirm(app, false, fx),
        (Some(Popup::Sort(_)), Action::SortTitle) => sort::pick(app, SortKey::Title),
        (Some(Popup::Sort(_)), Action::SortDuration) => sort::pick(app, SortKey::Duration),
        (Some(Popup::Sort(_)), Action::SortAdded) => sort::pick(app, SortKey::Added),
        (Some(Popup::Sort(_)), Action::Down) => sort::step(app, true),
        (Some(Popup::Sort(_)), Action::Up) => sort::step(app, false),
        (Some(Popup::Sort(_)), Action::SortApply) => sort::apply(app, fx),
        (Some(Popup::Sort(_)), Action::No) => sort::close(app),
        (Some(Popup::Help { .. }), Action::Quit | Action::Help | Action::Open | Action::Cancel) => app.popup = None,
        (
            Some(Popup::Help { top }),
            Action::Down | Action::PageDown | Action::Up | Action::PageUp | Action::Top | Action::Bottom,
        ) => {
            // The help is as tall as the screen less its border: a page is that many lines.
            let page = app.viewport.collection_rows.max(1);
            let most = app.prefs.keys.main_screen().count().saturating_sub(1);
            let top = match action {
                Action::Down => top + 1,
                Action::PageDown => top + page,
                Action::Up => top.saturating_sub(1),
                Action::PageUp => top.saturating_sub(page),
                Action::Top => 0,
                _ => most,
            };
            app.popup = Some(Popup::Help { top: top.min(most) });
        }
        _ => {}
    }
}

/// Puts the focused pane's cursor on the `line`-th row on screen (the matches while a filter is on).
/// Whether there is a row there.
fn with_cursor_at(app: &mut App, line: usize) -> bool {
    let top = match (filter::on(app, app.focus), app.focus) {
        (Some(f), _) => f.cursor.top,
        (None, Pane::Collections) => app.collections.cursor.top,
        (None, Pane::Tracks) => app.open.as_ref().map_or(0, |oc| oc.cursor.top),
    };
    let mut inside = false;
    with_cursor(app, |c, n, rows| {
        let at = top + line;
        if at < n {
            inside = true;
            c.selected = at;
            c.follow(n, rows);
        }
    });
    inside
}

/// The wheel: three rows at a time over the pane under the pointer (which does not take the focus).
fn on_scroll(app: &mut App, pane: Pane, down: bool) {
    if !app.prefs.mouse || modal(app) {
        return;
    }
    let focus = app.focus;
    app.focus = pane;
    with_cursor(app, |c, n, rows| c.shift(if down { 3 } else { -3 }, n, rows));
    app.focus = focus;
}

fn page(rows: usize) -> isize {
    isize::try_from(rows.max(1)).unwrap_or(1)
}

fn focus_tracks(app: &mut App) {
    if app.open.is_some() {
        app.focus = Pane::Tracks;
    } else {
        let said = Said::from("Open a collection with ").key(&app.prefs.keys, Action::Open).text(" first");
        app.say(Tone::Info, said);
    }
}

fn refresh(app: &mut App, fx: &mut Vec<Cmd>) {
    app.collections.loading = true;
    fx.push(Cmd::LoadCollections { offset: 0 });
    app.tracks.failed.clear();
    reread_open(app, fx);
    app.say(Tone::Progress, "Refreshing…");
}

// ----- answers -----

fn on_collections(app: &mut App, offset: u64, result: Result<Vec<Collection>, ApiError>, fx: &mut Vec<Cmd>) {
    let items = match result {
        Ok(items) => {
            app.collections.error = None;
            items
        }
        Err(e) => {
            app.collections.loading = false;
            let text = format!("Could not load the collections: {e}");
            app.collections.error = Some(text.clone());
            app.say(Tone::Error, text);
            return;
        }
    };
    let list = &mut app.collections;
    let selected = list.selected().map(|e| e.collection.id.clone());
    let full = items.len() >= COLLECTION_PAGE as usize;
    if offset == 0 {
        list.counting.clear();
    }
    // A reload (offset 0) starts the list again but keeps the counts already known.
    let known: std::collections::HashMap<CollectionId, u64> = if offset == 0 {
        std::mem::take(&mut list.items).into_iter().filter_map(|e| Some((e.collection.id, e.track_count?))).collect()
    } else {
        Default::default()
    };
    let n = items.len() as u64;
    // A page that lists nothing new (a server repeating itself) ends the list: no endless loop.
    let have: std::collections::HashSet<CollectionId> = list.items.iter().map(|e| e.collection.id.clone()).collect();
    let fresh: Vec<Collection> =
        items.into_iter().take(COLLECTION_PAGE as usize).filter(|c| !have.contains(&c.id)).collect();
    let stuck = fresh.is_empty() && n > 0;
    let full = full && !stuck;
    list.items.extend(fresh.into_iter().map(|c| {
        let track_count = known.get(&c.id).copied();
        CollectionEntry { collection: c, track_count }
    }));
    if let Some(i) = selected.and_then(|id| list.items.iter().position(|e| e.collection.id == id)) {
        list.cursor.selected = i;
    }
    let capped = list.items.len() >= freddy_api::pages::MAX_COLLECTIONS;
    list.items.truncate(freddy_api::pages::MAX_COLLECTIONS);
    let len = list.items.len();
    list.cursor.follow(len, app.viewport.collection_rows);
    if capped {
        list.loading = false;
        list.loaded = true;
        app.say(
            Tone::Warning,
            format!("Showing the first {} collections only; the server lists more", freddy_api::pages::MAX_COLLECTIONS),
        );
    } else if full {
        fx.push(Cmd::LoadCollections { offset: offset + n });
    } else {
        list.loading = false;
        list.loaded = true;
    }
    if stuck {
        app.say(Tone::Error, format!("Stopped loading collections: the page at {offset} repeats items already listed"));
    }
    place::on_collections(app, fx);
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
            if let Some(d) = app.delete_mut().filter(|d| &d.id == id && d.count.is_none()) {
                d.count = count;
            }
            if let Some(oc) = app.open.as_mut().filter(|oc| &oc.id == id && oc.epoch == epoch) {
                oc.name = c.name;
                oc.updated_at = Some(c.updated_at);
                if let Some(n) = count {
                    oc.set_len(usize::try_from(n).unwrap_or(usize::MAX));
                    let shown = oc.row_count();
                    oc.cursor.follow(shown, app.viewport.track_rows);
                    if n > MAX_ROWS as u64 {
                        let name = oc.name.clone();
                        app.say(Tone::Warning, format!("{name} claims {n} tracks; showing the first {MAX_ROWS}"));
                    }
                    place::on_count(app);
                }
            }
        }
        Err(ApiError::NotFound(_)) if is_open => collection_gone(app, fx),
        // A collection that is not open and is gone (deleted elsewhere): the list reload drops it; its
        // closing message, if any, stays.
        Err(ApiError::NotFound(_)) => {
            app.collections.items.retain(|e| &e.collection.id != id);
            let n = app.collections.items.len();
            app.collections.cursor.follow(n, app.viewport.collection_rows);
        }
        Err(e) => app.say(Tone::Error, format!("Could not load {}: {e}", collection_name(app, id))),
    }
}

fn on_members(
    app: &mut App,
    id: &CollectionId,
    epoch: u64,
    offset: u64,
    result: Result<Vec<Member>, ApiError>,
    fx: &mut Vec<Cmd>,
) {
    let page = offset / u64::from(MEMBER_PAGE);
    if let Some(oc) = app.open.as_mut().filter(|oc| &oc.id == id) {
        oc.pages_in_flight.remove(&(epoch, page));
    }
    let Some(oc) = app.open.as_mut().filter(|oc| &oc.id == id && oc.epoch == epoch) else {
        return;
    };
    match result.and_then(|items| checked_page(offset, items)) {
        Ok(items) => {
            let start = usize::try_from(offset).unwrap_or(usize::MAX).min(MAX_ROWS);
            let end = start.saturating_add(items.len()).min(MAX_ROWS);
            if items.len() < MEMBER_PAGE as usize {
                oc.set_len(end);
            }
            if oc.rows.len() < end {
                oc.rows.resize(end, None);
            }
            for (slot, m) in oc.rows[start..end].iter_mut().zip(items) {
                *slot = Some(m);
            }
            oc.pages.insert(page, PageState::Loaded);
            oc.load_error = None;
            oc.page_retry.remove(&page);
            let n = oc.row_count();
            oc.cursor.follow(n, app.viewport.track_rows);
            marks::after_members(app);
            place::on_members(app);
        }
        // The collection itself is gone (deleted elsewhere): close it, whatever answered first.
        Err(ApiError::NotFound(_)) => collection_gone(app, fx),
        Err(e) => {
            oc.pages.insert(page, PageState::Failed);
            if crate::app::state::Retry::worth_it(&e) {
                match Retry::after(oc.page_retry.get(&page).copied(), app.ticks) {
                    Some(r) => drop(oc.page_retry.insert(page, r)),
                    None => drop(oc.page_retry.remove(&page)),
                }
            }
            app.marks.range_wait = None;
            let name = oc.name.clone();
            let said = Said::from(format!("Could not load the tracks of {name}: {e}. Press "))
                .key(&app.prefs.keys, Action::Refresh)
                .text(" to retry.");
            oc.load_error = Some(said.plain());
            app.say(Tone::Error, said);
        }
    }
}

/// A member page as the server must send it: no more than asked for, positions from the offset on.
fn checked_page(offset: u64, items: Vec<Member>) -> Result<Vec<Member>, ApiError> {
    if items.len() > MEMBER_PAGE as usize {
        return Err(ApiError::BadPaging(format!("{} members on a page of {MEMBER_PAGE}", items.len())));
    }
    match items.iter().enumerate().find(|(i, m)| m.position != offset + *i as u64) {
        Some((i, m)) => {
            Err(ApiError::BadPaging(format!("position {} where {} was due", m.position, offset + i as u64)))
        }
        None => Ok(items),
    }
}

fn on_library(app: &mut App, id: &CollectionId, offset: u64, result: Result<Vec<Track>, ApiError>, fx: &mut Vec<Cmd>) {
    let open = app.open.as_mut().filter(|oc| &oc.id == id);
    match result {
        Ok(tracks) => {
            // The library is only read for collections of up to LIBRARY_THRESHOLD tracks: a server that keeps
            // sending full pages past that is not followed further.
            let bounded = offset < (LIBRARY_THRESHOLD as u64).saturating_add(u64::from(LIBRARY_PAGE));
            let full = tracks.len() >= LIBRARY_PAGE as usize && bounded;
            let n = tracks.len() as u64;
            for t in tracks.iter().take(LIBRARY_PAGE as usize) {
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

// ----- keeping the view fed -----

/// Requests what the rows on screen need: their member pages (not while writes on the collection are
/// under way: its positions are moving), then their titles.
fn feed_view(app: &mut App, fx: &mut Vec<Cmd>) {
    feed_counts(app, fx);
    let rows = app.viewport.track_rows.max(1);
    // The rows a range waits for, else the page the remembered track is looked for on.
    let wanted = place::wanted(app);
    let Some(oc) = app.open.as_mut() else { return };
    if !app.writes.busy_on(&oc.id) {
        let range = app.marks.range_wait.as_ref().filter(|(id, _, _)| id == &oc.id).map(|(_, lo, hi)| *lo..=*hi);
        request_pages(oc, rows, range.or(wanted), fx);
    }
    let held_back = titles::request(oc, &mut app.tracks, app.budget.as_ref(), rows, fx);
    say_titles_paused(app, held_back);
}

/// Says (once, and in `L`) that titles wait for the rate limit to refill, and when; takes it back when
/// they go on. Never over an error or a warning not yet acted on.
fn say_titles_paused(app: &mut App, held_back: bool) {
    const PAUSED: &str = "Titles paused by the server's rate limit";
    let said = app.status.as_ref().is_some_and(|s| s.text.starts_with(PAUSED));
    match (held_back, said) {
        (true, false) if !app.status.as_ref().is_some_and(|s| matches!(s.tone, Tone::Error)) => {
            let secs = app.budget.map_or(0, |b| b.reset_in.as_secs().max(1));
            app.say(Tone::Warning, format!("{PAUSED}; they resume in {secs} s (the rest of the app works)"));
        }
        (false, true) => app.status = None,
        _ => {}
    }
}

/// Asks for the track counts of the collections on screen that have none yet (the list page carries
/// none), a get-collection each, within the rate-limit budget the titles respect: the pane shows what
/// `collections list` shows.
fn feed_counts(app: &mut App, fx: &mut Vec<Cmd>) {
    let list = &mut app.collections;
    let (top, rows) = (list.cursor.top, app.viewport.collection_rows.max(1));
    let spendable = app.budget.map_or(usize::MAX, |b| b.remaining.saturating_sub((b.limit / 5).max(5)) as usize);
    let under_way = list.counting.values().filter(|w| **w).count();
    let room = MAX_COUNT_REQUESTS.saturating_sub(under_way).min(spendable);
    let wanted: Vec<CollectionId> = list
        .items
        .iter()
        .skip(top)
        .take(rows)
        .filter(|e| e.track_count.is_none() && !list.counting.contains_key(&e.collection.id))
        .map(|e| e.collection.id.clone())
        .take(room)
        .collect();
    for id in wanted {
        list.counting.insert(id.clone(), true);
        fx.push(Cmd::LoadCount { id });
    }
}

/// Track counts asked for at once.
const MAX_COUNT_REQUESTS: usize = 8;

/// Asks for the pages under the window (nearest the cursor first), then those of a range waiting to be
/// marked; at most `MAX_PAGE_REQUESTS` at once.
fn request_pages(
    oc: &mut OpenCollection,
    rows: usize,
    range: Option<std::ops::RangeInclusive<usize>>,
    fx: &mut Vec<Cmd>,
) {
    let per = MEMBER_PAGE as usize;
    let mut pages: Vec<u64> = match oc.len {
        None => vec![0],
        Some(0) => Vec::new(),
        Some(_) => {
            let w = window(oc, rows);
            if w.is_empty() { vec![0] } else { (w.start / per..=(w.end - 1) / per).map(|p| p as u64).collect() }
        }
    };
    let here = (oc.cursor.selected / per) as u64;
    pages.sort_by_key(|p| p.abs_diff(here));
    if let Some(r) = range {
        let missing = r.filter(|&i| oc.member(i).is_none()).map(|i| (i / per) as u64);
        for p in missing {
            if !pages.contains(&p) {
                pages.push(p);
            }
        }
    }
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
