//! Changes made elsewhere (another device, the CLI): when the terminal gains focus, and every
//! `[ui] refresh_secs` (default 30, 0 = off) while no key is pressed, the open collection and the list are
//! checked (one get-collection, one list page). A change is applied in place: the count and the pages on
//! screen are read again, the cursor stays on its track (found by id, as at start), marks on tracks that
//! still exist stay, and the status says "Updated: changed elsewhere". Never while the user's own writes,
//! a popup or the filter line are under way.

use super::msg::Cmd;
use super::open::restale_open;

use super::place::place_of;
use super::state::*;
use freddy_api::model::Collection;
use freddy_api::{ApiError, CollectionId};

/// A second passed with no key: checks once `refresh_secs` of them have.
pub(super) fn on_idle_second(app: &mut App, fx: &mut Vec<Cmd>) {
    app.idle_secs = app.idle_secs.saturating_add(1);
    let every = app.prefs.refresh_secs;
    if every > 0 && app.idle_secs.is_multiple_of(every) {
        check(app, fx);
    }
}

/// Asks the server whether the list or the open collection changed, unless the app is busy with its own.
pub(super) fn check(app: &mut App, fx: &mut Vec<Cmd>) {
    let editing = app.filter.as_ref().is_some_and(|f| f.editing);
    if app.writes.busy() || app.in_flight > 0 || app.popup.is_some() || editing || app.resume.is_some() {
        return;
    }
    if app.collections.loaded {
        fx.push(Cmd::LoadCollections { offset: 0 });
    }
    if let Some(oc) = app.open.as_ref().filter(|oc| oc.updated_at.is_some()) {
        fx.push(Cmd::CheckCollection { id: oc.id.clone() });
    }
}

/// The open collection as the server has it now: re-read in place when it changed.
pub(super) fn on_checked(app: &mut App, id: &CollectionId, result: Result<Collection, ApiError>, fx: &mut Vec<Cmd>) {
    let c = match result {
        Ok(c) => c,
        // Deleted elsewhere: it closes and says so, as when a write finds it gone.
        Err(ApiError::NotFound(_)) if app.open.as_ref().is_some_and(|oc| &oc.id == id) => {
            super::open::collection_gone(app, fx);
            return;
        }
        Err(_) => return,
    };
    if let Some(e) = app.collections.items.iter_mut().find(|e| &e.collection.id == id) {
        e.track_count = c.track_count.or(e.track_count);
    }
    let Some(oc) = app.open.as_ref().filter(|oc| &oc.id == id) else { return };
    // Own writes since the check went out explain any change: theirs re-read it already.
    if app.writes.busy_on(id) {
        return;
    }
    let count = c.track_count.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let unchanged = oc.updated_at.as_deref() == Some(c.updated_at.as_str()) && (count.is_none() || count == oc.len);
    if unchanged {
        return;
    }
    // The cursor follows its track, found by id as at start; the filter stays as it is.
    let here = place_of(app).map(|p| Place { filter: None, ..p });
    restale_open(app);
    if let Some(oc) = app.open.as_mut() {
        oc.updated_at = Some(c.updated_at);
        if let Some(n) = count {
            oc.set_len(n);
        }
        let n = oc.row_count();
        oc.cursor.follow(n, app.viewport.track_rows);
    }
    app.resume = here.map(|place| Resume { opened: true, ..Resume::new(place) });
    app.say(Tone::Info, "Updated: changed elsewhere");
}
