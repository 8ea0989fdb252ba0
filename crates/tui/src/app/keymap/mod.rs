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
    /// `:`: the go-to prompt (a row by its position).
    GoTo,
    /// `i`: the details of the track or collection under the cursor.
    Details,
    /// `y`: the id under the cursor to the clipboard.
    CopyId,
    /// `F`: find a title across every collection.
    Search,
    /// In the confirm popup (and No closes the sort menu).
    Yes,
    No,
    /// In the sort menu.
    SortTitle,
    SortDuration,
    SortAdded,
    SortApply,
    /// On the setup screen.
    NextField,
    PreviousField,
    OtherButton,
    /// In a text field: empty it, or take back its last character.
    ClearField,
    Erase,
    /// In the library picker: mark or unmark and move up.
    MarkUp,
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
    /// The first-run setup screen (typing goes to its fields).
    Setup,
    /// The filter line while it is typed in (typing goes to the filter).
    FilterLine,
    /// The go-to prompt (typing goes to the position).
    GoTo,
    /// The details popup.
    Details,
    /// The search across collections (typing goes to the query).
    Search,
}

impl Scope {
    /// Whether the binding is live on the main screen (not in a popup, the filter line or the setup).
    fn main_screen(self) -> bool {
        matches!(self, Scope::Everywhere | Scope::Collections | Scope::Tracks)
    }

    /// Whether printable keys are text here (so none may be bound in it).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Scope::Form
                | Scope::Delete
                | Scope::Picker
                | Scope::Chooser
                | Scope::Setup
                | Scope::FilterLine
                | Scope::GoTo
                | Scope::Search
        )
    }
}

/// One key: a code and whether Ctrl or Alt is held (Shift is folded into the character it produced, so
/// `J` is Shift-j). Alt-d is not d.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

const fn plain(code: KeyCode) -> Key {
    Key { code, ctrl: false, alt: false }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), ctrl: true, alt: false }
}

/// Which keys a hint shows: written from the keys in use, never by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintKeys {
    /// Every key of the action (`Del/d`).
    All,
    /// Its first key (`q` for quit, whose Ctrl-C goes without saying).
    First,
    /// Its first key and another action's (`J/K`: move down, move up).
    With(Action),
}

/// One row of the default table. How its keys are written (in the help popup, the hint bar and messages)
/// comes from the keys themselves.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub action: Action,
    pub keys: &'static [Key],
    /// The hint bar's keys and word (`None` keeps the binding out of it).
    pub hint: Option<(HintKeys, &'static str)>,
    /// The sentence for the help popup.
    pub help: &'static str,
    pub scope: Scope,
}

mod defaults;
mod names;

pub use defaults::BINDINGS;
pub use names::{action_named, key_label, name_of, parse_key};

/// The character a key types into a text field: a printable character with neither Ctrl nor Alt held.
/// Everything else a text field takes is an action of its scope in the table.
pub fn typed_char(ev: &KeyEvent) -> Option<char> {
    match ev.code {
        KeyCode::Char(c) if !ev.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) && !c.is_control() => {
            Some(c)
        }
        _ => None,
    }
}

/// The modifiers a key is pressed with.
fn modifiers_of(k: Key) -> KeyModifiers {
    match (k.ctrl, k.alt) {
        (true, true) => KeyModifiers::CONTROL | KeyModifiers::ALT,
        (true, false) => KeyModifiers::CONTROL,
        (false, true) => KeyModifiers::ALT,
        (false, false) => KeyModifiers::NONE,
    }
}

/// The key of a terminal event.
pub fn key_of(ev: &KeyEvent) -> Key {
    Key {
        code: ev.code,
        ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
        alt: ev.modifiers.contains(KeyModifiers::ALT),
    }
}

