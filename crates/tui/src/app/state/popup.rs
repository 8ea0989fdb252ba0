//! The popup on top of the panes, if any. Which one is open is one value, so which popup takes the keys
//! (`update::on_key`), which is drawn (`ui::draw`), which keys the hint bar shows (`Popup::scope`) and
//! which takes clicks (`ui::popup_click`) all read it in one place. One popup at a time: opening one
//! replaces what was there (none opens over another today).

use super::details::Details;
use super::edits::{DeleteConfirm, Form};
use super::picker::Picker;
use super::search::Search;
use super::sort::SortMenu;
use super::transfer::Chooser;
use super::writes::Confirm;
use crate::app::keymap::Scope;

#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    /// The keys (`?`), scrolled to its first line on screen.
    Help { top: usize },
    /// The recent messages (`L`).
    Messages,
    /// "Remove N tracks from X?"
    Confirm(Confirm),
    /// The sort menu (`s`).
    Sort(SortMenu),
    /// Create or rename a collection.
    Form(Form),
    /// Delete a collection: its name typed to confirm.
    Delete(DeleteConfirm),
    /// Add tracks from the library (`a`).
    Picker(Picker),
    /// The collection to copy or move to (`C`, `M`).
    Chooser(Chooser),
    /// The go-to prompt (`:`): the position typed so far.
    GoTo(String),
    /// The details of a track or a collection (`i`).
    Details(Box<Details>),
    /// Titles across every collection (`F`).
    Search(Box<Search>),
}

impl Popup {
    /// The key table's scope of its own keys (what the hint bar shows while it is open); `None` for the
    /// help and the messages, which take the main screen's keys.
    pub fn scope(&self) -> Option<Scope> {
        match self {
            Popup::Help { .. } | Popup::Messages => None,
            Popup::Confirm(_) => Some(Scope::Confirm),
            Popup::Sort(_) => Some(Scope::Sort),
            Popup::Form(_) => Some(Scope::Form),
            Popup::Delete(_) => Some(Scope::Delete),
            Popup::Picker(_) => Some(Scope::Picker),
            Popup::Chooser(_) => Some(Scope::Chooser),
            Popup::GoTo(_) => Some(Scope::GoTo),
            Popup::Details(_) => Some(Scope::Details),
            Popup::Search(_) => Some(Scope::Search),
        }
    }
}
