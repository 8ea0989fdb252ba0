#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! Whole-process figures for large collections, the real binary in a pseudo-terminal (80×24) against a
//! real `freddy-music serve` seeded with a 100,000-track Archive:
//! - launch to the first full screen of titled rows, 100,000 members vs 50, with the requests each made
//!   (counted from the debug log);
//! - peak memory (VmHWM) after paging through all 100,000 members;
//! - the requests one removal costs in the 100,000-member collection;
//! - the title requests of a second launch (the track cache).
//!
//! cargo bench --bench first_screen
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::pty::{DELETE, ENTER, Pty};
use common::{all_titled, client_for, requests, spawn_serve, tui_against};
use freddy_music::api::model::NewCollection;
use freddy_music::api::{CollectionId, PageRequest};

const RUNS: usize = 5;

struct Env {
    url: String,
    home: tempfile::TempDir,
}

impl Env {
    fn tui(&self, run: &str) -> (Pty, std::path::PathBuf) {
        tui_against(&self.url, &self.home.path().join(run))
    }
}

/// Launches, opens the collection reached by `keys`, and returns the time to a full titled screen.
fn first_screen(env: &Env, run: &str, keys: &str) -> (Duration, usize, Pty, std::path::PathBuf) {
    let started = Instant::now();
    let (mut tui, log) = env.tui(run);
    tui.wait_for_text("Collections (");
    tui.send(keys);
    tui.send(ENTER);
    tui.wait_for("titled rows", all_titled);
    let took = started.elapsed();
    let n = requests(&log).len();
    (took, n, tui, log)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn vm_hwm_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db").to_string_lossy().into_owned();
    let (mut server, url, _out) = spawn_serve(&db, 100_000);

    // A 50-member collection (newest, so first in the list).
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = client_for(&url, "ak_demo_listener");
        let fifty =
            client.create_collection(&NewCollection { name: "Fifty".into(), ..Default::default() }).await.unwrap();
        let archive = CollectionId::parse("mcoll_0a0a0a0a0a0a").unwrap();
        for m in client.list_members(&archive, PageRequest::new(50, 500)).await.unwrap().items {
            client.add_member(&fifty.id, &m.track_id).await.unwrap();
        }
    });
    let env = Env { url, home: tempfile::tempdir().unwrap() };

    let mut small = Vec::new();
    let mut large = Vec::new();
    let (mut small_requests, mut large_requests) = (0, 0);
    for i in 0..RUNS {
        let (t, n, mut tui, _) = first_screen(&env, &format!("small{i}"), "");
        small.push(t);
        small_requests = n;
        tui.send("q");
        tui.wait_exit();
        let (t, n, mut tui, _) = first_screen(&env, &format!("large{i}"), "G");
        large.push(t);
        large_requests = n;
        tui.send("q");
        tui.wait_exit();
    }
    let (s, l) = (median(small), median(large));

    // Page through all 100,000 members, then remove one and count what that cost.
    let (_, _, mut tui, log) = first_screen(&env, "paging", "G");
    let started = Instant::now();
    // Ten PgDn at a time (180 rows, less than one 200-member page), each batch waited out until the
    // screen is titled, so every member page is loaded on the way: the worst case for memory.
    while !tui.screen().contains("Cue #100000") {
        tui.send(&"\x1b[6~".repeat(10));
        std::thread::sleep(Duration::from_millis(2));
        tui.wait_for("titled rows", all_titled);
    }
    let paging = started.elapsed();
    let hwm = tui.pid().map(vm_hwm_kib).unwrap_or(0);
    let before = requests(&log).len();
    tui.send(DELETE);
    tui.wait_for_text("Removed ");
    tui.wait_for_text("/ 99,999 ");
    std::thread::sleep(Duration::from_millis(500));
    let removal = requests(&log).len() - before;
    tui.send("q");
    tui.wait_exit();

    // A second launch on the 50-member collection: titles come from the cache file.
    let (_, _, mut tui, log) = first_screen(&env, "small0", "");
    std::thread::sleep(Duration::from_millis(300));
    let all = requests(&log);
    let title_requests = all
        .iter()
        .skip(small_requests)
        .filter(|(path, query, _)| path.contains("/tracks/mtrack_") || query.contains("collection_id="))
        .count();
    tui.send("q");
    tui.wait_exit();
    let _ = server.kill();
    let _ = server.wait();

    println!("| measure | 50 members | 100,000 members |");
    println!("| --- | --- | --- |");
    println!(
        "| launch to first full screen of titled rows (median of {RUNS}) | {s:.2?} | {l:.2?} ({:.2}x) |",
        l.as_secs_f64() / s.as_secs_f64()
    );
    println!("| requests until then | {small_requests} | {large_requests} |");
    println!("| paging through all members (PgDn) | | {paging:.2?} |");
    println!("| peak memory (VmHWM) after paging through all | | {:.1} MiB |", hwm as f64 / 1024.0);
    println!("| requests for one removal | | {removal} |");
    println!("| title requests on a second launch (cache file) | {title_requests} | |");
}