/// One binding as it stands: the default, or the keys `[keys]` gave its action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    pub action: Action,
    pub keys: Vec<Key>,
    /// How the keys are written (`Del/d`; `(none)` when unbound).
    pub label: String,
    /// Which keys the hint shows, and its word.
    hint_keys: Option<(HintKeys, &'static str)>,
    /// The keys and word for the hint bar, as written now.
    pub hint: Option<(String, &'static str)>,
    pub help: &'static str,
    pub scope: Scope,
}

/// How a list of keys is written: `Del/d`, or `(none)`.
fn label_of(keys: &[Key]) -> String {
    if keys.is_empty() {
        return "(none)".to_string();
    }
    keys.iter().map(|k| key_label(*k)).collect::<Vec<_>>().join("/")
}

/// `[keys]` in the config file: an action's name, the keys written for it (`"none"` unbinds it), and
/// the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub action: String,
    pub keys: Vec<String>,
    pub line: usize,
}

/// The keymap in use: the defaults with `[keys]` over them. `update` resolves keys through it, and the
/// help popup and the hint bar are drawn from it, so none of them can disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap(Vec<Live>);

impl Default for Keymap {
    fn default() -> Self {
        let mut map = Self(
            BINDINGS
                .iter()
                .map(|b| Live {
                    action: b.action,
                    keys: b.keys.to_vec(),
                    label: label_of(b.keys),
                    hint_keys: b.hint,
                    hint: None,
                    help: b.help,
                    scope: b.scope,
                })
                .collect(),
        );
        map.write_hints();
        map
    }
}

impl Keymap {
    /// The defaults with `overrides` applied; each bad entry (an unknown action, a key that cannot be read,
    /// a key bound twice on one screen) is left out and named in the errors, with its line.
    pub fn with(overrides: &[Override]) -> (Self, Vec<String>) {
        let mut map = Self::default();
        let mut errors = Vec::new();
        for o in overrides {
            let Some(action) = action_named(&o.action) else {
                let known: Vec<&str> = names::names().collect();
                errors.push(format!(
                    "line {}: [keys] has no action `{}`; the actions are {}",
                    o.line,
                    o.action,
                    known.join(", ")
                ));
                continue;
            };
            let keys: Result<Vec<Key>, names::KeyError> = if o.keys.iter().any(|k| k.eq_ignore_ascii_case("none")) {
                Ok(Vec::new())
            } else {
                o.keys.iter().map(|k| parse_key(k)).collect()
            };
            let keys = match keys {
                Ok(k) => k,
                Err(e) => {
                    errors.push(format!("line {}: [keys] {}: {e}", o.line, o.action));
                    continue;
                }
            };
            // Digits typed before a motion are its count (`5j`): none is a key of its own.
            if let Some(k) =
                keys.iter().find(|k| !k.ctrl && !k.alt && matches!(k.code, KeyCode::Char(c) if c.is_ascii_digit()))
            {
                errors.push(format!(
                    "line {}: [keys] {}: {} is a count (as in 5j), not a key; bind another key",
                    o.line,
                    o.action,
                    key_label(*k)
                ));
                continue;
            }
            let before = map.clone();
            let Some(b) = map.0.iter_mut().find(|b| b.action == action && b.scope.main_screen()) else { continue };
            b.label = label_of(&keys);
            b.keys = keys;
            if action == Action::Cancel {
                map.cancel_everywhere();
            }
            map.write_hints();
            if let Some(clash) = map.clash() {
                errors.push(format!("line {}: [keys] {}: {clash}", o.line, o.action));
                map = before;
            }
        }
        (map, errors)
    }

