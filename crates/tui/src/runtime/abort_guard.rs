//! The terminal given back when the process aborts. A failed allocation ends in `abort()` (Rust's
//! allocation error handler prints one line and aborts), which runs no panic hook and no destructor: the
//! shell was left in raw mode on the alternate screen. A SIGABRT handler puts the terminal settings saved
//! before the TUI took over back, leaves the alternate screen and shows the cursor; then the abort goes on.
//!
//! The saved settings are the one process-global here: a signal handler can reach nothing else. It is
//! written once, before the handler is installed, and the handler only reads it and makes two system calls
//! that are safe in a signal handler (`tcsetattr`, `write`).

use std::sync::OnceLock;

/// The terminal's file descriptor and its settings before raw mode.
static SAVED: OnceLock<(libc::c_int, libc::termios)> = OnceLock::new();

/// Mouse reporting off, bracketed paste off, the main screen, the cursor shown.
const RESET: &[u8] = b"\x1b[?1004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1049l\x1b[?25h\r\n";

/// Saves the terminal's settings (standard input's when it is a terminal, as crossterm uses) and installs
/// the handler. Call before raw mode is entered; a second call changes nothing.
pub(super) fn install() {
    let fd = libc::STDIN_FILENO;
    // SAFETY: `isatty` and `tcgetattr` read the descriptor's state into a zeroed `termios` owned here.
    let saved = unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        (libc::isatty(fd) == 1 && libc::tcgetattr(fd, &mut t) == 0).then_some(t)
    };
    let Some(termios) = saved else { return };
    if SAVED.set((fd, termios)).is_err() {
        return;
    }
    // SAFETY: the handler is an `extern "C"` function that touches only `SAVED` (initialised above, never
    // written again) and calls async-signal-safe functions. SA_RESETHAND makes the abort that follows take
    // the default action.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_abort as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESETHAND;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGABRT, &action, std::ptr::null_mut());
    }
}

/// Gives the terminal back, then raises the signal again: SA_RESETHAND made its action the default, and it
/// is delivered when the handler returns (a SIGABRT sent with `kill` ends the process as an abort does).
extern "C" fn on_abort(signal: libc::c_int) {
    // SAFETY: the three calls are async-signal-safe; `termios` and `RESET` live for the whole process.
    unsafe {
        if let Some((fd, termios)) = SAVED.get() {
            libc::tcsetattr(*fd, libc::TCSANOW, termios);
            libc::write(libc::STDOUT_FILENO, RESET.as_ptr().cast(), RESET.len());
        }
        libc::raise(signal);
    }
}
