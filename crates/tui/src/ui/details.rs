//! The details popup (`i`) and the go-to prompt (`:`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::format::{date, duration, thousands};
use super::theme::Theme;
use crate::app::keymap::Scope;
use crate::app::state::Details;
use crate::app::{App, Popup};
use freddy_api::text::clean;

/// The details of a track or a collection: short lines that wrap (never cut) on a small terminal, over
/// the panes but not over the status line and the hint bar.
pub(super) fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(Popup::Details(d)) = &app.popup else { return };
    let bold = theme.title.add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = Vec::new();
    let title = match d.as_ref() {
        Details::Track { collection_name, member, track, error, also_in, .. } => {
            let name = track
                .as_ref()
                .and_then(|t| t.title.clone())
                .or_else(|| app.tracks.title(&member.track_id).map(str::to_string))
                .unwrap_or_else(|| "(untitled)".to_string());
            lines.push(Line::from(Span::styled(format!(" {}", clean(&name)), bold)));
            match (track, error) {
                (Some(t), _) => {
                    let sung = if t.instrumental { "instrumental" } else { "with vocals" };
                    lines.push(Line::raw(format!(
                        " {} · {} · {}",
                        duration(t.measured_duration_seconds),
                        clean(&t.engine),
                        clean(&t.mode)
                    )));
                    lines.push(Line::raw(format!(" {sung} · licence {}", clean(&t.licence_class))));
                    lines.push(Line::raw(format!(" created {}", date(&t.created_at))));
                }
                (None, Some(e)) => lines.push(Line::from(Span::styled(format!(" {}", clean(e)), theme.error))),
                (None, None) => lines.push(Line::from(Span::styled(" Reading the track…", theme.progress))),
            }
            lines.push(Line::raw(format!(
                " #{} in {} · added {}",
                thousands(member.position + 1),
                clean(collection_name),
                date(&member.added_at)
            )));
            if let Some(places) = also_in.as_ref().filter(|p| !p.is_empty()) {
                let named: Vec<String> =
                    places.iter().map(|(n, p)| format!("{} #{}", clean(n), thousands(*p as u64 + 1))).collect();
                lines.push(Line::raw(format!(" also in {}", named.join(", "))));
            }
            lines.push(Line::from(Span::styled(format!(" {}", member.track_id), theme.dim)));
            "Track"
        }
        Details::Collection { collection, count, known_seconds, known_tracks } => {
            lines.push(Line::from(Span::styled(format!(" {}", clean(&collection.name)), bold)));
            let tracks = match count {
                Some(1) => "1 track".to_string(),
                Some(n) => format!("{} tracks", thousands(*n)),
                None => "tracks not counted yet (open it)".to_string(),
            };
            let length = match (count, *known_tracks) {
                (_, 0) => String::new(),
                (Some(n), k) if k as u64 >= *n => format!(" · {}", duration(Some(*known_seconds))),
                (_, k) => format!(" · {} for the {} loaded", duration(Some(*known_seconds)), thousands(k as u64)),
            };
            lines.push(Line::raw(format!(" {tracks}{length}")));
            match collection.description.as_deref().filter(|d| !d.trim().is_empty()) {
                Some(d) => lines.push(Line::raw(format!(" {}", clean(d)))),
                None => lines.push(Line::from(Span::styled(" no description", theme.dim))),
            }
            lines.push(Line::raw(format!(
                " created {} · updated {}",
                date(&collection.created_at),
                date(&collection.updated_at)
            )));
            lines.push(Line::from(Span::styled(format!(" {}", collection.id), theme.dim)));
            "Collection"
        }
    };
    // Above the status line and the hint bar: what `y` copied is said there, and the hint bar has the keys.
    let above = Rect { height: area.height.saturating_sub(2), ..area };
    super::popup::draw(frame, above, theme, title, lines, 72);
}

/// The go-to prompt: what was typed, and how many rows there are.
pub(super) fn draw_go_to(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(Popup::GoTo(typed)) = &app.popup else { return };
    let rows = match app.focus {
        crate::app::Pane::Tracks => app.open.as_ref().map_or(0, |oc| oc.row_count()),
        crate::app::Pane::Collections => app.collections.items.len(),
    };
    let lines = vec![
        Line::from(vec![
            Span::raw(" Row: "),
            Span::styled(typed.clone(), theme.title),
            Span::styled("▏", theme.key),
            Span::styled(format!("  (1–{})", thousands(rows as u64)), theme.dim),
        ]),
        super::popup::keys(app, theme, Scope::GoTo),
    ];
    super::popup::draw(frame, area, theme, "Go to", lines, 40);
}
