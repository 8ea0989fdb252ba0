//! The real binary in a pseudo-terminal against a real `freddy-music serve`: open a collection, press
//! Delete, watch the track go with the server's word for it; quit cleanly; the demo; bad setups.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::pty::{DELETE, ENTER, Pty};
use crate::common::*;

/// The rows of the tracks table (below the header line and the table header, above the status line).
fn table(p: &Pty) -> String {
    p.rows(3, 21).join("\n")
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_removes_the_second_track_and_the_view_matches_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db").to_string_lossy().into_owned();
    let (mut server, url, _out) = spawn_serve(&db, 100);
    let api = client_for(&url, LISTENER);
    let collections = api.all_collections().await.unwrap();
    let index = collections.iter().position(|c| c.id.as_str() == FOCUS).unwrap();
    let before = api.all_members(&cid(FOCUS)).await.unwrap();
    let mut titles = Vec::new();
    for m in &before {
        titles.push(api.get_track(&m.track_id).await.unwrap().title.unwrap());
    }
    let victim = titles[1].clone();
    assert_eq!(titles.iter().filter(|t| **t == victim).count(), 1, "the test needs a unique title");

    let (mut tui, log) = tui_against(&url, dir.path());
    tui.wait_for_text("Focus Sessions");
    assert!(tui.alternate_screen());
    assert!(tui.screen().contains("org_demo @ 127.0.0.1:"));
    tui.send(&"j".repeat(index));
    tui.send(ENTER);
    tui.wait_for("the titles of Focus Sessions", |p| table(p).contains(&victim) && table(p).contains(&titles[11]));
    tui.send("j");
    tui.send(DELETE);
    let said = format!("Removed {victim} from Focus Sessions");
    tui.wait_for("the removal", |p| !table(p).contains(&victim) && p.screen().contains(&said));
    tui.wait_for("the refreshed count", |p| p.screen().contains("Focus Sessions · ") && p.screen().contains(" / 11 "));
    // Every other track is still listed, in order.
    let shown = table(&tui);
    let mut at = 0;
    for t in titles.iter().filter(|t| **t != victim) {
        let found = shown[at..].find(t.as_str()).unwrap_or_else(|| panic!("{t} missing or out of order:\n{shown}"));
        at += found + t.len();
    }

    let after = api.all_members(&cid(FOCUS)).await.unwrap();
    let want: Vec<_> = before.iter().filter(|m| m.track_id != before[1].track_id).map(|m| m.track_id.clone()).collect();
    assert_eq!(after.iter().map(|m| m.track_id.clone()).collect::<Vec<_>>(), want);
    assert_eq!(after.iter().map(|m| m.position).collect::<Vec<_>>(), (0..11).collect::<Vec<u64>>());

    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!tui.alternate_screen(), "the alternate screen was left");

    // The log has the requests, and never the key.
    let log = std::fs::read_to_string(log).unwrap();
    assert!(log.contains("request") && log.contains("/tracks/"), "{log}");
    assert!(!log.contains(LISTENER));
    server.kill().unwrap();
}

#[test]
fn the_demo_starts_shows_its_collections_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_str().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    let env = [("XDG_CONFIG_HOME", config.to_str().unwrap()), ("XDG_STATE_HOME", home), ("XDG_DATA_HOME", home)];
    let mut tui = Pty::spawn(&["--demo"], &env);
    tui.wait_for("the demo collections", |p| {
        let s = p.screen();
        s.contains("DEMO") && s.contains("Focus Sessions") && s.contains("Archive")
    });
    tui.send("?");
    tui.wait_for_text("Undo the last edit");
    tui.send("\x1b");
    tui.wait_for("the help to close", |p| !p.screen().contains("Undo the last edit"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!tui.alternate_screen());
    assert_eq!(std::fs::read_dir(&config).unwrap().count(), 0, "the demo wrote to the config directory");
}

