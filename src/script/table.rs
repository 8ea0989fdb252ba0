//! Aligned text columns for human output; on a terminal, the flexible column is shortened with `…` so
//! each line fits the width.

use crate::text::{pad, width};

/// How a column lines up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// The width to fit: the terminal's when standard output is one, otherwise none (pipes get full text).
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size().ok().map(|(w, _)| usize::from(w))
}

/// Renders a header and rows; column `flex` gives way when the lines would exceed `width`.
/// Cells are cleaned of control characters and measured in display columns.
pub fn render(headers: &[&str], aligns: &[Align], rows: &[Vec<String>], flex: usize, total: Option<usize>) -> String {
    let count = |s: &str| width(&crate::text::clean(s));
    let mut widths: Vec<usize> = headers.iter().map(|h| count(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(count(cell));
        }
    }
    if let Some(total) = total {
        let others: usize = widths.iter().enumerate().filter(|(i, _)| *i != flex).map(|(_, w)| w + 2).sum();
        if let Some(w) = widths.get_mut(flex) {
            *w = (*w).min(total.saturating_sub(others).max(8));
        }
    }
    let line = |cells: Vec<String>| {
        let parts: Vec<String> =
            cells.iter().zip(&widths).zip(aligns).map(|((c, w), a)| pad(c, *w, *a == Align::Right)).collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = line(headers.iter().map(|h| h.to_string()).collect());
    for row in rows {
        out.push('\n');
        out.push_str(&line(row.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_and_fits() {
        let rows = vec![
            vec!["1".to_string(), "A rather long title indeed".to_string(), "3:07".to_string()],
            vec!["10".to_string(), "Short".to_string(), "12:00".to_string()],
        ];
        let aligns = [Align::Right, Align::Left, Align::Right];
        let full = render(&["#", "TITLE", "TIME"], &aligns, &rows, 1, None);
        assert_eq!(
            full,
            " #  TITLE                        TIME\n 1  A rather long title indeed   3:07\n10  Short                       12:00"
        );
        let narrow = render(&["#", "TITLE", "TIME"], &aligns, &rows, 1, Some(24));
        assert!(narrow.lines().all(|l| l.chars().count() <= 24), "{narrow}");
        assert!(narrow.contains("A rather lon…"), "{narrow}");
        // Wide characters and escapes: every line fits by display width, and no ESC gets through.
        let rows = vec![vec!["1".to_string(), "東京の夜景と雨の音楽\x1b[2J".to_string(), "3:07".to_string()]];
        let out = render(&["#", "TITLE", "TIME"], &aligns, &rows, 1, Some(20));
        assert!(out.lines().all(|l| crate::text::width(l) <= 20), "{out}");
        assert!(!out.contains('\x1b') && out.contains('…'), "{out}");
    }
}
