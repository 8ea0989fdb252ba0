//! The server's notion of "now", as the API writes it: RFC 3339 UTC with `Z`, to the second.
//!
//! The clock is a value the server is started with, not a call to the system: a test moves it on a
//! second (`RunningServer::clock().advance`) instead of waiting for a real one to pass.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// The system's UTC time, plus however far it has been moved on. Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    ahead_secs: Arc<AtomicI64>,
}

impl Clock {
    /// The current time, e.g. `2026-06-28T10:30:00Z`.
    pub fn now(&self) -> String {
        use chrono::{Datelike, Timelike};
        let ahead = chrono::TimeDelta::seconds(self.ahead_secs.load(Ordering::Relaxed));
        // Written out field by field: a format string is parsed anew on every call, and every write asks.
        let t = chrono::Utc::now() + ahead;
        format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
    }

    /// Moves the clock on by whole seconds (rounded up), for every clone of it.
    pub fn advance(&self, by: Duration) {
        let secs = i64::try_from(by.as_secs() + u64::from(by.subsec_nanos() > 0)).unwrap_or(i64::MAX);
        let _ = self.ahead_secs.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |a| Some(a.saturating_add(secs)));
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn now_is_rfc3339_utc_to_the_second() {
        let text = Clock::default().now();
        let parsed = chrono::DateTime::parse_from_rfc3339(&text).unwrap();
        assert_eq!(parsed.to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string(), text);
    }

    #[test]
    fn an_advanced_clock_reads_later_in_every_clone() {
        let clock = Clock::default();
        let shared = clock.clone();
        let before = clock.now();
        clock.advance(std::time::Duration::from_secs(3_600));
        let after = shared.now();
        let hours = chrono::DateTime::parse_from_rfc3339(&after).unwrap()
            - chrono::DateTime::parse_from_rfc3339(&before).unwrap();
        assert!((3_600..=3_601).contains(&hours.num_seconds()), "{before} → {after}");
    }
}
