//! The CLI in a pipe: a reader that stops early (as `head -1` does) ends a listing quietly with status
//! 0, never a panic; a dry run reads and says, and sends no write; SIGINT during a bulk removal stops
//! sending, waits for what is in flight, prints the report so far and exits 130.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use crate::common::*;

/// The binary as the listener against `url`, every XDG directory in `home`, stdout and stderr piped.
fn piped(url: &str, home: &std::path::Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_freddy-music"))
        .args(args)
        .env("FREDDY_API_KEY", LISTENER)
        .env("FREDDY_ORGANIZATION_ID", "org_demo")
        .env("FREDDY_BASE_URL", url)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The binary's environment as the listener against `url` (for a pseudo-terminal or `run`).
fn listener_env(url: &str) -> [(&'static str, &str); 3] {
    [("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", url), ("FREDDY_ORGANIZATION_ID", "org_demo")]
}

/// Everything a terminal `cols` wide was sent while `tracks remove` removed `ids` from the Archive (it
/// succeeded).
fn removed_on_a_terminal(url: &str, ids: &[String], cols: u16) -> String {
    let mut args = vec!["tracks", "remove", ARCHIVE];
    args.extend(ids.iter().map(String::as_str));
    let mut tui = crate::common::pty::Pty::spawn_sized(&args, &listener_env(url), 24, cols);
    assert_eq!(tui.wait_exit(), 0);
    String::from_utf8_lossy(&tui.output()).into_owned()
}

/// The runs of text a terminal was sent, split at line breaks, carriage returns and escape sequences
/// (`ESC [` … a letter): each is what was written in one go on one line.
fn text_runs(sent: &str) -> Vec<String> {
    let mut runs = vec![String::new()];
    let mut chars = sent.chars();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // The sequence ends at its first letter (after the `[`).
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
                runs.push(String::new());
            }
            '\r' | '\n' => runs.push(String::new()),
            c => runs.last_mut().unwrap().push(c),
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// The ids of the Archive's first `n` members.
async fn first_archive_ids(api: &freddy_music::api::Client, n: usize) -> Vec<String> {
    api.all_members(&cid(ARCHIVE)).await.unwrap().iter().take(n).map(|m| m.track_id.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_listing_whose_reader_stops_early_ends_quietly_with_status_0() {
    // 3,000 rows: far more than a pipe holds, so the writer meets the closed pipe.
    let s = demo_server_with(3_000, Default::default()).await;
    let home = tempfile::tempdir().unwrap();
    for args in [vec!["tracks", "list", ARCHIVE], vec!["tracks", "list", ARCHIVE, "--json"]] {
        let mut child = piped(&s.url(), home.path(), &args);
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        // The reader is gone (stdout dropped with the BufReader).
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(!first.is_empty());
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_says_what_it_would_remove_and_sends_no_write() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let members = api.all_members(&cid(FOCUS)).await.unwrap();
    let (a, b) = (members[0].track_id.as_str(), members[3].track_id.as_str());
    let title = api.get_track(&members[3].track_id).await.unwrap().title.unwrap();
    let env =
        [("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", &s.url() as &str), ("FREDDY_ORGANIZATION_ID", "org_demo")];
    let writes = s.server.requests().writes();
    let out = run(home.path(), &["tracks", "remove", FOCUS, a, b, "mtrack_notamember", "--dry-run"], &env);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&title) && text.contains("would be removed") && text.contains("not in collection"), "{text}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("would remove 2 of 3 tracks") && !text.contains("would remove"), "{said}");
    let json = run(home.path(), &["tracks", "remove", FOCUS, b, "--dry-run", "--json"], &env);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!((doc["dry_run"].as_bool(), doc["tracks"][0]["position"].as_u64()), (Some(true), Some(3)));
    // Not one write reached the server, and nothing was journaled.
    assert_eq!(s.server.requests().writes(), writes);
    assert_eq!(api.all_members(&cid(FOCUS)).await.unwrap().len(), members.len());
    assert!(!journal_path(home.path()).exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn sigint_during_a_slow_bulk_removal_reports_what_was_done_and_a_rerun_finishes() {
    use freddy_music::server::FaultOptions;
    let s =
        demo_server_with(200, FaultOptions { latency: std::time::Duration::from_millis(100), ..Default::default() })
            .await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let ids = first_archive_ids(&api, 40).await;
    let mut args = vec!["tracks", "remove", ARCHIVE, "--concurrency", "2"];
    args.extend(ids.iter().map(String::as_str));
    let spawn = || piped(&s.url(), home.path(), &args);
    let child = spawn();
    // 40 removals, 2 at a time, 100 ms each: about 2 s. Interrupt once a few have reached the server.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while s.server.requests().delete < 4 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGINT).unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(130), "{stdout}\n{stderr}");
    assert!(stdout.contains("removed") && stdout.contains("not sent"), "{stdout}");
    assert!(stderr.contains("Batch b_") && !stdout.contains("Batch b_"), "{stderr}");
    assert!(stderr.contains("run the same command again"), "{stderr}");
    let left = api.get_collection(&cid(ARCHIVE)).await.unwrap().track_count.unwrap();
    assert!(left > 160 && left < 200, "some but not all were removed: {left} left");
    // The journal says which were never sent.
    let journal = std::fs::read_to_string(journal_path(home.path())).unwrap();
    assert!(journal.contains("\"outcome\":\"cancelled\""));
    // Running the same command again finishes the job.
    let again = spawn().wait_with_output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(api.get_collection(&cid(ARCHIVE)).await.unwrap().track_count, Some(160));
}

#[tokio::test(flavor = "multi_thread")]
async fn progress_is_drawn_on_a_terminal_only() {
    let s = demo_server_with(400, Default::default()).await;
    let api = s.client(LISTENER);
    let ids = first_archive_ids(&api, 300).await;
    let url = s.url();
    let env = listener_env(&url);
    // On a terminal: the bar counts the removals (its frames are in what the terminal was sent).
    let shown = removed_on_a_terminal(&url, &ids[..150], 80);
    assert!(shown.contains("/150 removed"), "no progress on the terminal");
    // Piped standard error: none of it.
    let home = tempfile::tempdir().unwrap();
    let mut args = vec!["tracks", "remove", ARCHIVE];
    args.extend(ids[150..].iter().map(String::as_str));
    let out = run(home.path(), &args, &env);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("removed"), "{}", String::from_utf8_lossy(&out.stderr));
    // `tracks list` on a terminal: a bar for the tracks read, then one for their titles (the first bar
    // used to stand full for seconds while the titles were read).
    let mut list = crate::common::pty::Pty::spawn(&["tracks", "list", ARCHIVE], &env);
    assert_eq!(list.wait_exit(), 0);
    let listed = String::from_utf8_lossy(&list.output()).into_owned();
    assert!(listed.contains("tracks read") && listed.contains("titles read"), "{listed:?}");
    // --quiet on a terminal: none either.
    let mut args = vec!["tracks", "list", ARCHIVE, "--quiet"];
    args.push("--no-header");
    let mut tui = crate::common::pty::Pty::spawn(&args, &env);
    assert_eq!(tui.wait_exit(), 0);
    assert!(!String::from_utf8_lossy(&tui.output()).contains("tracks read"));
}

/// Removing tracks near the top of a large collection: they are found only in the last page of the order
/// read (it is read from the end), so for a while nothing is removed. The bar is on the screen from the
/// start and says how far the order is read.
#[tokio::test(flavor = "multi_thread")]
async fn the_bar_says_how_far_the_order_is_read_before_the_first_removal() {
    let s = demo_server_with(1_200, Default::default()).await;
    let api = s.client(LISTENER);
    let shown = removed_on_a_terminal(&s.url(), &first_archive_ids(&api, 10).await, 60);
    // 1,200 members: the short page at the end, then two full ones.
    for read in 0..=3 {
        let frame = format!("0/10 removed, reading the order {read}/3");
        assert!(shown.contains(&frame), "no frame {frame:?} in {shown:?}");
    }
    // Every frame fits the 60 columns (a line that wrapped would leave its first half behind).
    let frames: Vec<String> = text_runs(&shown).into_iter().filter(|f| f.contains("removed")).collect();
    assert!(!frames.is_empty());
    for frame in &frames {
        assert!(frame.chars().count() <= 60, "{} columns: {frame:?}", frame.chars().count());
    }
    assert_eq!(api.get_collection(&cid(ARCHIVE)).await.unwrap().track_count, Some(1_190));
}

#[tokio::test(flavor = "multi_thread")]
async fn tables_at_50_columns_with_wide_characters_never_wrap() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let wide = "東京の夜景と雨の音楽、それから長い長い名前のコレクション";
    api.create_collection(&freddy_music::api::model::NewCollection {
        name: wide.into(),
        description: Some("説明もとても長くて端末の幅には収まりません".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let url = s.url();
    let env = listener_env(&url);
    let mut tui = crate::common::pty::Pty::spawn_sized(&["collections", "list"], &env, 30, 50);
    assert_eq!(tui.wait_exit(), 0);
    let screen = tui.screen();
    let rows: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    // A header and ten collections, one line each: nothing wrapped onto a line of its own.
    assert_eq!(rows.len(), 11, "{screen}");
    assert!(rows[0].starts_with("NAME"), "{screen}");
    assert!(rows.iter().skip(1).all(|r| r.contains("mcoll_")), "{screen}");
    assert!(rows[1].contains('…'), "the wide name is shortened: {screen}");
    // Piped, the same listing is whole.
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["collections", "list"], &env);
    assert!(String::from_utf8_lossy(&out.stdout).contains(wide));
}

/// Every command in a pipe: standard output holds only data (tab-separated rows, an id, JSON), every
/// sentence (summaries, "Batch …: undo with …", "Nothing recorded yet") goes to standard error, and a
/// command with no data prints nothing at all (no lone newline).
#[tokio::test(flavor = "multi_thread")]
async fn in_a_pipe_standard_output_holds_only_data() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let url = s.url();
    let env = listener_env(&url);
    let members = api.all_members(&cid(FOCUS)).await.unwrap();
    let (a, b) = (members[0].track_id.to_string(), members[1].track_id.to_string());
    let cmd = |args: &[&str]| {
        let out = run(home.path(), args, &env);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let rows_only = |args: &[&str], out: &str| {
        for line in out.lines() {
            assert!(line.contains('\t'), "{args:?}: a line that is not a row on stdout: {line:?}");
        }
        for sentence in ["Batch b_", "Removed ", "Added ", "Restored ", "undo with", "Nothing recorded"] {
            assert!(!out.contains(sentence), "{args:?}: {sentence:?} on stdout:\n{out}");
        }
    };

    let (out, _) = cmd(&["history"]);
    assert_eq!(out, "", "an empty journal prints nothing on stdout");
    let (out, err) = cmd(&["config", "set", "ui.mouse", "false"]);
    assert_eq!(out, "", "what was saved is a sentence");
    assert!(err.contains("Set ui.mouse"), "{err}");
    let (out, _) = cmd(&["config", "path"]);
    assert!(out.trim_end().ends_with("config.toml"), "the path is data: {out}");
    let (_, err) = cmd(&["history"]);
    assert!(err.contains("Nothing recorded yet"), "{err}");
    let (out, _) = cmd(&["tracks", "list", EMPTY_CRATE]);
    assert_eq!(out, "", "an empty collection prints nothing, not a lone newline");

    let (out, err) = cmd(&["collections", "create", "Road Trip"]);
    let id = out.trim().to_string();
    assert!(id.starts_with("mcoll_") && out == format!("{id}\n"), "only the id: {out:?}");
    assert!(err.contains("Created") && err.contains("Road Trip"), "{err}");
    let (out, err) = cmd(&["collections", "rename", &id, "Night Drive"]);
    assert_eq!(out, format!("{id}\n"));
    assert!(err.contains("Renamed to"), "{err}");
    let (out, err) = cmd(&["collections", "rename", &id, "Night Drive", "--description", "windows down"]);
    assert_eq!(out, format!("{id}\n"));
    assert!(err.contains("Changed the description of") && !err.contains("Renamed"), "{err}");

    let args = ["tracks", "add", id.as_str(), a.as_str(), b.as_str()];
    let (out, err) = cmd(&args);
    rows_only(&args, &out);
    assert!(out.contains(&a) && err.contains("Added 2 to Night Drive"), "{out}\n{err}");
    let args = ["tracks", "move", id.as_str(), b.as_str(), "--to", "1"];
    let (out, err) = cmd(&args);
    assert_eq!(out, "", "a move has no rows");
    assert!(err.contains("Moved"), "{err}");
    let args = ["tracks", "remove", FOCUS, a.as_str(), b.as_str()];
    let (out, err) = cmd(&args);
    rows_only(&args, &out);
    assert!(out.contains(&a) && err.contains("Removed 2 from Focus Sessions") && err.contains("Batch b_"), "{err}");
    let (out, err) = cmd(&["tracks", "remove", FOCUS, a.as_str(), "--dry-run"]);
    rows_only(&["--dry-run"], &out);
    assert!(err.contains("Dry run"), "{err}");
    let args = ["restore", "--last"];
    let (out, err) = cmd(&args);
    rows_only(&args, &out);
    assert!(out.contains(&a) && err.contains("Restored 2 of 2 tracks"), "{out}\n{err}");
    let (out, _) = cmd(&["history"]);
    rows_only(&["history"], &out);
    let (out, err) = cmd(&["collections", "delete", &id, "--yes"]);
    assert_eq!(out, format!("{id}\n"));
    assert!(err.contains("Deleted"), "{err}");
    // The data itself is what a pipe counts: one row per track removed.
    let (out, _) = cmd(&["tracks", "remove", FOCUS, a.as_str(), b.as_str()]);
    let rows = out.lines().filter(|l| l.starts_with("mtrack_")).count();
    assert_eq!(rows, 2, "{out}");
    // Every row has every field, the last one too (an empty last cell keeps its tab).
    assert!(out.lines().all(|l| l.matches('\t').count() == 2), "{out:?}");
}

/// `restore` draws the bar `tracks remove` draws (it ran silent for a minute on a large batch), and
/// `--quiet` turns it off.
#[tokio::test(flavor = "multi_thread")]
async fn restore_draws_the_removals_bar_and_quiet_hides_it() {
    let s = demo_server_with(400, Default::default()).await;
    let api = s.client(LISTENER);
    let ids = first_archive_ids(&api, 150).await;
    let url = s.url();
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data").to_str().unwrap().to_string();
    let mut env = listener_env(&url).to_vec();
    env.push(("XDG_DATA_HOME", data.as_str()));
    let mut remove = vec!["tracks", "remove", ARCHIVE];
    remove.extend(ids.iter().map(String::as_str));
    let on_terminal = |args: &[&str]| {
        let mut tui = crate::common::pty::Pty::spawn_sized(args, &env, 24, 80);
        assert_eq!(tui.wait_exit(), 0, "{args:?}");
        String::from_utf8_lossy(&tui.output()).into_owned()
    };
    on_terminal(&remove);
    let shown = on_terminal(&["restore", "--last"]);
    assert!(shown.contains("/150 re-added"), "no progress for restore: {shown:?}");
    on_terminal(&remove);
    let quiet = on_terminal(&["restore", "--last", "--quiet"]);
    assert!(!quiet.contains("re-added,") && !quiet.contains("/150 re-added"), "{quiet:?}");
    assert_eq!(api.all_members(&cid(ARCHIVE)).await.unwrap().len(), 400);
}

/// With the journal's lock held by another process, `tracks remove` says it waits, sends nothing, and one
/// Ctrl-C ends it (it used to ignore three for as long as the lock was held).
#[tokio::test(flavor = "multi_thread")]
async fn a_held_journal_lock_is_said_and_ctrl_c_ends_the_wait() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let ids = first_archive_ids(&api, 3).await;
    let journal = journal_path(home.path());
    std::fs::create_dir_all(journal.parent().unwrap()).unwrap();
    std::fs::write(&journal, "").unwrap();
    let held = std::fs::File::open(&journal).unwrap();
    held.lock().unwrap();
    let mut args = vec!["tracks", "remove", ARCHIVE];
    args.extend(ids.iter().map(String::as_str));
    let mut child = piped(&s.url(), home.path(), &args);
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.contains("waiting for the journal"), "{line}");
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGINT).unwrap();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < until, "one Ctrl-C did not end the wait");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    assert_eq!(s.server.requests().delete, 0, "nothing is sent before its line");
    drop(held);
}

/// `tracks list` on a 40-column terminal keeps the titles and drops the id column (it dropped TITLE and
/// showed a cut id).
#[tokio::test(flavor = "multi_thread")]
async fn tracks_list_at_40_columns_keeps_titles_and_drops_ids() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let first = api.all_members(&cid(FOCUS)).await.unwrap()[0].track_id.clone();
    let title = api.get_track(&first).await.unwrap().title.unwrap();
    let url = s.url();
    let shown = tokio::task::spawn_blocking(move || {
        let mut tui = crate::common::pty::Pty::spawn_sized(&["tracks", "list", FOCUS], &listener_env(&url), 24, 40);
        assert_eq!(tui.wait_exit(), 0);
        String::from_utf8_lossy(&tui.output()).into_owned()
    })
    .await
    .unwrap();
    assert!(shown.contains("TITLE") && !shown.contains("mtrack_"), "{shown}");
    let start: String = title.chars().take(8).collect();
    assert!(shown.contains(&start), "the first title ({title}) is shown: {shown}");
}
