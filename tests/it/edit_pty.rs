//! Editing from the keyboard, end to end: the real binary in a pseudo-terminal against the reference
//! server (which records every request it answers). J moves a track, and the server's order follows;
//! twenty quick presses cost one check and one reorder; a filter finds a track by part of its title.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::pty::{DELETE, ENTER, Pty};
use crate::common::*;
use freddy_music::server::{FaultOptions, Seen};

async fn session(archive: usize) -> TestServer {
    demo_server_with(archive, FaultOptions { record: true, ..FaultOptions::default() }).await
}

fn settled(p: &Pty) -> bool {
    !p.rows(0, 1)[0].contains("loading")
}

/// Opens the collection at `index` in the list and waits for its titles.
fn open_at(tui: &mut Pty, index: usize, name: &str) {
    tui.wait_for_text(name);
    tui.send(&"j".repeat(index));
    tui.send(ENTER);
    let titled = |p: &Pty| p.rows(3, 21).iter().all(|r| !r.contains("mtrack_") && !r.contains(" … "));
    tui.wait_for("a screen of titles", |p| titled(p) && settled(p) && p.screen().contains(&format!("{name} · 1 / ")));
}

#[tokio::test(flavor = "multi_thread")]
async fn j_three_times_moves_the_track_down_three_places_on_the_server_and_u_moves_it_back() {
    let s = session(100).await;
    let before = s.order(FOCUS).await;
    let index = s.client(LISTENER).all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS);
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_at(&mut tui, index.unwrap(), "Focus Sessions");
    tui.send("j");
    tui.send("JJJ");
    tui.wait_for("the move", |p| p.screen().contains("Moved 1 track in Focus Sessions") && settled(p));
    let mut want = before.clone();
    let moved = want.remove(1);
    want.insert(4, moved);
    assert_eq!(s.order(FOCUS).await, want);
    assert!(tui.screen().contains("Focus Sessions · 5 / 12"), "the cursor followed the track:\n{}", tui.screen());

    tui.send("u");
    tui.wait_for("the undo", |p| p.screen().contains("Moved 1 track back in Focus Sessions") && settled(p));
    assert_eq!(s.order(FOCUS).await, before);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn twenty_quick_presses_cost_one_check_and_one_reorder() {
    let s = session(500).await;
    let before = s.order(ARCHIVE).await;
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    tui.wait_for_text("Archive");
    tui.send("G");
    tui.send(ENTER);
    tui.wait_for("the Archive's titles", |p| all_titled(p) && settled(p) && p.screen().contains("/ 500 "));
    let start = s.server.request_log().len();
    tui.send(&"J".repeat(20));
    tui.wait_for("the move", |p| p.screen().contains("Moved 1 track in Archive") && settled(p));
    let log: Vec<Seen> = s.server.request_log().into_iter().skip(start).collect();
    let reorder = log.iter().position(|r| r.path.ends_with("/order")).expect("a reorder");
    let sent: Vec<String> = log[..=reorder].iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(
        sent,
        [
            format!("GET /v1/music/org_demo/collections/{ARCHIVE}"),
            format!("PATCH /v1/music/org_demo/collections/{ARCHIVE}/order")
        ],
        "the updated_at check and one reorder, nothing else, before the re-read"
    );
    assert_eq!(log.iter().filter(|r| r.path.ends_with("/order")).count(), 1);
    let mut want = before.clone();
    let moved = want.remove(0);
    want.insert(20, moved);
    assert_eq!(s.order(ARCHIVE).await, want);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_filter_finds_a_track_by_part_of_its_title_and_delete_removes_that_one() {
    let s = session(100).await;
    let api = s.client(LISTENER);
    let before = s.order(FOCUS).await;
    let mut titles = Vec::new();
    for t in &before {
        titles.push(api.get_track(t).await.unwrap().title.unwrap());
    }
    // A title whose first word no other title of the collection shares.
    let (victim, title) = before
        .iter()
        .zip(&titles)
        .find(|(_, t)| {
            let word = t.split_whitespace().next().unwrap();
            titles.iter().filter(|o| o.contains(word)).count() == 1
        })
        .map(|(v, t)| (v.clone(), t.clone()))
        .expect("a title with a word of its own");
    let word = title.split_whitespace().next().unwrap().to_lowercase();
    let index = api.all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS);
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_at(&mut tui, index.unwrap(), "Focus Sessions");
    tui.send("/");
    tui.send(&word);
    tui.wait_for("one match", |p| p.screen().contains("1 of 12"));
    tui.send(ENTER);
    tui.send(DELETE);
    tui.wait_for("the removal", |p| p.screen().contains(&format!("Removed {title} from Focus Sessions")) && settled(p));
    let after = s.order(FOCUS).await;
    assert_eq!(after, before.iter().filter(|t| **t != victim).cloned().collect::<Vec<_>>());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn s_t_enter_sorts_by_title_on_the_server_and_u_puts_the_order_back() {
    let s = session(100).await;
    let api = s.client(LISTENER);
    let before = s.order(FOCUS).await;
    let index = api.all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS);
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_at(&mut tui, index.unwrap(), "Focus Sessions");
    tui.send("s");
    tui.wait_for_text("This changes the saved order of Focus Sessions");
    tui.send("t");
    tui.send(ENTER);
    tui.wait_for("the sort", |p| p.screen().contains("Sorted Focus Sessions by title (A to Z)") && settled(p));
    let mut titles = Vec::new();
    for t in s.order(FOCUS).await {
        titles.push(api.get_track(&t).await.unwrap().title.unwrap().to_lowercase());
    }
    let mut want = titles.clone();
    want.sort();
    assert_eq!(titles, want, "the server's order is sorted by title");
    // The screen shows the server's order: its first row is the first title.
    tui.wait_for("the sorted rows", |p| p.rows(3, 4)[0].to_lowercase().contains(&titles[0]));
    tui.send("u");
    tui.wait_for("the undo", |p| p.screen().contains("back in Focus Sessions") && settled(p));
    assert_eq!(s.order(FOCUS).await, before);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_rename_and_delete_a_collection_and_u_recreates_the_deleted_one() {
    let s = session(100).await;
    let api = s.client(LISTENER);
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    tui.wait_for_text("Focus Sessions");
    let named = |name: &'static str| {
        let api = api.clone();
        async move { api.all_collections().await.unwrap().into_iter().find(|c| c.name == name) }
    };

    tui.send("n");
    tui.wait_for_text("New collection");
    tui.send("Road Trip");
    tui.send("\t");
    tui.send("long drives");
    tui.send(ENTER);
    tui.wait_for("the create", |p| p.screen().contains("Created Road Trip (u to undo)"));
    let made = named("Road Trip").await.expect("created on the server");
    assert_eq!(made.description.as_deref(), Some("long drives"));

    // The new collection is selected: rename it.
    tui.send("R");
    tui.wait_for_text("Rename Road Trip");
    tui.send(&"\x7f".repeat(9));
    tui.send("Night Drive");
    tui.send(ENTER);
    tui.wait_for("the rename", |p| p.screen().contains("Renamed to Night Drive"));
    assert_eq!(api.get_collection(&made.id).await.unwrap().name, "Night Drive");

    // Delete Focus Sessions (12 tracks): its name must be typed.
    let focus = api.all_members(&cid(FOCUS)).await.unwrap();
    let index = api.all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS).unwrap();
    tui.send("g");
    tui.send(&"j".repeat(index));
    tui.send("D");
    tui.wait_for_text("Type its name");
    tui.send("Focus");
    tui.send(ENTER);
    assert!(api.get_collection(&cid(FOCUS)).await.is_ok(), "not deleted before the whole name is typed");
    tui.send(" Sessions");
    tui.send(ENTER);
    tui.wait_for("the delete", |p| p.screen().contains("Deleted Focus Sessions and its 12 tracks"));
    assert!(api.get_collection(&cid(FOCUS)).await.is_err());

    tui.send("u");
    tui.wait_for("the recreate", |p| p.screen().contains("Recreated") && settled(p));
    let again = named("Focus Sessions").await.expect("recreated");
    let members = api.all_members(&again.id).await.unwrap();
    assert_eq!(
        members.iter().map(|m| &m.track_id).collect::<Vec<_>>(),
        focus.iter().map(|m| &m.track_id).collect::<Vec<_>>(),
        "same tracks in the same order"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_adds_a_track_picked_by_typing_part_of_its_title() {
    let s = session(100).await;
    let api = s.client(LISTENER);
    let before = s.order(FOCUS).await;
    // A library track that is not in Focus Sessions, with a title no other library track shares, and a
    // space in it: the space is filter text (it used to mark the highlighted row).
    let library: Vec<freddy_music::api::model::Track> = {
        use futures::TryStreamExt;
        let pages: Vec<Vec<_>> = api.track_pages(&Default::default(), 100).try_collect().await.unwrap();
        pages.into_iter().flatten().collect()
    };
    let pick = library
        .iter()
        .filter(|t| !before.contains(&t.id))
        .find(|t| {
            let title = t.title.as_deref().unwrap_or("");
            title.contains(' ') && library.iter().filter(|o| o.title.as_deref() == Some(title)).count() == 1
        })
        .expect("a library track outside Focus Sessions")
        .clone();
    let title = pick.title.clone().unwrap();
    let index = api.all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS);
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_at(&mut tui, index.unwrap(), "Focus Sessions");
    tui.send("a");
    tui.wait_for_text("Add to Focus Sessions");
    tui.send(&title);
    tui.wait_for("the track in the picker", |p| {
        p.screen().contains(&format!(" {title} ")) && p.screen().contains("1 of")
    });
    tui.send(ENTER);
    tui.wait_for("the add", |p| p.screen().contains("Added 1 track to Focus Sessions") && settled(p));
    let after = s.order(FOCUS).await;
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(after.last(), Some(&pick.id), "appended at the end");
    tui.wait_for("the added row on screen", |p| p.screen().contains(&title));
    tui.send("u");
    tui.wait_for("the undo", |p| p.screen().contains("added to Focus Sessions (Ctrl-R adds again)") && settled(p));
    assert_eq!(s.order(FOCUS).await, before);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn m_moves_a_track_to_another_collection_and_u_takes_it_back() {
    let s = session(100).await;
    let api = s.client(LISTENER);
    let focus = s.order(FOCUS).await;
    let collections = api.all_collections().await.unwrap();
    let index = collections.iter().position(|c| c.id.as_str() == FOCUS).unwrap();
    // The list of targets is every other collection, in the pane's order.
    let targets: Vec<&str> = collections.iter().filter(|c| c.id.as_str() != FOCUS).map(|c| c.name.as_str()).collect();
    let crate_at = targets.iter().position(|n| *n == "Empty Crate").unwrap();
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_at(&mut tui, index, "Focus Sessions");
    tui.send("M");
    tui.wait_for_text("Move 1 track from Focus Sessions to");
    tui.send(&"j".repeat(crate_at));
    tui.send(ENTER);
    tui.wait_for("the move", |p| p.screen().contains("Moved 1 track from Focus Sessions to Empty Crate") && settled(p));
    assert_eq!(s.order(FOCUS).await, focus[1..]);
    assert_eq!(s.order(EMPTY_CRATE).await, focus[..1]);
    tui.send("u");
    tui.wait_for("both taken back", |p| {
        settled(p) && p.screen().contains("Focus Sessions · ") && p.screen().contains(" / 12")
    });
    // Both undos are written by the time the app is idle again.
    for _ in 0..50 {
        if s.order(FOCUS).await == focus && s.order(EMPTY_CRATE).await.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(s.order(FOCUS).await, focus);
    assert!(s.order(EMPTY_CRATE).await.is_empty());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_from_the_config_remove_with_x_and_not_d_and_the_hint_bar_says_x() {
    let s = session(100).await;
    let before = s.order(FOCUS).await;
    let index = s.client(LISTENER).all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS);
    let home = tempfile::tempdir().unwrap();
    let cfg = home.path().join("config/freddy-music/config.toml");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(&cfg, "[keys]\nremove = \"x\"\n").unwrap();
    std::fs::set_permissions(&cfg, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_at(&mut tui, index.unwrap(), "Focus Sessions");
    assert!(tui.screen().contains("x remove"), "the hint bar follows the keymap:\n{}", tui.screen());
    tui.send("d");
    tui.send("x");
    tui.wait_for("the removal", |p| p.screen().contains("Removed ") && settled(p));
    assert_eq!(s.order(FOCUS).await, before[1..], "x removed the first track, d nothing");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// The collections pane shows every count without opening the collections, and `D` on one never opened
/// names how many tracks go with it; a wrong name and Enter says why nothing happened (in the popup), and
/// Ctrl-U clears the field and the warning.
#[tokio::test(flavor = "multi_thread")]
async fn counts_in_the_pane_and_the_delete_popup_say_what_they_mean() {
    let s = session(100).await;
    let api = s.client(LISTENER);
    let all = api.all_collections().await.unwrap();
    let (index, sleep) =
        all.iter().enumerate().find(|(_, c)| c.name == "Sleep Sounds").map(|(i, c)| (i, c.id.clone())).unwrap();
    let count = api.get_collection(&sleep).await.unwrap().track_count.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    tui.wait_for("the counts in the pane", |p| {
        p.screen().lines().any(|l| {
            l.contains("Sleep Sounds")
                && l.split('│').nth(1).is_some_and(|c| c.trim_end().ends_with(&count.to_string()))
        })
    });
    tui.send(&"j".repeat(index));
    tui.send("D");
    tui.wait_for_text(&format!("Delete Sleep Sounds and its {count} tracks?"));
    tui.send("Sleep");
    tui.send(ENTER);
    tui.wait_for_text("Not deleted: the name typed");
    tui.send("\x15");
    tui.wait_for("the warning gone with Ctrl-U", |p| !p.screen().contains("Not deleted: the name typed"));
    tui.send("\x1b");
    tui.wait_for_text("Not deleted; Sleep Sounds is unchanged");
    assert!(api.get_collection(&sleep).await.is_ok());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// Under a tight rate limit the rows of a large collection wait for their titles, and the status line
/// says why and when they resume (it said nothing while rows showed ids).
#[tokio::test(flavor = "multi_thread")]
async fn titles_held_back_by_the_rate_limit_are_said() {
    let s = demo_server_with(2_000, FaultOptions { rate_limit: 12, ..FaultOptions::default() }).await;
    // One page of the list (one request of the 12 a minute) to find the Archive's row.
    let all = s.client(LISTENER).list_collections(freddy_music::api::PageRequest::new(100, 0)).await.unwrap().items;
    let archive = all.iter().position(|c| c.name == "Archive").unwrap();
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    tui.wait_for_text("Archive");
    tui.send(&"j".repeat(archive));
    tui.send(ENTER);
    tui.wait_for_text("Titles paused by the server's rate limit");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// The filter stays in the pane title at 80 columns, Ctrl-a says how far its read has come, and after a
/// filtered removal and its undo the filter says it covers the loaded rows (it said "0 of 2,000" and "No
/// track matches").
#[tokio::test(flavor = "multi_thread")]
async fn a_filter_through_ctrl_a_a_removal_and_its_undo() {
    let s = session(2_000).await;
    let api = s.client(LISTENER);
    let index = api.all_collections().await.unwrap().iter().position(|c| c.name == "Archive").unwrap();
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_at(&mut tui, index, "Archive");
    tui.send("/Take 19");
    tui.send(ENTER);
    tui.wait_for("the filter in the pane title", |p| p.rows(1, 2)[0].contains("/Take 19:"));
    tui.send("\x01"); // Ctrl-a
    tui.wait_for("every row loaded", |p| {
        p.rows(1, 2)[0].contains("of 2,000 ·") || p.rows(1, 2)[0].contains("of 2,000 ")
    });
    let log = String::from_utf8_lossy(&tui.output()).into_owned();
    assert!(log.contains("rows,") && log.contains("titles"), "Ctrl-a said how far it came");
    let before = {
        let title = tui.rows(1, 2)[0].clone();
        let start = title.find("/Take 19:").unwrap();
        title[start..].split(" ·").next().unwrap().to_string()
    };
    tui.send("*");
    tui.send("d");
    tui.wait_for_text("Remove");
    tui.send("y");
    tui.wait_for("the removal", |p| p.screen().contains("Removed") && settled(p));
    tui.send("u");
    tui.wait_for("the undo", |p| p.screen().contains("Restored") && settled(p));
    // The restored rows are back at once and the filter covers them all, as before the removal.
    tui.wait_for("the filter after the undo", |p| {
        let title = &p.rows(1, 2)[0];
        title.contains(&before) && !title.contains(": 0 of")
    });
    assert!(!tui.screen().contains("No track matches the filter (Backspace"), "{}", tui.screen());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// The sort menu's cursor moves with the arrows, the copy list filters as you type (q and j are letters
/// there), and a second collection of one name is warned about at creation.
#[tokio::test(flavor = "multi_thread")]
async fn sort_arrows_a_filtered_copy_list_and_a_duplicate_name() {
    let s = session(100).await;
    let api = s.client(LISTENER);
    let index = api.all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS).unwrap();
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    open_at(&mut tui, index, "Focus Sessions");
    tui.send("s");
    tui.wait_for_text("Sort Focus Sessions by:");
    tui.send("\x1b[B\x1b[B"); // Down, Down
    tui.wait_for("the cursor on duration", |p| p.screen().lines().any(|l| l.contains("▸") && l.contains("duration")));
    // Esc on its own (a key right after it would read as Alt-key): wait until the menu is gone.
    tui.send("\x1b");
    tui.wait_for_text("Not sorted");
    tui.send("C");
    tui.wait_for_text("Copy 1 track to");
    tui.send("qj");
    tui.wait_for("the list filtered by what was typed", |p| p.screen().contains("/qj") && p.screen().contains("0 of"));
    tui.send("\x7f\x7fSleep");
    tui.wait_for("one match", |p| p.screen().contains("/Sleep") && p.screen().contains("1 of"));
    tui.send("\x1b");
    tui.wait_for_text("Nothing copied or moved");
    tui.send("h");
    tui.send("n");
    tui.wait_for_text("New collection");
    tui.send("Focus Sessions");
    tui.send(ENTER);
    tui.wait_for_text("Focus Sessions#1");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// Help at 40x12 cuts its descriptions with "…", and a 120-column hint bar shows more keys than an
/// 80-column one.
#[tokio::test(flavor = "multi_thread")]
async fn help_at_40_columns_and_the_hint_bar_at_120() {
    let s = session(100).await;
    let url = s.url();
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data").to_str().unwrap().to_string();
    let env = [
        ("FREDDY_API_KEY", LISTENER),
        ("FREDDY_BASE_URL", url.as_str()),
        ("FREDDY_ORGANIZATION_ID", "org_demo"),
        ("XDG_DATA_HOME", data.as_str()),
    ];
    let mut narrow = Pty::spawn_sized(&[], &env, 12, 40);
    narrow.wait_for_text("Collections");
    narrow.send("?");
    narrow.wait_for("help with cut descriptions", |p| p.screen().contains("Keys") && p.screen().contains('…'));
    narrow.send("\x1b");
    narrow.wait_for("help closed", |p| !p.screen().contains(" Keys "));
    narrow.send("q");
    assert_eq!(narrow.wait_exit(), 0);
    let hints = |cols: u16| {
        let mut t = Pty::spawn_sized(&[], &env, 24, cols);
        t.wait_for("the hint bar", |p| p.screen().contains("? help"));
        let bar = p_last_row(&t);
        t.send("q");
        assert_eq!(t.wait_exit(), 0);
        bar.split("  ").filter(|h| !h.trim().is_empty()).count()
    };
    let (at_80, at_120) = (hints(80), hints(120));
    assert!(at_120 > at_80, "80: {at_80} hints, 120: {at_120}");
}

fn p_last_row(p: &Pty) -> String {
    p.screen().lines().rfind(|l| !l.trim().is_empty()).unwrap_or_default().to_string()
}
