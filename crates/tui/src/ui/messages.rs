//! The log of recent messages (`L`): every error in full, newest at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::App;
use freddy_api::text::clean;

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if !app.showing_messages() {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    if app.messages.is_empty() {
        lines.push(Line::from(Span::styled("No messages yet.", theme.dim)));
    }
    // As many of the newest as fit (each may wrap), oldest of them first.
    let room = usize::from(area.height.saturating_sub(4));
    let width = usize::from(area.width.min(90).saturating_sub(2)).max(1);
    let mut used = 0;
    let mut shown = Vec::new();
    for (tone, text) in app.messages.iter().rev() {
        let rows = freddy_api::text::width(text).div_ceil(width).max(1);
        if used + rows > room {
            break;
        }
        used += rows;
        shown.push(Line::from(Span::styled(clean(text).into_owned(), theme.for_tone(*tone))));
    }
    shown.reverse();
    lines.extend(shown);
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled("Any key closes this.", theme.dim)));
    super::popup::draw(frame, area, theme, "Recent messages", lines, 90);
}
