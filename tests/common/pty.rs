//! Drives the real binary in a pseudo-terminal (80×24) and reads the screen through `vt100`, as a
//! person would see it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const DELETE: &str = "\x1b[3~";
pub const ENTER: &str = "\r";
pub const END: &str = "\x1b[F";

/// A program running in a pseudo-terminal.
pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    _master: Box<dyn MasterPty + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote to the terminal.
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set once the terminal's output has ended (every writer to it closed) and all of it was read.
    drained: Arc<std::sync::atomic::AtomicBool>,
    /// Data and cache directories for a test that names none, so no test touches a real home.
    _home: tempfile::TempDir,
}

impl Pty {
    /// Starts the freddy-music binary with `args` and `env` in an 80×24 terminal.
    pub fn spawn(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::spawn_sized(args, env, 24, 80)
    }

    /// `spawn` in a terminal of `rows` × `cols`.
    pub fn spawn_sized(args: &[&str], env: &[(&str, &str)], rows: u16, cols: u16) -> Self {
        let pair = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        // `FREDDY_TEST_BIN` runs another build (the release binary, for a figure a user would see).
        let bin = std::env::var("FREDDY_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_freddy-music").to_string());
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for var in [
            "FREDDY_API_KEY",
            "FREDDY_BASE_URL",
            "FREDDY_ORGANIZATION_ID",
            "FREDDY_CONFIG",
            "FREDDY_LOG",
            "FREDDY_TIMEOUT",
        ] {
            cmd.env_remove(var);
        }
        let home = tempfile::tempdir().unwrap();
        cmd.env("XDG_DATA_HOME", home.path().join("data"));
        cmd.env("XDG_CACHE_HOME", home.path().join("cache"));
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (feed, keep) = (Arc::clone(&parser), Arc::clone(&raw));
        let drained = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let ended = Arc::clone(&drained);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
                keep.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            ended.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Self { child, writer, _master: pair.master, parser, raw, drained, _home: home }
    }

    /// The whole screen as text.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Whether the cell at (row, col) is drawn in reverse video.
    pub fn inverse(&self, row: u16, col: u16) -> bool {
        self.parser.lock().unwrap().screen().cell(row, col).is_some_and(|c| c.inverse())
    }

    /// Rows `from..to` of the screen, one string each.
    pub fn rows(&self, from: u16, to: u16) -> Vec<String> {
        let p = self.parser.lock().unwrap();
        let width = p.screen().size().1;
        p.screen().rows(0, width).skip(usize::from(from)).take(usize::from(to - from)).collect()
    }

    /// The program's process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen model with it.
    pub fn resize(&self, rows: u16, cols: u16) {
        // The screen model first, under its lock, so every byte drawn for the new size is read at it.
        let mut parser = self.parser.lock().unwrap();
        parser.screen_mut().set_size(rows, cols);
        let _ = self._master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 });
    }

    /// Whether the program is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Every byte written to the terminal so far.
    pub fn output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Whether the cursor is shown.
    pub fn cursor_visible(&self) -> bool {
        !self.parser.lock().unwrap().screen().hide_cursor()
    }

    /// Whether the terminal is in cooked mode again (line editing and echo on).
    pub fn cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        self._master.get_termios().is_some_and(|t| t.local_flags.contains(LocalFlags::ICANON | LocalFlags::ECHO))
    }

    /// Whether the terminal echoes what is typed (a password prompt turns it off).
    pub fn echoes(&self) -> bool {
        self._master.get_termios().is_some_and(|t| t.local_flags.contains(nix::sys::termios::LocalFlags::ECHO))
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits (up to 20 s) until `cond` holds for the screen; panics with the screen otherwise.
    pub fn wait_for(&self, what: &str, cond: impl Fn(&Pty) -> bool) {
        self.wait_for_within(what, Duration::from_secs(20), cond);
    }

    /// `wait_for` with another deadline.
    pub fn wait_for_within(&self, what: &str, limit: Duration, cond: impl Fn(&Pty) -> bool) {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if cond(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.screen());
    }

    pub fn wait_for_text(&self, text: &str) {
        self.wait_for(text, |p| p.screen().contains(text));
    }

    /// Waits (up to 10 s) for the program to end and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The last bytes (the screen restore) are read before anything is said of the screen: the
                // reader sees the end of the output once every writer to the terminal has closed.
                let drained = Instant::now() + Duration::from_secs(10);
                while !self.drained.load(std::sync::atomic::Ordering::SeqCst) {
                    assert!(Instant::now() < drained, "the terminal's output never ended after the exit");
                    std::thread::sleep(Duration::from_millis(5));
                }
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!("the program did not exit; screen:\n{}", self.screen());
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
