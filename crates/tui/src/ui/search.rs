//! The search across collections: what was typed, the results ("title · collection · #position", the
//! matched letters highlighted) and how far the mirror's sync has come.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::format::{highlighted, thousands};
use super::theme::Theme;
use crate::app::state::{SEARCH_ROWS, matched_chars};
use crate::app::{App, Popup};
use freddy_api::text::{clean, fit, width};

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(Popup::Search(s)) = &app.popup else { return };
    // Above the status line and the hint bar, which has the keys.
    let area = Rect { height: area.height.saturating_sub(2), ..area };
    let height = u16::try_from(SEARCH_ROWS + 4).unwrap_or(u16::MAX).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(area.width.min(80))]).flex(Flex::Center).areas(row);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(" Find in every collection ").border_style(theme.border_focused);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let w = usize::from(inner.width);
    let state = match (&s.error, s.syncing) {
        (Some(e), _) => Span::styled(format!("  the mirror as it was: {}", clean(e)), theme.warning),
        (None, Some((done, total))) if total > 0 => {
            Span::styled(format!("  reading collections {done}/{total}…"), theme.progress)
        }
        (None, Some(_)) => Span::styled("  checking the mirror…", theme.progress),
        (None, None) => Span::styled(format!("  {} tracks mirrored", thousands(s.entries.len() as u64)), theme.dim),
    };
    let count = if s.query.is_empty() { String::new() } else { format!("  {} found", thousands(s.hits.len() as u64)) };
    let mut lines = vec![Line::from(vec![
        Span::styled(" /", theme.key),
        Span::raw(clean(&s.query).into_owned()),
        Span::styled("█", theme.key),
        Span::styled(count, theme.dim),
        state,
    ])];
    let rows = usize::from(inner.height).saturating_sub(1).min(SEARCH_ROWS);
    let top = s.cursor.top.max((s.cursor.selected + 1).saturating_sub(rows));
    for (at, &i) in s.hits.iter().enumerate().skip(top).take(rows) {
        let Some(f) = s.entries.get(i) else { continue };
        let place = format!(" · {} #{}", clean(&f.collection_name), thousands(f.position as u64 + 1));
        let place = fit(&place, w / 2);
        let title = fit(&clean(&f.title), w.saturating_sub(width(&place) + 2));
        let mut spans = vec![Span::raw(" ")];
        spans.extend(highlighted(&title, &matched_chars(&app.matcher, &s.query, &title), theme.matched));
        spans.push(Span::styled(place, theme.dim));
        let line = Line::from(spans);
        lines.push(if at == s.cursor.selected { line.style(theme.selected) } else { line });
    }
    if s.query.is_empty() {
        lines.push(Line::from(Span::styled(" Type part of a title.", theme.dim)));
    } else if s.hits.is_empty() && s.syncing.is_none() {
        lines.push(Line::from(Span::styled(" No title matches.", theme.dim)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
