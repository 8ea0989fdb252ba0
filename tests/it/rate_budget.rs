//! The rate-limit headers: the reference server started with a limit tells every answer what is left
//! (`X-RateLimit-Limit`, `-Remaining`, `-Reset` in epoch seconds), and the client hands each budget to
//! its hook (the TUI paces its title requests by it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use crate::common::*;
use freddy_music::api::RateBudget;
use freddy_music::server::FaultOptions;

#[tokio::test]
async fn every_answer_says_what_is_left_and_the_client_passes_it_on() {
    let s = demo_server_with(10, FaultOptions { rate_limit: 5, ..Default::default() }).await;
    let url = format!("{}/v1/music/org_demo/collections", s.url());
    let http = reqwest::Client::new();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let r = http.get(&url).header("X-API-Key", LISTENER).send().await.unwrap();
    let h = |name: &str| r.headers()[name].to_str().unwrap().parse::<u64>().unwrap();
    assert_eq!((h("x-ratelimit-limit"), h("x-ratelimit-remaining")), (5, 4));
    let reset = h("x-ratelimit-reset");
    assert!(reset > now && reset <= now + 61, "reset {reset} vs now {now}");

    let seen: Arc<Mutex<Vec<RateBudget>>> = Arc::default();
    let c = s.client(LISTENER);
    let log = Arc::clone(&seen);
    c.throttle().on_budget(Box::new(move |b| log.lock().unwrap().push(b)));
    c.list_collections(freddy_music::api::PageRequest::new(10, 0)).await.unwrap();
    c.get_collection(&cid(FOCUS)).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.iter().map(|b| (b.limit, b.remaining)).collect::<Vec<_>>(), [(5, 3), (5, 2)]);
    assert!(seen.iter().all(|b| b.reset_in.as_secs() <= 61));

    // No headers without a limit, and none for a key the server does not know.
    let plain = demo_server().await;
    let r = http.get(format!("{}/v1/music/org_demo/collections", plain.url())).header("X-API-Key", LISTENER);
    assert!(r.send().await.unwrap().headers().get("x-ratelimit-limit").is_none());
    let r = http.get(&url).header("X-API-Key", "ak_nobody").send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().get("x-ratelimit-limit").is_none());
}
