//! Sorting the open collection: `s` opens a small menu (title, duration, date added; the same key again
//! toggles descending) that says the saved order changes; Enter reads the whole order with titles and
//! durations (the library list filtered by the collection, never a get-track per member), sorts it and
//! sends it as a move: one reorder (chunks on a 413), journaled and undoable like J/K.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::msg::Cmd;
use super::state::*;
use freddy_api::{ApiError, CollectionId, TrackId};

/// `s` in the tracks pane.
pub(super) fn open_menu(app: &mut App) {
    let Some(oc) = app.open.as_ref() else { return };
    if oc.is_empty() {
        app.say(Tone::Info, format!("{} is empty: there is nothing to sort", oc.name));
        return;
    }
    if app.writes.busy_on(&oc.id) || app.sorting.is_some() {
        app.say(Tone::Info, format!("Writes on {} are under way; sort when they are done", oc.name));
        return;
    }
    app.popup =
        Some(Popup::Sort(SortMenu { collection: oc.id.clone(), name: oc.name.clone(), key: None, descending: false }));
}

/// A key of the menu: picks a key (the same one again toggles descending).
pub(super) fn pick(app: &mut App, key: SortKey) {
    let Some(m) = app.sort_menu_mut() else { return };
    if m.key == Some(key) {
        m.descending = !m.descending;
    } else {
        m.key = Some(key);
        m.descending = false;
    }
}

/// ↑/↓ in the menu: the cursor to the previous or next way to sort (its direction starts ascending).
pub(super) fn step(app: &mut App, down: bool) {
    const KEYS: [SortKey; 3] = [SortKey::Title, SortKey::Duration, SortKey::Added];
    let Some(m) = app.sort_menu_mut() else { return };
    let at = m.key.and_then(|k| KEYS.iter().position(|x| *x == k));
    let next = match (at, down) {
        (None, true) => 0,
        (None, false) => KEYS.len() - 1,
        (Some(i), true) => (i + 1).min(KEYS.len() - 1),
        (Some(i), false) => i.saturating_sub(1),
    };
    if m.key != Some(KEYS[next]) {
        m.key = Some(KEYS[next]);
        m.descending = false;
    }
}

/// Enter in the menu: reads the order to sort (when a key is picked).
pub(super) fn apply(app: &mut App, fx: &mut Vec<Cmd>) {
    let Some(m) = app.sort_menu() else { return };
    let Some(key) = m.key else {
        app.say(Tone::Info, "Pick what to sort by first: t title, d duration, a date added");
        return;
    };
    let Some(m) = app.take_sort_menu() else { return };
    app.say(Tone::Progress, format!("Reading the order and titles of {} to sort it…", m.name));
    fx.push(Cmd::LoadOrder { collection: m.collection.clone() });
    app.sorting = Some(Sorting { collection: m.collection, name: m.name, key, descending: m.descending });
}

/// Esc in the menu.
pub(super) fn close(app: &mut App) {
    if app.take_sort_menu().is_some() {
        app.say(Tone::Info, "Not sorted; the order is unchanged");
    }
}

