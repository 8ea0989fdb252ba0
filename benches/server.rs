//! The reference server on loopback through `api::Client`, on a 100,000-member Archive: list-members
//! with `limit=500`, get-collection (its `track_count` is kept, not counted), and remove (each timed
//! removal takes a real member out; the set-up, not timed, puts it back).
//!
//! cargo bench --bench server
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use freddy_music::api::{ApiKey, Client, ClientConfig, CollectionId, OrganizationId, PageRequest};
use freddy_music::server::{self, ServeOptions};

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (running, client) = rt.block_on(async {
        let mut opts = ServeOptions::demo(dir.path().join("bench.db").to_string_lossy().into_owned());
        opts.archive_size = 100_000;
        let running = server::start(opts).await.unwrap();
        let cfg = ClientConfig::new(
            running.url(),
            OrganizationId::parse("org_demo").unwrap(),
            ApiKey::parse("ak_demo_listener").unwrap(),
        );
        (running, Client::new(cfg).unwrap())
    });
    let archive = CollectionId::parse("mcoll_0a0a0a0a0a0a").unwrap();

    c.bench_function("get_collection (100k members)", |b| {
        b.to_async(&rt).iter(|| async { client.get_collection(&archive).await.unwrap() })
    });

    c.bench_function("list_members limit=500 (100k collection, offset 10000)", |b| {
        b.to_async(&rt).iter(|| async { client.list_members(&archive, PageRequest::new(500, 10_000)).await.unwrap() })
    });

    let victim =
        rt.block_on(client.list_members(&archive, PageRequest::new(1, 10_000))).unwrap().items[0].track_id.clone();
    c.bench_function("remove_member (100k collection)", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (client, archive, victim) = (client.clone(), archive.clone(), victim.clone());
            async move {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    client.add_member(&archive, &victim).await.unwrap();
                    let started = Instant::now();
                    client.remove_member(&archive, &victim).await.unwrap();
                    timed += started.elapsed();
                }
                timed
            }
        })
    });
    rt.block_on(running.stop());
}

criterion_group!(benches, bench);
criterion_main!(benches);
