//! The confirm popup: "Remove 12 tracks from Focus Sessions? y/N", the first titles, and its keys
//! (from the keymap). Enter and Esc mean No.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::Scope;
use freddy_api::text::clean;

/// Titles listed before "and N more".
const SHOWN: usize = 5;

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some((lines, _)) = lines(app, theme) {
        super::popup::draw(frame, area, theme, "Remove tracks", lines, WIDTH);
    }
}

const WIDTH: u16 = 64;

/// What a click at (`column`, `row`) presses in the popup, if it is on one of its keys.
pub(super) fn click(app: &App, area: Rect, at: (u16, u16)) -> Option<crate::app::keymap::Action> {
    let (lines, keys_line) = lines(app, &Theme::mono())?;
    super::popup::button_at(app, Scope::Confirm, (area, &lines, WIDTH), keys_line, at)
}

/// The popup's lines, and which of them holds its keys.
fn lines(app: &App, theme: &Theme) -> Option<(Vec<Line<'static>>, usize)> {
    let c = app.confirm()?;
    let n = c.targets.len();
    let what = if n == 1 { "1 track".to_string() } else { format!("{n} tracks") };
    let mut lines = vec![
        Line::from(Span::styled(format!("Remove {what} from {}? y/N", clean(&c.name)), theme.title)),
        Line::raw(""),
    ];
    for t in c.targets.iter().take(SHOWN) {
        let label = t.title.clone().unwrap_or_else(|| app.tracks.label(&t.track));
        lines.push(Line::from(format!("  {:>6}  {}", t.index + 1, clean(&label))));
    }
    if n > SHOWN {
        lines.push(Line::from(Span::styled(format!("  … and {} more", n - SHOWN), theme.dim)));
    }
    lines.push(Line::raw(""));
    let keys_line = lines.len();
    lines.push(super::popup::keys(app, theme, Scope::Confirm));
    let undo = app.prefs.keys.key_for(Scope::Everywhere, crate::app::keymap::Action::Undo);
    lines.push(Line::from(Span::styled(format!(" {undo} undoes a removal, even after a restart"), theme.dim)));
    Some((lines, keys_line))
}
