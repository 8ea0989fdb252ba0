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
    Mark,
    Range,
    InvertMarks,
    MoveDown,
    MoveUp,
    Sort,
    AddTracks,
    CopyTo,
    MoveTo,
    LoadAll,
    Filter,
    NewCollection,
    RenameCollection,
    DeleteCollection,
    Undo,
    Redo,
    Refresh,
    Messages,
    Help,
    Cancel,
    Quit,
    /// In the confirm popup (and No closes the sort menu).
    Yes,
    No,
    /// In the sort menu.
    SortTitle,
    SortDuration,
    SortAdded,
    SortApply,
}

/// Where a binding applies (and so when the hint bar shows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Collections,
    Tracks,
    /// The "Remove N tracks?" popup: only its own keys work while it is open.
    Confirm,
    /// The sort menu: only its own keys work while it is open.
    Sort,
    /// The create / rename form (typing goes to its fields).
    Form,
    /// The delete confirm (typing goes to the name).
    Delete,
    /// The library picker (typing filters it).
    Picker,
    /// The list of collections to copy or move to.
    Chooser,
}

impl Scope {
    /// Whether the binding is live on the main screen (not in a popup).
    fn main_screen(self) -> bool {
        !matches!(self, Scope::Confirm | Scope::Sort | Scope::Form | Scope::Delete | Scope::Picker | Scope::Chooser)
    }
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
        hint: None,
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
        help: "Remove the selected track (or all marked ones)",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::Undo,
        keys: &[ch('u')],
        label: "u",
        hint: Some(("u", "undo")),
        help: "Undo the last removal, even after a restart",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Redo,
        keys: &[Key { code: KeyCode::Char('r'), ctrl: true }],
        label: "Ctrl-r",
        hint: None,
        help: "Redo the last undone removal",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Mark,
        keys: &[ch(' ')],
        label: "Space",
        hint: Some(("Space", "mark")),
        help: "Mark or unmark the track and move down (ends a range)",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::Range,
        keys: &[ch('V')],
        label: "V",
        hint: None,
        help: "Start a range; V again or Space marks it, Esc cancels",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::InvertMarks,
        keys: &[ch('*')],
        label: "*",
        hint: None,
        help: "Invert the marks over every loaded track",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::MoveDown,
        keys: &[ch('J')],
        label: "J",
        hint: Some(("J/K", "move")),
        help: "Move the track (or the marked ones) down one place",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::MoveUp,
        keys: &[ch('K')],
        label: "K",
        hint: None,
        help: "Move the track (or the marked ones) up one place",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::Sort,
        keys: &[ch('s')],
        label: "s",
        hint: None,
        help: "Sort the collection by title, duration or date added (asks first)",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::AddTracks,
        keys: &[ch('a')],
        label: "a",
        hint: Some(("a", "add")),
        help: "Add tracks from your library (type to filter, Space marks, Enter adds)",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::CopyTo,
        keys: &[ch('C')],
        label: "C",
        hint: None,
        help: "Copy the track (or the marked ones) to another collection",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::MoveTo,
        keys: &[ch('M')],
        label: "M",
        hint: None,
        help: "Move the track (or the marked ones) to another collection (u takes it back)",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::LoadAll,
        keys: &[Key { code: KeyCode::Char('a'), ctrl: true }],
        label: "Ctrl-a",
        hint: None,
        help: "Load every row and title of the collection (so a filter covers it all)",
        scope: Scope::Tracks,
    },
    Binding {
        action: Action::Filter,
        keys: &[ch('/')],
        label: "/",
        hint: Some(("/", "filter")),
        help: "Filter as you type (fuzzy); Enter keeps it, Esc clears it",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::NewCollection,
        keys: &[ch('n')],
        label: "n",
        hint: Some(("n", "new")),
        help: "New collection (a name and an optional description)",
        scope: Scope::Collections,
    },
    Binding {
        action: Action::RenameCollection,
        keys: &[ch('R')],
        label: "R",
        hint: Some(("R", "rename")),
        help: "Rename the collection or edit its description",
        scope: Scope::Collections,
    },
    Binding {
        action: Action::DeleteCollection,
        keys: &[ch('D')],
        label: "D",
        hint: None,
        help: "Delete the collection (type its name to confirm; u recreates it)",
        scope: Scope::Collections,
    },
    Binding {
        action: Action::SwitchPane,
        keys: &[plain(KeyCode::Tab), plain(KeyCode::BackTab)],
        label: "Tab",
        hint: Some(("Tab", "pane")),
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
        hint: None,
        help: "Reload from the server",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Messages,
        keys: &[ch('L')],
        label: "L",
        hint: None,
        help: "Show the recent messages, errors in full",
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
        action: Action::Cancel,
        keys: &[plain(KeyCode::Esc)],
        label: "Esc",
        hint: None,
        help: "Close a popup, cancel a range, or clear marks",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Quit,
        keys: &[ch('q'), Key { code: KeyCode::Char('c'), ctrl: true }],
        label: "q/Ctrl-C",
        hint: Some(("q", "quit")),
        help: "Quit (waits for removals; press again to force)",
        scope: Scope::Everywhere,
    },
    Binding {
        action: Action::Yes,
        keys: &[ch('y')],
        label: "y",
        hint: Some(("y", "remove")),
        help: "Yes: remove the marked tracks",
        scope: Scope::Confirm,
    },
    Binding {
        action: Action::No,
        keys: &[ch('n'), plain(KeyCode::Enter), plain(KeyCode::Esc)],
        label: "n/Enter/Esc",
        hint: Some(("n/Enter/Esc", "keep them")),
        help: "No: keep the tracks",
        scope: Scope::Confirm,
    },
    Binding {
        action: Action::SortTitle,
        keys: &[ch('t')],
        label: "t",
        hint: Some(("t", "title")),
        help: "By title (again: reverse)",
        scope: Scope::Sort,
    },
    Binding {
        action: Action::SortDuration,
        keys: &[ch('d')],
        label: "d",
        hint: Some(("d", "duration")),
        help: "By duration (again: reverse)",
        scope: Scope::Sort,
    },
    Binding {
        action: Action::SortAdded,
        keys: &[ch('a')],
        label: "a",
        hint: Some(("a", "date added")),
        help: "By date added (again: reverse)",
        scope: Scope::Sort,
    },
    Binding {
        action: Action::SortApply,
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        hint: Some(("Enter", "sort")),
        help: "Sort and save the new order",
        scope: Scope::Sort,
    },
    Binding {
        action: Action::No,
        keys: &[plain(KeyCode::Esc), ch('q')],
        label: "Esc",
        hint: Some(("Esc", "cancel")),
        help: "Close without sorting",
        scope: Scope::Sort,
    },
    Binding {
        action: Action::SwitchPane,
        keys: &[plain(KeyCode::Tab)],
        label: "Tab",
        hint: Some(("Tab", "next field")),
        help: "Name, then description",
        scope: Scope::Form,
    },
    Binding {
        action: Action::Yes,
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        hint: Some(("Enter", "save")),
        help: "Save",
        scope: Scope::Form,
    },
    Binding {
        action: Action::No,
        keys: &[plain(KeyCode::Esc)],
        label: "Esc",
        hint: Some(("Esc", "cancel")),
        help: "Close without saving",
        scope: Scope::Form,
    },
    Binding {
        action: Action::Yes,
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        hint: Some(("Enter", "delete")),
        help: "Delete, once the name is typed (y for an empty collection)",
        scope: Scope::Delete,
    },
    Binding {
        action: Action::No,
        keys: &[plain(KeyCode::Esc)],
        label: "Esc",
        hint: Some(("Esc", "keep it")),
        help: "Keep the collection",
        scope: Scope::Delete,
    },
    Binding {
        action: Action::Mark,
        keys: &[ch(' ')],
        label: "Space",
        hint: Some(("Space", "mark")),
        help: "Mark or unmark the track",
        scope: Scope::Picker,
    },
    Binding {
        action: Action::Yes,
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        hint: Some(("Enter", "add")),
        help: "Add the marked tracks (or this one) at the end",
        scope: Scope::Picker,
    },
    Binding {
        action: Action::No,
        keys: &[plain(KeyCode::Esc)],
        label: "Esc",
        hint: Some(("Esc", "close")),
        help: "Close without adding",
        scope: Scope::Picker,
    },
    Binding {
        action: Action::Yes,
        keys: &[plain(KeyCode::Enter)],
        label: "Enter",
        hint: Some(("Enter", "pick")),
        help: "Copy or move to this collection",
        scope: Scope::Chooser,
    },
    Binding {
        action: Action::No,
        keys: &[plain(KeyCode::Esc), ch('q')],
        label: "Esc",
        hint: Some(("Esc", "cancel")),
        help: "Close without copying or moving",
        scope: Scope::Chooser,
    },
];

