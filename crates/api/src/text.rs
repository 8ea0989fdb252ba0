//! Text from the network made safe for a terminal, and measured the way a terminal draws it. Every
//! server string (titles, names, descriptions, error messages, codes, trace ids, HTML error pages) goes
//! through `clean` before the TUI draws it or the CLI prints it for a person; `--json` goes through
//! `escape_json`. Widths are display columns (`unicode-width`), never character counts.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What stands in for a character that must not reach a terminal.
const REPLACEMENT: char = '\u{FFFD}';

/// Whether a character could steer a terminal or hide text: C0 and C1 controls, DEL, bidi overrides and
/// isolates, zero-width spaces, the line and paragraph separators, and the other invisible format
/// characters (soft hyphen, the Mongolian vowel separator, invisible operators, deprecated format
/// controls, interlinear annotations, shorthand format controls and the tag characters).
fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{ad}'
        | '\u{61c}' | '\u{180e}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}' | '\u{1bca0}'..='\u{1bca3}' | '\u{e0000}'..='\u{e007f}')
}

/// The visible stand-in: white space becomes a space (a newline or tab never breaks a row), a C0 control
/// its Unicode control picture (ESC shows as `␛`), anything else `�`.
fn stand_in(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => ' ',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or(REPLACEMENT),
        '\u{7f}' => '\u{2421}',
        _ => REPLACEMENT,
    }
}

/// The text with every control character replaced visibly; borrowed when there was nothing to replace.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_unsafe(c) { stand_in(c) } else { c }).collect())
}

/// `clean`, line by line and tab by tab: the line breaks and the column tabs of a report (piped tables
/// are tab-separated; their cells were cleaned of tabs first) stay, nothing else that steers a terminal
/// does. Everything the CLI prints for a person goes through it.
pub fn clean_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| line.split('\t').map(clean).collect::<Vec<_>>().join("\t"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A JSON document with the characters serde leaves raw escaped as well (C1 controls, DEL, bidi and
/// zero-width characters), so a terminal showing it cannot be steered.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    // serde escapes every C0 control inside strings, so a raw newline or tab is layout between tokens.
    let raw = |c: char| is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r');
    if !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            // Inside a JSON document an unsafe character can only be in a string (serde escapes C0 and
            // the rest are not structural), where \uXXXX means the same.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

pub use freddy_wire::cap_chars;

/// A count with thousands separators: `20,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Display columns of (cleaned) text.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cleans and cuts `text` to at most `columns` display columns, ending with `…` when cut; a wide
/// character that would straddle the edge is left out whole.
pub fn fit(text: &str, columns: usize) -> String {
    let text = clean(text);
    if width(&text) <= columns {
        return text.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > columns {
            break;
        }
        used += w;
        out.push(c);
    }
    if columns > 0 {
        out.push('…');
    }
    out
}

/// `fit`, then padded with spaces to exactly `columns` (on the left when `right` is set).
pub fn pad(text: &str, columns: usize, right: bool) -> String {
    let t = fit(text, columns);
    let gap = " ".repeat(columns.saturating_sub(width(&t)));
    if right { format!("{gap}{t}") } else { format!("{t}{gap}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_are_replaced_visibly() {
        let hostile = "Song\x1b[2J\x1b]52;c;ZXZpbA==\x07\u{9b}31m\u{202e}evil\u{200b}\u{feff}";
        let c = clean(hostile);
        assert!(!c.chars().any(|ch| ch.is_control()), "{c:?}");
        assert!(c.contains('␛') && c.contains('\u{FFFD}'), "{c:?}");
        assert!(!c.contains('\u{202e}') && !c.contains('\u{200b}'));
        assert_eq!(clean("Tab\there\nnew line"), "Tab here new line");
        assert_eq!(clean_lines("a\x1b[1m\nb\rc"), "a␛[1m\nb c");
        assert!(matches!(clean("Plain title (Live) — ok"), Cow::Borrowed(_)));
        // Emoji joiners and combining marks are kept: they are text.
        assert_eq!(clean("👩‍🎤 e\u{301}"), "👩‍🎤 e\u{301}");
    }

    #[test]
    fn invisible_format_characters_are_replaced_too() {
        for c in ['\u{ad}', '\u{180e}', '\u{2061}', '\u{e0001}', '\u{e0041}', '\u{e007f}', '\u{206a}', '\u{fff9}'] {
            let text = format!("a{c}b");
            assert_eq!(clean(&text), "a\u{fffd}b", "U+{:04X}", c as u32);
            assert!(!escape_json(&format!("\"{text}\"")).contains(c), "U+{:04X} in JSON", c as u32);
        }
        // Emoji sequences keep their joiner.
        assert_eq!(clean("\u{1f469}\u{200d}\u{1f4bb}"), "\u{1f469}\u{200d}\u{1f4bb}");
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw() {
        let doc = serde_json::to_string_pretty(&serde_json::json!({"t": "a\u{9b}b\u{202e}c\x1bd\n"})).unwrap();
        let safe = escape_json(&doc);
        assert!(!safe.chars().any(|c| is_unsafe(c) && c != '\n'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["t"], "a\u{9b}b\u{202e}c\x1bd\n", "the same value, only escaped");
    }

    #[test]
    fn fit_counts_display_columns() {
        assert_eq!(fit("Hello world", 5), "Hell…");
        assert_eq!(fit("Hi", 5), "Hi");
        // CJK characters are two columns wide: four of them fill 8 columns.
        assert_eq!(width("東京夜景"), 8);
        let cut = fit("東京夜景です", 7);
        assert!(width(&cut) <= 7, "{cut}");
        assert!(cut.ends_with('…'));
        assert_eq!(pad("東京", 6, false), "東京  ");
        assert_eq!(pad("ab", 4, true), "  ab");
        assert_eq!(width(&pad("e\u{301}te\u{301}", 6, false)), 6);
    }
}
