//! The help popup: every binding of the keymap, with what it does.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme::Theme;
use crate::app::keymap::main_screen;

pub fn draw(theme: &Theme, frame: &mut Frame, area: Rect) {
    let height = u16::try_from(main_screen().count() + 2).unwrap_or(u16::MAX);
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(76)]).flex(Flex::Center).areas(row);
    let lines: Vec<Line> = main_screen()
        .map(|b| Line::from(vec![Span::styled(format!(" {:<14}", b.label), theme.key), Span::raw(b.help)]))
        .collect();
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(" Keys ").title_bottom(" Esc closes ").border_style(theme.border_focused);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
