//! Colours and text styles in one place (a configurable theme will replace `Default`).

use ratatui::style::{Color, Modifier, Style};

use crate::app::Tone;

/// The styles the views use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub title: Style,
    pub dim: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub open: Style,
    /// Marked rows (they also carry a `●`, so colour is never the only sign).
    pub marked: Style,
    pub table_header: Style,
    pub info: Style,
    pub progress: Style,
    pub warning: Style,
    pub error: Style,
    pub demo: Style,
    pub key: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            open: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            marked: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            table_header: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::Green),
            progress: Style::new().fg(Color::Yellow),
            warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            demo: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        }
    }
}

impl Theme {
    /// The style of a status message.
    pub fn for_tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Info => self.info,
            Tone::Progress => self.progress,
            Tone::Warning => self.warning,
            Tone::Error => self.error,
        }
    }
}
