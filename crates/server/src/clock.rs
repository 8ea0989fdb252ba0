//! The server's notion of "now", as the API writes it: RFC 3339 UTC with `Z`, to the second.

/// The current UTC time, e.g. `2026-06-28T10:30:00Z`.
pub fn now() -> String {
    use chrono::{Datelike, Timelike};
    // Written out field by field: a format string is parsed anew on every call, and every write asks.
    let t = chrono::Utc::now();
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
}

#[cfg(test)]
mod tests {
    #[test]
    fn now_is_rfc3339_utc_to_the_second() {
        let text = super::now();
        let parsed = chrono::DateTime::parse_from_rfc3339(&text).unwrap();
        assert_eq!(parsed.to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string(), text);
    }
}
