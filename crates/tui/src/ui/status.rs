//! The bottom two lines: the status line (last result or error) and the hint bar, generated from the
//! keymap for the pane in focus.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::keymap::{Action, Scope};
use crate::app::{App, Pane, Popup, Tone};

pub(super) fn draw_status(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(f) = app.filter.as_ref().filter(|f| f.editing) {
        // The filter line has the keyboard: the query, a cursor block, and the count.
        let of = match f.pane {
            Pane::Tracks => app.open.as_ref().map_or(0, |oc| oc.row_count().saturating_sub(f.unloaded)),
            Pane::Collections => app.collections.items.len(),
        };
        let loaded = if f.unloaded > 0 {
            format!(" loaded rows · {} loads the rest", app.prefs.keys.key_for(Scope::Everywhere, Action::LoadAll))
        } else {
            String::new()
        };
        let spans = vec![
            Span::styled(" /", theme.key),
            Span::raw(freddy_api::text::clean(&f.query).into_owned()),
            Span::styled("█", theme.key),
            Span::styled(
                format!(
                    "  {} of {}{loaded}",
                    freddy_api::text::thousands(f.hits.len() as u64),
                    freddy_api::text::thousands(of as u64)
                ),
                theme.dim,
            ),
        ];
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let Some(status) = &app.status else { return };
    let style = theme.for_tone(status.tone);
    // Cut with an ellipsis, so a narrow terminal shows that there is more (an error or warning this long
    // is wrapped instead, by `draw_long_status`).
    let width = usize::from(area.width).saturating_sub(1);
    let text = freddy_api::text::fit(&status.text, width);
    // The keys it names are drawn as keys, when it fits whole (cut, it is drawn plain).
    let line = if freddy_api::text::width(&status.text) <= width {
        let spans = status.parts.iter().map(|(part, key)| {
            let part = freddy_api::text::clean(part).into_owned();
            if *key { Span::styled(part, style.patch(theme.key)) } else { Span::styled(part, style) }
        });
        Line::from(std::iter::once(Span::styled(" ", style)).chain(spans).collect::<Vec<_>>())
    } else {
        Line::from(Span::styled(format!(" {text}"), style))
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The hint bar; with one pane on screen (`one_pane`), the key that switches panes is kept with help and
/// An error or warning too long for one line, wrapped over the status line and the hint bar (the cause
/// first, the remedy in full; `L` shows it again later). Whether it drew.
pub(super) fn draw_long_status(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> bool {
    let Some(status) = app.status.as_ref().filter(|s| matches!(s.tone, Tone::Error | Tone::Warning)) else {
        return false;
    };
    if app.filter.as_ref().is_some_and(|f| f.editing) {
        return false;
    }
    let text = freddy_api::text::clean(&status.text);
    let width = usize::from(area.width).saturating_sub(1);
    if freddy_api::text::width(&text) <= width {
        return false;
    }
    let mut lines = wrap(&text, width);
    if lines.len() > 2 {
        // Two lines, and the rest one key away.
        let more = format!(" {}: all of it", app.prefs.keys.key_for(Scope::Everywhere, Action::Messages));
        let more = more.as_str();
        lines.truncate(2);
        lines[1] =
            format!("{}{more}", freddy_api::text::fit(&lines[1], width.saturating_sub(freddy_api::text::width(more))));
    }
    let lines: Vec<Line> = lines.into_iter().map(|l| Line::from(format!(" {l}"))).collect();
    frame.render_widget(Paragraph::new(lines).style(theme.for_tone(status.tone)), area);
    true
}

/// Words into lines of at most `width` columns (a word longer than that is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let Some(line) = lines.last_mut() else { break };
        let need = freddy_api::text::width(line) + usize::from(!line.is_empty()) + freddy_api::text::width(word);
        if need <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        } else {
            lines.push(freddy_api::text::fit(word, width));
        }
    }
    lines
}

/// quit.
pub(super) fn draw_hints(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, one_pane: bool) {
    // The help popup's own keys, from the keymap in use.
    let key = |a: crate::app::keymap::Action| app.prefs.keys.first_key(a).unwrap_or_default();
    let scroll = format!("{}{}", key(crate::app::keymap::Action::Up), key(crate::app::keymap::Action::Down));
    let close =
        [crate::app::keymap::Action::Cancel, crate::app::keymap::Action::Quit, crate::app::keymap::Action::Help]
            .map(key)
            .into_iter()
            .filter(|k| !k.is_empty())
            .collect::<Vec<_>>()
            .join("/");
    let editing = app.filter.as_ref().is_some_and(|f| f.editing);
    let main = if app.focus == Pane::Tracks { Scope::Tracks } else { Scope::Collections };
    let count = app.count.map(|n| format!("{}×", freddy_api::text::thousands(n as u64)));
    let cancel = key(Action::Cancel);
    // What a count applies to here: the motions, and in the tracks pane the moves and removal too.
    let mut counted = format!("the next motion: {}/{}, {}", key(Action::Down), key(Action::Up), key(Action::Top));
    if app.focus == Pane::Tracks {
        counted = format!(
            "the next motion or edit: {}/{}, {}, {}/{}, {}",
            key(Action::Down),
            key(Action::Up),
            key(Action::Top),
            key(Action::MoveDown),
            key(Action::MoveUp),
            key(Action::Remove)
        );
    }
    let hints: Vec<(&str, &str)> = match app.popup.as_ref().map(|p| (p, p.scope())) {
        Some((Popup::Help { .. }, _)) => vec![(scroll.as_str(), "scroll"), (close.as_str(), "close help")],
        None if count.is_some() => {
            vec![(count.as_deref().unwrap_or_default(), counted.as_str()), (cancel.as_str(), "clear the count")]
        }
        Some((_, Some(scope))) => app.prefs.keys.hints(scope),
        _ if editing => std::iter::once(("type", "to filter")).chain(app.prefs.keys.hints(Scope::FilterLine)).collect(),
        _ => app.prefs.keys.hints(main),
    };
    // On the main screen a wide terminal has room for more: the keys with no hint of their own follow,
    // in the help popup's order, named as `[keys]` names them; they are the first to go when it is narrow.
    let main_screen = matches!(app.popup, None | Some(Popup::Messages));
    let extras: Vec<(String, String)> =
        if main_screen && !editing && app.count.is_none() { app.prefs.keys.more_hints(main) } else { Vec::new() };
    let mut hints = hints;
    let tail = hints.len().min(2);
    let at = hints.len() - tail;
    hints.splice(at..at, extras.iter().map(|(k, w)| (k.as_str(), w.as_str())));
    let mut keep = 2;
    // The pane switch's hint, found by its action (its keys are the keymap's).
    let switch = app.prefs.keys.hint_actions(main).into_iter().find(|(a, _, _)| *a == Action::SwitchPane);
    if one_pane && let Some(i) = hints.iter().position(|(k, _)| switch.is_some_and(|(_, s, _)| s == *k)) {
        let tab = hints.remove(i);
        hints.insert(hints.len().saturating_sub(2), tab);
        keep = 3;
    }
    let hints = fitting(hints, usize::from(area.width).saturating_sub(1), keep);
    let mut spans = vec![Span::raw(" ")];
    for (keys, word) in hints {
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(format!(" {word}  "), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The hints that fit `width`: the last `keep` (help and quit, on the main screen) always stay; the
/// others drop from the end of the rest.
fn fitting<'a>(mut hints: Vec<(&'a str, &'a str)>, width: usize, keep: usize) -> Vec<(&'a str, &'a str)> {
    let cost = |h: &[(&str, &str)]| -> usize {
        // Each hint and its gap, but no gap after the last.
        h.iter()
            .map(|(k, w)| freddy_api::text::width(k) + freddy_api::text::width(w) + 3)
            .sum::<usize>()
            .saturating_sub(2)
    };
    while cost(&hints) > width && hints.len() > keep {
        hints.remove(hints.len() - keep - 1);
    }
    hints
}
