//! How actions and keys are written: the names `[keys]` uses for actions, keys read from text
//! (`"d"`, `"Delete"`, `"Ctrl-r"`, `"Alt-x"`, `"F5"`, `"Space"`), and keys written for the help popup
//! and hint bar.

use crossterm::event::KeyCode;

use super::{Action, Key};

/// The main screen's actions by the names `[keys]` takes.
const NAMES: &[(&str, Action)] = &[
    ("up", Action::Up),
    ("down", Action::Down),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("switch_pane", Action::SwitchPane),
    ("focus_collections", Action::FocusCollections),
    ("focus_tracks", Action::FocusTracks),
    ("open", Action::Open),
    ("remove", Action::Remove),
    ("undo", Action::Undo),
    ("redo", Action::Redo),
    ("mark", Action::Mark),
    ("range", Action::Range),
    ("invert_marks", Action::InvertMarks),
    ("move_down", Action::MoveDown),
    ("move_up", Action::MoveUp),
    ("sort", Action::Sort),
    ("add", Action::AddTracks),
    ("copy_to", Action::CopyTo),
    ("move_to", Action::MoveTo),
    ("load_all", Action::LoadAll),
    ("filter", Action::Filter),
    ("new_collection", Action::NewCollection),
    ("rename_collection", Action::RenameCollection),
    ("delete_collection", Action::DeleteCollection),
    ("refresh", Action::Refresh),
    ("messages", Action::Messages),
    ("help", Action::Help),
    ("cancel", Action::Cancel),
    ("quit", Action::Quit),
    ("go_to", Action::GoTo),
    ("details", Action::Details),
    ("copy_id", Action::CopyId),
    ("search", Action::Search),
];

/// The action `[keys]` calls `name`.
pub fn action_named(name: &str) -> Option<Action> {
    NAMES.iter().find(|(n, _)| *n == name.trim()).map(|(_, a)| *a)
}

/// The name of an action in `[keys]` (or how it reads, for the popups' own actions).
pub fn name_of(action: Action) -> String {
    NAMES.iter().find(|(_, a)| *a == action).map_or_else(|| format!("{action:?}"), |(n, _)| (*n).to_string())
}

/// The names `[keys]` takes, for messages.
pub(super) fn names() -> impl Iterator<Item = &'static str> {
    NAMES.iter().map(|(n, _)| *n)
}

/// A key as written in the config: a character (`"d"`, `"D"` is Shift-d), a named key (`Enter`, `Esc`,
/// `Tab`, `BackTab`, `Space`, `Backspace`, `Delete`/`Del`, `Insert`, `Home`, `End`, `PageUp`/`PgUp`,
/// `PageDown`/`PgDn`, `Up`, `Down`, `Left`, `Right`, `F1`…`F12`), with `Ctrl-`/`C-` or `Alt-`/`M-` before it.
pub fn parse_key(raw: &str) -> Result<Key, KeyError> {
    let mut rest = raw.trim();
    let (mut ctrl, mut alt) = (false, false);
    loop {
        let lower = rest.to_ascii_lowercase();
        if let Some(r) = ["ctrl-", "ctrl+", "c-"].iter().find_map(|p| lower.strip_prefix(p).map(|_| &rest[p.len()..])) {
            ctrl = true;
            rest = r;
        } else if let Some(r) =
            ["alt-", "alt+", "m-"].iter().find_map(|p| lower.strip_prefix(p).map(|_| &rest[p.len()..]))
        {
            alt = true;
            rest = r;
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        _ => match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            f if f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => return Err(KeyError::Unknown(raw.to_string())),
        },
    };
    if rest.is_empty() {
        return Err(KeyError::Empty(raw.to_string()));
    }
    Ok(Key { code, ctrl, alt })
}

/// Why a key in `[keys]` does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(
        "cannot read the key `{0}` (a character, or Enter, Esc, Tab, Space, Delete, Home, End, PageUp, PageDown, Up, Down, Left, Right, F1-F12, with Ctrl- or Alt- before it)"
    )]
    Unknown(String),
    #[error("cannot read the key `{0}`: it is empty")]
    Empty(String),
}

/// How a key is written in the help popup and hint bar: `d`, `Del`, `Ctrl-R`, `Alt-x`, `Space`, `↑`.
pub fn key_label(k: Key) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) if k.ctrl => c.to_ascii_uppercase().to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        KeyCode::BackTab => "Shift-Tab".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        KeyCode::Delete => "Del".to_string(),
        KeyCode::Insert => "Ins".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let ctrl = if k.ctrl { "Ctrl-" } else { "" };
    let alt = if k.alt { "Alt-" } else { "" };
    format!("{ctrl}{alt}{base}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_and_write_back() {
        for (raw, label) in [
            ("d", "d"),
            ("D", "D"),
            ("Delete", "Del"),
            ("ctrl-r", "Ctrl-R"),
            ("C-R", "Ctrl-R"),
            ("Alt-x", "Alt-x"),
            ("F5", "F5"),
            ("space", "Space"),
            ("PgDn", "PgDn"),
        ] {
            assert_eq!(key_label(parse_key(raw).unwrap()), label, "{raw}");
        }
        assert_ne!(parse_key("Alt-d").unwrap(), parse_key("d").unwrap());
        assert!(parse_key("Hyper-q").is_err());
        assert!(parse_key("F13").is_err());
        assert!(parse_key("").is_err());
    }

    #[test]
    fn every_main_screen_action_has_a_name() {
        for b in super::super::BINDINGS.iter().filter(|b| b.scope.main_screen()) {
            assert!(NAMES.iter().any(|(_, a)| *a == b.action), "{:?} has no name", b.action);
        }
    }
}
