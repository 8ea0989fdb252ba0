//! `y`: text to the terminal's clipboard by OSC 52, the one way a terminal app reaches it over SSH and
//! inside tmux (with `set-clipboard on`). The terminal never answers, so the app cannot know it worked;
//! the status line says what was sent.

use std::io::Write;

/// Writes the OSC 52 sequence for `text` to the terminal.
pub(crate) fn copy(text: &str) {
    let mut out = std::io::stdout();
    let sent = crossterm::execute!(out, crossterm::clipboard::CopyToClipboard::to_clipboard_from(text))
        .and_then(|()| out.flush());
    if let Err(e) = sent {
        tracing::warn!(error = %e, "cannot write to the terminal's clipboard");
    }
}
