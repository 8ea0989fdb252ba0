#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! A screen of titles on a slow link: the real binary in an 80×24 pseudo-terminal against
//! `freddy-music serve --archive-size 100000 --latency-ms 200` (every answer 200 ms late). Opens the
//! Archive and times, as multiples of the latency: Enter to a full screen of titled rows, the first
//! row ids to that screen, and a page down to the next full screen (the screen ahead is fetched while
//! the first one is read). Median of 5 launches, each with an empty track cache.
//!
//! cargo bench --bench titles_latency
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::pty::ENTER;
use common::{all_titled, spawn_serve_with, tui_against};

const RUNS: usize = 5;
const LATENCY: Duration = Duration::from_millis(200);

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db").to_string_lossy().into_owned();
    let latency = LATENCY.as_millis().to_string();
    let (mut server, url, _out) = spawn_serve_with(&db, 100_000, &["--latency-ms", &latency]);
    let home = tempfile::tempdir().unwrap();
    let (mut to_screen, mut ids_to_titles, mut next_screen) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..RUNS {
        let (mut tui, _log) = tui_against(&url, &home.path().join(format!("run{run}")));
        tui.wait_for_text("Archive");
        // The Archive is the oldest collection: the last in the list.
        tui.send("G");
        std::thread::sleep(Duration::from_millis(50));
        let pressed = Instant::now();
        tui.send(ENTER);
        tui.wait_for("row ids", |p| p.screen().contains("mtrack_arc") || all_titled(p));
        let ids = Instant::now();
        tui.wait_for("titled rows", all_titled);
        let done = Instant::now();
        let lat = LATENCY.as_secs_f64();
        to_screen.push((done - pressed).as_secs_f64() / lat);
        ids_to_titles.push((done - ids).as_secs_f64() / lat);
        // Read the screen for a moment (the next one is fetched meanwhile), then page down.
        std::thread::sleep(LATENCY * 3);
        let before = tui.screen();
        let paged = Instant::now();
        tui.send("\x1b[6~");
        tui.wait_for("the next screen titled", |p| p.screen() != before && all_titled(p));
        next_screen.push(paged.elapsed().as_secs_f64() / lat);
        tui.send("q");
        tui.wait_exit();
    }
    let _ = server.kill();
    let _ = server.wait();
    println!("| with {} ms latency (median of {RUNS}) | multiple of the latency |", LATENCY.as_millis());
    println!("| --- | --- |");
    println!("| Enter on the Archive to a full screen of titles | {:.1}x |", median(to_screen));
    println!("| first row ids to a full screen of titles | {:.1}x |", median(ids_to_titles));
    println!("| page down to the next full screen of titles | {:.1}x |", median(next_screen));
}
