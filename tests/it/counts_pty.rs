//! Counts, go-to, details and copying an id, end to end: the real binary in a pseudo-terminal against the
//! reference server (which records every request it answers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::pty::{ENTER, Pty};
use crate::common::*;
use freddy_music::server::{FaultOptions, Seen};

fn settled(p: &Pty) -> bool {
    !p.rows(0, 1)[0].contains("loading")
}

/// Opens the Archive (the last collection) and waits for its first screen of titles.
fn open_archive(tui: &mut Pty, size: &str) {
    tui.wait_for_text("Archive");
    tui.send("G");
    tui.send(ENTER);
    tui.wait_for("the Archive's titles", |p| all_titled(p) && settled(p) && p.screen().contains(&format!("/ {size} ")));
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_capital_j_is_one_check_and_one_reorder_moving_the_track_ten_places() {
    let s = demo_server_with(500, FaultOptions { record: true, ..FaultOptions::default() }).await;
    let before = s.order(ARCHIVE).await;
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_archive(&mut tui, "500");
    let start = s.server.request_log().len();
    tui.send("10J");
    tui.wait_for("the move", |p| p.screen().contains("Moved 1 track in Archive") && settled(p));
    let log: Vec<Seen> = s.server.request_log().into_iter().skip(start).collect();
    assert_eq!(log.iter().filter(|r| r.path.ends_with("/order")).count(), 1, "{log:?}");
    let mut want = before.clone();
    let moved = want.remove(0);
    want.insert(10, moved);
    assert_eq!(s.order(ARCHIVE).await, want);
    assert!(tui.screen().contains("Archive · 11 / 500"), "the cursor followed the track:\n{}", tui.screen());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn colon_12345_goes_to_row_12345_of_the_archive_and_loads_only_its_page() {
    let s = demo_server_with(20_000, FaultOptions { record: true, ..FaultOptions::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_archive(&mut tui, "20,000");
    let start = s.server.request_log().len();
    tui.send(":12345");
    tui.wait_for_text("Row: 12345");
    tui.send(ENTER);
    tui.wait_for("row 12,345", |p| p.screen().contains("Archive · 12,345 / 20,000") && all_titled(p) && settled(p));
    let pages: Vec<Seen> =
        s.server.request_log().into_iter().skip(start).filter(|r| r.path.ends_with("/tracks")).collect();
    assert!(pages.len() <= 3, "only the pages under the view are read: {pages:?}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn i_shows_the_details_at_40_by_12_and_y_writes_osc_52_with_exactly_the_id() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    tui.resize(12, 40);
    tui.wait_for_text("Collections (9)");
    let first = s.order(FOCUS).await[0].clone();
    let index = s.client(LISTENER).all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS);
    tui.send(&"j".repeat(index.unwrap()));
    tui.send(ENTER);
    tui.wait_for("the tracks", |p| settled(p) && p.screen().contains("1 / 12"));
    tui.send("i");
    tui.wait_for("the details", |p| p.screen().contains("licence") && p.screen().contains(first.as_str()));
    let screen = tui.screen();
    for part in ["created", "#1 in", "added", "copy id"] {
        assert!(screen.contains(part), "{part} missing at 40x12:\n{screen}");
    }
    let before = tui.output().len();
    tui.send("y");
    tui.wait_for("the copy said", |p| p.screen().contains("Copied"));
    let written = String::from_utf8_lossy(&tui.output()[before..]).into_owned();
    let encoded = base64_of(first.as_str());
    assert!(
        written.contains(&format!("\x1b]52;c;{encoded}\x1b\\"))
            || written.contains(&format!("\x1b]52;c;{encoded}\x07")),
        "{written:?}"
    );
    tui.send("q");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// Standard base64 (RFC 4648, with padding), written out so the test does not trust the code it checks.
fn base64_of(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The second start returns to the remembered track by id, after another client moved it 500 places.
#[tokio::test(flavor = "multi_thread")]
async fn a_restart_returns_to_the_same_track_after_another_client_moved_it_500_places() {
    let s = demo_server_with(2_000, FaultOptions::default()).await;
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_archive(&mut tui, "2,000");
    tui.send(":1235");
    tui.send(ENTER);
    let long = std::time::Duration::from_secs(60);
    tui.wait_for_within("row 1,235", long, |p| {
        p.screen().contains("Archive · 1,235 / 2,000") && all_titled(p) && settled(p)
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    // Another client moves that track 500 places down.
    let api = s.client(LISTENER);
    let mut order = s.order(ARCHIVE).await;
    let track = order.remove(1234);
    order.insert(1734, track.clone());
    api.reorder(&cid(ARCHIVE), &order).await.unwrap();
    let title = api.get_track(&track).await.unwrap().title.unwrap();

    let (mut tui, _) = tui_against(&s.url(), home.path());
    // Up to seven pages are read to find it: under a loaded machine that takes a while.
    tui.wait_for_within("the same track, where it is now", std::time::Duration::from_secs(60), |p| {
        p.screen().contains("Archive · 1,735 / 2,000") && all_titled(p) && settled(p)
    });
    let selected = tui.rows(2, 22).into_iter().find(|r| r.contains("││  1735 ")).unwrap_or_default();
    assert!(selected.contains(&title[..title.len().min(20)]), "row #1735 is the track: {selected}\n{}", tui.screen());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// Another client removes the first track of Focus Sessions while the TUI shows it: the change appears
/// when the terminal gains focus, and, with `[ui] refresh_secs = 1`, by itself; the cursor keeps its track.
#[tokio::test(flavor = "multi_thread")]
async fn a_change_made_elsewhere_appears_on_focus_and_after_the_poll_with_the_cursor_kept() {
    let s = demo_server().await;
    for poll in [false, true] {
        let home = tempfile::tempdir().unwrap();
        if poll {
            let dir = home.path().join("config/freddy-music");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("config.toml"), "[ui]\nrefresh_secs = 1\n").unwrap();
        }
        let (mut tui, _) = tui_against(&s.url(), home.path());
        tui.wait_for_text("Focus Sessions");
        let index = s.client(LISTENER).all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS);
        tui.send(&"j".repeat(index.unwrap()));
        tui.send(ENTER);
        let before = s.order(FOCUS).await;
        let n = before.len();
        tui.wait_for("the tracks", |p| {
            settled(p) && !p.screen().contains("mtrack_") && p.screen().contains(&format!("1 / {n}"))
        });
        tui.send("jjj");
        tui.wait_for("row 4", |p| p.screen().contains(&format!("4 / {n}")));
        s.client(LISTENER).remove_member(&cid(FOCUS), &before[0]).await.unwrap();
        if !poll {
            // Focus in, as a terminal reports it once the app asked for focus events.
            tui.send("\x1b[I");
        }
        tui.wait_for("the change, the cursor on its track", |p| {
            p.screen().contains("Updated: changed elsewhere")
                && p.screen().contains(&format!("3 / {}", n - 1))
                && settled(p)
        });
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
        s.client(LISTENER).add_member(&cid(FOCUS), &before[0]).await.unwrap();
    }
}

/// `F` finds a title in a collection never opened (the mirror reads it in the background), and Enter
/// opens that collection at that track.
#[tokio::test(flavor = "multi_thread")]
async fn f_finds_a_title_in_a_collection_never_opened_and_enter_opens_it_there() {
    let s = demo_server_with(300, FaultOptions::default()).await;
    let api = s.client(LISTENER);
    let order = s.order(ARCHIVE).await;
    let title = api.get_track(&order[137]).await.unwrap().title.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    tui.wait_for_text("Collections (9)");
    tui.send("F");
    tui.wait_for_text("Find in every collection");
    tui.send(&title);
    tui.wait_for("the result", |p| p.screen().contains("Archive #138"));
    tui.send(ENTER);
    tui.wait_for("the Archive at the track", |p| p.screen().contains("Archive · 138 / 300") && settled(p));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