/// The key of a terminal event, with Shift folded into the character it produced.
pub fn key_of(ev: &KeyEvent) -> Key {
    Key { code: ev.code, ctrl: ev.modifiers.contains(KeyModifiers::CONTROL) }
}

/// The action bound to a key on the main screen, if any.
pub fn action_for(ev: &KeyEvent) -> Option<Action> {
    let key = key_of(ev);
    BINDINGS.iter().find(|b| b.scope.main_screen() && b.keys.contains(&key)).map(|b| b.action)
}

/// The action bound to a key in the confirm popup, if any.
pub fn confirm_action_for(ev: &KeyEvent) -> Option<Action> {
    popup_action_for(Scope::Confirm, ev)
}

/// The action bound to a key in a popup's scope, if any.
pub fn popup_action_for(scope: Scope, ev: &KeyEvent) -> Option<Action> {
    let key = key_of(ev);
    BINDINGS.iter().find(|b| b.scope == scope && b.keys.contains(&key)).map(|b| b.action)
}

/// The bindings that apply in a scope, in table order (a popup's scope has only its own).
pub fn in_scope(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scope == scope || (scope.main_screen() && b.scope == Scope::Everywhere))
}

/// The bindings the help popup lists: the main screen's.
pub fn main_screen() -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(|b| b.scope.main_screen())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_on_one_screen() {
        let screens: [&dyn Fn(Scope) -> bool; 7] = [
            &|s: Scope| s.main_screen(),
            &|s: Scope| s == Scope::Confirm,
            &|s: Scope| s == Scope::Sort,
            &|s: Scope| s == Scope::Form,
            &|s: Scope| s == Scope::Delete,
            &|s: Scope| s == Scope::Picker,
            &|s: Scope| s == Scope::Chooser,
        ];
        for on_screen in screens {
            let keys: Vec<Key> =
                BINDINGS.iter().filter(|b| on_screen(b.scope)).flat_map(|b| b.keys.iter().copied()).collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{k:?} bound twice");
            }
        }
    }

    #[test]
    fn esc_cancels_and_never_quits() {
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(action_for(&esc), Some(Action::Cancel));
        assert_eq!(confirm_action_for(&esc), Some(Action::No));
        let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&ctrl_r), Some(Action::Redo));
        let shift_v = KeyEvent::new(KeyCode::Char('V'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&shift_v), Some(Action::Range));
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
            Mark,
            Range,
            InvertMarks,
            MoveDown,
            MoveUp,
            Sort,
            AddTracks,
            CopyTo,
            MoveTo,
            LoadAll,
            Filter,
            NewCollection,
            RenameCollection,
            DeleteCollection,
            Undo,
            Redo,
            Refresh,
            Messages,
            Help,
            Cancel,
            Quit,
            Yes,
            No,
            SortTitle,
            SortDuration,
            SortAdded,
            SortApply,
        ] {
            assert!(BINDINGS.iter().any(|b| b.action == a), "{a:?}");
        }
    }
}
