//! Aligned text columns for human output; on a terminal, the flexible column is shortened with `…` so
//! each line fits the width.

use crate::ui::fit;

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
pub fn render(headers: &[&str], aligns: &[Align], rows: &[Vec<String>], flex: usize, width: Option<usize>) -> String {
    let count = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = headers.iter().map(|h| count(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(count(cell));
        }
    }
    if let Some(total) = width {
        let others: usize = widths.iter().enumerate().filter(|(i, _)| *i != flex).map(|(_, w)| w + 2).sum();
        if let Some(w) = widths.get_mut(flex) {
            *w = (*w).min(total.saturating_sub(others).max(8));
        }
    }
    let line = |cells: Vec<String>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(aligns)
            .map(|((c, w), a)| {
                let c = fit(c, *w);
                match a {
                    Align::Left => format!("{c:<w$}"),
                    Align::Right => format!("{c:>w$}"),
                }
            })
            .collect();
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
    }
}
