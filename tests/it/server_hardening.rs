//! The reference server under abuse: a flood of made-up keys cannot grow its rate-limit state, and a
//! connection that never finishes its request headers is closed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use freddy_music::server::{FaultOptions, HEADER_TIMEOUT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn a_flood_of_unknown_keys_gets_401_and_no_rate_limit_bucket() {
    let s = demo_server_with(10, FaultOptions { rate_limit: 60, ..FaultOptions::default() }).await;
    for i in 0..300 {
        let api = client_for(&s.url(), &format!("ak_random_{i}"));
        let err = api.all_collections().await.unwrap_err();
        assert_eq!(err.status(), Some(401));
    }
    assert_eq!(s.server.rate_buckets(), 0, "no bucket for a key the server does not know");
    s.client(LISTENER).all_collections().await.unwrap();
    assert_eq!(s.server.rate_buckets(), 1, "a real key is counted");
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_headers_is_closed() {
    let s = demo_server().await;
    let mut conn = tokio::net::TcpStream::connect(s.server.addr).await.unwrap();
    conn.write_all(b"GET /v1/music/org_demo/collections HTTP/1.1\r\nHost: x\r\nX-Api-Key: ak_demo_lis").await.unwrap();
    // The server closes it (end of stream, or a reset) once the header timeout passes; the wait is
    // bounded well above that timeout so only a server that never closes fails.
    let mut buf = [0u8; 256];
    let closed = tokio::time::timeout(HEADER_TIMEOUT * 4, conn.read(&mut buf)).await;
    match closed {
        Ok(Ok(n)) => assert!(n == 0 || String::from_utf8_lossy(&buf[..n]).contains("408"), "{:?}", &buf[..n]),
        Ok(Err(_)) => {}
        Err(_) => panic!("the connection was still open after {:?}", HEADER_TIMEOUT * 4),
    }
    // A complete request on a new connection is still served.
    assert!(s.client(LISTENER).all_collections().await.is_ok());
}

/// A server whose request bodies may take `body_timeout` to arrive.
async fn with_body_timeout(body_timeout: std::time::Duration) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let mut opts =
        freddy_music::server::ServeOptions::demo(dir.path().join("server.db").to_string_lossy().into_owned());
    opts.archive_size = 10;
    opts.body_timeout = body_timeout;
    let server = freddy_music::server::start(opts).await.unwrap();
    TestServer { server, dir }
}

/// Opens a POST that promises 100,000 bytes and sends one: the slow body of a slow-loris.
async fn slow_post(s: &TestServer, key: &str) -> tokio::net::TcpStream {
    let mut conn = tokio::net::TcpStream::connect(s.server.addr).await.unwrap();
    let head = format!(
        "POST /v1/music/org_demo/collections HTTP/1.1\r\nHost: x\r\nX-Api-Key: {key}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{"
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    conn
}

/// What the server answers on `conn`, read until the bound (the status line is enough).
async fn answer(conn: &mut tokio::net::TcpStream, bound: std::time::Duration) -> String {
    let mut buf = vec![0u8; 4096];
    match tokio::time::timeout(bound, conn.read(&mut buf)).await {
        Ok(Ok(n)) => String::from_utf8_lossy(&buf[..n]).into_owned(),
        Ok(Err(e)) => format!("error: {e}"),
        Err(_) => "no answer".to_string(),
    }
}

/// A body that does not arrive within the bound gets 408 and its connection back (it used to be held
/// for as long as the client kept sending a byte now and then).
#[tokio::test]
async fn a_slow_body_is_cut_off_with_408() {
    let bound = std::time::Duration::from_secs(1);
    let s = with_body_timeout(bound).await;
    let mut conn = slow_post(&s, LISTENER).await;
    let said = answer(&mut conn, bound * 10).await;
    assert!(said.starts_with("HTTP/1.1 408"), "{said}");
    assert!(said.contains("REQUEST_TIMEOUT"), "{said}");
}

/// One key's requests under way are capped: past the cap the next gets 429 at once, while another key is
/// served as usual; so slow bodies of one key cannot take every connection the server can hold.
#[tokio::test]
async fn one_keys_requests_under_way_are_capped() {
    let s = with_body_timeout(std::time::Duration::from_secs(30)).await;
    let mut held = Vec::new();
    for _ in 0..freddy_music::server::MAX_IN_FLIGHT_PER_KEY {
        held.push(slow_post(&s, LISTENER).await);
    }
    // Wait until the server counts every one of them as under way.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while s.server.peak_in_flight() < freddy_music::server::MAX_IN_FLIGHT_PER_KEY {
        assert!(std::time::Instant::now() < until, "only {} under way", s.server.peak_in_flight());
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let mut one_more = slow_post(&s, LISTENER).await;
    let said = answer(&mut one_more, std::time::Duration::from_secs(20)).await;
    assert!(said.starts_with("HTTP/1.1 429"), "{said}");
    assert!(s.client(OTHER).all_collections().await.is_ok(), "another key is served");
    drop(held);
}
