//! Progress on standard error for the long commands (pages read, tracks removed), drawn only when
//! standard error is a terminal, and never with `--quiet` or `--json`. Other notices on standard error go
//! through `say`, above the bar.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

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
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar of `len` steps labelled `what` (`{pos}/{len} {what}`), unless `--quiet`, `--json` (`shown`
    /// false) or a standard error that is not a terminal.
    pub fn new(len: u64, what: &str, shown: bool) -> Self {
        if !wanted(shown) {
            return Self(None);
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(&format!("{{bar:{}}} {{pos}}/{{len}} {what}{{msg}}", bar_width()))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        // Drawn at once, not at the first step: a step may be seconds away on a slow link.
        bar.tick();
        if let Ok(mut active) = ACTIVE.lock() {
            *active = Some(bar.clone());
        }
        Self(Some(bar))
    }

    /// Whether a bar is drawn (so a caller can skip composing notes nobody sees).
    pub fn shown(&self) -> bool {
        self.0.is_some()
    }

    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.0 {
            b.inc(n);
        }
    }

    /// Text after the count (", 3 failed"), drawn at once (the bar's own rate limit would drop a note
    /// that follows another within 50 ms).
    pub fn note(&self, msg: String) {
        if let Some(b) = &self.0 {
            b.set_message(msg);
            b.force_draw();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = self.0.take() {
            b.finish_and_clear();
            if let Ok(mut active) = ACTIVE.lock() {
                *active = None;
            }
        }
    }
}

/// Columns the rest of a bar's line takes at most: the count, the label and the notes (" 1000/1000
/// removed, reading the order 41/41, 3 failed").
const LINE_REST: usize = 54;

/// The bar's own width: 30 columns, fewer on a narrow terminal so its whole line stays on one line (at
/// least 10).
fn bar_width() -> usize {
    let columns = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w));
    columns.saturating_sub(LINE_REST).clamp(10, 30)
}

/// A notice on standard error, above the bar when one is drawn.
pub fn say(line: &str) {
    let active = ACTIVE.lock().ok().and_then(|a| a.clone());
    match active {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}
