//! Laziness that a user would feel, checked from the outside: the real binary in a pseudo-terminal on a
//! 20,000-member collection behind a rate limit, with every request counted by the server itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::pty::{DELETE, END, ENTER, Pty};
use crate::common::*;
use freddy_music::server::{FaultOptions, Seen};

fn member_pages(log: &[Seen]) -> Vec<String> {
    log.iter()
        .filter(|s| s.path.ends_with(&format!("/collections/{ARCHIVE}/tracks")))
        .map(|s| s.query.clone())
        .collect()
}

async fn session() -> TestServer {
    demo_server_with(20_000, FaultOptions { rate_limit: 120, record: true, ..FaultOptions::default() }).await
}

/// Opens the Archive (the oldest collection, so the last in the list).
fn open_archive(tui: &mut Pty) {
    tui.wait_for_text("Archive");
    tui.send("G");
    tui.send(ENTER);
    tui.wait_for_text("/ 20,000 ");
}

/// Whether nothing is in flight (the header's loading mark is gone).
fn settled(p: &Pty) -> bool {
    !p.rows(0, 1)[0].contains("loading")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_20000_member_collection_opens_lazily_within_a_rate_limit() {
    let s = session().await;
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_archive(&mut tui);
    tui.wait_for("a full screen of titled rows", |p| all_titled(p) && settled(p));
    assert!(tui.screen().contains("Take #1"));
    let opened = s.server.request_log();
    assert!(opened.iter().all(|r| r.status != 429), "{opened:?}");
    let pages = member_pages(&opened);
    assert!(!pages.is_empty() && pages.len() <= 2, "member pages on open: {pages:?}");
    assert!(pages[0].contains("offset=0"));
    let titles: Vec<&str> =
        opened.iter().filter(|r| r.path.contains("/tracks/mtrack_")).map(|r| r.path.as_str()).collect();
    assert!(titles.len() <= 48, "get-track only for the screen and the one below it: {}", titles.len());
    let distinct: std::collections::HashSet<&&str> = titles.iter().collect();
    assert_eq!(distinct.len(), titles.len(), "a title was asked for twice");
    assert!(
        !opened.iter().any(|r| r.path.ends_with("/tracks") && r.query.contains("collection_id")),
        "no library walk"
    );

    // End: the last page is requested directly, nothing in between.
    tui.send(END);
    tui.wait_for("the last rows", |p| p.screen().contains("Cue #20000") && all_titled(p) && settled(p));
    let after = member_pages(&s.server.request_log());
    let new: Vec<&String> = after.iter().skip(pages.len()).collect();
    assert!(new.iter().any(|q| q.contains("offset=19800")), "{new:?}");
    assert!(new.iter().all(|q| q.contains("offset=19800") || q.contains("offset=19600")), "{new:?}");

    // A removal costs a handful of requests, whatever the size: counted once everything has settled.
    let before = s.server.request_log().len();
    tui.send(DELETE);
    tui.wait_for("the removal and its re-read", |p| {
        p.screen().contains("Removed Cue #20000 from Archive") && p.screen().contains("/ 19,999 ") && settled(p)
    });
    let log = s.server.request_log();
    let cost = log.len() - before;
    assert!(cost <= 6, "a removal cost {cost} requests: {:?}", &log[before..]);
    assert!(log.iter().all(|r| r.status != 429));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_shows_known_titles_with_no_request() {
    let s = session().await;
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_archive(&mut tui);
    tui.wait_for("titled rows", |p| all_titled(p) && settled(p));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let first = s.server.request_log().len();

    // The second launch returns to the Archive by itself (the remembered place), titled from the cache.
    let (mut tui, _) = tui_against(&s.url(), home.path());
    tui.wait_for("the Archive again, titled from the cache, nothing in flight", |p| {
        p.screen().contains("Archive · 1 / 20,000") && all_titled(p) && settled(p)
    });
    let second: Vec<Seen> = s.server.request_log().into_iter().skip(first).collect();
    assert!(!second.iter().any(|r| r.path.contains("/tracks/mtrack_")), "{second:?}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