    /// One rule for closing, whatever `[keys]` says of `cancel`: Esc always cancels (unless `[keys]` gave
    /// Esc to another action), and the cancel keys that type no text close every popup and clear the
    /// filter line, as Esc does there.
    fn cancel_everywhere(&mut self) {
        let esc = Key { code: KeyCode::Esc, ctrl: false, alt: false };
        let taken = self.0.iter().any(|b| b.scope.main_screen() && b.action != Action::Cancel && b.keys.contains(&esc));
        let Some(cancel) = self.0.iter_mut().find(|b| b.action == Action::Cancel && b.scope.main_screen()) else {
            return;
        };
        if !taken && !cancel.keys.contains(&esc) {
            cancel.keys.push(esc);
            cancel.label = label_of(&cancel.keys);
        }
        let extra: Vec<Key> = cancel
            .keys
            .iter()
            .copied()
            .filter(|k| typed_char(&KeyEvent::new(k.code, modifiers_of(*k))).is_none())
            .collect();
        let scopes = [
            Scope::Confirm,
            Scope::Sort,
            Scope::Form,
            Scope::Delete,
            Scope::Picker,
            Scope::Chooser,
            Scope::GoTo,
            Scope::Details,
            Scope::Search,
            Scope::FilterLine,
        ];
        for scope in scopes {
            let bound: Vec<Key> = self.0.iter().filter(|b| b.scope == scope).flat_map(|b| b.keys.clone()).collect();
            let Some(close) = self
                .0
                .iter_mut()
                .find(|b| b.scope == scope && matches!(b.action, Action::No | Action::Cancel) && b.keys.contains(&esc))
            else {
                continue;
            };
            for k in &extra {
                if !bound.contains(k) {
                    close.keys.push(*k);
                }
            }
            close.label = label_of(&close.keys);
        }
    }

