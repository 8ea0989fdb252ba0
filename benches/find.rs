#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! `find` with a warm mirror: the search alone over every demo collection, the 20,000-track Archive
//! included (what `freddy-music find TEXT --offline` does after reading its arguments): the mirror read
//! from its files, then a 5-letter query matched against every title. The mirror is synced once first,
//! against the reference server in this process (not timed).
//!
//! cargo bench --bench find
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use freddy_music::api::{ApiKey, Client, ClientConfig, OrganizationId};
use freddy_music::server::{self, ServeOptions};
use freddy_ops::matcher::{Scratch, matching};
use freddy_ops::mirror::Mirror;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mirror = Mirror::at(dir.path().join("mirror"));
    rt.block_on(async {
        let mut opts = ServeOptions::demo(dir.path().join("server.db").to_string_lossy().into_owned());
        opts.archive_size = 20_000;
        let running = server::start(opts).await.unwrap();
        let cfg = ClientConfig::new(
            running.url(),
            OrganizationId::parse("org_demo").unwrap(),
            ApiKey::parse("ak_demo_listener").unwrap(),
        );
        let client = Client::new(cfg).unwrap();
        let all = mirror.sync(&client, &|_, _| ()).await.unwrap();
        let tracks: usize = all.iter().map(|m| m.members.len()).sum();
        assert!(tracks > 20_000, "{tracks}");
        running.stop().await;
    });
    let scratch = Scratch::default();
    c.bench_function("find: read the warm mirror, match a 5-letter query", |b| {
        b.iter(|| {
            let all = mirror.all();
            let mut found = 0;
            for m in &all {
                let titles = m.members.iter().map(|(t, _)| m.title(t));
                found += matching(&scratch, "velvt", titles).len();
            }
            found
        });
    });
    let all = mirror.all();
    c.bench_function("find: match a 5-letter query (mirror in memory)", |b| {
        b.iter(|| {
            all.iter()
                .map(|m| matching(&scratch, "velvt", m.members.iter().map(|(t, _)| m.title(t))).len())
                .sum::<usize>()
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
