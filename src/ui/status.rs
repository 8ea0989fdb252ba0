//! The bottom two lines: the status line (last result or error) and the hint bar, generated from the
//! keymap for the pane in focus.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::keymap::{Scope, in_scope};
use crate::app::{App, Pane};

pub fn draw_status(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(status) = &app.status else { return };
    let style = theme.for_tone(status.tone);
    let text = crate::text::clean(&status.text);
    frame.render_widget(Paragraph::new(Span::styled(format!(" {text}"), style)), area);
}

pub fn draw_hints(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    if app.help {
        spans.push(Span::styled("Esc/q/?", theme.key));
        spans.push(Span::styled(" close help", theme.dim));
    } else {
        let scope = match app.focus {
            _ if app.confirm.is_some() => Scope::Confirm,
            Pane::Collections => Scope::Collections,
            Pane::Tracks => Scope::Tracks,
        };
        for (keys, word) in in_scope(scope).filter_map(|b| b.hint) {
            spans.push(Span::styled(keys, theme.key));
            spans.push(Span::styled(format!(" {word}  "), theme.dim));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
