//! Titles for the rows on screen: get-track for the visible rows all at once (nearest the cursor first,
//! up to `MAX_TITLE_REQUESTS` in flight), then the screen below at a slower pace (`AHEAD_TITLE_REQUESTS`),
//! never a title already known or asked for; requests for rows scrolled out of reach are called off.
//! With the server's rate-limit headers in hand, browsing leaves a reserve for writes: it stops asking
//! when few requests remain, and asks ahead only while more than half remain. Collections up to
//! `LIBRARY_THRESHOLD` get their titles from the library list instead.

use std::collections::HashSet;

use super::msg::Cmd;
use super::open::window;
use super::state::*;
use freddy_api::model::Track;
use freddy_api::{ApiError, RateBudget, TrackId};

/// What a get-track answer changes.
pub(super) fn on_track(app: &mut App, id: TrackId, result: Result<Track, ApiError>) {
    app.tracks.requested.remove(&id);
    app.tracks.forgetting.remove(&id);
    match result {
        Ok(t) => app.tracks.learn(&t),
        Err(e) => {
            if matches!(e, ApiError::Unauthorized(_)) {
                app.say(Tone::Error, e.to_string());
            }
            // A passing failure is tried again by itself, with backoff; a missing track is not.
            if crate::app::state::Retry::worth_it(&e) {
                match crate::app::state::Retry::after(app.tracks.retry.get(&id).copied(), app.ticks) {
                    Some(r) => drop(app.tracks.retry.insert(id.clone(), r)),
                    None => drop(app.tracks.retry.remove(&id)),
                }
            }
            app.tracks.failed.insert(id);
        }
    }
}

/// Requests the runtime called off before they were answered.
pub(super) fn on_forgotten(cache: &mut TrackCache, ids: Vec<TrackId>) {
    for id in ids {
        cache.requested.remove(&id);
        cache.forgetting.remove(&id);
    }
}

/// How many more title requests browsing may spend now, and whether it may ask ahead of the screen.
fn allowance(budget: Option<&RateBudget>, in_flight: usize) -> (usize, bool) {
    let Some(b) = budget else { return (usize::MAX, true) };
    let reserve = (b.limit / 5).max(5);
    let spendable = b.remaining.saturating_sub(reserve) as usize;
    (spendable.saturating_sub(in_flight), b.remaining > b.limit / 2)
}

/// Asks for the titles the window needs (see the module text). Returns whether titles on the screen are
/// held back by the rate-limit budget (none may be spent until it refills).
pub(super) fn request(
    oc: &mut OpenCollection,
    cache: &mut TrackCache,
    budget: Option<&RateBudget>,
    rows: usize,
    fx: &mut Vec<Cmd>,
) -> bool {
    let Some(len) = oc.len else { return false };
    let w = window(oc, rows);
    let ids = |r: std::ops::Range<usize>| {
        let r = r.start.min(oc.rows.len())..r.end.min(oc.rows.len());
        oc.rows[r.clone()].iter().zip(r).filter_map(|(m, i)| m.as_ref().map(|m| (i, &m.track_id)))
    };
    let in_reach: HashSet<&TrackId> = ids(w.clone()).map(|(_, t)| t).collect();
    let stale: Vec<TrackId> =
        cache.requested.iter().filter(|t| !in_reach.contains(t) && !cache.forgetting.contains(*t)).cloned().collect();
    if !stale.is_empty() {
        cache.forgetting.extend(stale.iter().cloned());
        fx.push(Cmd::ForgetTracks(stale));
    }
    let here = oc.cursor.selected;
    let missing = |r: std::ops::Range<usize>| {
        let mut m: Vec<(usize, TrackId)> = ids(r)
            .filter(|(_, t)| {
                !cache.known.contains_key(*t) && !cache.requested.contains(*t) && !cache.failed.contains(*t)
            })
            .map(|(i, t)| (i, t.clone()))
            .collect();
        m.sort_by_key(|(i, _)| i.abs_diff(here));
        m.into_iter().map(|(_, t)| t).collect::<Vec<_>>()
    };
    let screen_end = (w.start + rows).min(w.end);
    let screen = missing(w.start..screen_end);
    let ahead = missing(screen_end..w.end);
    if len <= LIBRARY_THRESHOLD {
        if oc.library == LibraryState::NotStarted && !screen.is_empty() {
            oc.library = LibraryState::Loading;
            fx.push(Cmd::LoadLibrary { id: oc.id.clone(), offset: 0 });
        }
        if oc.library != LibraryState::Done {
            return false;
        }
    }
    let in_flight = cache.requested.len() - cache.forgetting.len().min(cache.requested.len());
    let (spend, ahead_ok) = allowance(budget, in_flight);
    let free = MAX_TITLE_REQUESTS.saturating_sub(in_flight).min(spend);
    let held_back = !screen.is_empty() && spend == 0;
    let all_asked = screen.len() <= free;
    let mut sent = 0;
    for t in screen.into_iter().take(free) {
        cache.requested.insert(t.clone());
        fx.push(Cmd::LoadTrack { id: t });
        sent += 1;
    }
    if all_asked && ahead_ok {
        let free = AHEAD_TITLE_REQUESTS.saturating_sub(in_flight + sent).min(spend.saturating_sub(sent));
        for t in ahead.into_iter().take(free) {
            cache.requested.insert(t.clone());
            fx.push(Cmd::LoadTrack { id: t });
        }
    }
    held_back
}
