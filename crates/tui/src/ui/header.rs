//! The top line: app name, organization and host, the DEMO mark, and the loading (or quitting) indicator.
//! On a narrow screen the indicator keeps its room and the host is shortened (with `…`), then the rest.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::App;
use freddy_api::text::{fit, width};

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let h = &app.header;
    // Quitting outranks loading: the user asked to leave and is waiting for the writes to finish.
    let right = if app.quitting {
        Some(format!("quitting after {} writes… ", app.writes.outstanding()))
    } else {
        app.loading().then(|| "⟳ loading… ".to_string())
    };
    let room = usize::from(area.width).saturating_sub(right.as_deref().map_or(0, width));
    let name = " freddy-music ";
    let demo = if h.demo { " DEMO " } else { "" };
    let place = format!(" {} @ {} ", h.organization, h.host);
    let place_room = room.saturating_sub(width(name) + width(demo));
    let mut spans = vec![Span::styled(fit(name, room), theme.title)];
    if place_room > 4 {
        spans.push(Span::raw(fit(&place, place_room)));
    }
    if !demo.is_empty() && room >= width(name) + width(demo) {
        spans.push(Span::styled(demo, theme.demo));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if let Some(text) = right {
        spans.push(Span::raw(" ".repeat(usize::from(area.width).saturating_sub(used + width(&text)))));
        spans.push(Span::styled(text, theme.progress));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
