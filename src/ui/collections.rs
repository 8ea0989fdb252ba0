//! The left pane: the caller's collections, with the track count once known.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::format::thousands;
use super::theme::Theme;
use crate::app::state::MAX_ROWS;
use crate::app::{App, Pane};
use crate::text::{fit, width as columns};

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Collections;
    let list = &app.collections;
    let title =
        format!(" Collections{} ", if list.loaded { format!(" ({})", list.items.len()) } else { String::new() });
    let block = Block::bordered().title(title).border_style(if focused { theme.border_focused } else { theme.border });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if list.items.is_empty() {
        let text = if list.loading { "Loading collections…" } else { "No collections yet." };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), inner);
        return;
    }
    let width = usize::from(inner.width);
    let open = app.open.as_ref().map(|oc| &oc.id);
    let rows = usize::from(inner.height);
    let lines: Vec<Line> = list
        .items
        .iter()
        .enumerate()
        .skip(list.cursor.top)
        .take(rows)
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
            let text = format!("{marker}{name}{}{count}", " ".repeat(pad));
            let style = match (i == list.cursor.selected, focused, open == Some(&e.collection.id)) {
                (true, true, _) => theme.selected,
                (true, false, _) => theme.selected_unfocused,
                (false, _, true) => theme.open,
                _ => ratatui::style::Style::new(),
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
