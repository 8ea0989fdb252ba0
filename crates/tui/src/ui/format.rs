//! How values are written on screen.

/// Seconds as `m:ss` (or `h:mm:ss`); `–` when unknown.
pub fn duration(seconds: Option<f64>) -> String {
    let Some(s) = seconds.filter(|s| s.is_finite() && *s >= 0.0) else {
        return "–".to_string();
    };
    let total = s.round() as u64;
    let (h, m, sec) = (total / 3600, (total % 3600) / 60, total % 60);
    if h > 0 { format!("{h}:{m:02}:{sec:02}") } else { format!("{m}:{sec:02}") }
}

pub(super) use freddy_api::text::thousands;

/// The date part of an ISO-8601 timestamp (`2026-06-28`), or the text as it is.
pub fn date(timestamp: &str) -> &str {
    match timestamp.get(..10) {
        Some(d) if d.as_bytes().get(4) == Some(&b'-') => d,
        _ => timestamp,
    }
}

/// `text` as spans, the characters at `chars` (sorted char indexes, as the filter gives them) in `hit`.
pub(super) fn highlighted(
    text: &str,
    chars: &[usize],
    hit: ratatui::style::Style,
) -> Vec<ratatui::text::Span<'static>> {
    use ratatui::text::Span;
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut in_hit = false;
    for (i, c) in text.chars().enumerate() {
        let h = chars.binary_search(&i).is_ok();
        if h != in_hit && !run.is_empty() {
            let s = std::mem::take(&mut run);
            spans.push(if in_hit { Span::styled(s, hit) } else { Span::raw(s) });
        }
        in_hit = h;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(if in_hit { Span::styled(run, hit) } else { Span::raw(run) });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(duration(Some(187.4)), "3:07");
        assert_eq!(duration(Some(59.6)), "1:00");
        assert_eq!(duration(Some(3725.0)), "1:02:05");
        assert_eq!(duration(None), "–");
        assert_eq!(duration(Some(f64::NAN)), "–");
        assert_eq!(date("2026-06-28T10:35:00Z"), "2026-06-28");
        assert_eq!(date("yesterday"), "yesterday");
        assert_eq!(
            [0, 999, 1_000, 20_000, 1_234_567].map(thousands),
            ["0", "999", "1,000", "20,000", "1,234,567"].map(String::from)
        );
    }
}
