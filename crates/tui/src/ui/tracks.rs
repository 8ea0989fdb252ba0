//! The right pane: the open collection's tracks (position, title, duration, date added). Only the rows
//! on screen are built; rows not loaded yet show as placeholders.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, Table, Wrap};

use super::format::{date, duration, highlighted, thousands};
use super::theme::Theme;
use crate::app::state::{LIBRARY_THRESHOLD, OpenCollection};
use crate::app::{App, Pane, filter};
use freddy_api::text::{clean, fit};

pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Tracks;
    let border = if focused { theme.border_focused } else { theme.border };
    let Some(oc) = app.open.as_ref() else {
        let block = Block::bordered().title(" Tracks ").border_style(border);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let open = app.prefs.keys.key_for(crate::app::keymap::Scope::Everywhere, crate::app::keymap::Action::Open);
        let hint = format!("Select a collection and press {open} to open it.");
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim)), inner);
        return;
    };
    let title = pane_title(app, oc, usize::from(area.width).saturating_sub(4));
    let mut block = Block::bordered().title(title).border_style(border);
    // The description, when there is one, in the bottom border (it costs no row).
    if let Some(d) = app
        .collections
        .items
        .iter()
        .find(|e| e.collection.id == oc.id)
        .and_then(|e| e.collection.description.as_deref())
        && !d.trim().is_empty()
    {
        let d = fit(&clean(d), usize::from(area.width).saturating_sub(4));
        block = block.title_bottom(Span::styled(format!(" {d} "), theme.dim));
    }
    let inner = block.inner(area);
    if let Some(e) = oc.load_error.as_ref().filter(|_| oc.rows.iter().all(Option::is_none)) {
        frame.render_widget(block, area);
        let para = Paragraph::new(clean(e).into_owned()).style(theme.error).wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(para, inner);
        return;
    }
    if oc.is_empty() {
        frame.render_widget(block, area);
        frame.render_widget(Paragraph::new(Span::styled("This collection is empty.", theme.dim)), inner);
        return;
    }
    let visible = usize::from(inner.height.saturating_sub(1));
    // The marker and the largest position: no wider than needed.
    let digits = oc.row_count().max(1).to_string().len();
    // The columns that fit: the title is kept and shrunk last; the date goes first, then the time.
    let cols = Columns::fitting(usize::from(inner.width), digits);
    let title_cols = cols.title;
    let filter = filter::on(app, Pane::Tracks);
    // The rows on screen: a window of the matches while a filter is on, else of every row.
    let (shown, at, len): (Vec<usize>, usize, usize) = match filter {
        Some(f) => {
            let end = f.hits.len().min(f.cursor.top + visible);
            (f.hits.get(f.cursor.top..end).unwrap_or_default().to_vec(), f.cursor.selected, f.hits.len())
        }
        None => {
            ((oc.cursor.top..oc.row_count().min(oc.cursor.top + visible)).collect(), oc.cursor.selected, oc.row_count())
        }
    };
    if filter.is_some() && shown.is_empty() {
        frame.render_widget(block, area);
        // Rows not loaded (or not titled) yet may match: say so rather than "no match".
        let load_all = app.prefs.keys.first_key(crate::app::keymap::Action::LoadAll);
        let text = match filter.map(|f| f.unloaded).filter(|n| *n > 0) {
            Some(n) => format!(
                "No loaded track matches the filter; {} rows are not loaded yet{}.",
                freddy_api::text::thousands(n as u64),
                load_all.map(|k| format!(" ({k} loads them all)")).unwrap_or_default()
            ),
            None => {
                // While typing, erasing edits the query; once kept, the filter key opens it again.
                use crate::app::keymap::{Action, Scope};
                let edit = if filter.is_some_and(|f| f.editing) {
                    app.prefs.keys.key_for(Scope::FilterLine, Action::Erase)
                } else {
                    app.prefs.keys.key_for(Scope::Everywhere, Action::Filter)
                };
                let clear = app.prefs.keys.key_for(Scope::Everywhere, Action::Cancel);
                format!("No track matches the filter ({edit} edits it, {clear} clears it).")
            }
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)).wrap(Wrap { trim: true }), inner);
        return;
    }
    let query = filter.map(|f| f.query.as_str()).filter(|q| !q.is_empty());
    let rows: Vec<Row> = shown
        .into_iter()
        .map(|i| {
            let cells = row(app, oc, i, theme, focused, (digits, title_cols), query);
            let style = cells.1;
            Row::new(cells.0.into_iter().take(cols.count())).style(style)
        })
        .collect();
    let header = [format!("{:>w$}", "#", w = digits + 2), "Title".into(), "   Time".into(), "Added".into()];
    let header = Row::new(header.into_iter().take(cols.count())).style(theme.table_header);
    let widths = [
        Constraint::Length(u16::try_from(digits + 2).unwrap_or(u16::MAX)),
        Constraint::Fill(1),
        Constraint::Length(7),
        Constraint::Length(10),
    ];
    let table = Table::new(rows, widths.into_iter().take(cols.count())).header(header).block(block).column_spacing(1);
    frame.render_widget(table, area);
    if len > visible {
        let mut state = ScrollbarState::new(len).position(at);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(None).end_symbol(None);
        // Beside the rows, below the table's header line.
        let track = Rect { y: area.y + 2, height: area.height.saturating_sub(3), ..area };
        frame.render_stateful_widget(bar, track, &mut state);
    }
}

