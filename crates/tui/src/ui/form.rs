//! The popups of collection edits: the create / rename form (name, description, the server's complaint)
//! and the delete confirm (type the name). Their keys come from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::Scope;
use crate::app::state::FormPurpose;
use freddy_api::text::clean;

/// A text field: its label, its text (cleaned), and a cursor block when it has the keyboard.
fn field(theme: &Theme, label: &str, text: &str, focused: bool) -> Line<'static> {
    let style = if focused { theme.selected } else { Style::new() };
    let mut spans =
        vec![Span::styled(format!(" {label:<12}"), theme.title), Span::styled(clean(text).into_owned(), style)];
    if focused {
        spans.push(Span::styled("█", theme.key));
    }
    Line::from(spans)
}

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(f) = app.form() {
        let title = match &f.purpose {
            FormPurpose::Create => "New collection".to_string(),
            FormPurpose::Rename(id) => format!("Rename {}", app.collections.name_of(id).map(clean).unwrap_or_default()),
        };
        let mut lines = vec![
            Line::raw(""),
            field(theme, "Name", &f.name, f.field == 0),
            field(theme, "Description", &f.description, f.field == 1),
            Line::raw(""),
        ];
        if let Some(e) = &f.error {
            lines.push(Line::from(Span::styled(format!(" {}", clean(e)), theme.error)));
            lines.push(Line::raw(""));
        }
        if f.sending {
            lines.push(Line::from(Span::styled(" Saving…", theme.progress)));
        } else {
            lines.push(super::popup::keys(app, theme, Scope::Form));
        }
        super::popup::draw(frame, area, theme, &title, lines, 64);
        return;
    }
    if let Some(d) = app.delete() {
        let name = clean(&d.name).into_owned();
        let enter = app.prefs.keys.key_for(Scope::Delete, crate::app::keymap::Action::Yes);
        let ask = match d.count {
            Some(0) => format!("Delete the empty collection {name}? Press {enter}, or type its name and {enter}."),
            Some(n) => format!("Delete {name} and its {n} tracks? Type its name and press {enter}."),
            None => format!("Delete {name}? Reading how many tracks it holds… Type its name and press {enter}."),
        };
        let matches = d.typed == d.name || (d.count == Some(0) && d.typed.is_empty());
        let mut lines = vec![
            Line::from(Span::styled(ask, theme.title)),
            Line::raw(""),
            field(theme, "Name", &d.typed, true),
            Line::raw(""),
        ];
        // A wrong name's reason takes the explanation's place: on a small screen both would not fit.
        match &d.error {
            Some(e) => lines.push(Line::from(Span::styled(format!(" {}", clean(e)), theme.warning))),
            None => {
                let undo = app.prefs.keys.key_for(Scope::Everywhere, crate::app::keymap::Action::Undo);
                lines.push(Line::from(Span::styled(
                    format!(
                        " Its name, description and tracks in order are kept in the journal first: {undo} recreates it."
                    ),
                    theme.dim,
                )));
            }
        }
        lines.push(Line::raw(""));
        if d.sending {
            lines.push(Line::from(Span::styled(" Deleting…", theme.progress)));
        } else if matches {
            lines.push(super::popup::keys(app, theme, Scope::Delete));
        } else {
            let keep = app.prefs.keys.key_for(Scope::Delete, crate::app::keymap::Action::No);
            lines.push(Line::from(vec![Span::styled(format!(" {keep}"), theme.key), Span::raw(" keep it")]));
        }
        super::popup::draw(frame, area, theme, "Delete collection", lines, 64);
    }
}
