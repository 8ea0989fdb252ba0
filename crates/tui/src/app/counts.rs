//! Counts and go-to. Digits typed before a motion or an edit count it, as in vim: `5j` moves five rows,
//! `12G` (or `12g`) goes to row 12, `10J` moves the track ten places (one move, sent once), `3d` removes
//! three tracks from the cursor (through the same confirm as marks). A count acts on the cursor's track:
//! with marks it is refused. Esc clears a pending count. `:` opens a prompt for a row's position (1-based,
//! as shown). Digits are never keys of their own.

use crossterm::event::KeyEvent;

use super::keymap::{Action, Scope, typed_char};
use super::msg::Cmd;
use super::open::with_cursor;
use super::state::*;
use super::{moves, writes};

/// A digit on the main screen: the pending count grows by it (a lone 0 counts nothing). Whether the key
/// was a digit.
pub(super) fn digit(app: &mut App, key: &KeyEvent) -> bool {
    let Some(d) = typed_char(key).and_then(|c| c.to_digit(10)) else { return false };
    let d = d as usize;
    if app.count.is_some() || d > 0 {
        let n = app.count.unwrap_or(0).saturating_mul(10).saturating_add(d);
        app.count = Some(n.min(MAX_ROWS));
    }
    true
}

/// An action with the count typed before it. Whether the count was used (an action that takes no count
/// runs once, as without one).
pub(super) fn counted(app: &mut App, action: Action, n: usize, fx: &mut Vec<Cmd>) -> bool {
    let tracks = app.focus == Pane::Tracks;
    let steps = isize::try_from(n).unwrap_or(isize::MAX);
    match action {
        Action::Down => with_cursor(app, |c, len, rows| c.shift(steps, len, rows)),
        Action::Up => with_cursor(app, |c, len, rows| c.shift(-steps, len, rows)),
        Action::PageDown => with_cursor(app, |c, len, rows| c.shift(steps.saturating_mul(page(rows)), len, rows)),
        Action::PageUp => with_cursor(app, |c, len, rows| c.shift(-steps.saturating_mul(page(rows)), len, rows)),
        Action::Top | Action::Bottom => go_to(app, n),
        Action::MoveDown | Action::MoveUp if tracks => {
            if !refused_with_marks(app) {
                moves::move_by(app, action == Action::MoveDown, n, fx);
            }
        }
        Action::Remove if tracks => {
            if !refused_with_marks(app) {
                writes::remove_rows(app, n, fx);
            }
        }
        _ => return false,
    }
    follow(app);
    true
}

fn page(rows: usize) -> isize {
    isize::try_from(rows.max(1)).unwrap_or(1)
}

/// Keeps the focused pane's cursor on screen after a counted motion.
fn follow(app: &mut App) {
    let rows = app.viewport.track_rows;
    if app.focus == Pane::Tracks
        && let Some(oc) = app.open.as_mut()
    {
        let n = oc.row_count();
        oc.cursor.follow(n, rows);
    }
}

/// A count acts on the cursor's track; with marks it would be unclear which. Whether it was refused.
fn refused_with_marks(app: &mut App) -> bool {
    if app.open_marks().is_none() {
        return false;
    }
    let said = Said::from("A count acts on one track, not on marks: press ")
        .key(&app.prefs.keys, Action::Cancel)
        .text(" to clear the marks first");
    app.say(Tone::Info, said);
    true
}

/// Puts the focused pane's cursor on row `n` (1-based, the position shown; past the end: the last row).
/// While a filter is on, on the first matching row at or after it (the last match when none is).
pub(super) fn go_to(app: &mut App, n: usize) {
    let target = n.saturating_sub(1);
    let (rows, at) = match super::filter::on(app, app.focus) {
        Some(f) => (f.hits.len(), f.hits.partition_point(|&r| r < target)),
        None => match app.focus {
            Pane::Tracks => (app.open.as_ref().map_or(0, OpenCollection::row_count), target),
            Pane::Collections => (app.collections.items.len(), target),
        },
    };
    with_cursor(app, |c, len, rows| c.jump(at, len, rows));
    let total = match app.focus {
        Pane::Tracks => app.open.as_ref().map_or(0, OpenCollection::row_count),
        Pane::Collections => app.collections.items.len(),
    };
    if n > total && total > 0 {
        app.say(Tone::Info, format!("There are {} rows: at the last", freddy_api::text::thousands(total as u64)));
    } else if at >= rows && rows > 0 {
        app.say(
            Tone::Info,
            format!("No matching row at or after #{}: at the last match", freddy_api::text::thousands(n as u64)),
        );
    }
}

/// `:`: the go-to prompt (not over an empty pane).
pub(super) fn open_prompt(app: &mut App) {
    let empty = match app.focus {
        Pane::Tracks => app.open.as_ref().is_none_or(OpenCollection::is_empty),
        Pane::Collections => app.collections.items.is_empty(),
    };
    if empty {
        match app.focus {
            Pane::Tracks => super::open::no_row(app, "go to"),
            Pane::Collections => app.say(Tone::Info, "There are no collections to go to"),
        }
        return;
    }
    app.popup = Some(Popup::GoTo(String::new()));
}

/// A key in the go-to prompt: digits are typed, the rest are its actions.
pub(super) fn prompt_key(app: &mut App, key: &KeyEvent) {
    let action = app.prefs.keys.popup_action_for(Scope::GoTo, key);
    let Some(Popup::GoTo(typed)) = app.popup.as_mut() else { return };
    match (action, typed_char(key)) {
        (Some(Action::No), _) => app.popup = None,
        (Some(Action::Erase), _) => {
            typed.pop();
        }
        (Some(Action::ClearField), _) => typed.clear(),
        (Some(Action::Yes), _) => match typed.replace([',', '_', ' '], "").parse::<usize>() {
            Ok(n) if n > 0 => {
                app.popup = None;
                go_to(app, n);
            }
            _ => app.say(Tone::Info, "Type a row's position: 1 is the first"),
        },
        // Twelve digits are more rows than any collection has.
        (None, Some(c)) if c.is_ascii_digit() && typed.len() >= 12 => {}
        (None, Some(c)) if c.is_ascii_digit() || (matches!(c, ',' | '_') && !typed.is_empty()) => typed.push(c),
        (None, Some(_)) => app.say(Tone::Info, "Only digits: the position of a row (1 is the first)"),
        _ => {}
    }
}
