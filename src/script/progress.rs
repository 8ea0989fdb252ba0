//! Progress on standard error for the long commands (pages read, tracks removed), drawn only when
//! standard error is a terminal, and never with `--quiet` or `--json`. Other notices on standard error go
//! through `say`, above the bar.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

static QUIET: AtomicBool = AtomicBool::new(false);
/// The bar on screen now, so notices can be printed above it.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// `--quiet`: no progress at all.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether progress would be drawn (so a command can skip the requests that only size it).
pub fn wanted(shown: bool) -> bool {
    shown && !QUIET.load(Ordering::Relaxed) && std::io::stderr().is_terminal()
}

/// A progress counter, or nothing when progress is not wanted.
pub struct Progress(Option<Shown>);

/// A bar on the screen: its label and the width its bar is drawn at now.
struct Shown {
    bar: ProgressBar,
    label: String,
    width: AtomicUsize,
}

impl Progress {
    /// A bar of `len` steps labelled `what` (`{pos}/{len} {what}`), unless `--quiet`, `--json` (`shown`
    /// false) or a standard error that is not a terminal.
    pub fn new(len: u64, what: &str, shown: bool) -> Self {
        if !wanted(shown) {
            return Self(None);
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        let width = bar_width(terminal_columns(), text_after_bar(len, what, ""));
        bar.set_style(style(width, what));
        // Drawn at once, not at the first step: a step may be seconds away on a slow link.
        bar.tick();
        if let Ok(mut active) = ACTIVE.lock() {
            *active = Some(bar.clone());
        }
        Self(Some(Shown { bar, label: what.to_string(), width: AtomicUsize::new(width) }))
    }

    /// Whether a bar is drawn (so a caller can skip composing notes nobody sees).
    pub fn shown(&self) -> bool {
        self.0.is_some()
    }

    pub fn inc(&self, n: u64) {
        if let Some(s) = &self.0 {
            s.bar.inc(n);
        }
    }

    /// Text after the count (", 3 failed"), drawn at once (the bar's own rate limit would drop a note
    /// that follows another within 50 ms). A note that would not fit the line shortens the bar (it never
    /// grows back, so the bar does not jump as notes come and go).
    pub fn note(&self, msg: String) {
        let Some(s) = &self.0 else { return };
        let len = s.bar.length().unwrap_or(0);
        let fits = bar_width(terminal_columns(), text_after_bar(len, &s.label, &msg));
        if fits < s.width.load(Ordering::Relaxed) {
            s.width.store(fits, Ordering::Relaxed);
            s.bar.set_style(style(fits, &s.label));
        }
        s.bar.set_message(msg);
        s.bar.force_draw();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(s) = self.0.take() {
            s.bar.finish_and_clear();
            if let Ok(mut active) = ACTIVE.lock() {
                *active = None;
            }
        }
    }
}

/// `{bar} {pos}/{len} {label}{msg}`, the bar `width` columns wide.
fn style(width: usize, label: &str) -> ProgressStyle {
    ProgressStyle::with_template(&format!("{{bar:{width}}} {{pos}}/{{len}} {label}{{msg}}"))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

fn terminal_columns() -> usize {
    crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))
}

/// Columns the line takes after its bar at most: the space, the count (`pos` never has more digits than
/// `len`), the label and the note.
fn text_after_bar(len: u64, label: &str, msg: &str) -> usize {
    let digits = len.checked_ilog10().map_or(1, |d| d as usize + 1);
    1 + 2 * digits + 1 + 1 + label.chars().count() + msg.chars().count()
}

/// The bar's own width: 30 columns, fewer when the rest of the line needs them, so the whole line stays
/// short of the terminal's last column (at least 10).
fn bar_width(columns: usize, after: usize) -> usize {
    columns.saturating_sub(after + 1).clamp(10, 30)
}

/// A notice on standard error, above the bar when one is drawn.
pub fn say(line: &str) {
    let active = ACTIVE.lock().ok().and_then(|a| a.clone());
    match active {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_with_a_long_count_and_notes_stays_on_one_line() {
        // 100,000 ids, a 201-page order and failures: 62 columns after the bar.
        let note = ", reading the order 201/201, 1000 failed";
        let line = |columns| bar_width(columns, text_after_bar(100_000, "removed", note)) + 62;
        assert_eq!(text_after_bar(100_000, "removed", note), 62);
        assert!(line(80) < 80, "{}", line(80));
        // A short one keeps the whole 30 columns.
        assert_eq!(bar_width(80, text_after_bar(50, "removed", "")), 30);
        // Past what a terminal can hold, the bar stays readable: 10 columns.
        assert_eq!(bar_width(40, 62), 10);
    }
}
