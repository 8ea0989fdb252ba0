//! The real binary against hostile and broken servers: a redirect never carries the key away, escape
//! sequences in server text never reach the terminal, huge and endless bodies are refused with bounded
//! memory, endless full pages end, absurd counts do not allocate, and signals restore the terminal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Output;

use crate::common::hostile::{self, Hostile};
use crate::common::pty::{ENTER, Pty};
use crate::common::*;

/// Runs the CLI against `url` (off the async threads, so the hostile server keeps answering).
async fn cli(url: &str, args: &[&str]) -> Output {
    let (url, args): (String, Vec<String>) = (url.to_string(), args.iter().map(|a| a.to_string()).collect());
    tokio::task::spawn_blocking(move || {
        let home = tempfile::tempdir().unwrap();
        let env =
            [("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", url.as_str()), ("FREDDY_ORGANIZATION_ID", "org_demo")];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(home.path(), &args, &env)
    })
    .await
    .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// No ESC, no C1 control (in UTF-8, 0xC2 0x80–0x9F), no bidi override in what a person would see.
fn assert_inert(what: &str, bytes: &[u8]) {
    assert!(!bytes.contains(&0x1b), "{what} holds ESC: {:?}", String::from_utf8_lossy(bytes));
    assert!(!bytes.windows(2).any(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1])), "{what} holds a C1 control");
    assert!(!String::from_utf8_lossy(bytes).contains('\u{202e}'), "{what} holds a bidi override");
}

const EVIL: &str =
    "Evil\u{1b}]0;PWNED\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{1b}[6n\u{9b}31m\u{202e}txt\u{200b}\nnext";

