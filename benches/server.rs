#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! The reference server on loopback through `api::Client` (requests one at a time), beside a baseline in
//! the same run: a request the router answers 404 without touching the database (the HTTP floor).
//! - get-collection and list-members (`limit=500`, offset 10,000) on a 100,000-member Archive;
//! - remove and add on it (each timed removal takes a real member out; the set-up puts it back);
//! - reorder moving one track three places down at position 10,000 of a 20,000-member Archive (the
//!   list runs from the top to its new place, as the app sends it);
//! - get-collection by another user while the listener reorders the whole 20,000-member Archive in a
//!   loop (reads never wait for the write).
//!
//! cargo bench --bench server
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use freddy_music::api::{ApiKey, Client, ClientConfig, CollectionId, OrganizationId, PageRequest, TrackId};
use freddy_music::server::{self, RunningServer, ServeOptions};

fn client(url: &str, key: &str) -> Client {
    let cfg = ClientConfig::new(url, OrganizationId::parse("org_demo").unwrap(), ApiKey::parse(key).unwrap());
    Client::new(cfg).unwrap()
}

async fn start(dir: &std::path::Path, name: &str, archive: usize) -> RunningServer {
    let mut opts = ServeOptions::demo(dir.join(name).to_string_lossy().into_owned());
    opts.archive_size = archive;
    let running = server::start(opts).await.unwrap();
    // The Archive is written in the background: wait for it.
    client(&running.url(), "ak_demo_listener").get_collection(&archive_id()).await.unwrap();
    running
}

fn archive_id() -> CollectionId {
    CollectionId::parse("mcoll_0a0a0a0a0a0a").unwrap()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (big, small) = rt
        .block_on(async { (start(dir.path(), "big.db", 100_000).await, start(dir.path(), "small.db", 20_000).await) });
    let api = client(&big.url(), "ak_demo_listener");
    let archive = archive_id();
    let http = reqwest::Client::new();
    let nowhere = format!("{}/nowhere", big.url());

    c.bench_function("baseline: a 404 from the router", |b| {
        b.to_async(&rt).iter(|| async { http.get(&nowhere).send().await.unwrap().bytes().await.unwrap() })
    });

    c.bench_function("get_collection (100k members)", |b| {
        b.to_async(&rt).iter(|| async { api.get_collection(&archive).await.unwrap() })
    });

    c.bench_function("list_members limit=500 (100k collection, offset 10000)", |b| {
        b.to_async(&rt).iter(|| async { api.list_members(&archive, PageRequest::new(500, 10_000)).await.unwrap() })
    });

    let victim =
        rt.block_on(api.list_members(&archive, PageRequest::new(1, 10_000))).unwrap().items[0].track_id.clone();
    // Each timed removal takes a real member out (the untimed add puts it back), and the other way round.
    for removing in [true, false] {
        let name = if removing { "remove_member (100k collection)" } else { "add_member (100k collection)" };
        c.bench_function(name, |b| {
            b.to_async(&rt).iter_custom(|iters| {
                let (api, archive, victim) = (api.clone(), archive.clone(), victim.clone());
                async move {
                    let mut timed = Duration::ZERO;
                    for _ in 0..iters {
                        let flip = |add: bool| {
                            let (api, archive, victim) = (&api, &archive, &victim);
                            async move {
                                if add {
                                    api.add_member(archive, victim).await.unwrap();
                                } else {
                                    api.remove_member(archive, victim).await.unwrap();
                                }
                            }
                        };
                        flip(removing).await;
                        let started = Instant::now();
                        flip(!removing).await;
                        timed += started.elapsed();
                    }
                    timed
                }
            })
        });
    }

    let small_api = client(&small.url(), "ak_demo_listener");
    let mut order: Vec<TrackId> =
        rt.block_on(small_api.all_members(&archive)).unwrap().into_iter().map(|m| m.track_id).collect();
    c.bench_function("reorder: one track 3 places down at 10,000 of 20,000", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (api, archive) = (small_api.clone(), archive.clone());
            let mut lists = Vec::new();
            for i in 0..iters {
                // Alternate down and back up, so the collection returns to where it started.
                let (from, to) = if i % 2 == 0 { (10_000, 10_003) } else { (10_003, 10_000) };
                let t = order.remove(from);
                order.insert(to, t);
                lists.push(order[..=10_003].to_vec());
            }
            async move {
                let started = Instant::now();
                for list in lists {
                    api.reorder(&archive, &list).await.unwrap();
                }
                started.elapsed()
            }
        })
    });

    // Whole-Archive reorders (20,000 ranks rewritten each) in a loop, while another user reads.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (api, archive, stop) = (small_api.clone(), archive.clone(), Arc::clone(&stop));
        let mut whole = order.clone();
        rt.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                whole.reverse();
                api.reorder(&archive, &whole).await.unwrap();
            }
        })
    };
    let other = client(&small.url(), "ak_demo_other");
    let theirs = CollectionId::parse("mcoll_6b9d3e2c4a7f").unwrap();
    c.bench_function("get_collection of another user during whole-Archive reorders", |b| {
        b.to_async(&rt).iter(|| async { other.get_collection(&theirs).await.unwrap() })
    });
    stop.store(true, Ordering::Relaxed);
    rt.block_on(async {
        writer.await.unwrap();
        big.stop().await;
        small.stop().await;
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
