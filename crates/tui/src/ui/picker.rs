//! The library picker: a filter line, the tracks (marked `●`, those already in the collection said so,
//! matched letters highlighted) and its keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::format::{duration, highlighted};
use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::Scope;
use crate::app::state::PICKER_ROWS;
use crate::app::state::matched_chars;
use freddy_api::text::{clean, fit, width};

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(p) = app.picker() else { return };
    let height = u16::try_from(PICKER_ROWS + 6).unwrap_or(u16::MAX).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(area.width.min(72))]).flex(Flex::Center).areas(row);
    frame.render_widget(Clear, popup);
    let more = if p.done { "" } else { "+" };
    let title = format!(" Add to {} · library: {}{more} ", clean(&p.name), p.items.len());
    let block = Block::bordered()
        .title(fit(&title, usize::from(popup.width).saturating_sub(2)))
        .border_style(theme.border_focused);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let inner_width = usize::from(inner.width);
    let mut lines = Vec::new();
    let loading = if p.loading { " (loading more…)" } else { "" };
    lines.push(Line::from(vec![
        Span::styled(" /", theme.key),
        Span::raw(clean(&p.query).into_owned()),
        Span::styled("█", theme.key),
        Span::styled(format!("  {} of {}{loading}", p.hits.len(), p.items.len()), theme.dim),
    ]));
    let rows = usize::from(inner.height).saturating_sub(3).min(PICKER_ROWS);
    let top = p.cursor.top.max((p.cursor.selected + 1).saturating_sub(rows));
    let query = Some(p.query.as_str()).filter(|q| !q.is_empty());
    for (at, &i) in p.hits.iter().enumerate().skip(top).take(rows) {
        let Some(t) = p.items.get(i) else { continue };
        let member = p.member(app.open.as_ref(), &t.id);
        let mark = if p.marked.contains(&t.id) { "●" } else { " " };
        let tag = if member { "  in collection" } else { "" };
        let time = format!("{:>7}", duration(t.measured_duration_seconds));
        let label = t.title.clone().unwrap_or_else(|| t.id.to_string());
        let room = inner_width.saturating_sub(3 + width(tag) + time.len() + 1);
        let label = fit(&label, room);
        let pad = room.saturating_sub(width(&label));
        let mut spans = vec![Span::styled(format!(" {mark} "), theme.marked)];
        match query {
            Some(q) => spans.extend(highlighted(&label, &matched_chars(&app.matcher, q, &label), theme.matched)),
            None => spans.push(Span::raw(label)),
        }
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(tag, theme.dim));
        spans.push(Span::raw(format!("{time} ")));
        let style = if at == p.cursor.selected {
            theme.selected
        } else if member {
            theme.dim
        } else {
            Style::new()
        };
        lines.push(Line::from(spans).style(style));
    }
    if p.hits.is_empty() {
        let text = match (&p.error, p.loading) {
            (Some(e), _) => clean(e).into_owned(),
            (None, true) => "Loading the library…".to_string(),
            (None, false) if p.items.is_empty() => "Your library is empty.".to_string(),
            (None, false) => "No track matches.".to_string(),
        };
        lines.push(Line::from(Span::styled(format!(" {text}"), theme.dim)));
    }
    while lines.len() < rows + 1 {
        lines.push(Line::raw(""));
    }
    let marked = if p.marked.is_empty() { String::new() } else { format!("{} marked · ", p.marked.len()) };
    let mut keys = vec![Span::styled(format!(" {marked}"), theme.marked)];
    for (k, word) in app.prefs.keys.hints(Scope::Picker) {
        keys.push(Span::styled(k, theme.key));
        keys.push(Span::raw(format!(" {word}  ")));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(keys));
    frame.render_widget(Paragraph::new(lines), inner);
}
