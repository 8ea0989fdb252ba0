//! Laziness that a user would feel, checked from the outside: the real binary in a pseudo-terminal on a
//! 20,000-member collection behind a rate limit, with every request counted from the debug log.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;

use common::pty::{DELETE, END, ENTER, Pty};
use common::*;

fn member_pages(reqs: &[(String, String, u16)]) -> Vec<String> {
    reqs.iter()
        .filter(|(p, _, _)| p.ends_with(&format!("/collections/{ARCHIVE}/tracks")))
        .map(|(_, q, _)| q.clone())
        .collect()
}

struct Session {
    dir: tempfile::TempDir,
    url: String,
    server: std::process::Child,
    /// The server's standard output, kept open: closing it would make its next line fail.
    _out: std::io::BufReader<std::process::ChildStdout>,
}

impl Session {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db").to_string_lossy().into_owned();
        let (server, url, out) = spawn_serve_with(&db, 20_000, &["--rate-limit", "120"]);
        Self { dir, url, server, _out: out }
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("state/freddy-music/freddy-music.log")
    }

    fn tui(&self) -> Pty {
        tui_against(&self.url, self.dir.path()).0
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.server.kill();
    }
}

/// Opens the Archive (the oldest collection, so the last in the list).
fn open_archive(tui: &mut Pty) {
    tui.wait_for_text("Archive");
    tui.send("G");
    tui.send(ENTER);
    tui.wait_for_text("Archive · 20000 tracks");
}

#[test]
fn a_20000_member_collection_opens_lazily_within_a_rate_limit() {
    let s = Session::start();
    let mut tui = s.tui();
    open_archive(&mut tui);
    tui.wait_for("a full screen of titled rows", all_titled);
    assert!(tui.screen().contains("Take #1"));
    let opened = requests(&s.log());
    assert!(opened.iter().all(|(_, _, status)| *status != 429), "{opened:?}");
    let pages = member_pages(&opened);
    assert!(!pages.is_empty() && pages.len() <= 2, "member pages on open: {pages:?}");
    assert!(pages[0].contains("offset=0"));
    let titles = opened.iter().filter(|(p, _, _)| p.contains("/tracks/mtrack_")).count();
    assert!(titles <= 24, "get-track only for the rows on screen: {titles}");
    assert!(
        !opened.iter().any(|(p, q, _)| p.ends_with("/tracks") && q.contains("collection_id")),
        "no library walk for 20,000"
    );

    // End: the last page is requested directly, nothing in between.
    tui.send(END);
    tui.wait_for("the last rows", |p| p.screen().contains("Cue #20000") && all_titled(p));
    let after = member_pages(&requests(&s.log()));
    let new: Vec<&String> = after.iter().skip(pages.len()).collect();
    assert!(new.iter().any(|q| q.contains("offset=19800")), "{new:?}");
    assert!(new.iter().all(|q| q.contains("offset=19800") || q.contains("offset=19600")), "{new:?}");

    // A removal costs a handful of requests, whatever the size.
    let before = requests(&s.log()).len();
    tui.send(DELETE);
    tui.wait_for_text("Removed Cue #20000 from Archive");
    tui.wait_for_text("Archive · 19999 tracks");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let cost = requests(&s.log()).len() - before;
    assert!(cost <= 6, "a removal cost {cost} requests");
    assert!(requests(&s.log()).iter().all(|(_, _, status)| *status != 429));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_second_launch_shows_known_titles_with_no_request() {
    let s = Session::start();
    let mut tui = s.tui();
    open_archive(&mut tui);
    tui.wait_for("titled rows", all_titled);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let first = requests(&s.log()).len();

    let mut tui = s.tui();
    open_archive(&mut tui);
    tui.wait_for("titled rows from the cache", all_titled);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let second: Vec<_> = requests(&s.log()).into_iter().skip(first).collect();
    assert!(!second.iter().any(|(p, _, _)| p.contains("/tracks/mtrack_")), "{second:?}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
