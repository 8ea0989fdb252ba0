//! Drawing: `draw(&App, &mut Frame)`. Pure: state in, cells out; no I/O, no mutation. Only the rows on
//! screen are built, so a frame costs the same for 100 or 100,000 tracks.

mod chooser;
mod collections;
mod confirm;
mod form;
mod format;
mod header;
mod help;
mod picker;
mod popup;
pub mod setup;
mod sort;
mod status;
pub mod theme;
mod tracks;

#[cfg(test)]
mod tests;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::{App, Viewport};
pub use format::{date, duration};

/// The regions of the screen.
pub struct Areas {
    pub header: Rect,
    pub collections: Rect,
    pub tracks: Rect,
    pub status: Rect,
    pub hints: Rect,
}

/// Splits the screen: header, the two panes, status line, hint bar.
pub fn areas(area: Rect) -> Areas {
    let [header, main, status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    let left = (main.width * 3 / 10).clamp(20, 40).min(main.width / 2);
    let [collections, tracks] = Layout::horizontal([Constraint::Length(left), Constraint::Min(10)]).areas(main);
    Areas { header, collections, tracks, status, hints }
}

/// How many rows each pane shows at this terminal size (borders and the table header taken off).
pub fn viewport(width: u16, height: u16) -> Viewport {
    let a = areas(Rect::new(0, 0, width, height));
    Viewport {
        collection_rows: usize::from(a.collections.height.saturating_sub(2)).max(1),
        track_rows: usize::from(a.tracks.height.saturating_sub(3)).max(1),
    }
}

/// Draws the whole app in this run's theme (see `Theme::current`).
pub fn draw(app: &App, frame: &mut Frame) {
    draw_with(app, &theme::Theme::current(), frame);
}

/// Draws the whole app in `theme`.
pub fn draw_with(app: &App, theme: &theme::Theme, frame: &mut Frame) {
    let a = areas(frame.area());
    let theme = *theme;
    header::draw(app, &theme, frame, a.header);
    collections::draw(app, &theme, frame, a.collections);
    tracks::draw(app, &theme, frame, a.tracks);
    status::draw_status(app, &theme, frame, a.status);
    status::draw_hints(app, &theme, frame, a.hints);
    if app.help {
        help::draw(&theme, frame, frame.area(), app.help_top);
    }
    confirm::draw(app, &theme, frame, frame.area());
    sort::draw(app, &theme, frame, frame.area());
    form::draw(app, &theme, frame, frame.area());
    picker::draw(app, &theme, frame, frame.area());
    chooser::draw(app, &theme, frame, frame.area());
}