#[test]
fn an_unreachable_host_is_reported_and_the_app_still_quits() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_str().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}");
    let env = [
        ("FREDDY_API_KEY", LISTENER),
        ("FREDDY_BASE_URL", url.as_str()),
        ("FREDDY_ORGANIZATION_ID", "org_demo"),
        ("XDG_STATE_HOME", home),
        ("XDG_CONFIG_HOME", home),
    ];
    let mut tui = Pty::spawn(&[], &env);
    tui.wait_for_text("cannot reach the API");
    tui.send("j");
    tui.send("\x03"); // Ctrl-C
    assert_eq!(tui.wait_exit(), 0);
    assert!(!tui.alternate_screen());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_key_says_how_to_fix_it() {
    let s = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_str().unwrap();
    let url = s.url();
    let env = [
        ("FREDDY_API_KEY", "ak_wrong_key_123"),
        ("FREDDY_BASE_URL", url.as_str()),
        ("FREDDY_ORGANIZATION_ID", "org_demo"),
        ("XDG_STATE_HOME", home),
        ("XDG_CONFIG_HOME", home),
    ];
    let mut tui = Pty::spawn(&[], &env);
    tui.wait_for_text("API key rejected");
    assert!(!tui.screen().contains("ak_wrong_key_123"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// The demo with Focus Sessions open and its second track selected; whether any colour was sent.
fn second_track_selected(args: &[&str], no_color: bool) -> (Pty, bool) {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_str().unwrap();
    let mut env = vec![("XDG_CONFIG_HOME", home), ("XDG_STATE_HOME", home), ("XDG_DATA_HOME", home)];
    if no_color {
        env.push(("NO_COLOR", "1"));
    }
    let mut tui = Pty::spawn(args, &env);
    tui.wait_for_text("Focus Sessions");
    // Focus Sessions is the eighth collection; open it and move to its second track.
    tui.send("jjjjjjj\r");
    tui.wait_for("its tracks", |p| p.screen().contains(" / 12 "));
    tui.send("j");
    tui.wait_for_text("2 / 12");
    let coloured = String::from_utf8_lossy(&tui.output()).contains("\x1b[38;5");
    (tui, coloured)
}

#[test]
fn with_no_color_or_color_never_the_selected_track_row_is_in_reverse_video() {
    for (args, no_color) in [(&["--demo"][..], true), (&["--demo", "--color", "never"][..], false)] {
        let (mut tui, coloured) = second_track_selected(args, no_color);
        // Row 4 of the screen is the second track (header, border, table header, first track above it).
        assert!(tui.inverse(4, 40), "{args:?}: the selected row is not in reverse video:\n{}", tui.screen());
        assert!(!tui.inverse(3, 40) && !tui.inverse(5, 40));
        assert!(!coloured, "{args:?}: a colour was sent");
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
}

#[test]
fn color_always_colours_even_with_no_color_set() {
    let (mut tui, coloured) = second_track_selected(&["--demo", "--color", "always"], true);
    assert!(coloured, "no colour was sent");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// An SGR mouse press and release of the left button at a 0-based (column, row).
fn click(column: u16, row: u16) -> String {
    format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", column + 1, row + 1, column + 1, row + 1)
}

#[test]
fn a_mouse_click_selects_a_collection_and_a_second_click_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_str().unwrap();
    // Without colour the selection is reverse video, which the screen model reports.
    let env = [("XDG_CONFIG_HOME", home), ("XDG_STATE_HOME", home), ("XDG_DATA_HOME", home), ("NO_COLOR", "1")];
    let mut tui = Pty::spawn(&["--demo"], &env);
    tui.wait_for_text("Focus Sessions");
    // The app asked the terminal for mouse reports (SGR mode).
    assert!(String::from_utf8_lossy(&tui.output()).contains("\x1b[?1006h"), "no mouse capture requested");
    // "Focus Sessions" is the eighth row of the collections pane (screen row 2 is the first).
    let row = (0..24).find(|&r| tui.rows(r, r + 1)[0].contains("Focus Sessions")).unwrap();
    tui.send(&click(5, row));
    tui.wait_for("the click's selection", |p| p.inverse(row, 5));
    tui.send(&click(5, row));
    tui.wait_for("the collection opened", |p| p.screen().contains("Focus Sessions · 1 / 12"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(String::from_utf8_lossy(&tui.output()).contains("\x1b[?1006l"), "mouse capture left on");
}
