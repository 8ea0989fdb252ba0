//! The fault matrix, as a person meets it: the real binary in a pseudo-terminal, a one-second request
//! timeout, and a switchable front in front of the reference server that answers 401, 403, 422, 429
//! with Retry-After, bursts of 503, never answers, or goes away and comes back. Each fault gives a clear
//! message, no panic and no freeze, and once the server is well again, r brings the view back to what
//! the server holds. Last, a collection deleted elsewhere while it is open.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::common::hostile;
use crate::common::pty::{ENTER, Pty};
use crate::common::*;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// What the front does with the next request.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Pass,
    Status(u16),
    /// 429 with `Retry-After: 1` for this many requests, then pass.
    RateLimited(usize),
    /// 503 for this many requests, then pass.
    Unavailable(usize),
    /// Accept and never answer.
    Silent,
}

struct Front {
    url: String,
    addr: std::net::SocketAddr,
    mode: Arc<Mutex<Mode>>,
    faults: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Front {
    fn set(&self, m: Mode) {
        *self.mode.lock().unwrap() = m;
    }
}

async fn forward(backend: &str, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
    let url = format!("{backend}{}", parts.uri.path_and_query().map_or("", |p| p.as_str()));
    let mut out = reqwest::Client::new().request(parts.method, url).body(bytes.to_vec());
    for (k, v) in &parts.headers {
        if k != "host" {
            out = out.header(k, v);
        }
    }
    match out.send().await {
        Ok(r) => {
            let status = StatusCode::from_u16(r.status().as_u16()).unwrap();
            let ct = r.headers().get("content-type").cloned();
            let body: Bytes = r.bytes().await.unwrap_or_default();
            let mut resp = (status, Body::from(body)).into_response();
            if let Some(ct) = ct {
                resp.headers_mut().insert("content-type", HeaderValue::from_bytes(ct.as_bytes()).unwrap());
            }
            resp
        }
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}

/// Serves the front on `addr` (port 0: any), forwarding to `backend` unless the mode says otherwise.
async fn front(backend: String, addr: std::net::SocketAddr, mode: Arc<Mutex<Mode>>, faults: Arc<AtomicUsize>) -> Front {
    let (m, f) = (Arc::clone(&mode), Arc::clone(&faults));
    let app = axum::Router::new().fallback(move |req: Request| {
        let (backend, mode, faults) = (backend.clone(), Arc::clone(&m), Arc::clone(&f));
        async move {
            let now = *mode.lock().unwrap();
            let fault = |status: u16, code: &str, message: &str| {
                faults.fetch_add(1, Ordering::SeqCst);
                hostile::error(status, code, message)
            };
            match now {
                Mode::Pass => forward(&backend, req).await,
                Mode::Status(401) => fault(401, "AUTHENTICATION_REQUIRED", "Authentication required."),
                Mode::Status(403) => fault(403, "ORGANIZATION_ACCESS_DENIED", "Not a member of this organization."),
                Mode::Status(s) => fault(s, "VALIDATION_ERROR", "Invalid value for `limit`."),
                Mode::RateLimited(left) | Mode::Unavailable(left) if left == 0 => forward(&backend, req).await,
                Mode::RateLimited(left) => {
                    *mode.lock().unwrap() = Mode::RateLimited(left - 1);
                    let mut r = fault(429, "RATE_LIMIT_EXCEEDED", "Too many requests.");
                    r.headers_mut().insert("retry-after", HeaderValue::from_static("1"));
                    r
                }
                Mode::Unavailable(left) => {
                    *mode.lock().unwrap() = Mode::Unavailable(left - 1);
                    fault(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.")
                }
                Mode::Silent => {
                    faults.fetch_add(1, Ordering::SeqCst);
                    std::future::pending::<Response>().await
                }
            }
        }
    });
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Front { url: format!("http://{addr}"), addr, mode, faults, task }
}

/// The first rows of the tracks table, as shown.
fn shown(p: &Pty) -> String {
    p.rows(3, 8).join("\n")
}

#[tokio::test(flavor = "multi_thread")]
async fn each_fault_is_reported_clearly_and_the_view_converges_when_it_passes() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let members = api.all_members(&cid(FOCUS)).await.unwrap();
    let first = api.get_track(&members[0].track_id).await.unwrap().title.unwrap();
    let index = api.all_collections().await.unwrap().iter().position(|c| c.id.as_str() == FOCUS).unwrap();
    let mut f = front(s.url(), "127.0.0.1:0".parse().unwrap(), Arc::new(Mutex::new(Mode::Pass)), Arc::default()).await;
    let home = tempfile::tempdir().unwrap();
    let (mut t, _) = tui_against_with(&f.url, home.path(), &[("FREDDY_TIMEOUT", "1")]);
    t.wait_for_text("Focus Sessions");
    t.send(&"j".repeat(index));
    t.send(ENTER);
    let title = first.clone();
    t.wait_for("the tracks", move |p| shown(p).contains(&title));

    // Each fault, then the cure: r with the server well again shows the server's tracks.
    let cases: Vec<(Mode, &str)> = vec![
        (Mode::Status(401), "API key rejected"),
        (Mode::Status(403), "not permitted"),
        (Mode::Status(422), "request refused as invalid"),
        (Mode::Silent, "did not answer within 1 s"),
    ];
    for (mode, said) in cases {
        f.set(mode);
        t.send("r");
        t.wait_for(said, |p| p.screen().contains(said));
        // Not frozen: the help opens and closes.
        t.send("?");
        t.wait_for("the help", |p| p.screen().contains("┌ Keys"));
        t.send("\x1b");
        t.wait_for("the help to close", |p| !p.screen().contains("┌ Keys"));
        f.set(Mode::Pass);
        t.send("r");
        let title = first.clone();
        t.wait_for("the view back", move |p| shown(p).contains(&title) && !p.screen().contains(said));
        assert!(t.alive(), "after {mode:?}");
    }

    // Passing faults are absorbed: a 429 with Retry-After and a burst of 503s end in the server's view.
    for mode in [Mode::RateLimited(2), Mode::Unavailable(3)] {
        let before = f.faults.load(Ordering::SeqCst);
        f.set(mode);
        t.send("r");
        t.wait_for("the fault to be used up", |_| {
            matches!(*f.mode.lock().unwrap(), Mode::RateLimited(0) | Mode::Unavailable(0))
        });
        let title = first.clone();
        t.wait_for("the view after retries", move |p| {
            shown(p).contains(&title) && !p.rows(0, 1)[0].contains("loading")
        });
        assert!(f.faults.load(Ordering::SeqCst) > before, "{mode:?} was never served");
        assert!(!t.screen().contains("Could not"), "{mode:?} left an error:\n{}", t.screen());
    }

    // The server goes away (connection refused), then comes back on the same address.
    f.task.abort();
    let _ = (&mut f.task).await;
    t.send("r");
    t.wait_for_text("cannot reach the API");
    f = front(s.url(), f.addr, Arc::clone(&f.mode), Arc::clone(&f.faults)).await;
    t.send("r");
    let title = first.clone();
    t.wait_for("the view after the server came back", move |p| {
        shown(p).contains(&title) && !p.screen().contains("cannot reach")
    });

    // Deleted elsewhere while open: the app says so and the list follows the server. (Once nothing is in
    // flight: a request still running would notice first, and the r below would then replace its message.)
    t.wait_for("nothing in flight", |p| !p.rows(0, 1)[0].contains("loading"));
    api.delete_collection(&cid(FOCUS)).await.unwrap();
    t.send("r");
    t.wait_for_text("no longer exists or is not yours");
    t.wait_for("the list without it", |p| {
        p.rows(2, 21).iter().all(|r| !r.contains("Focus Sessions")) && p.screen().contains("Collections (8)")
    });

    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    assert!(!t.alternate_screen());
    drop(f);
}