/// The order read: sorts it and sends the new order as a move.
pub(super) fn on_order(
    app: &mut App,
    collection: &CollectionId,
    result: Result<OrderRead, ApiError>,
    fx: &mut Vec<Cmd>,
) {
    let Some(s) = app.sorting.take_if(|s| &s.collection == collection) else { return };
    let read = match result {
        Ok(read) => read,
        Err(e) => {
            app.say(Tone::Error, format!("Could not read {} to sort it: {e}. Nothing changed", s.name));
            return;
        }
    };
    for t in &read.tracks {
        app.tracks.learn(t);
    }
    let current: Vec<TrackId> = read.members.iter().map(|m| m.track_id.clone()).collect();
    let added: HashMap<&TrackId, &str> = read.members.iter().map(|m| (&m.track_id, m.added_at.as_str())).collect();
    let sorted = sorted(&current, |t| app.tracks.known.get(t), |t| added.get(t).copied(), s.key, s.descending);
    let at: HashMap<&TrackId, usize> = current.iter().enumerate().map(|(i, t)| (t, i)).collect();
    let targets: Vec<Target> = sorted
        .iter()
        .enumerate()
        .filter_map(|(to, t)| {
            let from = *at.get(t)?;
            (from != to).then(|| Target::moved(&app.tracks, t, from, to))
        })
        .collect();
    let how = format!("{} ({})", s.key.word(), s.key.direction(s.descending));
    if targets.is_empty() {
        app.say(Tone::Info, format!("{} is already sorted by {how}", s.name));
        return;
    }
    let deepest = targets.iter().map(|t| t.index.max(t.to.unwrap_or(0))).max().unwrap_or(0);
    let prefix = sorted.get(..=deepest).map(<[TrackId]>::to_vec);
    let batch = app.writes.new_batch_id();
    let step = Step { kind: StepKind::Move, batch, collection: s.collection, name: s.name.clone(), tracks: targets };
    let done = format!("Sorted {} by {how}", s.name);
    super::moves::send(app, step, None, Some(read.updated_at), prefix, Some(done), fx);
}

/// The order sorted by `key` (stable: ties keep their order); titles compare case-folded, and tracks
/// without the value sort last whichever the direction.
pub(crate) fn sorted<'a>(
    order: &[TrackId],
    meta: impl Fn(&TrackId) -> Option<&'a super::state::TrackMeta>,
    added: impl Fn(&TrackId) -> Option<&'a str>,
    key: SortKey,
    descending: bool,
) -> Vec<TrackId> {
    #[derive(PartialEq, PartialOrd)]
    enum Value {
        Text(String),
        Number(f64),
    }
    let value = |t: &TrackId| -> Option<Value> {
        match key {
            SortKey::Title => meta(t)?.title.as_deref().map(|s| Value::Text(s.to_lowercase())),
            SortKey::Duration => meta(t)?.duration.filter(|d| d.is_finite()).map(Value::Number),
            SortKey::Added => added(t).map(|s| Value::Text(s.to_string())),
        }
    };
    let mut keyed: Vec<(Option<Value>, &TrackId)> = order.iter().map(|t| (value(t), t)).collect();
    keyed.sort_by(|(a, _), (b, _)| match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(b).unwrap_or(Ordering::Equal);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    keyed.into_iter().map(|(_, t)| t.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::TrackMeta;

    fn t(n: usize) -> TrackId {
        TrackId::parse(format!("mtrack_{n}")).unwrap()
    }

    #[test]
    fn titles_fold_case_missing_values_go_last_and_ties_keep_their_order() {
        let order: Vec<TrackId> = (0..5).map(t).collect();
        let meta: HashMap<TrackId, TrackMeta> = [
            (t(0), TrackMeta { title: Some("beta".into()), duration: Some(30.0) }),
            (t(1), TrackMeta { title: None, duration: None }),
            (t(2), TrackMeta { title: Some("Alpha".into()), duration: Some(30.0) }),
            (t(3), TrackMeta { title: Some("Gamma".into()), duration: Some(10.0) }),
        ]
        .into_iter()
        .collect();
        let m = |x: &TrackId| meta.get(x);
        let none = |_: &TrackId| None;
        assert_eq!(sorted(&order, m, none, SortKey::Title, false), vec![t(2), t(0), t(3), t(1), t(4)]);
        assert_eq!(sorted(&order, m, none, SortKey::Title, true), vec![t(3), t(0), t(2), t(1), t(4)]);
        // Equal durations keep their order (0 before 2); unknown ones last either way.
        assert_eq!(sorted(&order, m, none, SortKey::Duration, false), vec![t(3), t(0), t(2), t(1), t(4)]);
        assert_eq!(sorted(&order, m, none, SortKey::Duration, true), vec![t(0), t(2), t(3), t(1), t(4)]);
    }
}
