//! The journal from the shell: `tracks remove` journals its batch and prints the id; `history` lists it;
//! `restore` puts the tracks back in their old order, twice is a no-op, `--dry-run` sends nothing; a
//! damaged journal line is skipped with a warning.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use crate::common::*;
use freddy_music::api::TrackId;
use freddy_music::server::FaultOptions;

fn cli(home: &Path, url: &str, args: &[&str]) -> Output {
    let env = [("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", url), ("FREDDY_ORGANIZATION_ID", "org_demo")];
    run(home, args, &env)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a command said to a person: its sentences go to standard error, its rows to standard output.
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Removes three non-adjacent tracks with the CLI and returns the batch id from its JSON.
fn remove_three(home: &Path, s: &TestServer, original: &[TrackId]) -> String {
    let picked = [original[1].as_str(), original[4].as_str(), original[9].as_str()];
    let out = cli(home, &s.url(), &["tracks", "remove", FOCUS, picked[0], picked[1], picked[2], "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["removed"], 3);
    doc["batch_id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_removal_is_journaled_listed_and_restored_in_order() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let original = order(&api, &cid(FOCUS)).await;
    let batch = remove_three(home.path(), &s, &original);
    assert_eq!(order(&api, &cid(FOCUS)).await.len(), original.len() - 3);

    // The journal: 0600, one op line per track and an outcome for each, never the key.
    let path = journal_path(home.path());
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().filter(|l| l.contains("\"type\":\"op\"")).count(), 3);
    assert_eq!(text.lines().filter(|l| l.contains("\"outcome\":\"done\"")).count(), 3);
    assert!(!text.contains(LISTENER), "the key itself is never journaled");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    let listed = cli(home.path(), &s.url(), &["history"]);
    assert!(listed.status.success());
    let listed = stdout(&listed);
    assert!(listed.contains(&batch) && listed.contains("Focus Sessions"), "{listed}");
    let json: serde_json::Value =
        serde_json::from_slice(&cli(home.path(), &s.url(), &["history", "--json"]).stdout).unwrap();
    assert_eq!(json["batches"][0]["batch_id"], batch.as_str());
    assert_eq!(json["batches"][0]["tracks"][1]["index"], 4);

    // A dry run sends no write.
    let writes = s.server.requests().writes();
    let dry = cli(home.path(), &s.url(), &["restore", "--last", "--dry-run"]);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    assert!(stdout(&dry).contains("would re-add at position 5"), "{}", stdout(&dry));
    assert_eq!(s.server.requests().writes(), writes);

    let restored = cli(home.path(), &s.url(), &["restore", &batch]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    assert!(stderr(&restored).contains("Restored 3 of 3 tracks to Focus Sessions"), "{}", stderr(&restored));
    assert_eq!(order(&api, &cid(FOCUS)).await, original);

    // Twice: nothing changes (no reorder is sent, the order is the same).
    let patches = s.server.requests().patch;
    let again = cli(home.path(), &s.url(), &["restore", &batch]);
    assert!(again.status.success());
    assert_eq!(order(&api, &cid(FOCUS)).await, original);
    assert_eq!(s.server.requests().patch, patches);
    assert!(stderr(&again).contains("already in place in Focus Sessions: nothing changed"), "{}", stderr(&again));
    assert!(stdout(&again).is_empty(), "no rows when nothing changed: {}", stdout(&again));
    assert!(stdout(&cli(home.path(), &s.url(), &["history"])).contains("undone"));
}

/// Over several pages the order is read from the end while the removals go out: every journaled
/// position is the one the track had before the command, the ids that are not members are still sent
/// (and said), and `restore` brings back the order exactly.
#[tokio::test(flavor = "multi_thread")]
async fn a_removal_over_many_pages_journals_the_positions_it_had() {
    let s = demo_server_with(1_300, FaultOptions::default()).await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let archive = || async { api.all_members(&cid(ARCHIVE)).await.unwrap() };
    let original: Vec<TrackId> = archive().await.into_iter().map(|m| m.track_id).collect();
    assert_eq!(original.len(), 1_300);
    // Every 7th member, from all three pages (offsets 1000, 500 and 0), and two ids that are no members.
    let victims: Vec<(usize, &TrackId)> = original.iter().enumerate().step_by(7).collect();
    let strangers = ["mtrack_nosuchone001", "mtrack_nosuchone002"];
    let mut args = vec!["tracks", "remove", ARCHIVE, strangers[0]];
    args.extend(victims.iter().map(|(_, t)| t.as_str()));
    args.extend(["--json", strangers[1]]);
    let out = cli(home.path(), &s.url(), &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((doc["removed"].as_u64(), doc["not_member"].as_u64()), (Some(victims.len() as u64), Some(2)));
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results[0]["track_id"], strangers[0], "results keep the order the ids were given in");
    assert_eq!(results[0]["status"], "not_member");
    assert_eq!(results[1]["track_id"], victims[0].1.as_str());
    assert_eq!(archive().await.len(), 1_300 - victims.len());

    let journal = std::fs::read_to_string(journal_path(home.path())).unwrap();
    let ops: Vec<serde_json::Value> = journal
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "op")
        .collect();
    assert_eq!(ops.len(), victims.len(), "one op line per member removed, none for the strangers");
    for op in &ops {
        let at = original.iter().position(|t| op["track_id"] == t.as_str()).unwrap();
        assert_eq!(op["index"], at, "the journal holds the position {} had", op["track_id"]);
    }

    let batch = doc["batch_id"].as_str().unwrap();
    let restored = cli(home.path(), &s.url(), &["restore", batch]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    let after: Vec<TrackId> = archive().await.into_iter().map(|m| m.track_id).collect();
    assert_eq!(after, original);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_journal_line_is_skipped_with_a_warning() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let original = order(&api, &cid(FOCUS)).await;
    let batch = remove_three(home.path(), &s, &original);
    let path = journal_path(home.path());
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.insert_str(0, "{\"type\":\"op\",\"batch\":\"b_broken\" <- cut off by a crash\nnot json at all\n");
    std::fs::write(&path, text).unwrap();

    let listed = cli(home.path(), &s.url(), &["history"]);
    assert!(listed.status.success());
    let err = String::from_utf8_lossy(&listed.stderr);
    assert!(err.contains("journal.jsonl:1: damaged journal line skipped"), "{err}");
    assert!(err.contains("journal.jsonl:2:"), "{err}");
    assert!(stdout(&listed).contains(&batch));
    let restored = cli(home.path(), &s.url(), &["restore", "--last"]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    assert_eq!(order(&api, &cid(FOCUS)).await, original);
}

#[tokio::test(flavor = "multi_thread")]
async fn restore_of_an_unknown_batch_says_where_to_look() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let out = cli(home.path(), &s.url(), &["restore", "b_0000000000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("freddy-music history"));
    let out = cli(home.path(), &s.url(), &["restore", "--last"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no batch for this account"));
}

/// A track removed from the first, a middle, the last place or either side of a page boundary is re-added
/// by `restore`, and the report says so, in words and in JSON: never "nothing changed" for a re-add (the
/// last track, re-added at the end, needs no reorder, and that was taken for "already in place").
#[tokio::test(flavor = "multi_thread")]
async fn restore_says_what_it_re_added_wherever_the_track_was() {
    let s = demo_server_with(1_001, FaultOptions::default()).await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let archive = || async { api.all_members(&cid(ARCHIVE)).await.unwrap() };
    let original: Vec<TrackId> = archive().await.into_iter().map(|m| m.track_id).collect();
    for (n, index) in [0, 250, 499, 500, 1_000].into_iter().enumerate() {
        let out = cli(home.path(), &s.url(), &["tracks", "remove", ARCHIVE, original[index].as_str()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(archive().await.len(), 1_000);
        if n % 2 == 0 {
            let out = cli(home.path(), &s.url(), &["restore", "--last"]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let said = format!("{}{}", stdout(&out), stderr(&out));
            assert!(said.contains(&format!("re-added at position {}", index + 1)), "#{index}: {said}");
            assert!(!said.contains("nothing changed"), "#{index}: {said}");
        } else {
            let out = cli(home.path(), &s.url(), &["restore", "--last", "--json"]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(doc[0]["moved"], true, "#{index}: {doc}");
            assert_eq!(doc[0]["readded"], 1, "#{index}: {doc}");
            assert_eq!(doc[0]["tracks"][0]["absent"], true, "#{index}: {doc}");
            assert_eq!(doc[0]["tracks"][0]["position"], index, "#{index}: {doc}");
        }
        assert_eq!(archive().await.into_iter().map(|m| m.track_id).collect::<Vec<_>>(), original, "#{index}");
    }
    // Once more: the track is back, so nothing is re-added, and both outputs say so.
    let out = cli(home.path(), &s.url(), &["restore", "--last"]);
    assert!(stderr(&out).contains("nothing changed"), "{}", stderr(&out));
    let out = cli(home.path(), &s.url(), &["restore", "--last", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((doc[0]["moved"].as_bool(), doc[0]["readded"].as_u64()), (Some(false), Some(0)), "{doc}");
    assert_eq!(doc[0]["tracks"][0]["absent"], false, "{doc}");
}

/// The CLI as the listener against `url`, started and left running (stdout and stderr piped).
fn spawned(home: &Path, url: &str, args: &[&str]) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_freddy-music"))
        .args(args)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("FREDDY_API_KEY", LISTENER)
        .env("FREDDY_BASE_URL", url)
        .env("FREDDY_ORGANIZATION_ID", "org_demo")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// `cli` with the process's file size limit at `bytes` (SIGXFSZ ignored, so a write past it fails with
/// EFBIG as on a full disk, and a write across it is cut short): a journal that stops taking lines part
/// way, with no root and no special filesystem.
fn cli_with_file_limit(home: &Path, url: &str, args: &[&str], bytes: u64) -> Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_freddy-music"));
    cmd.args(args)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("FREDDY_LOG")
        .env("FREDDY_API_KEY", LISTENER)
        .env("FREDDY_BASE_URL", url)
        .env("FREDDY_ORGANIZATION_ID", "org_demo")
        .stdin(std::process::Stdio::null());
    // SAFETY: between fork and exec only async-signal-safe calls: setrlimit and sigaction.
    unsafe {
        cmd.pre_exec(move || {
            nix::sys::resource::setrlimit(nix::sys::resource::Resource::RLIMIT_FSIZE, bytes, bytes)
                .map_err(std::io::Error::from)?;
            nix::sys::signal::signal(nix::sys::signal::Signal::SIGXFSZ, nix::sys::signal::SigHandler::SigIgn)
                .map_err(std::io::Error::from)?;
            Ok(())
        });
    }
    cmd.output().unwrap()
}

/// A journal that cannot take more lines (a full disk) stops the sending: every track removed at the
/// server has its journal line, the rest are not sent, the command says so and exits 1, no partial line
/// is left, and `restore` puts back exactly what was removed. It used to remove every id, journal a few,
/// warn, and exit 0.
#[tokio::test(flavor = "multi_thread")]
async fn a_journal_that_cannot_be_written_stops_the_sending() {
    let s = demo_server_with(1_300, FaultOptions::default()).await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let archive = || async { api.all_members(&cid(ARCHIVE)).await.unwrap() };
    let original: Vec<TrackId> = archive().await.into_iter().map(|m| m.track_id).collect();
    // Every 6th member: about 50 on the last page (read first), then about 83 on each of the others.
    let victims: Vec<&TrackId> = original.iter().step_by(6).collect();
    let mut args = vec!["tracks", "remove", ARCHIVE];
    args.extend(victims.iter().map(|t| t.as_str()));
    args.push("--json");
    let out = cli_with_file_limit(home.path(), &s.url(), &args, 30_000);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write the journal") && err.contains("stopped sending"), "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (removed, not_sent) = (doc["removed"].as_u64().unwrap(), doc["not_sent"].as_u64().unwrap());
    assert!(removed > 0 && not_sent > 0, "{doc}");
    assert_eq!(removed + not_sent, victims.len() as u64, "{doc}");
    let now: Vec<TrackId> = archive().await.into_iter().map(|m| m.track_id).collect();
    assert_eq!(now.len() as u64, 1_300 - removed, "only the journaled removals were sent");

    // Every removed track has its line; no line is cut short.
    let text = std::fs::read(journal_path(home.path())).unwrap();
    assert!(text.ends_with(b"\n"), "no partial line is left");
    let journaled: std::collections::HashSet<String> = String::from_utf8(text)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("every line is whole"))
        .filter(|v| v["type"] == "op")
        .map(|v| v["track_id"].as_str().unwrap().to_string())
        .collect();
    for t in original.iter().filter(|t| !now.contains(t)) {
        assert!(journaled.contains(t.as_str()), "{t} was removed without a journal line");
    }

    let restored = cli(home.path(), &s.url(), &["restore", "--last"]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    assert_eq!(archive().await.into_iter().map(|m| m.track_id).collect::<Vec<_>>(), original);
}

/// `tracks move` while another client removes the track: the move reports it, and adds nothing back (it
/// used to place by restore's re-add, resurrecting the track). The server's latency orders the race: the
/// removal is sent once the move's read of the order has arrived, so the server handles it after that
/// read and before the move's next request.
#[tokio::test(flavor = "multi_thread")]
async fn a_move_racing_a_removal_adds_nothing() {
    let latency = std::time::Duration::from_millis(400);
    let s = demo_server_with(0, FaultOptions { latency, ..FaultOptions::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let original = order(&api, &cid(FOCUS)).await;
    let track = original[2].clone();
    let base = s.server.requests().get;
    let child = spawned(home.path(), &s.url(), &["tracks", "move", FOCUS, track.as_str(), "--to", "8"]);
    // The move's get-collection and its page of the order have arrived.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while s.server.requests().get < base + 2 {
        assert!(std::time::Instant::now() < until, "the move never read the order");
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    api.remove_member(&cid(FOCUS), &track).await.unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap()).await.unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("no longer in the collection"), "{err}");
    let now = order(&api, &cid(FOCUS)).await;
    assert!(!now.contains(&track), "the move added the removed track back");
    assert_eq!(now.len(), original.len() - 1);
}

/// `history` at 80 columns keeps every column, WHAT included (it used to drop WHAT and cut the time),
/// shows local time with the offset in the header, and lists a change the server refused as refused.
#[tokio::test(flavor = "multi_thread")]
async fn history_at_80_columns_keeps_what_and_says_the_outcome() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let original = order(&api, &cid(FOCUS)).await;
    let batch = remove_three(home.path(), &s, &original);
    // A rename the server refuses (a control character): journaled first, then its refusal.
    let refused = cli(home.path(), &s.url(), &["collections", "rename", FOCUS, "Bad\u{7}Name"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let (data, url) = (home.path().join("data").to_str().unwrap().to_string(), s.url());
    let screen = tokio::task::spawn_blocking(move || {
        let env = [
            ("FREDDY_API_KEY", LISTENER),
            ("FREDDY_BASE_URL", url.as_str()),
            ("FREDDY_ORGANIZATION_ID", "org_demo"),
            ("XDG_DATA_HOME", data.as_str()),
            ("TZ", "Europe/Zurich"),
        ];
        let mut pty = crate::common::pty::Pty::spawn_sized(&["history"], &env, 24, 80);
        assert_eq!(pty.wait_exit(), 0);
        String::from_utf8_lossy(&pty.output()).into_owned()
    })
    .await
    .unwrap();
    let lines: Vec<&str> = screen.lines().collect();
    let header = lines.iter().find(|l| l.contains("BATCH")).unwrap();
    assert!(header.contains("WHAT") && header.contains("STATE"), "{header}");
    assert!(header.contains("WHEN +01:00") || header.contains("WHEN +02:00"), "local offset: {header}");
    let row = lines.iter().find(|l| l.contains(&batch)).unwrap();
    assert!(row.contains("remove") && row.contains("Focus Sessions"), "{row}");
    // WHAT: the tracks (by id: the CLI journals no titles it did not read), cut to fit, never dropped.
    assert!(row.contains("mtrack_"), "WHAT is kept: {row}");
    let change = lines.iter().find(|l| l.contains("rename")).unwrap();
    assert!(change.contains("refused") && change.contains("Focus Sessions"), "{change}");
    assert!(lines.iter().all(|l| l.trim_end().chars().count() <= 80), "{screen}");
}

/// Another client removes tracks at the top while `tracks remove` runs (the server's latency orders the
/// race): the command says the collection changed (exit 1) and how restore will place the tracks, and
/// `restore` puts each back right before the track that followed it, so the order is the original one
/// less the tracks the other client removed. By position alone they landed 50 places off.
#[tokio::test(flavor = "multi_thread")]
async fn a_removal_raced_by_another_client_is_said_and_restored_between_its_neighbours() {
    let latency = std::time::Duration::from_millis(50);
    let s = demo_server_with(1_200, FaultOptions { latency, ..FaultOptions::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let archive = || async { api.all_members(&cid(ARCHIVE)).await.unwrap() };
    let original: Vec<TrackId> = archive().await.into_iter().map(|m| m.track_id).collect();
    let victims: Vec<String> = original[1_000..1_100].iter().map(ToString::to_string).collect();
    let mut args = vec!["tracks", "remove", ARCHIVE, "--concurrency", "4"];
    args.extend(victims.iter().map(String::as_str));
    let child = spawned(home.path(), &s.url(), &args);
    // Once the removals have begun, the other client takes out the first 50 tracks.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while s.server.requests().delete < 4 {
        assert!(std::time::Instant::now() < until, "the removal never began");
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let (other, arc) = (s.client(LISTENER), cid(ARCHIVE));
    futures::future::join_all(original[..50].iter().map(|t| other.remove_member(&arc, t))).await;
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap()).await.unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("changed while the removal ran") && err.contains("before that track"), "{err}");

    let restored = cli(home.path(), &s.url(), &["restore", "--last"]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    let want: Vec<TrackId> = original[50..].to_vec();
    assert_eq!(archive().await.into_iter().map(|m| m.track_id).collect::<Vec<_>>(), want);
}

/// `restore` reads the order back: when another client changed the collection while it ran, it does not
/// say "order restored"; it says what happened and how to place the tracks again, and exits 1.
#[tokio::test(flavor = "multi_thread")]
async fn a_restore_raced_by_another_client_says_so_and_exits_1() {
    use freddy_music::journal::{Account, Journal, Outcome, Record, RemoveBatch};
    for (after, verified) in [(&["a", "b", "c", "d", "e"][..], true), (&["b", "d", "c", "e"][..], false)] {
        let (server, _) = crate::common::hostile::restoring_c(after).await;
        let home = tempfile::tempdir().unwrap();
        let account = Account::of(&client_for(&server.url, LISTENER));
        let batch = RemoveBatch {
            account: &account,
            batch: "b_00000000c1",
            redo_of: None,
            collection_id: "mcoll_x",
            collection_name: "X",
        };
        let mut lines = batch.removals_with_next([("mtrack_c", Some("C"), 2, Some("mtrack_d"))]);
        lines.push(Record::outcome("b_00000000c1", "mtrack_c", Outcome::Done));
        std::fs::create_dir_all(journal_path(home.path()).parent().unwrap()).unwrap();
        Journal::at(journal_path(home.path())).append(&lines).unwrap();

        let url = server.url.clone();
        let out = tokio::task::spawn_blocking(move || {
            let o = cli(home.path(), &url, &["restore", "--last"]);
            drop(home);
            o
        })
        .await
        .unwrap();
        let err = stderr(&out);
        if verified {
            assert!(out.status.success(), "{err}");
            assert!(err.contains("(order restored"), "{err}");
        } else {
            assert_eq!(out.status.code(), Some(1), "{err}");
            assert!(!err.contains("order restored"), "{err}");
            assert!(err.contains("changed while it ran") && err.contains("restore b_00000000c1"), "{err}");
        }
    }
}
