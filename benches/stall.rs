#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! How long a long write stalls other users' reads on the reference server: while the listener reorders
//! the whole 20,000-member Archive (one request listing every member in reverse), the other user reads
//! its own collection list in a loop; the figures are that reader's latencies, beside a baseline run of
//! the same loop with no write. In-process server on a temporary database file.
//!
//! cargo bench --bench stall
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{ARCHIVE, LISTENER, OTHER, cid, client_for};
use freddy_music::api::{PageRequest, TrackId};
use freddy_music::server::{self, ServeOptions};

/// Reads until `stop`, returning each read's latency.
async fn reader(url: String, stop: Arc<AtomicBool>) -> Vec<Duration> {
    let other = client_for(&url, OTHER);
    let mut out = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let t = Instant::now();
        other.list_collections(PageRequest::new(50, 0)).await.unwrap();
        out.push(t.elapsed());
    }
    out
}

fn stats(mut v: Vec<Duration>) -> (usize, Duration, Duration, Duration) {
    v.sort();
    let pick = |q: f64| v[((v.len() as f64 - 1.0) * q) as usize];
    (v.len(), pick(0.5), pick(0.99), *v.last().unwrap())
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = ServeOptions::demo(dir.path().join("stall.db").to_string_lossy().into_owned());
        opts.archive_size = 20_000;
        let srv = server::start(opts).await.unwrap();
        let api = client_for(&srv.url(), LISTENER);
        let order: Vec<TrackId> =
            api.all_members(&cid(ARCHIVE)).await.unwrap().into_iter().rev().map(|m| m.track_id).collect();

        // Baseline: the reader alone for 1 s.
        let stop = Arc::new(AtomicBool::new(false));
        let base = tokio::spawn(reader(srv.url(), Arc::clone(&stop)));
        tokio::time::sleep(Duration::from_secs(1)).await;
        stop.store(true, Ordering::Relaxed);
        let base = stats(base.await.unwrap());

        // The same reader while the whole Archive is reordered, three times.
        let stop = Arc::new(AtomicBool::new(false));
        let during = tokio::spawn(reader(srv.url(), Arc::clone(&stop)));
        let mut writes = Vec::new();
        for round in 0..3 {
            let list: Vec<TrackId> = if round % 2 == 0 { order.clone() } else { order.iter().rev().cloned().collect() };
            let t = Instant::now();
            api.reorder(&cid(ARCHIVE), &list).await.unwrap();
            writes.push(t.elapsed());
        }
        stop.store(true, Ordering::Relaxed);
        let during = stats(during.await.unwrap());
        writes.sort();
        srv.stop().await;

        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
        println!("| reads of another user | reads | median | p99 | worst |");
        println!("| --- | --- | --- | --- | --- |");
        println!("| alone (1 s) | {} | {} | {} | {} |", base.0, ms(base.1), ms(base.2), ms(base.3));
        println!(
            "| during 3 reorders of 20,000 members | {} | {} | {} | {} |",
            during.0,
            ms(during.1),
            ms(during.2),
            ms(during.3)
        );
        println!("reorder of 20,000 members (median of 3): {}", ms(writes[1]));
    });
}
