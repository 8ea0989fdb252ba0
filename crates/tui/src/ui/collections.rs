//! The left pane: the caller's collections, with the track count once known.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::format::{highlighted, thousands};
use super::theme::Theme;
use crate::app::keymap::{Action, Scope};
use crate::app::state::MAX_ROWS;
use crate::app::{App, Pane, filter};
use freddy_api::text::{clean, fit, width as columns};

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Collections;
    let list = &app.collections;
    let filter = filter::on(app, Pane::Collections);
    let count = match filter {
        Some(f) if !f.query.is_empty() => {
            format!(" /{} {} of {}", clean(&f.query), f.hits.len(), list.items.len())
        }
        _ if list.loaded => format!(" ({})", list.items.len()),
        _ => String::new(),
    };
    let title = format!(" {} ", fit(&format!("Collections{count}"), usize::from(area.width).saturating_sub(4)));
    let block = Block::bordered().title(title).border_style(if focused { theme.border_focused } else { theme.border });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if list.items.is_empty() {
        // A failed load says so (with its remedy), never "No collections yet".
        let key = |a| app.prefs.keys.key_for(Scope::Everywhere, a);
        let (text, style) = match (&list.error, list.loading) {
            (_, true) => ("Loading collections…".to_string(), theme.dim),
            (Some(e), false) => (format!("{}\n\nPress {} to retry.", clean(e), key(Action::Refresh)), theme.error),
            (None, false) => {
                (format!("No collections yet: press {} to create one.", key(Action::NewCollection)), theme.dim)
            }
        };
        let para = Paragraph::new(text).style(style).wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(para, inner);
        return;
    }
    let width = usize::from(inner.width);
    let open = app.open.as_ref().map(|oc| &oc.id);
    let rows = usize::from(inner.height);
    // The rows on screen: a window of the matches while a filter is on, else of every collection.
    let (shown, selected): (Vec<usize>, usize) = match filter {
        Some(f) => (f.hits.iter().copied().skip(f.cursor.top).take(rows).collect(), list.cursor.selected),
        None => ((list.cursor.top..list.items.len()).take(rows).collect(), list.cursor.selected),
    };
    if filter.is_some() && shown.is_empty() {
        let text = "No collection matches the filter.";
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), inner);
        return;
    }
    let query = filter.map(|f| f.query.as_str()).filter(|q| !q.is_empty());
    let lines: Vec<Line> = shown
        .into_iter()
        .filter_map(|i| list.items.get(i).map(|e| (i, e)))
        .map(|(i, e)| {
            let count = match e.track_count {
                Some(n) if n > MAX_ROWS as u64 => format!("{}+", thousands(MAX_ROWS as u64)),
                Some(n) => thousands(n),
                None => String::new(),
            };
            let marker = if open == Some(&e.collection.id) { "▸ " } else { "  " };
            let name_width = width.saturating_sub(count.len() + 3);
            let name = fit(&e.collection.name, name_width);
            let pad = width.saturating_sub(2 + columns(&name) + count.len());
            let style = match (i == selected, focused, open == Some(&e.collection.id)) {
                (true, true, _) => theme.selected,
                (true, false, _) => theme.selected_unfocused,
                (false, _, true) => theme.open,
                _ => ratatui::style::Style::new(),
            };
            let mut spans = vec![Span::raw(marker)];
            match query {
                Some(q) => spans.extend(highlighted(
                    &name,
                    &crate::app::state::matched_chars(&app.matcher, q, &name),
                    theme.matched,
                )),
                None => spans.push(Span::raw(name)),
            }
            spans.push(Span::raw(format!("{}{count}", " ".repeat(pad))));
            Line::from(spans).style(style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
