//! Removal you can take back, as a person does it: the real binary in a pseudo-terminal against a real
//! `freddy-music serve`. Mark three tracks apart, remove them (answering the confirm), undo, redo, quit,
//! then `history` and `restore --last` from the shell; `u` after a restart; the row leaving the screen
//! before the server answers; q waiting for a removal in flight.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Output;

use crate::common::pty::{DELETE, ENTER, Pty};
use crate::common::*;
use freddy_music::api::{Client, TrackId};

const CTRL_R: &str = "\x12";

fn table(p: &Pty) -> String {
    p.rows(3, 21).join("\n")
}

async fn titles(api: &Client, ids: &[TrackId]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        out.push(api.get_track(id).await.unwrap().title.unwrap());
    }
    out
}

fn cli(home: &Path, url: &str, args: &[&str]) -> Output {
    let env = [("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", url), ("FREDDY_ORGANIZATION_ID", "org_demo")];
    run(home, args, &env)
}

/// Starts the TUI and opens Focus Sessions with every title shown.
async fn open_focus(url: &str, home: &Path, api: &Client, titles: &[String]) -> Pty {
    let index = api.all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS).unwrap();
    let (mut tui, _log) = tui_against(url, home);
    tui.wait_for_text("Focus Sessions");
    tui.send(&"j".repeat(index));
    tui.send(ENTER);
    let last = titles.last().unwrap().clone();
    tui.wait_for("the titles", move |p| table(p).contains(&last));
    tui
}

/// The demo server, a private home, the listener's client, Focus Sessions' order and titles, and the TUI
/// with it open.
struct Scene {
    s: TestServer,
    home: tempfile::TempDir,
    api: Client,
    original: Vec<TrackId>,
    names: Vec<String>,
}

impl Scene {
    async fn start() -> (Self, Pty) {
        let s = demo_server().await;
        let home = tempfile::tempdir().unwrap();
        let api = s.client(LISTENER);
        let original = order(&api, &cid(FOCUS)).await;
        let names = titles(&api, &original).await;
        let tui = open_focus(&s.url(), home.path(), &api, &names).await;
        (Self { s, home, api, original, names }, tui)
    }
}