    /// The help line of a binding, with the keys it names (`{undo}`, by their `[keys]` names) written as
    /// they are bound now.
    pub fn help_of(&self, b: &Live) -> String {
        let mut out = String::new();
        let mut rest = b.help;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let Some(len) = rest[start..].find('}') else { break };
            let name = &rest[start + 1..start + len];
            match names::action_named(name) {
                Some(action) => out.push_str(&self.key_for(Scope::Everywhere, action)),
                None => out.push_str(&rest[start..=start + len]),
            }
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Writes each hint's keys from the keys in use.
    fn write_hints(&mut self) {
        let first = |map: &Self, action: Action, scope: Scope| {
            map.0.iter().find(|b| b.action == action && b.scope == scope)?.keys.first().map(|k| key_label(*k))
        };
        let hints: Vec<Option<(String, &'static str)>> = self
            .0
            .iter()
            .map(|b| {
                let (which, word) = b.hint_keys?;
                let keys = match which {
                    HintKeys::All => b.label.clone(),
                    HintKeys::First => first(self, b.action, b.scope)?,
                    HintKeys::With(other) => [first(self, b.action, b.scope), first(self, other, b.scope)]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join("/"),
                };
                (!b.keys.is_empty()).then_some((keys, word))
            })
            .collect();
        for (b, h) in self.0.iter_mut().zip(hints) {
            b.hint = h;
        }
    }

    /// A key bound to two actions on one screen, said in words.
    fn clash(&self) -> Option<String> {
        let screens: [&dyn Fn(Scope) -> bool; 2] =
            [&|s: Scope| matches!(s, Scope::Everywhere | Scope::Collections), &|s: Scope| {
                matches!(s, Scope::Everywhere | Scope::Tracks)
            }];
        for on_screen in screens {
            let mut seen: Vec<(Key, Action)> = Vec::new();
            for b in self.0.iter().filter(|b| on_screen(b.scope)) {
                for k in &b.keys {
                    if let Some((_, other)) = seen.iter().find(|(s, a)| s == k && *a != b.action) {
                        return Some(format!("{} is already bound to {}", key_label(*k), names::name_of(*other)));
                    }
                    seen.push((*k, b.action));
                }
            }
        }
        None
    }

    /// The action bound to a key in the focused pane (`Collections` or `Tracks`: its own bindings and
    /// those of everywhere), if any. A key may do one thing in each pane.
    pub fn action_in(&self, pane: Scope, ev: &KeyEvent) -> Option<Action> {
        let key = key_of(ev);
        self.0
            .iter()
            .find(|b| (b.scope == pane || b.scope == Scope::Everywhere) && b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// The action bound to a key anywhere on the main screen, if any (the first in table order).
    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        let key = key_of(ev);
        self.0.iter().find(|b| b.scope.main_screen() && b.keys.contains(&key)).map(|b| b.action)
    }

    /// The action bound to a key in a popup's scope, if any.
    pub fn popup_action_for(&self, scope: Scope, ev: &KeyEvent) -> Option<Action> {
        let key = key_of(ev);
        self.0.iter().find(|b| b.scope == scope && b.keys.contains(&key)).map(|b| b.action)
    }

    /// The bindings that apply in a scope, in table order (a popup's scope has only its own).
    pub fn in_scope(&self, scope: Scope) -> impl Iterator<Item = &Live> {
        self.0.iter().filter(move |b| b.scope == scope || (scope.main_screen() && b.scope == Scope::Everywhere))
    }

    /// The bound keys of a scope that have no hint of their own, in the help popup's order, each with its
    /// `[keys]` name as the word ("invert marks"): for a hint bar with room to spare.
    pub fn more_hints(&self, scope: Scope) -> Vec<(String, String)> {
        self.in_scope(scope)
            .filter(|b| b.hint.is_none() && !b.keys.is_empty())
            .map(|b| (b.label.clone(), names::name_of(b.action).replace('_', " ")))
            .collect()
    }

    /// The hints of a scope with their actions: (action, keys, word).
    pub fn hint_actions(&self, scope: Scope) -> Vec<(Action, &str, &str)> {
        self.in_scope(scope).filter_map(|b| b.hint.as_ref().map(|(k, w)| (b.action, k.as_str(), *w))).collect()
    }

    /// The hints of a scope: (keys, word).
    pub fn hints(&self, scope: Scope) -> Vec<(&str, &str)> {
        self.in_scope(scope).filter_map(|b| b.hint.as_ref().map(|(k, w)| (k.as_str(), *w))).collect()
    }

    /// The main screen's bindings as a Markdown table (`[keys]` name, keys, what it does): the README's
    /// table of configurable keys is this, for the defaults (a test keeps it so).
    pub fn markdown(&self) -> String {
        let mut out = String::from("| `[keys]` name | keys | what it does |\n| --- | --- | --- |\n");
        for b in self.main_screen() {
            let keys = b.label.replace('|', "\\|");
            out.push_str(&format!("| `{}` | {keys} | {} |\n", names::name_of(b.action), self.help_of(b)));
        }
        out
    }

    /// How the first key of `action` is written in a popup's `scope` (on the main screen for
    /// `Everywhere`); `None` when it is unbound there.
    pub fn first_key_in(&self, scope: Scope, action: Action) -> Option<String> {
        let here = |b: &&Live| if scope == Scope::Everywhere { b.scope.main_screen() } else { b.scope == scope };
        self.0.iter().filter(here).find(|b| b.action == action)?.keys.first().map(|k| key_label(*k))
    }

    /// How a sentence names the key of `action` in `scope` (`Everywhere`: the main screen): its first
    /// key, or the action's `[keys]` name when it is unbound.
    pub fn key_for(&self, scope: Scope, action: Action) -> String {
        self.first_key_in(scope, action).unwrap_or_else(|| format!("the {} key (unbound)", name_of(action)))
    }

    /// How the first key of a main-screen action is written (`None` when it is unbound).
    pub fn first_key(&self, action: Action) -> Option<String> {
        self.0.iter().find(|b| b.action == action && b.scope.main_screen())?.keys.first().map(|k| key_label(*k))
    }

    /// The bindings the help popup lists: the main screen's.
    pub fn main_screen(&self) -> impl Iterator<Item = &Live> {
        self.0.iter().filter(|b| b.scope.main_screen())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_on_one_screen() {
        let screens: [&dyn Fn(Scope) -> bool; 13] = [
            // Each pane with what works everywhere (Enter opens a collection, and shows a track's details).
            &|s: Scope| matches!(s, Scope::Everywhere | Scope::Collections),
            &|s: Scope| matches!(s, Scope::Everywhere | Scope::Tracks),
            &|s: Scope| s == Scope::Confirm,
            &|s: Scope| s == Scope::Sort,
            &|s: Scope| s == Scope::Form,
            &|s: Scope| s == Scope::Delete,
            &|s: Scope| s == Scope::Picker,
            &|s: Scope| s == Scope::Chooser,
            &|s: Scope| s == Scope::Setup,
            &|s: Scope| s == Scope::FilterLine,
            &|s: Scope| s == Scope::GoTo,
            &|s: Scope| s == Scope::Details,
            &|s: Scope| s == Scope::Search,
        ];
        for on_screen in screens {
            let keys: Vec<Key> =
                BINDINGS.iter().filter(|b| on_screen(b.scope)).flat_map(|b| b.keys.iter().copied()).collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{k:?} bound twice");
            }
        }
    }

    /// The help popup gives a description 59 columns at 80 wide (76 less its border and the keys' column):
    /// a longer one would be cut with `…` on every terminal.
    #[test]
    fn every_help_line_fits_the_help_popup() {
        let map = Keymap::default();
        for b in map.main_screen() {
            let help = map.help_of(b);
            assert!(help.chars().count() <= 59, "{} columns: {help}", help.chars().count());
        }
    }

    /// Where typing is text, a binding on a printable key would swallow a letter of it.
    #[test]
    fn a_scope_that_takes_text_binds_no_printable_key() {
        for b in BINDINGS.iter().filter(|b| b.scope.takes_text()) {
            for k in b.keys {
                let ev = KeyEvent::new(
                    k.code,
                    if k.ctrl {
                        KeyModifiers::CONTROL
                    } else if k.alt {
                        KeyModifiers::ALT
                    } else {
                        KeyModifiers::NONE
                    },
                );
                assert_eq!(typed_char(&ev), None, "{:?} in {:?} is a character typed there", k, b.scope);
            }
        }
    }

    #[test]
    fn esc_cancels_and_never_quits() {
        let map = Keymap::default();
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(map.action_for(&esc), Some(Action::Cancel));
        assert_eq!(map.popup_action_for(Scope::Confirm, &esc), Some(Action::No));
        let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(map.action_for(&ctrl_r), Some(Action::Redo));
        let shift_v = KeyEvent::new(KeyCode::Char('V'), KeyModifiers::SHIFT);
        assert_eq!(map.action_for(&shift_v), Some(Action::Range));
        // Alt-d is not d.
        let alt_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::ALT);
        assert_eq!(map.action_for(&alt_d), None);
    }

    fn over(action: &str, keys: &[&str], line: usize) -> Override {
        Override { action: action.into(), keys: keys.iter().map(|k| k.to_string()).collect(), line }
    }

    #[test]
    fn keys_from_the_config_rebind_and_name_their_errors_with_the_line() {
        let (map, errors) = Keymap::with(&[over("remove", &["x"], 3), over("refresh", &["F5"], 4)]);
        assert!(errors.is_empty(), "{errors:?}");
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        let d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(map.action_for(&x), Some(Action::Remove));
        assert_eq!(map.action_for(&d), None, "the defaults of a rebound action are gone");
        assert_eq!(map.action_for(&KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)), Some(Action::Refresh));
        // The help and the hint bar say so.
        assert!(map.main_screen().any(|b| b.action == Action::Remove && b.label == "x"));
        assert!(map.hints(Scope::Tracks).contains(&("x", "remove")));

        let (map, errors) = Keymap::with(&[
            over("launch_rockets", &["z"], 7),
            over("remove", &["Hyper-q"], 8),
            over("remove", &["j"], 9),
            over("sort", &["none"], 10),
        ]);
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("line 7:") && errors[0].contains("launch_rockets"), "{}", errors[0]);
        assert!(errors[1].starts_with("line 8:") && errors[1].contains("Hyper-q"), "{}", errors[1]);
        assert!(errors[2].starts_with("line 9:") && errors[2].contains("j is already bound to down"), "{}", errors[2]);
        // A bad entry changes nothing; `none` unbinds.
        assert_eq!(map.action_for(&d), Some(Action::Remove));
        assert_eq!(map.action_for(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn every_binding_says_what_it_does() {
        for b in BINDINGS {
            assert!(!b.help.trim().is_empty() && !b.keys.is_empty(), "{:?} has no help or no key", b.action);
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
            NextField,
            PreviousField,
            OtherButton,
            ClearField,
        ] {
            assert!(BINDINGS.iter().any(|b| b.action == a), "{a:?}");
        }
    }
}
