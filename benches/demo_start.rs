#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! A cold start of `freddy-music --demo` (a fresh temporary database every time, seeded with the
//! 20,000-track Archive) in an 80×24 pseudo-terminal: time to the first frame (the baseline: nothing to
//! wait for but the process and the terminal) and to the collections shown, and to the Archive's first
//! titled screen (its tracks are written in the background, after the collections are up). Median of 7.
//!
//! cargo bench --bench demo_start
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::all_titled;
use common::pty::{ENTER, Pty};

const RUNS: usize = 7;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let (mut frame, mut listed, mut archive) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let home = tempfile::tempdir().unwrap();
        let config = home.path().join("config").to_string_lossy().into_owned();
        let started = Instant::now();
        let mut tui = Pty::spawn(&["--demo"], &[("XDG_CONFIG_HOME", &config)]);
        tui.wait_for_within("a first frame", Duration::from_secs(10), |p| p.screen().contains("Collections"));
        frame.push(started.elapsed());
        tui.wait_for_within("the collections", Duration::from_secs(10), |p| p.screen().contains("Archive"));
        listed.push(started.elapsed());
        tui.send("G");
        tui.send(ENTER);
        tui.wait_for_within("the Archive titled", Duration::from_secs(20), all_titled);
        archive.push(started.elapsed());
        tui.send("q");
        tui.wait_exit();
    }
    let (f, l, a) = (median(frame), median(listed), median(archive));
    println!("| `--demo` cold start (median of {RUNS}) | time | vs the first frame |");
    println!("| --- | --- | --- |");
    println!("| first frame | {:.0} ms | 1x |", f.as_secs_f64() * 1e3);
    println!("| collections shown | {:.0} ms | {:.1}x |", l.as_secs_f64() * 1e3, l.as_secs_f64() / f.as_secs_f64());
    println!(
        "| Archive (20,000 tracks) opened and titled | {:.0} ms | {:.1}x |",
        a.as_secs_f64() * 1e3,
        a.as_secs_f64() / f.as_secs_f64()
    );
}
