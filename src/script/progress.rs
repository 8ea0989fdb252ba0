//! Progress on standard error for the long commands (pages read, tracks removed): a bar drawn only
//! when the command's `Console` wants one (see `console.rs`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar on screen now, if any, shared with the console so notices are printed above it.
pub type Slot = Arc<Mutex<Option<ProgressBar>>>;

/// A progress counter, or nothing when progress is not wanted.
pub struct Progress(Option<Shown>);

/// A bar on the screen: its label, the width its bar is drawn at now, and the slot it is shown in.
struct Shown {
    bar: ProgressBar,
    label: String,
    width: AtomicUsize,
    slot: Slot,
}

impl Progress {
    /// No bar: every step is a no-op.
    pub fn hidden() -> Self {
        Self(None)
    }

    /// A bar of `len` steps labelled `what` (`{pos}/{len} {what}`), drawn at once and held in `slot`
    /// until dropped.
    pub fn shown_in(slot: &Slot, len: u64, what: &str) -> Self {
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        let width = bar_width(terminal_columns(), text_after_bar(len, what, ""));
        bar.set_style(style(width, what));
        // Drawn at once, not at the first step: a step may be seconds away on a slow link.
        bar.tick();
        if let Ok(mut active) = slot.lock() {
            *active = Some(bar.clone());
        }
        Self(Some(Shown { bar, label: what.to_string(), width: AtomicUsize::new(width), slot: Arc::clone(slot) }))
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
            if let Ok(mut active) = s.slot.lock() {
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