/// Polls the server until `cond` holds for the order (the UI said so first; the server must agree).
async fn server_order_becomes(api: &Client, what: &str, cond: impl Fn(&[TrackId]) -> bool) {
    for _ in 0..400 {
        if cond(&order(api, &cid(FOCUS)).await) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the server never reached: {what}; order: {:?}", order(api, &cid(FOCUS)).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn mark_remove_undo_redo_quit_then_history_and_restore_from_the_shell() {
    let (Scene { s, home, api, original, names }, mut tui) = Scene::start().await;

    // Mark rows 2, 5 and 10 (Space marks and moves down).
    tui.send("j ");
    tui.send("jj ");
    tui.send("jjjj ");
    tui.wait_for("3 marked in the title", |p| p.screen().contains("3 marked"));
    let marked_rows = tui.screen().lines().filter(|l| l.contains('●')).count();
    assert_eq!(marked_rows, 3, "marked rows carry a marker:\n{}", tui.screen());
    tui.send(DELETE);
    tui.wait_for_text("Remove 3 tracks from Focus Sessions? y/N");
    tui.send("y");
    tui.wait_for_text("Removed 3 tracks from Focus Sessions");
    let gone = [original[1].clone(), original[4].clone(), original[9].clone()];
    let want: Vec<TrackId> = original.iter().filter(|t| !gone.contains(t)).cloned().collect();
    assert_eq!(order(&api, &cid(FOCUS)).await, want);
    for i in [1, 4, 9] {
        let title = &names[i];
        assert!(!table(&tui).contains(title.as_str()), "{title} still shown:\n{}", table(&tui));
    }

    tui.send("u");
    tui.wait_for_text("Restored 3 tracks to Focus Sessions (re-added; dates added are new)");
    assert_eq!(order(&api, &cid(FOCUS)).await, original, "undo puts the exact order back");
    let shown_title = names[9].clone();
    tui.wait_for("the restored rows on screen", move |p| table(p).contains(&shown_title));

    tui.send(CTRL_R);
    tui.wait_for_text("Removed 3 tracks from Focus Sessions");
    assert_eq!(order(&api, &cid(FOCUS)).await, want, "redo removes them again");

    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!tui.alternate_screen());

    let history = cli(home.path(), &s.url(), &["history", "--json"]);
    assert!(history.status.success(), "{}", String::from_utf8_lossy(&history.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    let batches = doc["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 2, "the removal and its redo");
    assert_eq!(batches[1]["undone"], true);
    assert_eq!(batches[0]["redo_of"], batches[1]["batch_id"]);
    assert_eq!(batches[0]["collection_name"], "Focus Sessions");
    let titled: Vec<&str> =
        batches[1]["tracks"].as_array().unwrap().iter().filter_map(|t| t["title"].as_str()).collect();
    assert_eq!(
        titled,
        vec![names[1].as_str(), names[4].as_str(), names[9].as_str()],
        "titles known on screen are kept"
    );

    let restored = cli(home.path(), &s.url(), &["restore", "--last"]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    assert_eq!(order(&api, &cid(FOCUS)).await, original, "restore --last puts them back in order");
}

#[tokio::test(flavor = "multi_thread")]
async fn u_right_after_a_restart_undoes_the_last_removal() {
    let (Scene { s, home, api, original, names }, mut tui) = Scene::start().await;
    tui.send("jjj");
    tui.send("d");
    tui.wait_for_text(&format!("Removed {} from Focus Sessions", names[3]));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(order(&api, &cid(FOCUS)).await.len(), original.len() - 1);

    let (mut tui, _) = tui_against(&s.url(), home.path());
    tui.wait_for_text("Focus Sessions");
    tui.send("u");
    tui.wait_for_text("Restored");
    assert!(tui.screen().contains("to Focus Sessions"), "{}", tui.screen());
    server_order_becomes(&api, "the original order", |o| o == original.as_slice()).await;
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_row_leaves_before_the_server_answers_and_q_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db").to_string_lossy().into_owned();
    // Every answer takes 0.7 s: the screen must not wait for it.
    let (mut server, url, _out) = spawn_serve_with(&db, 50, &["--latency-ms", "700"]);
    let api = client_for(&url, LISTENER);
    let original = order(&api, &cid(FOCUS)).await;
    let names = titles(&api, &original).await;
    let mut tui = open_focus(&url, dir.path(), &api, &names).await;
    tui.send("j");
    tui.send(DELETE);
    let victim = names[1].clone();
    tui.wait_for("the row gone while the request is still out", |p| {
        !table(p).contains(&victim) && p.screen().contains(&format!("Removing {victim}"))
    });
    // q now waits for the removal instead of dropping it.
    tui.send("q");
    tui.wait_for_text("Waiting for 1 write to finish");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(order(&api, &cid(FOCUS)).await.len(), original.len() - 1, "the removal was not lost by quitting");
    assert!(!order(&api, &cid(FOCUS)).await.contains(&original[1]));
    server.kill().unwrap();
}

/// With the journal's lock held by another process, a removal waits for its line and says so, while the
/// TUI keeps drawing and taking keys; once the lock is released the removal goes out (it used to freeze
/// the whole TUI for as long as the lock was held).
#[tokio::test(flavor = "multi_thread")]
async fn a_held_journal_lock_leaves_the_tui_drawing() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let original = order(&api, &cid(FOCUS)).await;
    let names = titles(&api, &original).await;
    let mut tui = open_focus(&s.url(), home.path(), &api, &names).await;
    let journal = journal_path(home.path());
    std::fs::create_dir_all(journal.parent().unwrap()).unwrap();
    let held = std::fs::OpenOptions::new().create(true).append(true).open(&journal).unwrap();
    held.lock().unwrap();
    tui.send("d");
    tui.wait_for_text("Waiting for the journal");
    // Still drawing and taking keys: the help popup opens and closes.
    tui.send("?");
    tui.wait_for_text("Keys");
    tui.send("\x1b");
    assert_eq!(s.server.requests().delete, 0, "the removal went out before its line");
    assert_eq!(order(&api, &cid(FOCUS)).await, original);
    held.unlock().unwrap();
    tui.wait_for_text(&format!("Removed {} from Focus Sessions", names[0]));
    assert_eq!(order(&api, &cid(FOCUS)).await.len(), original.len() - 1);
    assert!(std::fs::read_to_string(&journal).unwrap().contains(original[0].as_str()));
}

/// `u` right after a restart takes back the newest change of this account in the journal, a collection
/// change included (it said "Nothing to undo" after a restart that followed a collection change).
#[tokio::test(flavor = "multi_thread")]
async fn u_after_a_restart_takes_back_a_collection_change() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let made = cli(home.path(), &s.url(), &["collections", "create", "Night Bus"]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let id = String::from_utf8_lossy(&made.stdout).trim().to_string();
    let (mut tui, _log) = tui_against(&s.url(), home.path());
    tui.wait_for_text("Night Bus");
    tui.send("u");
    tui.wait_for_text("Deleted the empty collection");
    let gone = api.get_collection(&cid(&id)).await;
    assert!(matches!(gone, Err(freddy_music::api::ApiError::NotFound(_))), "{gone:?}");
}
