//! Mouse events into messages: a left click on a pane (and whether it is a double click: the same line
//! again within `DOUBLE`), and the wheel over a pane. The screen geometry comes from `ui::hit`.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::app::{Msg, Pane};

/// Two clicks on one line closer than this are a double click.
const DOUBLE: Duration = Duration::from_millis(400);

/// The last click, for telling a double click.
#[derive(Default)]
pub(super) struct Clicks {
    last: Option<(Instant, Pane, Option<usize>)>,
}

impl Clicks {
    /// The message for a mouse event on a `width`×`height` screen, if it means anything.
    pub(super) fn message(&mut self, m: MouseEvent, width: u16, height: u16, focus: Pane) -> Option<Msg> {
        let (pane, line) = crate::ui::hit(width, height, focus, m.column, m.row)?;
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let now = Instant::now();
                let double = self.last.is_some_and(|(at, p, l)| {
                    p == pane && l == line && line.is_some() && now.duration_since(at) < DOUBLE
                });
                self.last = if double { None } else { Some((now, pane, line)) };
                Some(Msg::Click { pane, line, double })
            }
            MouseEventKind::ScrollDown => Some(Msg::Scroll { pane, down: true }),
            MouseEventKind::ScrollUp => Some(Msg::Scroll { pane, down: false }),
            _ => None,
        }
    }
}
