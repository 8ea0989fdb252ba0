//! A popup box in the middle of the screen: as tall as its lines once wrapped (so a long message never
//! pushes the keys out), at most `max_width` wide, over whatever is below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme::Theme;

pub(super) fn draw(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, lines: Vec<Line>, max_width: u16) {
    let popup = rect(area, &lines, max_width);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(format!(" {title} ")).border_style(theme.border_focused);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), popup);
}

/// Where a popup of these lines goes.
fn rect(area: Rect, lines: &[Line], max_width: u16) -> Rect {
    let width = area.width.min(max_width);
    let height = u16::try_from(rows_before(lines, lines.len(), width) + 2).unwrap_or(u16::MAX).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(row);
    popup
}

/// Screen rows the first `n` lines take once wrapped in a popup `width` wide.
fn rows_before(lines: &[Line], n: usize, width: u16) -> usize {
    let inner = usize::from(width.saturating_sub(2)).max(1);
    lines.iter().take(n).map(|l| l.width().div_ceil(inner).max(1)).sum()
}

/// The action of the key hint under a click at (`column`, `row`), when the click is on the popup's line
/// of keys (line `keys_line` of `lines`, drawn by `keys`): its hints work as buttons.
pub(super) fn button_at(
    app: &crate::app::App,
    scope: crate::app::keymap::Scope,
    (area, lines, max_width): (Rect, &[Line], u16),
    keys_line: usize,
    (column, row): (u16, u16),
) -> Option<crate::app::keymap::Action> {
    let popup = rect(area, lines, max_width);
    let y = popup.y + 1 + u16::try_from(rows_before(lines, keys_line, popup.width)).ok()?;
    if row != y || column <= popup.x {
        return None;
    }
    let x = usize::from(column - popup.x - 1);
    let mut start = 1;
    for (action, k, w) in app.prefs.keys.hint_actions(scope) {
        let len = freddy_api::text::width(k) + 1 + freddy_api::text::width(w);
        if (start..start + len).contains(&x) {
            return Some(action);
        }
        start += len + 2;
    }
    None
}

/// A popup's line of keys, from the keymap in use: `Enter sort  Esc cancel`.
pub(super) fn keys(app: &crate::app::App, theme: &Theme, scope: crate::app::keymap::Scope) -> Line<'static> {
    let mut spans = vec![ratatui::text::Span::raw(" ")];
    for (k, word) in app.prefs.keys.hints(scope) {
        spans.push(ratatui::text::Span::styled(k.to_string(), theme.key));
        spans.push(ratatui::text::Span::raw(format!(" {word}  ")));
    }
    Line::from(spans)
}