fn tui(url: &str, home: &Path) -> Pty {
    tui_against(url, home).0
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_is_not_followed_and_the_key_never_reaches_the_other_port() {
    let elsewhere =
        hostile::start(|_, _| hostile::json(200, serde_json::json!({"items": [], "limit": 100, "offset": 0}))).await;
    let target = elsewhere.url.clone();
    let first = hostile::start(move |path, _| hostile::redirect(307, &format!("{target}{path}"))).await;
    for args in [vec!["collections", "list"], vec!["tracks", "remove", "mcoll_a", "mtrack_b"]] {
        let out = cli(&first.url, &args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", err(&out));
        assert!(err(&out).contains(&format!("redirect to {}", elsewhere.url)), "{}", err(&out));
        assert!(err(&out).contains("check base_url"), "{}", err(&out));
    }
    assert!(first.hits() >= 2);
    assert_eq!(elsewhere.hits(), 0, "the second listener was never contacted");
    assert!(elsewhere.keys().is_empty());
}

async fn evil_server() -> Hostile {
    hostile::start(|path, _| {
        let other_collection = path.contains("/collections/") && !path.contains("/collections/mcoll_evil");
        if other_collection {
            return hostile::error(404, EVIL, EVIL);
        }
        if path.ends_with("/collections") {
            return hostile::json(200, serde_json::json!({
                "items": [hostile::collection("mcoll_evil", EVIL, serde_json::Value::Null)], "limit": 100, "offset": 0
            }));
        }
        if path.ends_with("/collections/mcoll_evil") {
            return hostile::json(200, hostile::collection("mcoll_evil", EVIL, serde_json::json!(1)));
        }
        if path.ends_with("/collections/mcoll_evil/tracks") {
            return hostile::json(200, serde_json::json!({"collection_id": "mcoll_evil", "items": [
                {"track_id": "mtrack_evil", "position": 0, "added_at": EVIL}], "limit": 200, "offset": 0}));
        }
        if path.ends_with("/tracks") || path.ends_with("/tracks/mtrack_evil") {
            let t = serde_json::json!({"id": "mtrack_evil", "title": EVIL, "engine": "studio", "mode": "creation",
                "measured_duration_seconds": 61.0, "instrumental": false, "licence_class": "unclear",
                "created_at": "2026-06-28T10:30:00Z", "playback_url": null, "stem_urls": null});
            if path.ends_with("/tracks") {
                return hostile::json(200, serde_json::json!({"items": [t], "limit": 100, "offset": 0}));
            }
            return hostile::json(200, t);
        }
        hostile::error(404, EVIL, EVIL)
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_laden_text_never_reaches_the_cli_output() {
    let s = evil_server().await;
    for args in [
        vec!["collections", "list"],
        vec!["collections", "list", "--json"],
        vec!["tracks", "list", "mcoll_evil"],
        vec!["tracks", "list", "mcoll_evil", "--json"],
        vec!["tracks", "list", "mcoll_missing"],
    ] {
        let out = cli(&s.url, &args).await;
        assert_inert(&format!("stdout of {args:?}"), &out.stdout);
        assert_inert(&format!("stderr of {args:?}"), &out.stderr);
    }
    // JSON keeps the value (escaped, not lost).
    let out = cli(&s.url, &["collections", "list", "--json"]).await;
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["items"][0]["name"], EVIL);
    let out = cli(&s.url, &["tracks", "list", "mcoll_missing"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("not found: Evil␛]0;PWNED"), "{}", err(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_laden_text_never_reaches_the_tui_terminal() {
    let s = evil_server().await;
    let home = tempfile::tempdir().unwrap();
    let mut t = tui(&s.url, home.path());
    t.wait_for("the evil collection", |p| p.screen().contains("Evil␛]0;PWNED"));
    t.send(ENTER);
    t.wait_for("the evil track", |p| p.rows(3, 5).join("").contains("Evil␛"));
    let out = t.output();
    for payload in ["\u{1b}]0;PWNED", "\u{1b}]52;", "\u{1b}[6n", "\u{9b}", "\u{202e}"] {
        let hit = String::from_utf8_lossy(&out).contains(payload);
        assert!(!hit, "{payload:?} reached the terminal");
    }
    // The newline in the title did not break the row: the next row is the table's border or empty.
    assert!(!t.screen().contains("\nnext"));
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn endless_full_pages_end_with_a_clear_error() {
    let same: Vec<serde_json::Value> =
        (0..100).map(|i| hostile::collection(&format!("mcoll_{i:03}"), "Again", serde_json::Value::Null)).collect();
    let s =
        hostile::start(move |_, _| hostile::json(200, serde_json::json!({"items": same, "limit": 100, "offset": 0})))
            .await;
    let out = cli(&s.url, &["collections", "list"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("repeats items already listed"), "{}", err(&out));
    assert_eq!(s.hits(), 2, "the second page showed no progress and ended the list");

    let home = tempfile::tempdir().unwrap();
    let before = s.hits_on("/collections");
    let mut t = tui(&s.url, home.path());
    t.wait_for_text("repeats items already listed");
    // List pages only (the pane also asks the counts of the rows on screen, one get-collection each).
    assert_eq!(s.hits_on("/collections") - before, 2, "the TUI stopped too");
    assert!(t.screen().contains("Collections (100)"));
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn absurd_counts_neither_allocate_nor_abort() {
    for count in ["1000000000000", "18446744073709551615", "100000000"] {
        let n: serde_json::Value = serde_json::from_str(count).unwrap();
        let s = hostile::start(move |path, q| {
            if path.ends_with("/collections") {
                return hostile::json(200, serde_json::json!({"items": [hostile::collection("mcoll_big", "Big", n.clone())], "limit": 100, "offset": 0}));
            }
            if path.ends_with("/collections/mcoll_big") {
                return hostile::json(200, hostile::collection("mcoll_big", "Big", n.clone()));
            }
            if path.ends_with("/tracks") && q.contains("offset=") {
                let offset: u64 = q.split('&').find_map(|kv| kv.strip_prefix("offset=")).unwrap().parse().unwrap();
                let items: Vec<serde_json::Value> = (0..200)
                    .map(|i| serde_json::json!({"track_id": format!("mtrack_{}", offset + i), "position": offset + i, "added_at": "2026-06-28T10:30:00Z"}))
                    .collect();
                return hostile::json(200, serde_json::json!({"collection_id": "mcoll_big", "items": items, "limit": 200, "offset": offset}));
            }
            hostile::error(404, "RESOURCE_NOT_FOUND", "no")
        })
        .await;
        let home = tempfile::tempdir().unwrap();
        let mut t = tui(&s.url, home.path());
        t.wait_for_text("Big");
        t.send(ENTER);
        t.wait_for_text("showing the first 1000000");
        // End jumps to the last row: one page is loaded there, nothing is allocated by the claim.
        t.send("G");
        t.wait_for("the last rows", |p| p.screen().contains("mtrack_999999"));
        t.send("q");
        assert_eq!(t.wait_exit(), 0, "with a count of {count}");
        assert!(!t.alternate_screen());
    }
}

async fn signal_restores_the_terminal(signal: nix::sys::signal::Signal) {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let mut t = tui(&s.url(), home.path());
    t.wait_for_text("Focus Sessions");
    assert!(t.alternate_screen() && !t.cooked());
    let pid = nix::unistd::Pid::from_raw(i32::try_from(t.pid().unwrap()).unwrap());
    nix::sys::signal::kill(pid, signal).unwrap();
    t.wait_exit();
    assert!(!t.alternate_screen(), "{signal}: main screen");
    assert!(t.cursor_visible(), "{signal}: cursor shown");
    assert!(t.cooked(), "{signal}: cooked mode");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal(nix::sys::signal::Signal::SIGTERM).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sighup_restores_the_terminal() {
    signal_restores_the_terminal(nix::sys::signal::Signal::SIGHUP).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sigint_as_a_signal_restores_the_terminal() {
    signal_restores_the_terminal(nix::sys::signal::Signal::SIGINT).await;
}

/// A failed allocation ends in `abort()` (no panic hook, no destructor runs): the SIGABRT that abort
/// raises gives the terminal back before the process dies.
#[tokio::test(flavor = "multi_thread")]
async fn an_abort_as_after_a_failed_allocation_restores_the_terminal() {
    signal_restores_the_terminal(nix::sys::signal::Signal::SIGABRT).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn member_pages_whose_positions_do_not_follow_the_offset_end_the_list() {
    // Every page claims to start at position 0: a server repeating its first page for ever.
    let s = hostile::start(|path, _| {
        if path.ends_with("/tracks") && path.contains("/collections/") {
            let items: Vec<serde_json::Value> = (0..500)
                .map(|i| serde_json::json!({"track_id": format!("mtrack_{i}"), "position": i, "added_at": "2026-06-28T10:30:00Z"}))
                .collect();
            return hostile::json(200, serde_json::json!({"collection_id": "mcoll_a", "items": items, "limit": 500, "offset": 0}));
        }
        hostile::json(200, serde_json::json!({"items": [], "limit": 100, "offset": 0}))
    })
    .await;
    let out = cli(&s.url, &["tracks", "list", "mcoll_a"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("position 0 where 500 was due"), "{}", err(&out));
    assert_eq!(s.hits(), 2, "stopped at the second page");
}

/// A server holding one collection of 700 members (`mtrack_m00000` …) whose get-collection says
/// `track_count` is `count`, paging as asked; it counts the other requests (the removals) in `deletes`.
async fn seven_hundred(count: serde_json::Value, deletes: &std::sync::Arc<std::sync::atomic::AtomicUsize>) -> Hostile {
    let counted = std::sync::Arc::clone(deletes);
    hostile::start(move |path, query| {
        let number = |name: &str| -> u64 {
            query.split('&').find_map(|kv| kv.strip_prefix(name)?.strip_prefix('=')?.parse().ok()).unwrap_or(0)
        };
        if path.ends_with(&format!("/collections/{SEVEN}")) {
            return hostile::json(200, hostile::collection(SEVEN, "Seven hundred", count.clone()));
        }
        if path.ends_with(&format!("/collections/{SEVEN}/tracks")) {
            let (offset, limit) = (number("offset"), number("limit"));
            let items: Vec<serde_json::Value> = (offset..(offset + limit).min(700))
                .map(|p| serde_json::json!({"track_id": format!("mtrack_m{p:05}"), "position": p, "added_at": "2026-06-28T10:30:00Z"}))
                .collect();
            return hostile::json(200, serde_json::json!({"collection_id": SEVEN, "items": items, "limit": limit, "offset": offset}));
        }
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        hostile::json(200, serde_json::json!({"success": true, "id": "mtrack_m00001", "detail": "Track removed from collection."}))
    })
    .await
}

const SEVEN: &str = "mcoll_aaaaaaaaaaaa";

/// `tracks remove` reads the order from the end while it removes; a server whose pages do not hold the
/// size get-collection gave (700 members listed where 600 were said, read after read) gets no removal,
/// and the command says why and that nothing was lost.
#[tokio::test(flavor = "multi_thread")]
async fn a_collection_whose_pages_do_not_hold_its_size_gets_no_removal() {
    let deletes = std::sync::Arc::default();
    let server = seven_hundred(serde_json::json!(600), &deletes).await;
    let out = cli(&server.url, &["tracks", "remove", SEVEN, "mtrack_m00001", "mtrack_m00650"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
    assert!(err(&out).contains("could not be read to its start"), "{}", err(&out));
    assert!(err(&out).contains("2 tracks were not sent"), "{}", err(&out));
    assert_eq!(deletes.load(std::sync::atomic::Ordering::SeqCst), 0, "no removal was sent");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("mtrack_m00001") && report.contains("not sent"), "{report}");
}

/// A get-collection without `track_count` (a server that leaves it out): `tracks remove` reads the whole
/// order from the start first, then removes.
#[tokio::test(flavor = "multi_thread")]
async fn a_collection_without_a_count_is_read_from_the_start_then_removed_from() {
    let deletes = std::sync::Arc::default();
    let server = seven_hundred(serde_json::Value::Null, &deletes).await;
    let out = cli(&server.url, &["tracks", "remove", SEVEN, "mtrack_m00001", "mtrack_m00650", "--json"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["removed"], 2, "{doc}");
    assert_eq!(deletes.load(std::sync::atomic::Ordering::SeqCst), 2);
}

/// A server that invents new collections page after page: the CLI reads 10,000 and says so, instead of
/// looping (and growing) for ever.
#[tokio::test(flavor = "multi_thread")]
async fn endless_distinct_collection_pages_stop_at_the_cap_and_say_so() {
    let s = hostile::start(|path, query| {
        if path.ends_with("/collections") {
            let offset: u64 =
                query.split('&').find_map(|kv| kv.strip_prefix("offset=")).and_then(|v| v.parse().ok()).unwrap_or(0);
            let items: Vec<serde_json::Value> = (offset..offset + 100)
                .map(|i| hostile::collection(&format!("mcoll_{i:08}"), "Invented", serde_json::Value::Null))
                .collect();
            hostile::json(200, serde_json::json!({"items": items, "limit": 100, "offset": offset}))
        } else {
            let id = path.rsplit('/').next().unwrap_or("mcoll_x");
            hostile::json(200, hostile::collection(id, "Invented", serde_json::json!(1)))
        }
    })
    .await;
    let out = cli(&s.url, &["collections", "list", "--json"]).await;
    assert!(out.status.success(), "{}", err(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["items"].as_array().unwrap().len(), freddy_music::api::pages::MAX_COLLECTIONS);
    assert!(err(&out).contains("first 10000 collections"), "{}", err(&out));
    let pages = freddy_music::api::pages::MAX_COLLECTIONS / 100;
    assert!(s.hits() <= pages + freddy_music::api::pages::MAX_COLLECTIONS + 1, "{} requests", s.hits());
}

/// Titles of 30,000 characters are cut to 512 as they arrive, so no store (the TUI's, the cache file's)
/// holds them whole.
#[tokio::test(flavor = "multi_thread")]
async fn huge_titles_are_cut_where_they_are_stored() {
    let s = hostile::start(|path, _| {
        let id = path.rsplit('/').next().unwrap_or("mtrack_x").to_string();
        hostile::json(
            200,
            serde_json::json!({"id": id, "title": "t".repeat(30_000), "engine": "studio", "mode": "creation",
                "measured_duration_seconds": 60.0, "instrumental": false, "licence_class": "unclear",
                "created_at": "2026-06-28T10:30:00Z", "playback_url": null, "stem_urls": null}),
        )
    })
    .await;
    let api = client_for(&s.url, LISTENER);
    let t = api.get_track(&tid("mtrack_huge")).await.unwrap();
    let n = t.title.unwrap().chars().count();
    assert!(n <= freddy_music::api::model::MAX_TITLE_CHARS + 1, "{n} characters kept");
}

/// `limit` and `offset` of a query.
fn paging(query: &str) -> (u64, u64) {
    let get = |key: &str| query.split('&').find_map(|kv| kv.strip_prefix(key)).and_then(|v| v.parse().ok());
    (get("limit=").unwrap_or(100), get("offset=").unwrap_or(0))
}

/// The TUI against a server that invents collections page after page, each of 30,000 tracks whose titles
/// are 30,000 characters long: it stops at 10,000 collections and says so, Ctrl-a reads every row and
/// title of one (cut to 512 characters as they arrive), the cache file written at the end stays small,
/// and the whole run peaks far below what the server sent (it took 1.8 GB and a 300 MB cache file).
#[tokio::test(flavor = "multi_thread")]
async fn the_tui_against_endless_collections_and_huge_titles_has_bounded_memory() {
    const TRACKS: u64 = 30_000;
    let s = hostile::start(|path, query| {
        let (limit, offset) = paging(query);
        let end = |n: u64| offset..(offset + limit).min(n);
        let body = if path.ends_with("/collections") {
            let items: Vec<_> =
                end(u64::MAX).map(|i| hostile::collection(&format!("mcoll_{i:08}"), "Invented", TRACKS.into())).collect();
            serde_json::json!({"items": items, "limit": limit, "offset": offset})
        } else if path.contains("/collections/") && path.ends_with("/tracks") {
            let items: Vec<_> = end(TRACKS)
                .map(|i| serde_json::json!({"track_id": format!("mtrack_{i:08}"), "position": i, "added_at": "2026-06-28T10:30:00Z"}))
                .collect();
            serde_json::json!({"collection_id": "mcoll_00000000", "items": items, "limit": limit, "offset": offset})
        } else if path.contains("/collections/") {
            hostile::collection(path.rsplit('/').next().unwrap_or("mcoll_x"), "Invented", TRACKS.into())
        } else {
            let track = |i: u64| {
                serde_json::json!({"id": format!("mtrack_{i:08}"), "title": "t".repeat(30_000), "engine": "studio",
                    "mode": "creation", "measured_duration_seconds": 60.0, "instrumental": false,
                    "licence_class": "unclear", "created_at": "2026-06-28T10:30:00Z", "playback_url": null,
                    "stem_urls": null})
            };
            serde_json::json!({"items": end(TRACKS).map(track).collect::<Vec<_>>(), "limit": limit, "offset": offset})
        };
        hostile::json(200, body)
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let url = s.url.clone();
    let home_path = home.path().to_path_buf();
    let (peak, cache_bytes) = tokio::task::spawn_blocking(move || {
        let (mut t, _log) = tui_against(&url, &home_path);
        t.wait_for_text("first 10000 collections");
        t.send(pty::ENTER);
        t.wait_for_text("mtrack_00000000");
        t.send("\x01");
        t.wait_for_text("Loaded all 30,000 rows");
        // The peak as the process last reported it, read until it exits (writing the cache is part of it).
        let status = format!("/proc/{}/status", t.pid().unwrap());
        let mut peak = 0;
        t.send("q");
        while let Ok(text) = std::fs::read_to_string(&status) {
            let hwm = text.lines().find_map(|l| l.strip_prefix("VmHWM:")).map(|v| v.trim().trim_end_matches(" kB"));
            peak = hwm.and_then(|v| v.parse::<u64>().ok()).unwrap_or(peak).max(peak);
            std::thread::sleep(std::time::Duration::from_millis(5));
            if !t.alive() {
                break;
            }
        }
        assert_eq!(t.wait_exit(), 0);
        (peak, walk_size(&home_path.join("cache")))
    })
    .await
    .unwrap();
    eprintln!("peak memory of the TUI: {peak} KiB; cache files: {cache_bytes} bytes");
    assert!(peak > 10 * 1024, "the peak was not read ({peak} KiB): the figure below would prove nothing");
    // About 135 MiB in a debug build; it was 1.8 GB, growing with the titles.
    assert!(peak < 256 * 1024, "the TUI peaked at {peak} KiB");
    assert!(cache_bytes < 32 << 20, "the cache files hold {cache_bytes} bytes");
}

/// The bytes of every file under `dir`.
fn walk_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            let meta = e.metadata().unwrap();
            if meta.is_dir() { walk_size(&e.path()) } else { meta.len() }
        })
        .sum()
}
