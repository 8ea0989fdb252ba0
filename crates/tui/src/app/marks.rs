//! Marks: Space marks or unmarks and moves down; `V` starts a range that `V` or Space adds to the marks
//! (rows not loaded yet are fetched first); `*` inverts the marks over the loaded rows; Esc cancels a
//! range, then clears the marks. Marks belong to their collection and survive switching away and back.

use super::keymap::Action;
use super::state::*;

/// Space: ends a range in progress, or toggles the selected track's mark and moves down.
pub(super) fn toggle(app: &mut App) {
    if app.marks.range.is_some() {
        end_range(app);
        return;
    }
    let Some(oc) = app.open.as_ref() else { return };
    let Some(track) = app.selected_track().map(|m| m.track_id.clone()) else {
        super::open::no_row(app, "mark");
        return;
    };
    let marks = app.marks.sets.entry(oc.id.clone()).or_default();
    if !marks.remove(&track) {
        marks.insert(track);
    }
    super::open::with_cursor(app, |c, n, rows| c.shift(1, n, rows));
}

/// `V`: starts a range at the cursor, or ends the one in progress.
pub(super) fn range_key(app: &mut App) {
    if app.marks.range.is_some() {
        end_range(app);
        return;
    }
    let Some(oc) = app.open.as_ref().filter(|oc| oc.row_count() > 0) else { return };
    app.marks.range = Some(oc.cursor.selected);
    let keys = std::sync::Arc::clone(&app.prefs.keys);
    let said = Said::from("Range started: move to extend it; ")
        .key(&keys, Action::Range)
        .text(" or ")
        .key(&keys, Action::Mark)
        .text(" marks it, ")
        .key(&keys, Action::Cancel)
        .text(" cancels");
    app.say(Tone::Info, said);
}

/// Adds the range (anchor to cursor) to the marks; rows not loaded yet are fetched first and marked when
/// they arrive (`after_members`).
pub(super) fn end_range(app: &mut App) {
    let Some(anchor) = app.marks.range.take() else { return };
    let Some(oc) = app.open.as_ref() else { return };
    let (lo, hi) = (anchor.min(oc.cursor.selected), anchor.max(oc.cursor.selected));
    if (lo..=hi).all(|i| oc.member(i).is_some()) {
        mark_rows(app, lo, hi);
        return;
    }
    if app.writes.busy_on(&oc.id) {
        app.say(Tone::Info, "Rows of the range are not loaded yet; wait for the removal to finish, then mark it again");
        return;
    }
    app.marks.range_wait = Some((oc.id.clone(), lo, hi));
    app.say(Tone::Progress, format!("Loading rows {}–{} to mark them…", lo + 1, hi + 1));
}

/// Called when member pages arrive: completes a range that waited for them.
pub(super) fn after_members(app: &mut App) {
    let Some((id, lo, hi)) = app.marks.range_wait.clone() else { return };
    let Some(oc) = app.open.as_ref().filter(|oc| oc.id == id) else {
        app.marks.range_wait = None;
        return;
    };
    let hi = hi.min(oc.row_count().saturating_sub(1));
    if (lo..=hi).all(|i| oc.member(i).is_some()) {
        app.marks.range_wait = None;
        mark_rows(app, lo, hi);
    }
}

/// Marks the rows `lo..=hi` (only the matching ones while a filter is on).
fn mark_rows(app: &mut App, lo: usize, hi: usize) {
    let Some(oc) = app.open.as_ref() else { return };
    let shown = super::filter::on(app, Pane::Tracks).map(|f| &f.hits);
    let rows: Vec<usize> = (lo..=hi).filter(|i| shown.is_none_or(|h| h.binary_search(i).is_ok())).collect();
    let marks = app.marks.sets.entry(oc.id.clone()).or_default();
    let before = marks.len();
    marks.extend(rows.into_iter().filter_map(|i| oc.member(i)).map(|m| m.track_id.clone()));
    let (added, total) = (marks.len() - before, marks.len());
    let keys = std::sync::Arc::clone(&app.prefs.keys);
    let said = Said::from(format!("Marked {added} more ({total} marked); "))
        .key(&keys, Action::Remove)
        .text(" removes them, ")
        .key(&keys, Action::Cancel)
        .text(" clears");
    app.say(Tone::Info, said);
}

/// `*`: inverts the marks over every loaded row of the open collection (only the matching rows while a
/// filter is on).
pub(super) fn invert(app: &mut App) {
    let Some(oc) = app.open.as_ref() else { return };
    let filtered = super::filter::on(app, Pane::Tracks).is_some();
    let rows = super::filter::visible_rows(app, Pane::Tracks, oc.rows.len());
    let marks = app.marks.sets.entry(oc.id.clone()).or_default();
    for m in rows.into_iter().filter_map(|i| oc.member(i)) {
        if !marks.remove(&m.track_id) {
            marks.insert(m.track_id.clone());
        }
    }
    let n = marks.len();
    let loaded = oc.rows.iter().flatten().count();
    let note = match (filtered, loaded < oc.row_count()) {
        (true, _) => " (over the matching rows)",
        (false, true) => " (over the loaded rows)",
        _ => "",
    };
    app.say(Tone::Info, format!("{n} marked{note}"));
}

/// Esc after popups: cancels a range in progress. Whether there was one.
pub(super) fn cancel_range(app: &mut App) -> bool {
    if app.marks.range.take().is_some() || app.marks.range_wait.take().is_some() {
        app.say(Tone::Info, "Range cancelled");
        return true;
    }
    false
}

/// Esc after a range and a filter: clears the open collection's marks. Whether there were any.
pub(super) fn cancel(app: &mut App) -> bool {
    let Some(id) = app.open.as_ref().map(|oc| oc.id.clone()) else { return false };
    match app.marks.sets.remove(&id) {
        Some(m) if !m.is_empty() => {
            let n = m.len();
            app.say(Tone::Info, if n == 1 { "Cleared 1 mark".to_string() } else { format!("Cleared {n} marks") });
            true
        }
        _ => false,
    }
}
