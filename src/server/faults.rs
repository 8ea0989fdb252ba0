//! Knobs that make faults reproducible, all off by default: added latency, a share of 503s from a
//! fixed seed, and a per-key rate limit answering 429 with `Retry-After`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::{Rng, SeedableRng, rngs::StdRng};

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
}

/// The live state behind the knobs.
pub struct Faults {
    options: FaultOptions,
    rng: Mutex<StdRng>,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

/// The seed behind `--fail-rate`, so a run's failures can be replayed.
const FAIL_SEED: u64 = 0x5eed_f411;
const WINDOW: Duration = Duration::from_secs(60);

impl Faults {
    pub fn new(options: FaultOptions) -> Self {
        Self { options, rng: Mutex::new(StdRng::seed_from_u64(FAIL_SEED)), windows: Mutex::new(HashMap::new()) }
    }

    /// `Some(seconds to wait)` when this key has used up its minute.
    fn over_limit(&self, key: &str) -> Option<u64> {
        if self.options.rate_limit == 0 {
            return None;
        }
        let mut windows = self.windows.lock().ok()?;
        let now = Instant::now();
        let entry = windows.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.options.rate_limit {
            let left = WINDOW.saturating_sub(now.duration_since(entry.0));
            return Some(left.as_secs() + u64::from(left.subsec_nanos() > 0));
        }
        entry.1 += 1;
        None
    }

    fn should_fail(&self) -> bool {
        self.options.fail_rate > 0.0
            && self.rng.lock().map(|mut r| r.random::<f64>() < self.options.fail_rate).unwrap_or(false)
    }
}

/// The middleware applying the knobs before the request reaches its route.
pub async fn apply(State(faults): State<std::sync::Arc<Faults>>, req: Request, next: Next) -> Response {
    if !faults.options.latency.is_zero() {
        tokio::time::sleep(faults.options.latency).await;
    }
    let key = presented_key(req.headers()).unwrap_or_default();
    if let Some(wait) = faults.over_limit(&key) {
        return ServerError::rate_limited(wait).into_response();
    }
    if faults.should_fail() {
        return ServerError::unavailable().into_response();
    }
    next.run(req).await
}
