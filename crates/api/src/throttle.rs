//! What one client's requests share about the server's rate limit: a pause that every request waits
//! out after a 429 (its `Retry-After`, with jitter, capped), and a window of requests at once that halves
//! on each 429 and grows back one step per success (so a bulk job backs off instead of hammering the
//! limit). A hook tells the caller when it waits, so the TUI and the CLI can say so.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Called with how long requests will wait on the server's rate limit.
pub type WaitHook = Box<dyn Fn(Duration) + Send + Sync>;
/// Called with the budget each answer's rate-limit headers state.
pub type BudgetHook = Box<dyn Fn(RateBudget) + Send + Sync>;

/// What an answer's `X-RateLimit-*` headers say: requests allowed per window, left now, and how long
/// until the window is full again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBudget {
    pub limit: u32,
    pub remaining: u32,
    pub reset_in: Duration,
}

impl RateBudget {
    /// The budget as the headers give it (`X-RateLimit-Reset` in epoch seconds, or a number of seconds
    /// when it is smaller than a day); `None` unless limit and remaining are both there.
    pub fn from_headers(headers: &reqwest::header::HeaderMap, now_epoch: u64) -> Option<Self> {
        let num = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let limit = u32::try_from(num("x-ratelimit-limit")?).ok()?;
        let remaining = u32::try_from(num("x-ratelimit-remaining")?).ok()?.min(limit);
        let reset = num("x-ratelimit-reset").unwrap_or(0);
        let secs = if reset > 86_400 { reset.saturating_sub(now_epoch) } else { reset };
        Some(Self { limit, remaining, reset_in: Duration::from_secs(secs.min(3600)) })
    }

    /// The same budget once its window has refilled.
    pub fn refilled(self) -> Self {
        Self { remaining: self.limit, reset_in: Duration::ZERO, ..self }
    }
}

/// The shared rate-limit state of one client (and its clones).
pub struct Throttle {
    paused_until: Mutex<Option<Instant>>,
    /// Requests at once a bulk job should allow now (between 1 and `ceiling`).
    window: AtomicUsize,
    ceiling: AtomicUsize,
    /// Successes since the window last grew.
    streak: AtomicUsize,
    hook: Mutex<Option<WaitHook>>,
    budget_hook: Mutex<Option<BudgetHook>>,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle").field("window", &self.window()).finish_non_exhaustive()
    }
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            paused_until: Mutex::new(None),
            window: AtomicUsize::new(usize::MAX),
            ceiling: AtomicUsize::new(usize::MAX),
            streak: AtomicUsize::new(0),
            hook: Mutex::new(None),
            budget_hook: Mutex::new(None),
        }
    }
}

impl Throttle {
    /// Sets the most requests at once a bulk job wants (the window starts there).
    pub fn set_ceiling(&self, n: usize) {
        let n = n.max(1);
        self.ceiling.store(n, Ordering::Relaxed);
        self.window.store(n, Ordering::Relaxed);
    }

    /// Requests at once allowed now.
    pub fn window(&self) -> usize {
        self.window.load(Ordering::Relaxed).max(1)
    }

    /// Installs the hook told about waits.
    pub fn on_wait(&self, hook: WaitHook) {
        if let Ok(mut h) = self.hook.lock() {
            *h = Some(hook);
        }
    }

    /// Installs the hook told what each answer's rate-limit headers say.
    pub fn on_budget(&self, hook: BudgetHook) {
        if let Ok(mut h) = self.budget_hook.lock() {
            *h = Some(hook);
        }
    }

    /// An answer carried rate-limit headers.
    pub fn observed(&self, budget: RateBudget) {
        if let Ok(h) = self.budget_hook.lock()
            && let Some(h) = h.as_ref()
        {
            h(budget);
        }
    }

    /// Waits until any pause is over.
    pub async fn ready(&self) {
        let until = self.paused_until.lock().ok().and_then(|p| *p);
        if let Some(t) = until.filter(|t| *t > Instant::now()) {
            tokio::time::sleep_until(t.into()).await;
        }
    }

    /// A 429: every request pauses for `wait`, and the window halves.
    pub fn limited(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut longer = false;
        if let Ok(mut p) = self.paused_until.lock()
            && p.is_none_or(|t| t < until)
        {
            longer = p.is_none_or(|t| t + Duration::from_millis(500) < until);
            *p = Some(until);
        }
        let w = self.window();
        self.window.store((w / 2).max(1), Ordering::Relaxed);
        self.streak.store(0, Ordering::Relaxed);
        if longer
            && let Ok(h) = self.hook.lock()
            && let Some(h) = h.as_ref()
        {
            h(wait);
        }
    }

    /// A success: after `window` of them in a row, the window grows by one (up to its ceiling).
    pub fn succeeded(&self) {
        let w = self.window();
        if self.streak.fetch_add(1, Ordering::Relaxed) + 1 >= w {
            self.streak.store(0, Ordering::Relaxed);
            let ceiling = self.ceiling.load(Ordering::Relaxed);
            self.window.store(w.saturating_add(1).min(ceiling), Ordering::Relaxed);
        }
    }
}

/// `base` with up to a quarter more, at random, so clients that were told the same wait do not all come
/// back at the same instant.
pub fn jitter(base: Duration) -> Duration {
    let extra = base.mul_f64(rand::random::<f64>() * 0.25);
    base + extra
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_halves_on_429_and_grows_back_one_step_per_window_of_successes() {
        let t = Throttle::default();
        t.set_ceiling(8);
        assert_eq!(t.window(), 8);
        t.limited(Duration::from_millis(1));
        assert_eq!(t.window(), 4);
        t.limited(Duration::from_millis(1));
        t.limited(Duration::from_millis(1));
        t.limited(Duration::from_millis(1));
        assert_eq!(t.window(), 1);
        t.succeeded();
        assert_eq!(t.window(), 2);
        t.succeeded();
        t.succeeded();
        assert_eq!(t.window(), 3);
        for _ in 0..100 {
            t.succeeded();
        }
        assert_eq!(t.window(), 8, "never past the ceiling");
    }

    #[tokio::test]
    async fn a_pause_holds_every_request_and_the_hook_hears_of_it() {
        let t = std::sync::Arc::new(Throttle::default());
        let heard = std::sync::Arc::new(AtomicUsize::new(0));
        let h = std::sync::Arc::clone(&heard);
        t.on_wait(Box::new(move |_| {
            h.fetch_add(1, Ordering::Relaxed);
        }));
        t.limited(Duration::from_millis(120));
        t.limited(Duration::from_millis(100));
        let started = Instant::now();
        t.ready().await;
        assert!(started.elapsed() >= Duration::from_millis(100));
        assert_eq!(heard.load(Ordering::Relaxed), 1, "one pause, said once");
        let j = jitter(Duration::from_secs(4));
        assert!(j >= Duration::from_secs(4) && j <= Duration::from_secs(5));
    }
}
