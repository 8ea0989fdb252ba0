//! Where a command speaks to a person: notices on standard error (above the progress bar when one is
//! drawn), whether progress is drawn at all, and how tables are laid out. One value made by `main` from
//! the flags (`--quiet`, `--header`) and handed to each command: no process-wide state.

use std::io::IsTerminal;

use super::progress::{Progress, Slot};
use super::table::Layout;

#[derive(Clone, Default)]
pub struct Console {
    /// `--quiet`: no progress at all.
    quiet: bool,
    /// `--header`: piped tables start with their header line.
    header: bool,
    /// The bar drawn now, so a notice goes above it.
    bar: Slot,
}

impl Console {
    pub fn new(quiet: bool, header: bool) -> Self {
        Self { quiet, header, bar: Slot::default() }
    }

    /// A notice on standard error, above the bar when one is drawn.
    pub fn say(&self, line: &str) {
        let active = self.bar.lock().ok().and_then(|a| a.clone());
        match active {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Whether progress would be drawn (so a command can skip the requests that only size it): never with
    /// `--quiet`, for a `--json` run (`shown` false) or when standard error is not a terminal.
    pub fn progress_wanted(&self, shown: bool) -> bool {
        shown && !self.quiet && std::io::stderr().is_terminal()
    }

    /// A bar of `len` steps labelled `what`, or none when progress is not wanted.
    pub fn progress(&self, len: u64, what: &str, shown: bool) -> Progress {
        if self.progress_wanted(shown) { Progress::shown_in(&self.bar, len, what) } else { Progress::hidden() }
    }

    /// How tables are laid out for standard output now.
    pub fn layout(&self) -> Layout {
        Layout::of_stdout(self.header)
    }
}
