//! Knobs that make faults reproducible, all off by default: added latency, a share of 503s from a
//! fixed seed, and a per-key rate limit answering 429 with `Retry-After` (and telling every answer what
//! is left in `X-RateLimit-Limit`, `-Remaining` and `-Reset`).
//!
//! The rate limit is a token bucket per key: `N` requests a minute, a burst of up to `N`, one token back
//! every `60/N` seconds; `Retry-After` is the whole seconds until the next token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::{RngExt, SeedableRng, rngs::StdRng};

use super::auth::presented_key;
use super::errors::ServerError;

/// The fault settings of one server.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FaultOptions {
    /// Added to every response.
    pub latency: Duration,
    /// Share of requests (0.0–1.0) answered with 503.
    pub fail_rate: f64,
    /// Requests per minute per key; 0 means no limit.
    pub rate_limit: u32,
    /// Keep a log of every request (method, path, query, status) for tests to read.
    pub record: bool,
}

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
}

/// Most rate-limit buckets kept: past this, full (idle) ones are dropped.
const MAX_BUCKETS: usize = 1024;

/// The live state behind the knobs.
pub(crate) struct Faults {
    options: FaultOptions,
    /// The keys the rate limit counts: only authenticated ones, so a flood of made-up keys cannot grow
    /// the bucket map (they get their 401 from the routes).
    keys: std::collections::HashSet<String>,
    rng: Mutex<StdRng>,
    buckets: Mutex<HashMap<String, (Instant, f64)>>,
    limited: AtomicU64,
    failed: AtomicU64,
    /// Requests seen, by method: GET, POST, PATCH, DELETE (others are not counted).
    seen: [AtomicU64; 4],
    log: Mutex<Vec<Seen>>,
    /// Requests under way, by known key, and the most of one key at once so far.
    in_flight: Mutex<HashMap<String, usize>>,
    peak: std::sync::atomic::AtomicUsize,
}

/// The most requests one key may have under way at once (twice the most `tracks remove --concurrency`
/// sends, with its page reads): past it, a 429 at once (so slow clients of one
/// key cannot take every connection the server can hold).
pub const MAX_IN_FLIGHT_PER_KEY: usize = 128;

/// How many requests of each method the server has been sent (counted before any fault applies).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Requests {
    pub get: u64,
    pub post: u64,
    pub patch: u64,
    pub delete: u64,
}

impl Requests {
    /// Every write (POST, PATCH, DELETE).
    pub fn writes(&self) -> u64 {
        self.post + self.patch + self.delete
    }
}

/// How many answers the knobs have forced so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Injected {
    /// 429s from `--rate-limit`.
    pub rate_limited: u64,
    /// 503s from `--fail-rate`.
    pub failed: u64,
}

/// The seed behind `--fail-rate`, so a run's failures can be replayed.
const FAIL_SEED: u64 = 0x5eed_f411;

