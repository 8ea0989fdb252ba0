//! Colours and text styles in one place: the default theme, and `mono` for `NO_COLOR` (a configurable
//! theme will join them).

use ratatui::style::{Color, Modifier, Style};

use std::sync::atomic::{AtomicU8, Ordering};

use crate::app::Tone;
use crate::cli::ColorWhen;

/// `--color` for this process (0 auto, 1 always, 2 never).
static COLOR_WHEN: AtomicU8 = AtomicU8::new(0);

/// Sets `--color` for this process (the TUI's theme and the command line's colour follow it).
pub fn set_color(when: ColorWhen) {
    let v = match when {
        ColorWhen::Auto => 0,
        ColorWhen::Always => 1,
        ColorWhen::Never => 2,
    };
    COLOR_WHEN.store(v, Ordering::Relaxed);
    // crossterm leaves colours out by itself when NO_COLOR is set: `always` overrides that.
    if when == ColorWhen::Always {
        crossterm::style::force_color_output(true);
    }
}

/// Whether to use colour at all: `--color`, then `NO_COLOR` (no-color.org: set and not empty means none).
pub fn colour() -> bool {
    match COLOR_WHEN.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

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
    /// The characters a filter matched.
    pub matched: Style,
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
            matched: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }
}

impl Theme {
    /// Without colour (`NO_COLOR`, no-color.org): selection, focus and tones by reverse video, bold and
    /// underline alone, so what Delete will remove is still plain to see.
    pub fn mono() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Self {
            title: bold,
            dim: Style::new().add_modifier(Modifier::DIM),
            border: Style::new(),
            border_focused: bold,
            selected: reversed.add_modifier(Modifier::BOLD),
            selected_unfocused: reversed,
            open: bold,
            marked: bold,
            table_header: bold.add_modifier(Modifier::UNDERLINED),
            info: Style::new(),
            progress: Style::new(),
            warning: bold,
            error: bold,
            demo: reversed.add_modifier(Modifier::BOLD),
            key: bold,
            matched: bold.add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The theme for this run: `mono` with `--color never`, the default with `--color always`, and with
    /// `auto` `mono` when `NO_COLOR` is set to anything but the empty string.
    pub fn current() -> Self {
        if colour() { Self::default() } else { Self::mono() }
    }

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
