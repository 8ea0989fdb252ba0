//! The loop of the first-run setup screen: keys into the form, verification and saving as tasks.

use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind};

use super::error::TuiError;
use super::events::Next;
use crate::api::ApiError;
use crate::app::setup::{self, Field, SetupCmd, SetupEnd, SetupForm, SetupMsg};
use crate::config::{self, ConfigFile};

/// Runs the form until it ends; saving writes `path` (keeping the other fields of `existing`).
pub async fn run(
    terminal: &mut DefaultTerminal,
    mut form: SetupForm,
    path: std::path::PathBuf,
    existing: Option<ConfigFile>,
) -> Result<SetupEnd, TuiError> {
    let (tx, mut rx) = mpsc::unbounded_channel::<SetupMsg>();
    let mut events = super::events::Events::new();
    // A click on a button presses it.
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    loop {
        terminal.draw(|f| crate::ui::setup::draw(&form, f)).map_err(TuiError::Draw)?;
        let msgs = match events.next(&mut rx).await? {
            Next::Key(k) => vec![SetupMsg::Key(k)],
            Next::Answers(batch) => batch,
            Next::Stop | Next::Closed => return Ok(SetupEnd::Quit),
            Next::Mouse(m) if matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) => {
                let size = terminal.size().map_err(TuiError::Read)?;
                match crate::ui::setup::button_at(&form, size.width, size.height, m.column, m.row) {
                    Some(button) if !form.busy => {
                        form.focus = button;
                        vec![SetupMsg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))]
                    }
                    _ => continue,
                }
            }
            Next::Mouse(_) | Next::Resize(..) | Next::Tick => continue,
        };
        let mut cmds = Vec::new();
        for msg in msgs {
            let (more, end) = setup::update(&mut form, msg);
            if let Some(end) = end {
                return Ok(end);
            }
            cmds.extend(more);
        }
        for cmd in cmds {
            let tx = tx.clone();
            match cmd {
                SetupCmd::Verify(settings) => {
                    tokio::spawn(async move {
                        // A refusal points at the field it is about: the key, the organization, or (for a
                        // server that cannot be reached) the base URL.
                        let result = config::command::verify(&settings).await.map(|()| settings).map_err(|e| {
                            let field = match &e {
                                ApiError::Unauthorized(_) => Some(Field::Key),
                                ApiError::Forbidden(_) => Some(Field::Organization),
                                ApiError::Network(_) | ApiError::Timeout(_) => Some(Field::BaseUrl),
                                _ => None,
                            };
                            (field, e.to_string())
                        });
                        let _ = tx.send(SetupMsg::Verified(result));
                    });
                }
                SetupCmd::Save(settings) => {
                    let file = settings.clone().into_file(existing.clone());
                    let path = path.clone();
                    tokio::task::spawn_blocking(move || {
                        let result = config::file::save(&path, &file).map(|()| settings).map_err(|e| e.to_string());
                        let _ = tx.send(SetupMsg::Saved(result));
                    });
                }
            }
        }
    }
}
