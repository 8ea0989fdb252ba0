//! Drawing: `draw(&App, &mut Frame)`. Pure: state in, cells out; no I/O, no mutation. Only the rows on
//! screen are built, so a frame costs the same for 100 or 100,000 tracks.

mod chooser;
mod collections;
mod confirm;
mod details;
mod form;
mod format;
mod header;
mod help;
mod messages;
mod picker;
mod popup;
mod search;
pub(crate) mod setup;
mod sort;
mod status;
pub mod svg;
pub mod theme;
mod tracks;

#[cfg(test)]
mod tests;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::{App, Popup, Viewport};
pub use format::{date, duration};

/// Narrower than this, one pane at a time (Tab switches).
pub const TWO_PANES_FROM: u16 = 70;
/// Smaller than this, only a message asking for a larger terminal.
pub const SMALLEST: (u16, u16) = (30, 8);

/// The regions of the screen. Below `TWO_PANES_FROM` columns both panes get the whole middle and only
/// the focused one is drawn.
pub struct Areas {
    pub header: Rect,
    pub collections: Rect,
    pub tracks: Rect,
    pub status: Rect,
    pub hints: Rect,
    pub one_pane: bool,
}

/// Splits the screen: header, the two panes (or one), status line, hint bar.
pub fn areas(area: Rect) -> Areas {
    let [header, main, status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    if area.width < TWO_PANES_FROM {
        return Areas { header, collections: main, tracks: main, status, hints, one_pane: true };
    }
    let left = (main.width * 3 / 10).clamp(20, 40).min(main.width / 2);
    let [collections, tracks] = Layout::horizontal([Constraint::Length(left), Constraint::Min(10)]).areas(main);
    Areas { header, collections, tracks, status, hints, one_pane: false }
}

/// What is under the pointer at (`column`, `row`) on a `width`×`height` screen: a pane, and the line of
/// its list (0 for its first row on screen), if on one.
pub fn hit(
    width: u16,
    height: u16,
    focus: crate::app::Pane,
    column: u16,
    row: u16,
) -> Option<(crate::app::Pane, Option<usize>)> {
    use crate::app::Pane;
    let a = areas(Rect::new(0, 0, width, height));
    let pos = ratatui::layout::Position::new(column, row);
    let (pane, rect) = if a.one_pane {
        (focus, if focus == Pane::Collections { a.collections } else { a.tracks })
    } else if a.collections.contains(pos) {
        (Pane::Collections, a.collections)
    } else if a.tracks.contains(pos) {
        (Pane::Tracks, a.tracks)
    } else {
        return None;
    };
    if !rect.contains(pos) {
        return None;
    }
    // Below the border (and the tracks table's header line), above the bottom border.
    let first = rect.y + if pane == Pane::Tracks { 2 } else { 1 };
    let line = (row >= first && row + 1 < rect.y + rect.height).then(|| usize::from(row - first));
    Some((pane, line))
}

/// The popup key under a click (its hints are buttons), for the popup open now.
pub fn popup_click(app: &App, width: u16, height: u16, column: u16, row: u16) -> Option<crate::app::keymap::Action> {
    let area = Rect::new(0, 0, width, height);
    match app.popup {
        Some(Popup::Confirm(_)) => confirm::click(app, area, (column, row)),
        Some(Popup::Sort(_)) => sort::click(app, area, (column, row)),
        _ => None,
    }
}

/// How many rows each pane shows at this terminal size (borders and the table header taken off).
pub fn viewport(width: u16, height: u16) -> Viewport {
    let a = areas(Rect::new(0, 0, width, height));
    Viewport {
        collection_rows: usize::from(a.collections.height.saturating_sub(2)).max(1),
        track_rows: usize::from(a.tracks.height.saturating_sub(3)).max(1),
    }
}

/// Draws the whole app in `theme` (the run's, chosen once at start: drawing reads no environment).
pub fn draw(app: &App, theme: &theme::Theme, frame: &mut Frame) {
    let whole = frame.area();
    if whole.width < SMALLEST.0 || whole.height < SMALLEST.1 {
        let quit = app.prefs.keys.key_for(crate::app::keymap::Scope::Everywhere, crate::app::keymap::Action::Quit);
        let text = format!(
            "Enlarge the terminal: freddy-music needs at least {}×{} (this one is {}×{}). {quit} quits.",
            SMALLEST.0, SMALLEST.1, whole.width, whole.height
        );
        let para = ratatui::widgets::Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(para, whole);
        return;
    }
    let a = areas(whole);
    let theme = *theme;
    header::draw(app, &theme, frame, a.header);
    let focus = app.focus;
    if !a.one_pane || focus == crate::app::Pane::Collections {
        collections::draw(app, &theme, frame, a.collections);
    }
    if !a.one_pane || focus == crate::app::Pane::Tracks {
        tracks::draw(app, &theme, frame, a.tracks);
    }
    if status::draw_long_status(app, &theme, frame, a.status.union(a.hints)) {
        // A long error or warning takes the hint bar's line too, until the next message.
    } else {
        status::draw_status(app, &theme, frame, a.status);
        status::draw_hints(app, &theme, frame, a.hints, a.one_pane);
    }
    let area = frame.area();
    match &app.popup {
        None => {}
        Some(Popup::Help { top }) => help::draw(app, &theme, frame, area, *top),
        Some(Popup::Messages) => messages::draw(app, &theme, frame, area),
        Some(Popup::Confirm(_)) => confirm::draw(app, &theme, frame, area),
        Some(Popup::Sort(_)) => sort::draw(app, &theme, frame, area),
        Some(Popup::Form(_) | Popup::Delete(_)) => form::draw(app, &theme, frame, area),
        Some(Popup::Picker(_)) => picker::draw(app, &theme, frame, area),
        Some(Popup::Chooser(_)) => chooser::draw(app, &theme, frame, area),
        Some(Popup::Details(_)) => details::draw(app, &theme, frame, area),
        Some(Popup::GoTo(_)) => details::draw_go_to(app, &theme, frame, area),
        Some(Popup::Search(_)) => search::draw(app, &theme, frame, area),
    }
}
