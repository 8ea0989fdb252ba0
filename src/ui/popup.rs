//! A popup box in the middle of the screen: as tall as its lines once wrapped (so a long message never
//! pushes the keys out), at most `max_width` wide, over whatever is below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, lines: Vec<Line>, max_width: u16) {
    let width = area.width.min(max_width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(row);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(format!(" {title} ")).border_style(theme.border_focused);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), popup);
}

/// A popup's line of keys, from the keymap in use: `Enter sort  Esc cancel`.
pub fn keys(app: &crate::app::App, theme: &Theme, scope: crate::app::keymap::Scope) -> Line<'static> {
    let mut spans = vec![ratatui::text::Span::raw(" ")];
    for (k, word) in app.keys.hints(scope) {
        spans.push(ratatui::text::Span::styled(k.to_string(), theme.key));
        spans.push(ratatui::text::Span::raw(format!(" {word}  ")));
    }
    Line::from(spans)
}
