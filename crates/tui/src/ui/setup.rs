//! Draws the first-run setup form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::theme::Theme;
use crate::app::setup::{Field, SetupForm};

/// The box (as tall as the screen allows: 16 rows are enough) and, inside it, the intro, the three
/// fields, the buttons, the status and the hints.
fn layout(form: &SetupForm, screen: Rect) -> (Rect, [Rect; 7]) {
    let [row] = Layout::vertical([Constraint::Length(screen.height.min(22))]).flex(Flex::Center).areas(screen);
    let [area] = Layout::horizontal([Constraint::Max(76)]).flex(Flex::Center).areas(row);
    let inner = Block::bordered().inner(area);
    // On a short screen an error takes the intro's and the hints' rows: it is what matters then.
    let short = area.height < 20 && form.status.as_ref().is_some_and(|s| s.tone == crate::app::Tone::Error);
    let parts = Layout::vertical([
        Constraint::Max(if short { 0 } else { 3 }),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(u16::from(!short)),
    ])
    .areas(inner);
    (area, parts)
}

const SAVE: &str = "[ Verify and save ]";
const DEMO: &str = "[ Open the demo instead ]";

/// The button under a click at (`column`, `row`) on a `width`×`height` screen.
pub(crate) fn button_at(form: &SetupForm, width: u16, height: u16, column: u16, row: u16) -> Option<Field> {
    let (_, [_, _, _, _, buttons, _, _]) = layout(form, Rect::new(0, 0, width, height));
    if row != buttons.y || column < buttons.x {
        return None;
    }
    let x = usize::from(column - buttons.x);
    let save = 1..1 + SAVE.chars().count();
    let demo_start = save.end + 3;
    let demo = demo_start..demo_start + DEMO.chars().count();
    if save.contains(&x) {
        Some(Field::Save)
    } else if demo.contains(&x) {
        Some(Field::Demo)
    } else {
        None
    }
}

/// Draws the form centred on the screen.
pub(crate) fn draw(form: &SetupForm, theme: &Theme, frame: &mut Frame) {
    let (area, [intro, key, org, base, buttons, status, hints]) = layout(form, frame.area());
    let block = Block::bordered().title(" Set up freddy-music ").border_style(theme.border_focused);
    frame.render_widget(block, area);
    let text = format!(
        "Enter your Aitronos API key and organization. They are checked with the server, then saved to {} (mode 0600).",
        form.path
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), intro);
    // Where each value comes from, in the field's title: a new user has neither at hand.
    input(frame, theme, key, &form.key, " API key (ak_…, from your Aitronos account) ", form.focus == Field::Key);
    input(frame, theme, org, &form.organization, " Organization id (org_…) ", form.focus == Field::Organization);
    input(frame, theme, base, &form.base_url, " Base URL ", form.focus == Field::BaseUrl);
    let button = |label: &'static str, on: bool| Span::styled(label, if on { theme.selected } else { theme.key });
    let line = Line::from(vec![
        Span::raw(" "),
        button(SAVE, form.focus == Field::Save),
        Span::raw("   "),
        button(DEMO, form.focus == Field::Demo),
    ]);
    frame.render_widget(Paragraph::new(line), buttons);
    if let Some(s) = &form.status {
        let style = theme.for_tone(s.tone);
        let text = freddy_api::text::clean(&s.text).into_owned();
        frame.render_widget(Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: true }), status);
    }
    // The keys, from the keymap's setup scope.
    let hint = if form.busy {
        let quit = crate::app::keymap::Keymap::default()
            .key_for(crate::app::keymap::Scope::Setup, crate::app::keymap::Action::Quit);
        format!(" Checking with the server… {quit} quits")
    } else {
        let keys = crate::app::keymap::Keymap::default();
        let parts: Vec<String> =
            keys.hints(crate::app::keymap::Scope::Setup).iter().map(|(k, w)| format!("{k} {w}")).collect();
        format!(" {}", parts.join("  "))
    };
    frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim)), hints);
}

fn input(frame: &mut Frame, theme: &Theme, area: Rect, text: &TextArea<'_>, title: &str, focused: bool) {
    let mut t = text.clone();
    let style = if focused { theme.border_focused } else { theme.border };
    // On a short screen (40x12) a field has two rows: its title on a line, and the text under it; a full
    // box would leave no row for what is typed.
    let block = if area.height < 3 { Block::new().borders(ratatui::widgets::Borders::TOP) } else { Block::bordered() };
    t.set_block(block.title(title.to_string()).border_style(style));
    t.set_cursor_line_style(ratatui::style::Style::new());
    if !focused {
        t.set_cursor_style(ratatui::style::Style::new());
    }
    frame.render_widget(&t, area);
}
