#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! Undo of a 1,000-track bulk removal from the 20,000-track Archive, against a real `freddy-music
//! serve` (in this process, on a temporary database file): the requests the undo makes, counted by the
//! server (goal: 1,000 adds, the member pages of one read of the current order, one reorder), and its
//! wall time next to the removal's in the same run (median of 3 runs, a fresh server each).
//!
//! cargo bench --bench undo
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{ARCHIVE, LISTENER, cid, client_for};
use freddy_music::api::TrackId;
use freddy_music::api::restore::{Wanted, restore};
use freddy_music::server::{self, ServeOptions};

const ARCHIVE_SIZE: usize = 20_000;
const REMOVED: usize = 1_000;
const RUNS: usize = 3;

struct Run {
    remove: Duration,
    undo: Duration,
    adds: u64,
    pages: u64,
    reorders: u64,
}

async fn one_run() -> Run {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServeOptions::demo(dir.path().join("bench.db").to_string_lossy().into_owned());
    opts.archive_size = ARCHIVE_SIZE;
    let srv = server::start(opts).await.unwrap();
    let api = client_for(&srv.url(), LISTENER);
    let bulk = client_for(&srv.url(), LISTENER);
    let c = cid(ARCHIVE);
    let original: Vec<TrackId> = api.all_members(&c).await.unwrap().into_iter().map(|m| m.track_id).collect();
    // Every 20th track: 1,000 removals spread over the whole collection.
    let step = ARCHIVE_SIZE / REMOVED;
    let wanted: Vec<Wanted> =
        (0..REMOVED).map(|k| Wanted { track: original[k * step].clone(), index: k * step, next: None }).collect();
    let ids: Vec<TrackId> = wanted.iter().map(|w| w.track.clone()).collect();

    // The removal, as `tracks remove` does it (8 at once, one pool).
    let started = Instant::now();
    let flags = freddy_music::script::remove::Flags { concurrency: 8, as_json: true, dry_run: false };
    let console = freddy_music::script::Console::new(true, false);
    freddy_music::script::remove::remove(&console, &bulk, ARCHIVE, ids, None, flags).await.unwrap();
    let remove = started.elapsed();
    assert_eq!(api.all_members(&c).await.unwrap().len(), ARCHIVE_SIZE - REMOVED);

    let before = srv.requests();
    let started = Instant::now();
    let report = restore(&api, &c, &wanted, false).await.unwrap();
    let undo = started.elapsed();
    let after = srv.requests();
    assert_eq!(report.restored(), REMOVED);
    let now: Vec<TrackId> = api.all_members(&c).await.unwrap().into_iter().map(|m| m.track_id).collect();
    assert_eq!(now, original, "the undo must give back the exact order");
    srv.stop().await;
    Run {
        remove,
        undo,
        adds: after.post - before.post,
        pages: after.get - before.get,
        reorders: after.patch - before.patch,
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let mut runs: Vec<Run> = (0..RUNS).map(|_| rt.block_on(one_run())).collect();
    runs.sort_by_key(|r| r.undo);
    let m = &runs[RUNS / 2];
    let pages_needed = ARCHIVE_SIZE.div_ceil(500);
    println!("| undo of {REMOVED} removals from a {ARCHIVE_SIZE}-track collection | figure |");
    println!("| --- | --- |");
    println!("| add-member requests | {} (goal {REMOVED}) |", m.adds);
    println!("| member pages read | {} (one read of the order: {pages_needed}) |", m.pages);
    println!("| reorder requests | {} (goal 1) |", m.reorders);
    println!("| removal wall time | {:.2} s |", m.remove.as_secs_f64());
    println!(
        "| undo wall time | {:.2} s ({:.2}x the removal) |",
        m.undo.as_secs_f64(),
        m.undo.as_secs_f64() / m.remove.as_secs_f64()
    );
}
