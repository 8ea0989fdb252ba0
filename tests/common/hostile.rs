//! A hostile (or broken) API server for tests: a few lines of axum on a loopback port that answer every
//! request with whatever the test's function returns, counting requests and recording the API keys it
//! was sent.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A running hostile server.
pub struct Hostile {
    pub url: String,
    hits: Arc<AtomicUsize>,
    keys: Arc<Mutex<Vec<String>>>,
    paths: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Hostile {
    /// Requests seen so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Requests whose path ends with `suffix`.
    pub fn hits_on(&self, suffix: &str) -> usize {
        self.paths.lock().unwrap().iter().filter(|p| p.ends_with(suffix)).count()
    }

    /// The `X-API-Key` values it was sent.
    pub fn keys(&self) -> Vec<String> {
        self.keys.lock().unwrap().clone()
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a server answering every request with `answer(path, query)`.
pub async fn start(answer: impl Fn(&str, &str) -> Response + Clone + Send + Sync + 'static) -> Hostile {
    let hits = Arc::new(AtomicUsize::new(0));
    let keys = Arc::new(Mutex::new(Vec::new()));
    let paths = Arc::new(Mutex::new(Vec::new()));
    let (h, k, p) = (Arc::clone(&hits), Arc::clone(&keys), Arc::clone(&paths));
    let app = axum::Router::new().fallback(move |req: Request| {
        let answer = answer.clone();
        let (h, k, p) = (Arc::clone(&h), Arc::clone(&k), Arc::clone(&p));
        async move {
            h.fetch_add(1, Ordering::SeqCst);
            p.lock().unwrap().push(req.uri().path().to_string());
            if let Some(v) = req.headers().get("x-api-key").and_then(|v| v.to_str().ok()) {
                k.lock().unwrap().push(v.to_string());
            }
            answer(req.uri().path(), req.uri().query().unwrap_or(""))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Hostile { url, hits, keys, paths, task }
}

/// A JSON answer with a status.
pub fn json(status: u16, body: serde_json::Value) -> Response {
    let mut r = (StatusCode::from_u16(status).unwrap(), body.to_string()).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// A redirect to `location`.
pub fn redirect(status: u16, location: &str) -> Response {
    let mut r = StatusCode::from_u16(status).unwrap().into_response();
    r.headers_mut().insert(header::LOCATION, HeaderValue::from_str(location).unwrap());
    r
}

/// A body that never ends (chunked, `chunk` over and over).
pub fn endless(chunk: &'static [u8]) -> Response {
    let stream = futures::stream::repeat_with(move || Ok::<_, std::io::Error>(axum::body::Bytes::from_static(chunk)));
    let mut r = Response::new(Body::from_stream(stream));
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// A collection as the API shapes it.
pub fn collection(id: &str, name: &str, count: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "id": id, "name": name, "description": null, "cover_track_id": null, "cover_image_url": null,
        "track_count": count, "created_at": "2026-06-28T10:30:00Z", "updated_at": "2026-06-28T10:30:00Z"
    })
}

/// The error envelope.
pub fn error(status: u16, code: &str, message: &str) -> Response {
    json(
        status,
        serde_json::json!({"success": false, "error": {
            "code": code, "message": message, "system_message": message, "type": "client_error",
            "status": status, "details": {}, "trace_id": format!("req_{message}"), "timestamp": "2026-06-28T10:30:00Z"
        }}),
    )
}

/// A collection `mcoll_x` that holds a, b, d, e (c was removed; d came after it) and takes c back at the
/// end; once it is reordered, it reads back as `after` (what another client's edit left, or the order
/// planned). Also returns whether a reorder came.
pub async fn restoring_c(after: &'static [&'static str]) -> (Hostile, Arc<AtomicBool>) {
    let (added, reordered) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
    let (a, r) = (Arc::clone(&added), Arc::clone(&reordered));
    let members = |ids: &[&str]| {
        let items: Vec<serde_json::Value> = ids
            .iter()
            .enumerate()
            .map(|(i, t)| serde_json::json!({"track_id": format!("mtrack_{t}"), "position": i, "added_at": "2026-06-28T10:30:00Z"}))
            .collect();
        json(200, serde_json::json!({"collection_id": "mcoll_x", "items": items, "limit": 500, "offset": 0}))
    };
    let server = start(move |path, query| {
        let ack = || json(200, serde_json::json!({"success": true, "id": "mcoll_x", "detail": "ok"}));
        if path.ends_with("/order") {
            r.store(true, Ordering::SeqCst);
            ack()
        } else if path.ends_with("/tracks") && query.is_empty() {
            a.store(true, Ordering::SeqCst);
            ack()
        } else if path.ends_with("/tracks") && r.load(Ordering::SeqCst) {
            members(after)
        } else if path.ends_with("/tracks") {
            members(&["a", "b", "d", "e", "c"])
        } else {
            let n = if a.load(Ordering::SeqCst) { 5 } else { 4 };
            json(200, collection("mcoll_x", "X", serde_json::json!(n)))
        }
    })
    .await;
    (server, reordered)
}
