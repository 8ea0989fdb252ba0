//! The sort menu: what to sort by (the same key again reverses), a line that says the saved order
//! changes, and its keys (from the keymap).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::Scope;
use crate::app::state::SortKey;
use freddy_api::text::clean;

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some((lines, _)) = lines(app, theme) {
        super::popup::draw(frame, area, theme, "Sort", lines, WIDTH);
    }
}

const WIDTH: u16 = 64;

/// What a click at (`column`, `row`) presses in the menu, if it is on one of its keys.
pub(super) fn click(app: &App, area: Rect, at: (u16, u16)) -> Option<crate::app::keymap::Action> {
    let (lines, keys_line) = lines(app, &Theme::mono())?;
    super::popup::button_at(app, Scope::Sort, (area, &lines, WIDTH), keys_line, at)
}

/// The menu's lines, and which of them holds its keys.
fn lines(app: &App, theme: &Theme) -> Option<(Vec<Line<'static>>, usize)> {
    let m = app.sort_menu()?;
    let name = clean(&m.name).into_owned();
    let mut lines = vec![Line::from(Span::styled(format!("Sort {name} by:"), theme.title)), Line::raw("")];
    for (key, k) in [(SortKey::Title, "t"), (SortKey::Duration, "d"), (SortKey::Added, "a")] {
        let chosen = m.key == Some(key);
        let mut spans =
            vec![Span::raw(if chosen { " ▸ " } else { "   " }), Span::styled(k, theme.key), Span::raw("  ")];
        let word = format!("{:<11}", key.word());
        spans.push(if chosen { Span::styled(word, theme.selected) } else { Span::raw(word) });
        if chosen {
            spans.push(Span::raw(format!("  {}", key.direction(m.descending))));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        format!(
            " This changes the saved order of {name} on the server ({} undoes it).",
            app.prefs.keys.key_for(Scope::Everywhere, crate::app::keymap::Action::Undo)
        ),
        theme.warning,
    )));
    lines.push(Line::raw(""));
    let keys_line = lines.len();
    lines.push(super::popup::keys(app, theme, Scope::Sort));
    Some((lines, keys_line))
}
