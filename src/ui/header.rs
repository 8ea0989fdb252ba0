//! The top line: app name, organization and host, the DEMO mark, and the loading indicator.

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
    if app.loading() {
        let right = Line::from(Span::styled("⟳ loading… ", theme.progress));
        frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), area);
    }
}
