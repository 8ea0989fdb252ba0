//! Human output: on a terminal, aligned columns with the flexible one shortened with `…` so each line
//! fits the width; in a pipe, tab-separated whole values (as `gh` does).

use crate::text::{pad, width};

/// How a column lines up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// How a table is laid out: to a terminal's width, or whole values for a pipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Standard output is a terminal this many columns wide: aligned columns that fit it.
    Fit(usize),
    /// Standard output is a pipe or a file: tab-separated whole values, with the header line only when
    /// `--header` asked for it.
    Piped { header: bool },
}

impl Layout {
    /// The layout for standard output as it is now; `header` is the `--header` flag.
    pub fn of_stdout(header: bool) -> Self {
        use std::io::IsTerminal;
        let width = std::io::stdout().is_terminal().then(|| crossterm::terminal::size().ok()).flatten();
        width.map_or(Self::Piped { header }, |(w, _)| Self::Fit(usize::from(w)))
    }

    /// The terminal's width, when the output goes to one.
    pub fn width(self) -> Option<usize> {
        match self {
            Self::Fit(w) => Some(w),
            Self::Piped { .. } => None,
        }
    }

    /// Whether the table's first line is its header.
    pub fn has_header(self) -> bool {
        !matches!(self, Self::Piped { header: false })
    }
}

/// Renders a header and rows. On a terminal the columns line up and column `flex` gives way when the
/// lines would exceed its width; in a pipe the rows are tab-separated and whole, without the header
/// unless `--header` asked for it, so `cut` and `grep` see whole values. Cells are cleaned of control
/// characters (and tabs) and measured in display columns.
pub fn render(headers: &[&str], aligns: &[Align], rows: &[Vec<String>], flex: usize, layout: Layout) -> String {
    let total = match layout {
        Layout::Fit(total) => total,
        Layout::Piped { header } => {
            let cell = |s: &str| crate::text::clean(s).replace('\t', " ");
            let lines = header
                .then(|| headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join("\t"))
                .into_iter()
                .chain(rows.iter().map(|r| r.iter().map(|c| cell(c)).collect::<Vec<_>>().join("\t")));
            return lines.collect::<Vec<_>>().join("\n");
        }
    };
    let count = |s: &str| width(&crate::text::clean(s));
    let mut widths: Vec<usize> = headers.iter().map(|h| count(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(count(cell));
        }
    }
    fit_widths(&mut widths, aligns, flex, total);
    let line = |cells: Vec<String>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(aligns)
            .filter(|((_, w), _)| **w > 0)
            .map(|((c, w), a)| pad(c, *w, *a == Align::Right))
            .collect();
        let text = parts.join("  ").trim_end().to_string();
        // The last resort: a line is never wider than the terminal (so it never wraps).
        if width(&text) > total { crate::text::fit(&text, total) } else { text }
    };
    let mut out = line(headers.iter().map(|h| h.to_string()).collect());
    for row in rows {
        out.push('\n');
        out.push_str(&line(row.clone()));
    }
    out
}

/// The width a table's lines take with no column shortened.
pub fn natural_width(headers: &[&str], rows: &[Vec<String>]) -> usize {
    let count = |s: &str| width(&crate::text::clean(s));
    let mut widths: Vec<usize> = headers.iter().map(|h| count(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(count(cell));
        }
    }
    widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1)
}

/// Narrows the columns until a line fits `total`: first `flex` (down to nothing: the column goes), then
/// the widest left-aligned text column, a step at a time, down to 8.
fn fit_widths(widths: &mut [usize], aligns: &[Align], flex: usize, total: usize) {
    let line = |widths: &[usize]| {
        let shown: Vec<usize> = widths.iter().copied().filter(|w| *w > 0).collect();
        shown.iter().sum::<usize>() + 2 * shown.len().saturating_sub(1)
    };
    let over = line(widths).saturating_sub(total);
    if over > 0
        && let Some(w) = widths.get_mut(flex)
    {
        // Keep at least 8 columns of it when that is enough; otherwise it goes entirely.
        let keep = w.saturating_sub(over);
        *w = if keep >= 8 || *w <= 8 { keep.min(*w) } else { 8 };
        if line(widths) > total {
            widths[flex] = 0;
        }
    }
    while line(widths) > total {
        let widest = (0..widths.len())
            .filter(|&i| i != flex && aligns.get(i) == Some(&Align::Left) && widths[i] > 8)
            .max_by_key(|&i| widths[i]);
        match widest {
            Some(i) => widths[i] -= 1,
            None => break,
        }
    }
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
        let full = render(&["#", "TITLE", "TIME"], &aligns, &rows, 1, Layout::Fit(200));
        assert_eq!(
            full,
            " #  TITLE                        TIME\n 1  A rather long title indeed   3:07\n10  Short                       12:00"
        );
        // In a pipe: tab-separated, whole, no header.
        let piped = render(&["#", "TITLE", "TIME"], &aligns, &rows, 1, Layout::Piped { header: false });
        assert_eq!(piped, "1\tA rather long title indeed\t3:07\n10\tShort\t12:00");
        // A tab or an escape from the server cannot make a column or steer the terminal.
        let sneaky = vec![vec!["1".to_string(), "a\tb\x1b[2J".to_string(), "3:07".to_string()]];
        let piped = render(&["#", "TITLE", "TIME"], &aligns, &sneaky, 1, Layout::Piped { header: false });
        assert_eq!(piped.split('\t').count(), 3, "{piped}");
        assert!(!piped.contains('\x1b'), "{piped}");
        let narrow = render(&["#", "TITLE", "TIME"], &aligns, &rows, 1, Layout::Fit(24));
        assert!(narrow.lines().all(|l| l.chars().count() <= 24), "{narrow}");
        assert!(narrow.contains("A rather lon…"), "{narrow}");
        // Wide characters and escapes: every line fits by display width, and no ESC gets through.
        let rows = vec![vec!["1".to_string(), "東京の夜景と雨の音楽\x1b[2J".to_string(), "3:07".to_string()]];
        let out = render(&["#", "TITLE", "TIME"], &aligns, &rows, 1, Layout::Fit(20));
        assert!(out.lines().all(|l| crate::text::width(l) <= 20), "{out}");
        assert!(!out.contains('\x1b') && out.contains('…'), "{out}");
    }
}
