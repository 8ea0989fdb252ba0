//! The popup on top of the panes, if any. Which one is open is one value, so which popup takes the keys
//! (`update::on_key`), which is drawn (`ui::draw`), which keys the hint bar shows (`Popup::scope`) and
//! which takes clicks (`ui::popup_click`) all read it in one place. One popup at a time: opening one
//! replaces what was there (none opens over another today).

use super::collection_edits::{DeleteConfirm, Form};
use super::keymap::Scope;
use super::picker::Picker;
use super::sort::SortMenu;
use super::state::App;
use super::transfer::Chooser;
use super::writes::Confirm;

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
        }
    }
}

/// `app.name()`, `app.name_mut()` and `app.take_name()` for the popup of one variant.
macro_rules! accessors {
    ($($get:ident, $get_mut:ident, $take:ident, $variant:ident, $ty:ty;)*) => {
        impl App {
            $(
                pub fn $get(&self) -> Option<&$ty> {
                    match &self.popup {
                        Some(Popup::$variant(p)) => Some(p),
                        _ => None,
                    }
                }

                pub fn $get_mut(&mut self) -> Option<&mut $ty> {
                    match &mut self.popup {
                        Some(Popup::$variant(p)) => Some(p),
                        _ => None,
                    }
                }

                /// Closes it, returning it (`None`, changing nothing, when another popup is open).
                pub fn $take(&mut self) -> Option<$ty> {
                    match self.popup.take() {
                        Some(Popup::$variant(p)) => Some(p),
                        other => {
                            self.popup = other;
                            None
                        }
                    }
                }
            )*
        }
    };
}

accessors! {
    confirm, confirm_mut, take_confirm, Confirm, Confirm;
    sort_menu, sort_menu_mut, take_sort_menu, Sort, SortMenu;
    form, form_mut, take_form, Form, Form;
    delete, delete_mut, take_delete, Delete, DeleteConfirm;
    picker, picker_mut, take_picker, Picker, Picker;
    chooser, chooser_mut, take_chooser, Chooser, Chooser;
}

impl App {
    /// The help popup's first line on screen, when it is open.
    pub fn help_top(&self) -> Option<usize> {
        match self.popup {
            Some(Popup::Help { top }) => Some(top),
            _ => None,
        }
    }

    pub fn showing_messages(&self) -> bool {
        matches!(self.popup, Some(Popup::Messages))
    }
}
