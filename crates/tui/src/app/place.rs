//! The remembered place. At quit, `place_of` says where the user was (the runtime keeps it per host,
//! organization and key). At start the app opens that collection, puts the cursor at the old position at
//! once (the page there is read first), then on the remembered track, found by id: on the page of its old
//! position, then on the pages around it, three either way. A track not found there stays looked for no
//! further: the cursor keeps the old position, and the status says so. A key pressed meanwhile ends the
//! return: the user's own moves win.

use super::keymap::Action;
use super::msg::Cmd;
use super::open::open_selected;
use super::state::*;

/// Where the user is now, for the next start: none without an open collection.
pub fn place_of(app: &App) -> Option<Place> {
    let oc = app.open.as_ref()?;
    let filter = app
        .filter
        .as_ref()
        .filter(|f| {
            f.pane == Pane::Tracks && !f.editing && f.collection.as_ref() == Some(&oc.id) && !f.query.is_empty()
        })
        .map(|f| f.query.clone());
    Some(Place {
        collection: oc.id.clone(),
        track: app.selected_track().map(|m| m.track_id.clone()),
        position: oc.cursor.selected,
        top: oc.cursor.top,
        filter,
    })
}

/// The collections list grew: opens the remembered collection once it is listed; forgets the place once
/// the whole list is in and it is not there.
pub(super) fn on_collections(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(r) = app.resume.as_ref().filter(|r| !r.opened) else { return };
    let list = &mut app.collections;
    match list.items.iter().position(|e| e.collection.id == r.place.collection) {
        Some(i) => {
            list.cursor.selected = i;
            let len = list.items.len();
            list.cursor.follow(len, app.viewport.collection_rows);
            if let Some(r) = app.resume.as_mut() {
                r.opened = true;
            }
            open_selected(app, fx);
        }
        None if list.loaded => {
            app.resume = None;
            app.say(Tone::Info, "The collection you had open last time is no longer listed");
        }
        None => {}
    }
}

/// The remembered collection's count came: the cursor goes to the old position (clamped), so the page
/// there is the first read.
pub(super) fn on_count(app: &mut App) {
    let Some(r) = app.resume.as_ref().filter(|r| r.opened) else { return };
    let rows = app.viewport.track_rows;
    let Some(oc) = app.open.as_mut().filter(|oc| oc.id == r.place.collection) else { return };
    let n = oc.row_count();
    if n == 0 {
        app.resume = None;
        return;
    }
    let at = r.place.position.min(n - 1);
    oc.cursor.selected = at;
    oc.cursor.top = r.place.top.min(at);
    oc.cursor.follow(n, rows);
}

/// The pages to look in for the remembered track, nearest its old position first.
fn candidates(position: usize, pages: u64) -> Vec<u64> {
    let home = (position / MEMBER_PAGE as usize) as u64;
    let mut out = vec![home];
    for d in 1..=SEARCH_PAGES {
        out.extend(home.checked_add(d).filter(|p| *p < pages));
        out.extend(home.checked_sub(d));
    }
    out.retain(|p| *p < pages.max(1));
    out
}

/// Pages looked in either way of the old position's: 600 places at 200 a page.
const SEARCH_PAGES: u64 = 3;

/// The rows of the next page to look in, while the remembered track is not found (for `feed_view`).
pub(super) fn wanted(app: &App) -> Option<std::ops::RangeInclusive<usize>> {
    let r = app.resume.as_ref().filter(|r| r.opened && r.place.track.is_some())?;
    let oc = app.open.as_ref().filter(|oc| oc.id == r.place.collection && oc.len.is_some())?;
    let pages = (oc.row_count() as u64).div_ceil(u64::from(MEMBER_PAGE));
    let per = MEMBER_PAGE as usize;
    let next = candidates(r.place.position, pages).into_iter().find(|p| oc.pages.get(p) != Some(&PageState::Loaded))?;
    let start = next as usize * per;
    Some(start..=(start + per - 1).min(oc.row_count().saturating_sub(1)))
}

/// Member pages came: the remembered track, if they hold it, gets the cursor (the screen keeps the
/// offset it had); once every page looked in has come without it, the return ends where it is.
pub(super) fn on_members(app: &mut App) {
    let Some(r) = app.resume.as_ref().filter(|r| r.opened) else { return };
    let place = r.place.clone();
    let rows = app.viewport.track_rows;
    let Some(oc) = app.open.as_mut().filter(|oc| oc.id == place.collection) else { return };
    let Some(track) = &place.track else {
        app.resume = None;
        return;
    };
    if let Some(i) = oc.index_of(track) {
        let above = place.position.saturating_sub(place.top);
        oc.cursor.selected = i;
        oc.cursor.top = i.saturating_sub(above);
        let n = oc.row_count();
        oc.cursor.follow(n, rows);
        finish(app, place);
        return;
    }
    // Until the count is known, the pages to look in are not: a first page may answer before it.
    if oc.len.is_none() {
        return;
    }
    let pages = (oc.row_count() as u64).div_ceil(u64::from(MEMBER_PAGE));
    let looked_everywhere =
        candidates(place.position, pages).iter().all(|p| oc.pages.get(p) == Some(&PageState::Loaded));
    if looked_everywhere {
        app.say(
            Tone::Info,
            format!(
                "The track you were on is no longer near #{}: the cursor is at its old place",
                freddy_api::text::thousands(place.position as u64 + 1)
            ),
        );
        finish(app, place);
    }
}

/// The return is over: the kept filter comes back.
fn finish(app: &mut App, place: Place) {
    app.resume = None;
    if let Some(query) = place.filter {
        super::filter::keep(app, &query);
        let said = Said::from(format!("Filter \u{201c}{query}\u{201d} kept from last time ("))
            .key(&app.prefs.keys, Action::Cancel)
            .text(" clears it)");
        app.say(Tone::Info, said);
    }
}
