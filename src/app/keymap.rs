//! The one table of key bindings: `update` resolves keys through it, and the help popup and the hint bar
//! are generated from it, so the three cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    SwitchPane,
    FocusCollections,
    FocusTracks,
    Open,
    Remove,
    Refresh,
    Help,
    Quit,
}

/// Where a binding applies (and so when the hint bar shows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Collections,
    Tracks,
}

/// One key: a code and whether Ctrl is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn plain(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub action: Action,
    pub keys: &'static [Key],
    /// How the keys are written in the help popup and hint bar.
    pub label: &'static str,
    /// The keys and word for the hint bar (`None` keeps the binding out of it).
    pub hint: Option<(&'static str, &'static str)>,
    /// The sentence for the help popup.
    pub help: &'static str,
    pub scope: Scope,
}

/// Every binding, in the order the help popup lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        action: Action::Up,
        keys: &[plain(KeyCode::Up), ch('k')],
        label: "↑/k",
        hint: None,
        help: "Move up",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Down,
        keys: &[plain(KeyCode::Down), ch('j')],
        label: "↓/j",
        hint: Some(("↑↓/jk", "move")),
        help: "Move down",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Top,
        keys: &[ch('g'), plain(KeyCode::Home)],
        label: "g/Home",
        hint: None,
        help: "Jump to the first row",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Bottom,
        keys: &[ch('G'), plain(KeyCode::End)],
        label: "G/End",
        hint: None,
        help: "Jump to the last row",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::PageUp,
        keys: &[plain(KeyCode::PageUp)],
        label: "PgUp",
        hint: None,
        help: "Page up",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::PageDown,
        keys: &[plain(KeyCode::PageDown)],
        label: "PgDn",
        hint: None,
        help: "Page down",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Open,
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        hint: Some(("Enter", "open")),
        help: "Open the selected collection",
        scope: Scope::Collections,
    },
    Binding {
        action: Action::Remove,
        keys: &[plain(KeyCode::Delete), ch('d')],
        label: "Del/d",
        hint: Some(("Del/d", "remove")),
        help: "Remove the selected track from the collection",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::SwitchPane,
        keys: &[plain(KeyCode::Tab), plain(KeyCode::BackTab)],
        label: "Tab",
        hint: Some(("Tab", "switch pane")),
        help: "Switch between collections and tracks",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::FocusCollections,
        keys: &[plain(KeyCode::Left), ch('h')],
        label: "←/h",
        hint: None,
        help: "Focus the collections",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::FocusTracks,
        keys: &[plain(KeyCode::Right), ch('l')],
        label: "→/l",
        hint: None,
        help: "Focus the tracks",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Refresh,
        keys: &[ch('r')],
        label: "r",
        hint: Some(("r", "refresh")),
        help: "Reload from the server",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Help,
        keys: &[ch('?')],
        label: "?",
        hint: Some(("?", "help")),
        help: "Show or hide this help",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Quit,
        keys: &[ch('q'), plain(KeyCode::Esc), Key { code: KeyCode::Char('c'), ctrl: true }],
        label: "q/Esc/Ctrl-C",
        hint: Some(("q", "quit")),
        help: "Quit (Esc closes a popup first)",
        scope: Scope::Everywhere,
    },
];

/// The key of a terminal event, with Shift folded into the character it produced.
pub fn key_of(ev: &KeyEvent) -> Key {
    Key { code: ev.code, ctrl: ev.modifiers.contains(KeyModifiers::CONTROL) }
}

/// The action bound to a key, if any.
pub fn action_for(ev: &KeyEvent) -> Option<Action> {
    let key = key_of(ev);
    BINDINGS.iter().find(|b| b.keys.contains(&key)).map(|b| b.action)
}

/// The bindings that apply in a scope, in table order.
pub fn in_scope(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scope == Scope::Everywhere || b.scope == scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let keys: Vec<Key> = BINDINGS.iter().flat_map(|b| b.keys.iter().copied()).collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{k:?} bound twice");
        }
    }

    #[test]
    fn every_action_has_a_binding() {
        use Action::*;
        for a in [
            Up,
            Down,
            Top,
            Bottom,
            PageUp,
            PageDown,
            SwitchPane,
            FocusCollections,
            FocusTracks,
            Open,
            Remove,
            Refresh,
            Help,
            Quit,
        ] {
            assert!(BINDINGS.iter().any(|b| b.action == a), "{a:?}");
        }
    }
}