impl Faults {
    pub(crate) fn new(options: FaultOptions, keys: std::collections::HashSet<String>) -> Self {
        Self {
            options,
            keys,
            rng: Mutex::new(StdRng::seed_from_u64(FAIL_SEED)),
            buckets: Mutex::new(HashMap::new()),
            limited: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            seen: Default::default(),
            log: Mutex::new(Vec::new()),
            in_flight: Mutex::new(HashMap::new()),
            peak: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The most requests of one key under way at once so far.
    pub(crate) fn peak_in_flight(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    /// Counts a request of a known key as under way, unless that key is at its cap (`None`).
    fn start(&self, key: Option<String>) -> Option<InFlight<'_>> {
        let key = key.filter(|k| self.keys.contains(k));
        if let Some(k) = &key {
            let mut map = self.in_flight.lock().ok()?;
            let n = map.entry(k.clone()).or_default();
            if *n >= MAX_IN_FLIGHT_PER_KEY {
                return None;
            }
            *n += 1;
            self.peak.fetch_max(*n, Ordering::Relaxed);
        }
        Some(InFlight { faults: self, key })
    }

    /// Every request so far, when `record` is on.
    pub(crate) fn log(&self) -> Vec<Seen> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The requests seen so far, by method.
    pub(crate) fn requests(&self) -> Requests {
        let n = |i: usize| self.seen[i].load(Ordering::Relaxed);
        Requests { get: n(0), post: n(1), patch: n(2), delete: n(3) }
    }

    fn count(&self, method: &axum::http::Method) {
        use axum::http::Method;
        let i = match *method {
            Method::GET => 0,
            Method::POST => 1,
            Method::PATCH => 2,
            Method::DELETE => 3,
            _ => return,
        };
        self.seen[i].fetch_add(1, Ordering::Relaxed);
    }

    /// Rate-limit buckets held now.
    pub(crate) fn buckets(&self) -> usize {
        self.buckets.lock().map(|b| b.len()).unwrap_or(0)
    }

    /// The answers forced so far.
    pub(crate) fn injected(&self) -> Injected {
        Injected { rate_limited: self.limited.load(Ordering::Relaxed), failed: self.failed.load(Ordering::Relaxed) }
    }

    /// Takes a token from this key's bucket: what is left, or `None` when the key is not limited.
    fn take(&self, key: &str) -> Option<Quota> {
        let limit = f64::from(self.options.rate_limit);
        if limit == 0.0 || !self.keys.contains(key) {
            return None;
        }
        let per_second = limit / 60.0;
        let mut buckets = self.buckets.lock().ok()?;
        let now = Instant::now();
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(key) {
            // A bucket that has refilled is the same as none.
            buckets.retain(|_, (last, tokens)| *tokens + now.duration_since(*last).as_secs_f64() * per_second < limit);
        }
        let (last, tokens) = buckets.entry(key.to_string()).or_insert((now, limit));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * per_second).min(limit);
        *last = now;
        let over = if *tokens >= 1.0 {
            *tokens -= 1.0;
            None
        } else {
            Some(Duration::from_secs_f64((1.0 - *tokens) / per_second).as_secs() + 1)
        };
        let full_in = ((limit - *tokens) / per_second).ceil() as u64;
        Some(Quota { limit: self.options.rate_limit, remaining: tokens.floor() as u32, full_in, over })
    }

    fn should_fail(&self) -> bool {
        self.options.fail_rate > 0.0
            && self.rng.lock().map(|mut r| r.random::<f64>() < self.options.fail_rate).unwrap_or(false)
    }
}

/// A request under way, counted against its key until it is answered.
struct InFlight<'a> {
    faults: &'a Faults,
    key: Option<String>,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if let (Some(k), Ok(mut map)) = (&self.key, self.faults.in_flight.lock())
            && let Some(n) = map.get_mut(k)
        {
            *n -= 1;
            if *n == 0 {
                map.remove(k);
            }
        }
    }
}

/// The middleware applying the knobs before the request reaches its route.
pub(crate) async fn apply(State(faults): State<std::sync::Arc<Faults>>, req: Request, next: Next) -> Response {
    faults.count(req.method());
    let Some(_under_way) = faults.start(presented_key(req.headers())) else {
        return ServerError::too_many_at_once(MAX_IN_FLIGHT_PER_KEY).into_response();
    };
    let seen = faults.options.record.then(|| Seen {
        method: req.method().to_string(),
        path: req.uri().path().to_string(),
        query: req.uri().query().unwrap_or("").to_string(),
        status: 0,
    });
    let response = knobs(&faults, req, next).await;
    if let Some(mut seen) = seen
        && let Ok(mut log) = faults.log.lock()
    {
        seen.status = response.status().as_u16();
        log.push(seen);
    }
    response
}

async fn knobs(faults: &Faults, req: Request, next: Next) -> Response {
    if !faults.options.latency.is_zero() {
        tokio::time::sleep(faults.options.latency).await;
    }
    let quota = if faults.options.rate_limit > 0 {
        presented_key(req.headers()).and_then(|key| faults.take(&key))
    } else {
        None
    };
    let mut response = if let Some(wait) = quota.and_then(|q| q.over) {
        faults.limited.fetch_add(1, Ordering::Relaxed);
        ServerError::rate_limited(wait).into_response()
    } else if faults.should_fail() {
        faults.failed.fetch_add(1, Ordering::Relaxed);
        ServerError::unavailable().into_response()
    } else {
        next.run(req).await
    };
    if let Some(q) = quota {
        q.write(response.headers_mut());
    }
    response
}

/// One key's rate-limit state after a request, sent as the guide's `X-RateLimit-*` headers (music-api.md
/// §4): the limit per minute, the requests left now, and when (epoch seconds) the bucket is full again.
#[derive(Debug, Clone, Copy)]
struct Quota {
    limit: u32,
    remaining: u32,
    /// Seconds until the bucket is full again.
    full_in: u64,
    /// Seconds to wait, when this request was over the limit.
    over: Option<u64>,
}

impl Quota {
    fn write(&self, headers: &mut axum::http::HeaderMap) {
        let epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        for (name, value) in [
            ("x-ratelimit-limit", u64::from(self.limit)),
            ("x-ratelimit-remaining", u64::from(self.remaining)),
            ("x-ratelimit-reset", epoch + self.full_in),
        ] {
            headers.insert(name, axum::http::HeaderValue::from(value));
        }
    }
}
