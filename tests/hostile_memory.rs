#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! Response bodies are bounded: a huge body (announced by Content-Length) and an endless one (chunked)
//! are refused with a clear error, and the CLI's memory stays far below the body's size. Alone in its
//! test binary, so the peak memory of this process's children is the CLI's own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use common::hostile;
use common::*;

/// A body of `len` bytes of JSON-ish filler, generated as it is sent (the server holds none of it).
fn streamed(len: Option<usize>) -> Response {
    let chunk = Bytes::from_static(&[b' '; 64 * 1024]);
    let chunks = len.map_or(usize::MAX, |n| n / chunk.len());
    let stream = futures::stream::iter((0..chunks).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
    let mut r = Response::new(Body::from_stream(stream));
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(n) = len {
        r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(n / (64 * 1024) * (64 * 1024)));
    }
    r
}

/// The highest resident memory of any child this process has waited for, in KiB.
fn children_peak_kib() -> i64 {
    nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap().max_rss()
}

#[tokio::test(flavor = "multi_thread")]
async fn huge_and_endless_bodies_are_refused_with_bounded_memory() {
    for len in [Some(200 << 20), None] {
        let s = hostile::start(move |_, _| streamed(len)).await;
        let url = s.url.clone();
        let out = tokio::task::spawn_blocking(move || {
            let home = tempfile::tempdir().unwrap();
            let env = [
                ("FREDDY_API_KEY", LISTENER),
                ("FREDDY_BASE_URL", url.as_str()),
                ("FREDDY_ORGANIZATION_ID", "org_demo"),
            ];
            run(home.path(), &["collections", "list"], &env)
        })
        .await
        .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("larger than 4 MiB"), "{err}");
    }
    let peak = children_peak_kib();
    eprintln!("peak memory of the CLI: {peak} KiB");
    assert!(peak < 40 * 1024, "the CLI peaked at {peak} KiB for a 200 MiB and an endless body");
}

/// `history --limit 1` on a 200 MB journal (20,000 batches, as an old journal whose trim had stopped could
/// grow to) lists the newest batch with bounded memory: the journal is read a line at a time and only the
/// listed batch's lines are kept (the whole file was read and parsed: 522 MB for 200 MB).
#[tokio::test(flavor = "multi_thread")]
async fn history_of_a_200_mb_journal_has_bounded_memory() {
    use std::io::Write;
    let home = tempfile::tempdir().unwrap();
    let path = journal_path(home.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let account = r#""host":"http://127.0.0.1:1","organization":"org_demo","key_fingerprint":"0123456789abcdef""#;
        let mut written = 0usize;
        let mut b = 0usize;
        while written < 200 << 20 {
            let batch = format!("b_{b:010x}");
            let op = format!(
                r#"{{"type":"op","kind":"remove","time":"2026-11-30T00:00:00Z",{account},"batch":"{batch}","collection_id":"mcoll_a","collection_name":"A","track_id":"mtrack_{b}","title":"Title {b}","index":0,"outcome":"pending"}}"#
            );
            writeln!(out, "{op}").unwrap();
            written += op.len() + 1;
            for n in 0..90 {
                let line = format!(
                    r#"{{"type":"outcome","batch":"{batch}","track_id":"mtrack_{b}_{n}","outcome":"done","time":"2026-11-30T00:00:01Z"}}"#
                );
                writeln!(out, "{line}").unwrap();
                written += line.len() + 1;
            }
            b += 1;
        }
    }
    let home_path = home.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || run(&home_path, &["history", "--limit", "1"], &[])).await.unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(listed.lines().count(), 1, "one batch: {listed}");
    let peak = children_peak_kib();
    eprintln!("peak memory: {peak} KiB");
    assert!(peak < 40 * 1024, "history peaked at {peak} KiB for a 200 MB journal");
}
