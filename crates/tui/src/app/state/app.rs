//! The whole app: every part of the state in one value, which `update` changes and `ui` draws. Plain
//! data, no I/O.

use std::collections::HashSet;

use super::basics::*;
use super::edits::{DeleteConfirm, Form};
use super::filter::Filter;
use super::filter::Scratch;
use super::picker::Picker;
use super::place::Resume;
use super::popup::Popup;
use super::sort::SortMenu;
use super::sort::Sorting;
use super::transfer::Chooser;
use super::transfer::Transfer;
use super::writes::Confirm;
use super::writes::Prefs;
use super::writes::Writes;
use freddy_api::CollectionId;
use freddy_api::TrackId;
use freddy_api::model::Member;

/// The whole app.
#[derive(Debug, Clone, PartialEq)]
pub struct App {
    pub header: Header,
    pub focus: Pane,
    pub collections: Collections,
    pub open: Option<OpenCollection>,
    pub tracks: TrackCache,
    pub status: Option<Status>,
    /// The popup on top, if any (see `popup`).
    pub popup: Option<Popup>,
    pub prefs: Prefs,
    pub viewport: Viewport,
    /// Requests under way (drives the loading indicator).
    pub in_flight: usize,
    pub quit: bool,
    /// q was pressed with writes under way: quit once they are done (a second q forces it).
    pub quitting: bool,
    /// Source of epochs for opened collections.
    pub next_epoch: u64,
    /// Marks and ranges.
    pub marks: Marks,
    /// Removals and undos: queued, in flight, and the undo and redo stacks.
    pub writes: Writes,
    /// The server's rate-limit budget, from its latest answer's headers (none when it sends none).
    pub budget: Option<freddy_api::RateBudget>,
    /// Recent messages, oldest first (`L` shows them).
    pub messages: std::collections::VecDeque<(Tone, String)>,
    /// Seconds the status message has been up (ticks since the last `say`).
    pub status_age: u32,
    /// Seconds since start (ticks): when failed requests may go again.
    pub ticks: u64,
    /// The filter over one pane, when one is on.
    pub filter: Option<Filter>,
    /// The fuzzy matcher's scratch memory (the filter's, the picker's and the highlights').
    pub matcher: Scratch,
    /// A sort waiting for the order it reads.
    pub sorting: Option<Sorting>,
    /// Every row and title of this collection is being read (Ctrl-a).
    pub loading_all: Option<CollectionId>,
    /// A copy or move waiting for its target's members.
    pub transfer: Option<Transfer>,
    /// Digits typed before a motion or an edit (`12` of `12G`), not used yet.
    pub count: Option<usize>,
    /// The place of the last session, being returned to (until found, given up, or a key is pressed).
    pub resume: Option<Resume>,
    /// Seconds since the last key (changes elsewhere are checked every `refresh_secs` of them).
    pub idle_secs: u32,
}

impl App {
    /// A new app; `session` makes this run's batch ids unique (a few random hex digits from the runtime).
    pub fn new(header: Header, session: impl Into<String>) -> Self {
        let session = session.into();
        Self {
            header,
            focus: Pane::Collections,
            collections: Collections::default(),
            open: None,
            tracks: TrackCache::default(),
            status: None,
            popup: None,
            prefs: Prefs::default(),
            viewport: Viewport::default(),
            in_flight: 0,
            quit: false,
            quitting: false,
            next_epoch: 1,
            marks: Marks::default(),
            writes: Writes::new(session),
            budget: None,
            filter: None,
            matcher: Default::default(),
            messages: std::collections::VecDeque::new(),
            status_age: 0,
            ticks: 0,
            sorting: None,
            transfer: None,
            loading_all: None,
            count: None,
            resume: None,
            idle_secs: 0,
        }
    }

    /// The track under the cursor in the open collection, as the screen shows it: none while a filter on
    /// the tracks matches no row (the row the cursor was on is hidden then, and no key may act on it).
    pub fn selected_track(&self) -> Option<&Member> {
        let oc = self.open.as_ref()?;
        let hidden = self.filter.as_ref().is_some_and(|f| f.pane == Pane::Tracks && f.hits.is_empty());
        if hidden { None } else { oc.selected() }
    }

    /// The marks of the open collection.
    pub fn open_marks(&self) -> Option<&HashSet<TrackId>> {
        self.open.as_ref().and_then(|oc| self.marks.sets.get(&oc.id)).filter(|m| !m.is_empty())
    }

    pub fn loading(&self) -> bool {
        self.in_flight > 0
    }

    /// Puts a message in the status line and in the log of recent messages (`L`). An info message
    /// expires after `INFO_SECONDS`; the others stay until replaced.
    pub fn say(&mut self, tone: Tone, said: impl Into<Said>) {
        let said = said.into();
        let text = said.plain();
        if tone != Tone::Progress && self.messages.back().is_none_or(|(_, t)| *t != text) {
            self.messages.push_back((tone, text.clone()));
            if self.messages.len() > MESSAGES_KEPT {
                self.messages.pop_front();
            }
        }
        self.status = Some(Status { text, tone, parts: said.0 });
        self.status_age = 0;
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
