//! The top line: app name, organization and host, the DEMO mark, and the loading (or quitting) indicator.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::App;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let h = &app.header;
    let mut left =
        vec![Span::styled(" freddy-music ", theme.title), Span::raw(format!(" {} @ {} ", h.organization, h.host))];
    if h.demo {
        left.push(Span::styled(" DEMO ", theme.demo));
    }
    frame.render_widget(Paragraph::new(Line::from(left)), area);
    // Quitting outranks loading: the user asked to leave and is waiting for the writes to finish.
    let right = if app.quitting {
        Some(format!("quitting after {} writes… ", app.writes.outstanding()))
    } else {
        app.loading().then(|| "⟳ loading… ".to_string())
    };
    if let Some(text) = right {
        let right = Line::from(Span::styled(text, theme.progress));
        frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), area);
    }
}
