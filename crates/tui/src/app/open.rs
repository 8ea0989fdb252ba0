//! Helpers every feature uses on the open collection and the focused cursor: an epoch for a fresh read,
//! a re-read, the collection gone, its name, the rows worth having, moving the cursor (over the filter's
//! matches while one is on). Features call these, never back up into `update`.

use super::filter;
use super::msg::Cmd;
use super::state::*;
use freddy_api::CollectionId;

/// Applies `step` to the focused pane's cursor, with that pane's length and visible rows (over the
/// matching rows only while a filter is on there).
pub(super) fn with_cursor(app: &mut App, step: impl FnOnce(&mut Cursor, usize, usize)) {
    let Some(step) = filter::with_cursor_or(app, step) else { return };
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

pub(super) fn bump_epoch(app: &mut App) -> u64 {
    let e = app.next_epoch;
    app.next_epoch += 1;
    e
}

/// Re-reads the open collection under a new epoch: its count now, and its pages as they come on screen
/// (`feed_view` asks for those). Loaded rows stay on screen until the re-read lands; answers from
/// before are dropped.
pub(super) fn reread_open(app: &mut App, fx: &mut Vec<Cmd>) {
    if let Some(epoch) = restale_open(app)
        && let Some(oc) = app.open.as_ref()
    {
        fx.push(Cmd::LoadCollection { id: oc.id.clone(), epoch });
    }
}

/// Marks the open collection's pages stale under a new epoch (answers to older requests are dropped, and
/// the pages on screen are read again); its new epoch.
pub(super) fn restale_open(app: &mut App) -> Option<u64> {
    app.open.as_ref()?;
    let epoch = bump_epoch(app);
    let oc = app.open.as_mut()?;
    oc.epoch = epoch;
    oc.pages.retain(|_, s| *s != PageState::Failed);
    for state in oc.pages.values_mut() {
        *state = PageState::Stale;
    }
    Some(epoch)
}

pub(super) fn collection_name(app: &App, id: &CollectionId) -> String {
    app.collections
        .name_of(id)
        .or_else(|| app.open.as_ref().filter(|oc| &oc.id == id).map(|oc| oc.name.as_str()))
        .map_or_else(|| id.to_string(), str::to_string)
}

pub(super) fn collection_gone(app: &mut App, fx: &mut Vec<Cmd>) {
    let name = app.open.take().map(|oc| oc.name).unwrap_or_default();
    app.focus = Pane::Collections;
    app.collections.loading = true;
    fx.push(Cmd::LoadCollections { offset: 0 });
    app.say(Tone::Error, format!("Collection {name} no longer exists or is not yours; reloading the collections."));
}

/// The rows worth having: the screen and one more screen below it.
pub(super) fn window(oc: &OpenCollection, rows: usize) -> std::ops::Range<usize> {
    let n = oc.row_count();
    let start = oc.cursor.top.min(n);
    start..start.saturating_add(rows * 2).min(n)
}

/// Says why a key that acts on the row under the cursor did nothing: the collection is empty, or the row
/// is still loading.
pub(super) fn no_row(app: &mut App, verb: &str) {
    let Some(oc) = app.open.as_ref() else { return };
    let hidden = app.filter.as_ref().is_some_and(|f| f.pane == Pane::Tracks && f.hits.is_empty());
    let text = if oc.is_empty() {
        format!("{} is empty: there is nothing to {verb}", oc.name)
    } else if hidden {
        format!("No track matches the filter: there is nothing to {verb}")
    } else {
        "This row is still loading; try again in a moment".to_string()
    };
    app.say(Tone::Info, text);
}

/// Opens the collection under the cursor in the collections pane (the tracks pane takes the keys).
pub(super) fn open_selected(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(entry) = app.collections.selected() else {
        return;
    };
    app.marks.range = None;
    app.marks.range_wait = None;
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
