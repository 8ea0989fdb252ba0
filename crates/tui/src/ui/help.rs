//! The help popup: every binding of the keymap, with what it does.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::{Action, Scope};

/// The popup, as tall as the screen allows; when the keys do not all fit, it scrolls from `top` (↑/↓).
pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, top: usize) {
    let count = app.prefs.keys.main_screen().count();
    let height = u16::try_from(count + 2).unwrap_or(u16::MAX).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(76)]).flex(Flex::Center).areas(row);
    let rows = usize::from(height.saturating_sub(2));
    let top = top.min(count.saturating_sub(rows));
    let lines: Vec<Line> = app
        .prefs
        .keys
        .main_screen()
        .skip(top)
        .take(rows)
        .map(|b| {
            // On a narrow screen the description ends with `…` where it is cut, never mid-word silently.
            let room = usize::from(popup.width.saturating_sub(2)).saturating_sub(15);
            Line::from(vec![
                Span::styled(format!(" {:<14}", b.label), theme.key),
                Span::raw(freddy_api::text::fit(&app.prefs.keys.help_of(b), room)),
            ])
        })
        .collect();
    frame.render_widget(Clear, popup);
    let key = |a: Action| app.prefs.keys.key_for(Scope::Everywhere, a);
    let more = if rows < count {
        format!(" {}–{} of {count}, {}{} scroll ·", top + 1, top + rows, key(Action::Up), key(Action::Down))
    } else {
        String::new()
    };
    let block = Block::bordered()
        .title(" Keys ")
        .title_bottom(format!("{more} {} closes ", key(Action::Cancel)))
        .border_style(theme.border_focused);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
