//! The list of collections to copy or move tracks to.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::Scope;
use crate::app::state::CHOOSER_ROWS;
use freddy_api::text::{clean, fit};

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(c) = app.chooser() else { return };
    let n = c.targets.len();
    let what = if n == 1 { "1 track".to_string() } else { format!("{n} tracks") };
    let title = if c.moving {
        format!(" Move {what} from {} to… ", clean(&c.source_name))
    } else {
        format!(" Copy {what} to… ")
    };
    let rows = c.options.len().min(CHOOSER_ROWS);
    let height = u16::try_from(rows + 5).unwrap_or(u16::MAX).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(area.width.min(50))]).flex(Flex::Center).areas(row);
    frame.render_widget(Clear, popup);
    let width = usize::from(popup.width).saturating_sub(2);
    let block = Block::bordered().title(fit(&title, width)).border_style(theme.border_focused);
    let shown = usize::from(height.saturating_sub(5));
    let top = c.cursor.top.max((c.cursor.selected + 1).saturating_sub(shown));
    // The filter line: what was typed (type to filter) and how many match.
    let typed = if c.query.is_empty() { "type to filter".to_string() } else { format!("/{}", clean(&c.query)) };
    let mut lines: Vec<Line> = vec![Line::from(vec![
        Span::raw(" "),
        Span::styled(fit(&typed, width.saturating_sub(14)), theme.key),
        Span::styled(format!("  {} of {}", c.hits.len(), c.options.len()), theme.dim),
    ])];
    lines.extend(
        c.hits.iter().enumerate().skip(top).take(shown).filter_map(|(i, &o)| c.options.get(o).map(|x| (i, x))).map(
            |(i, (_, name))| {
                let text = format!(" {:<w$}", fit(name, width.saturating_sub(2)), w = width.saturating_sub(1));
                let style = if i == c.cursor.selected { theme.selected } else { ratatui::style::Style::new() };
                Line::from(Span::styled(text, style))
            },
        ),
    );
    lines.push(Line::raw(""));
    lines.push(super::popup::keys(app, theme, Scope::Chooser));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
