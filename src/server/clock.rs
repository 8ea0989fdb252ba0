//! The server's notion of "now", as the API writes it: RFC 3339 UTC with `Z`, to the second.

/// The current UTC time, e.g. `2026-06-28T10:30:00Z`.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
