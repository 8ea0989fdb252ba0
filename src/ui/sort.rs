//! The sort menu: what to sort by (the same key again reverses), a line that says the saved order
//! changes, and its keys (from the keymap).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::Scope;
use crate::app::sort::SortKey;
use crate::text::clean;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(m) = &app.sort_menu else { return };
    let name = clean(&m.name);
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
        format!(" This changes the saved order of {name} on the server (u undoes it)."),
        theme.warning,
    )));
    lines.push(Line::raw(""));
    lines.push(super::popup::keys(app, theme, Scope::Sort));
    super::popup::draw(frame, area, theme, "Sort", lines, 64);
}
