//! Colours and text styles in one place: the default theme, and `mono` for `NO_COLOR` (a configurable
//! theme will join them).

use ratatui::style::{Color, Modifier, Style};

use crate::app::Tone;
use freddy_ops::config::file::ThemeConfig;

/// The elements `[theme]` can restyle.
pub const ELEMENTS: &[&str] = &[
    "title",
    "dim",
    "border",
    "border_focused",
    "selected",
    "selected_unfocused",
    "open",
    "marked",
    "table_header",
    "info",
    "progress",
    "warning",
    "error",
    "demo",
    "key",
    "matched",
];

/// What is wrong with one entry of `[theme]` (`""` is the `name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An element the theme does not have (a warning: it is ignored).
    Unknown,
    /// A value that cannot be read (an error: the file is refused).
    Invalid(String),
}

/// The problems of a `[theme]` table, by entry.
pub fn check(config: &ThemeConfig) -> Vec<(String, Problem)> {
    let mut out = Vec::new();
    if let Some(name) = &config.name
        && Theme::named(name).is_none()
    {
        out.push((
            String::new(),
            Problem::Invalid(format!("field `theme.name`: `{name}` is not a theme (dark, light or mono)")),
        ));
    }
    for (element, spec) in &config.elements {
        if !ELEMENTS.contains(&element.as_str()) {
            out.push((element.clone(), Problem::Unknown));
        } else if let Err(e) = style_of(spec) {
            out.push((element.clone(), Problem::Invalid(format!("field `theme.{element}`: {e}"))));
        }
    }
    out
}

/// What the config file's `[theme]` gives: warnings (unknown elements, ignored) and errors (values that
/// cannot be read: the TUI refuses them, a command that draws no TUI only warns), each naming its line.
pub fn problems(
    theme: Option<&ThemeConfig>,
    lines: &std::collections::BTreeMap<String, usize>,
    path: &std::path::Path,
) -> (Vec<String>, Vec<String>) {
    use freddy_ops::config::file::FileError;
    let (mut warnings, mut errors) = (Vec::new(), Vec::new());
    let Some(theme) = theme else { return (warnings, errors) };
    for (element, problem) in check(theme) {
        let line = lines.get(&element).copied().unwrap_or(1);
        match problem {
            Problem::Unknown => warnings.push(format!(
                "unknown theme element `{element}` ignored ({}:{line}); the elements are {}",
                path.display(),
                ELEMENTS.join(", ")
            )),
            Problem::Invalid(what) => {
                errors.push(FileError::Invalid { path: path.to_path_buf(), line, what }.to_string());
            }
        }
    }
    (warnings, errors)
}

/// A style as written in `[theme]`: words for the modifiers (`bold`, `dim`, `italic`, `underline`,
/// `reverse`), then a colour for the text, then `on` and a colour for the background. Colours are names
/// (`black`, `red`, `green`, `yellow`, `blue`, `magenta`, `cyan`, `gray`, `darkgray`, `white`, `light…`) or
/// `#rrggbb`: `"bold yellow on #202020"`.
pub fn style_of(spec: &str) -> Result<Style, StyleError> {
    let mut style = Style::new();
    let mut words = spec.split_whitespace().peekable();
    let mut background = false;
    let mut any = false;
    while let Some(w) = words.next() {
        any = true;
        let lower = w.to_ascii_lowercase();
        let modifier = match lower.as_str() {
            "bold" => Some(Modifier::BOLD),
            "dim" => Some(Modifier::DIM),
            "italic" => Some(Modifier::ITALIC),
            "underline" | "underlined" => Some(Modifier::UNDERLINED),
            "reverse" | "reversed" => Some(Modifier::REVERSED),
            _ => None,
        };
        if let Some(m) = modifier {
            style = style.add_modifier(m);
            continue;
        }
        if lower == "on" {
            background = true;
            if words.peek().is_none() {
                return Err(StyleError::NoBackground(spec.to_string()));
            }
            continue;
        }
        let color: Color =
            lower.parse().map_err(|_| StyleError::Unknown { word: w.to_string(), spec: spec.to_string() })?;
        style = if background { style.bg(color) } else { style.fg(color) };
    }
    if !any {
        return Err(StyleError::Empty);
    }
    Ok(style)
}

/// Why a `[theme]` style does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StyleError {
    #[error("`{0}`: a colour must follow `on`")]
    NoBackground(String),
    #[error(
        "`{word}` in `{spec}` is not a colour (a name such as cyan or lightblue, or #rrggbb) nor bold, dim, italic, underline, reverse"
    )]
    Unknown { word: String, spec: String },
    #[error("an empty style")]
    Empty,
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

    /// For light terminal backgrounds: the dark theme's roles in colours that read on white.
    pub fn light() -> Self {
        Self {
            dim: Style::new().fg(Color::Gray),
            border: Style::new().fg(Color::Gray),
            border_focused: Style::new().fg(Color::Blue),
            selected: Style::new().fg(Color::White).bg(Color::Blue),
            open: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            marked: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            table_header: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::Green),
            progress: Style::new().fg(Color::Blue),
            warning: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            demo: Style::new().fg(Color::White).bg(Color::Magenta).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            matched: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ..Self::default()
        }
    }

    /// A built-in theme by name.
    pub fn named(name: &str) -> Option<Self> {
        match name.trim() {
            "dark" => Some(Self::default()),
            "light" => Some(Self::light()),
            "mono" => Some(Self::mono()),
            _ => None,
        }
    }

    /// The theme for a run: `mono` without colour (the binary decides from `--color` and `NO_COLOR`, once),
    /// else the one the config file's `[theme]` describes, else dark.
    pub fn for_run(config: Option<&ThemeConfig>, colour: bool) -> Self {
        match config {
            _ if !colour => Self::mono(),
            Some(c) => Self::from_config(c),
            None => Self::default(),
        }
    }

    /// The theme a `[theme]` table describes (its problems were reported when the file was read: an
    /// element that does not parse keeps the built-in style).
    pub fn from_config(config: &ThemeConfig) -> Self {
        let mut theme = config.name.as_deref().and_then(Self::named).unwrap_or_default();
        for (element, spec) in &config.elements {
            if let (Some(slot), Ok(style)) = (theme.element(element), style_of(spec)) {
                *slot = style;
            }
        }
        theme
    }

    fn element(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "title" => &mut self.title,
            "dim" => &mut self.dim,
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "selected" => &mut self.selected,
            "selected_unfocused" => &mut self.selected_unfocused,
            "open" => &mut self.open,
            "marked" => &mut self.marked,
            "table_header" => &mut self.table_header,
            "info" => &mut self.info,
            "progress" => &mut self.progress,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            "demo" => &mut self.demo,
            "key" => &mut self.key,
            "matched" => &mut self.matched,
            _ => return None,
        })
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
