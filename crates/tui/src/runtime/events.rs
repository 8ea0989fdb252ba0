//! The one event loop (`run`) and what it waits for: terminal input, a stop signal, a one-second tick,
//! and the answers of the tasks a screen started. The browse screen and the setup screen are both
//! `Screen`s it drives.

use crossterm::event::{Event, EventStream, KeyEvent, KeyEventKind, MouseEvent};
use futures::StreamExt;
use tokio::sync::mpsc::UnboundedReceiver;

use super::error::TuiError;
use super::signals::Stops;

/// Something that happened.
pub(crate) enum Next<M> {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// The terminal gained focus (focus reporting is on while the app runs).
    Focus,
    /// SIGINT, SIGTERM or SIGHUP.
    Stop,
    Tick,
    /// Every answer already waiting (taken together, so the screen is drawn once for them).
    Answers(Vec<M>),
    /// The terminal's input ended.
    Closed,
}

/// The sources a screen waits on.
struct Events {
    terminal: EventStream,
    stops: Stops,
    seconds: tokio::time::Interval,
}

impl Events {
    fn new() -> Self {
        let mut seconds = tokio::time::interval(std::time::Duration::from_secs(1));
        seconds.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Self { terminal: EventStream::new(), stops: Stops::new(), seconds }
    }

    /// Waits for the next thing that happened (key releases and other terminal events are skipped).
    async fn next<M>(&mut self, answers: &mut UnboundedReceiver<M>) -> Result<Next<M>, TuiError> {
        loop {
            return Ok(tokio::select! {
                ev = self.terminal.next() => match ev {
                    Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => Next::Key(k),
                    Some(Ok(Event::Mouse(m))) => Next::Mouse(m),
                    Some(Ok(Event::Resize(w, h))) => Next::Resize(w, h),
                    Some(Ok(Event::FocusGained)) => Next::Focus,
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return Err(TuiError::Read(e)),
                    None => Next::Closed,
                },
                () = self.stops.next() => Next::Stop,
                _ = self.seconds.tick() => Next::Tick,
                Some(first) = answers.recv() => {
                    let mut batch = vec![first];
                    while let Ok(m) = answers.try_recv() {
                        batch.push(m);
                    }
                    Next::Answers(batch)
                }
            });
        }
    }
}

/// A screen the one loop (`run`) drives: it draws, takes what happened, and says when it is done.
pub(crate) trait Screen {
    /// What its tasks answer with.
    type Answer;
    /// What it ends with.
    type End;
    fn draw(&self, frame: &mut ratatui::Frame);
    /// What happened; `Some` ends the loop (after one last draw). `size` is the terminal's now.
    fn on(&mut self, next: Next<Self::Answer>, size: ratatui::layout::Size) -> Option<Self::End>;
}

/// The one event loop: draw, wait for the next thing, hand it to the screen, until the screen ends.
pub(crate) async fn run<S: Screen>(
    terminal: &mut ratatui::DefaultTerminal,
    screen: &mut S,
    answers: &mut UnboundedReceiver<S::Answer>,
) -> Result<S::End, TuiError> {
    let mut events = Events::new();
    loop {
        terminal.draw(|f| screen.draw(f)).map_err(TuiError::Draw)?;
        let next = events.next(answers).await?;
        let size = terminal.size().map_err(TuiError::Read)?;
        if let Some(end) = screen.on(next, size) {
            terminal.draw(|f| screen.draw(f)).map_err(TuiError::Draw)?;
            return Ok(end);
        }
    }
}
