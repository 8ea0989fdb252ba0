//! The reference server under abuse: a flood of made-up keys cannot grow its rate-limit state, and a
//! connection that never finishes its request headers is closed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
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