/// Which columns of the tracks table fit a width: always the number and the title; the time from
/// `WITH_TIME` columns, the date from `WITH_DATE`.
struct Columns {
    time: bool,
    date: bool,
    /// Columns left for the title.
    title: usize,
}

impl Columns {
    const WITH_TIME: usize = 30;
    const WITH_DATE: usize = 48;

    fn fitting(width: usize, digits: usize) -> Self {
        let time = width >= Self::WITH_TIME;
        let date = width >= Self::WITH_DATE;
        let used = digits + 2 + 1 + if time { 8 } else { 0 } + if date { 11 } else { 0 };
        Self { time, date, title: width.saturating_sub(used) }
    }

    fn count(&self) -> usize {
        2 + usize::from(self.time) + usize::from(self.date)
    }
}

/// The pane title: the name, a filter's state (it says why rows are missing, so it stays at every width),
/// the cursor's place (`1,234 / 20,000`), the marks, a range in progress and the total duration (when
/// every track's is known: collections up to `LIBRARY_THRESHOLD` tracks, all loaded), as many as fit
/// `width` in that order of priority; the name is shortened last.
fn pane_title(app: &App, oc: &OpenCollection, width: usize) -> String {
    let mut parts = vec![clean(&oc.name).into_owned()];
    if let Some(f) = filter::on(app, Pane::Tracks).filter(|f| !f.query.is_empty()) {
        let loaded = if f.unloaded > 0 { " loaded" } else { "" };
        parts.push(format!(
            "/{}: {} of {}{loaded}",
            clean(&f.query),
            thousands(f.hits.len() as u64),
            thousands(oc.row_count().saturating_sub(f.unloaded) as u64)
        ));
    }
    match oc.len {
        Some(0) => parts.push("empty".to_string()),
        Some(n) => parts.push(format!("{} / {}", thousands(oc.cursor.selected as u64 + 1), thousands(n as u64))),
        None => {}
    }
    if let Some(n) = app.open_marks().map(|m| m.len()) {
        parts.push(format!("{} marked", thousands(n as u64)));
    }
    if let Some(anchor) = app.marks.range {
        parts.push(format!("range of {}", thousands(anchor.abs_diff(oc.cursor.selected) as u64 + 1)));
    }
    if let Some(total) = total_duration(app, oc) {
        parts.push(duration(Some(total)));
    }
    let joined = |parts: &[String]| format!(" {} ", parts.join(" · "));
    // The name and a filter's state stay: the rest goes first, then the name shortens, then the filter.
    let keep = if filter::on(app, Pane::Tracks).is_some_and(|f| !f.query.is_empty()) { 2 } else { 1 };
    while parts.len() > keep && freddy_api::text::width(&joined(&parts)) > width {
        parts.pop();
    }
    if freddy_api::text::width(&joined(&parts)) > width && parts.len() == 2 {
        let room = width.saturating_sub(freddy_api::text::width(&parts[1]) + 5).max(4);
        parts[0] = fit(&parts[0], room);
        if freddy_api::text::width(&joined(&parts)) > width {
            parts[1] = fit(&parts[1], width.saturating_sub(freddy_api::text::width(&parts[0]) + 5));
        }
    }
    if freddy_api::text::width(&joined(&parts)) > width {
        parts[0] = fit(&parts[0], width.saturating_sub(2));
    }
    joined(&parts)
}

