//! The first-run setup screen on the one event loop: keys and clicks into the form, verification and
//! saving as tasks.

use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

use crossterm::event::{MouseButton, MouseEventKind};

use super::error::TuiError;
use super::events::{Next, Screen};
use crate::app::setup::{self, SetupCmd, SetupEnd, SetupForm, SetupMsg};
use freddy_ops::config::{self, ConfigFile};

/// Runs the form until it ends; saving writes `path` (keeping the other fields of `existing`).
pub async fn run(
    terminal: &mut DefaultTerminal,
    theme: crate::ui::theme::Theme,
    form: SetupForm,
    path: std::path::PathBuf,
    existing: Option<ConfigFile>,
) -> Result<SetupEnd, TuiError> {
    let (tx, mut rx) = mpsc::unbounded_channel::<SetupMsg>();
    // A click on a button presses it.
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    let mut screen = Setup { form, path, existing, tx, theme };
    super::events::run(terminal, &mut screen, &mut rx).await
}

/// The setup form as a screen of the one loop.
struct Setup {
    form: SetupForm,
    path: std::path::PathBuf,
    existing: Option<ConfigFile>,
    tx: mpsc::UnboundedSender<SetupMsg>,
    theme: crate::ui::theme::Theme,
}

impl Screen for Setup {
    type Answer = SetupMsg;
    type End = SetupEnd;

    fn draw(&self, frame: &mut ratatui::Frame) {
        crate::ui::setup::draw(&self.form, &self.theme, frame);
    }

    fn on(&mut self, next: Next<SetupMsg>, size: ratatui::layout::Size) -> Option<SetupEnd> {
        let msgs = match next {
            Next::Key(k) => vec![SetupMsg::Key(k)],
            Next::Answers(batch) => batch,
            Next::Stop | Next::Closed => return Some(SetupEnd::Quit),
            Next::Mouse(m) if matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) => {
                match crate::ui::setup::button_at(&self.form, size.width, size.height, m.column, m.row) {
                    Some(button) if !self.form.busy => vec![SetupMsg::Clicked(button)],
                    _ => return None,
                }
            }
            Next::Mouse(_) | Next::Resize(..) | Next::Tick | Next::Focus => return None,
        };
        for msg in msgs {
            let (cmds, end) = setup::update(&mut self.form, msg);
            if end.is_some() {
                return end;
            }
            for cmd in cmds {
                self.spawn(cmd);
            }
        }
        None
    }
}

impl Setup {
    /// Verifies or saves in a task, answering on the channel.
    fn spawn(&self, cmd: SetupCmd) {
        let tx = self.tx.clone();
        match cmd {
            SetupCmd::Verify(settings) => {
                tokio::spawn(async move {
                    let result = config::verify(&settings).await.map(|()| settings);
                    let _ = tx.send(SetupMsg::Verified(result));
                });
            }
            SetupCmd::Save(settings) => {
                let file = settings.clone().into_file(self.existing.clone());
                let path = self.path.clone();
                tokio::task::spawn_blocking(move || {
                    let result = config::file::save(&path, &file).map(|()| settings);
                    let _ = tx.send(SetupMsg::Saved(result));
                });
            }
        }
    }
}