/// The sum of the tracks' durations, when every one is known and the collection is small enough to add
/// up on every frame.
fn total_duration(app: &App, oc: &OpenCollection) -> Option<f64> {
    let n = oc.len?;
    if n == 0 || n > LIBRARY_THRESHOLD {
        return None;
    }
    (0..n).map(|i| oc.member(i).and_then(|m| app.tracks.known.get(&m.track_id)?.duration)).sum()
}

/// What marks a row, in text as well as colour: `●` marked, `○` inside a range in progress.
fn marker(app: &App, oc: &OpenCollection, i: usize) -> char {
    let marked = oc.member(i).is_some_and(|m| app.open_marks().is_some_and(|ms| ms.contains(&m.track_id)));
    let in_range =
        app.marks.range.is_some_and(|a| (a.min(oc.cursor.selected)..=a.max(oc.cursor.selected)).contains(&i));
    match (marked, in_range) {
        (true, _) => '●',
        (false, true) => '○',
        _ => ' ',
    }
}

/// A row's cells (number, title, time, date) and its style.
fn row<'a>(
    app: &'a App,
    oc: &'a OpenCollection,
    i: usize,
    theme: &Theme,
    focused: bool,
    (digits, title_cols): (usize, usize),
    query: Option<&str>,
) -> (Vec<Cell<'a>>, Style) {
    let selected = i == oc.cursor.selected;
    let mark = marker(app, oc, i);
    let base = if mark == ' ' { Style::new() } else { theme.marked };
    let base = match (selected, focused) {
        (true, true) => base.patch(theme.selected),
        (true, false) => base.patch(theme.selected_unfocused),
        _ => base,
    };
    let number = Cell::from(format!("{mark} {:>digits$}", i + 1));
    let Some(m) = oc.member(i) else {
        return (vec![number, Cell::from(Span::styled("…", theme.dim))], base);
    };
    let meta = app.tracks.known.get(&m.track_id);
    let title = match (meta.and_then(|t| t.title.as_deref()), query) {
        (Some(t), Some(q)) => {
            let t = fit(t, title_cols);
            Cell::from(Line::from(highlighted(
                &t,
                &crate::app::state::matched_chars(&app.matcher, q, &t),
                theme.matched,
            )))
        }
        (Some(t), None) => Cell::from(fit(t, title_cols)),
        (None, Some(q)) => {
            let id = m.track_id.as_str();
            Cell::from(
                Line::from(highlighted(id, &crate::app::state::matched_chars(&app.matcher, q, id), theme.matched))
                    .style(theme.dim),
            )
        }
        (None, None) => Cell::from(Span::styled(m.track_id.as_str(), theme.dim)),
    };
    let time = Cell::from(format!("{:>7}", duration(meta.and_then(|t| t.duration))));
    (vec![number, title, time, Cell::from(fit(date(&m.added_at), 10))], base)
}
