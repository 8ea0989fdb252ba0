//! The loop of the first-run setup screen: keys into the form, verification and saving as tasks.

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

use crate::api::ApiError;
use crate::app::setup::{self, Field, SetupCmd, SetupEnd, SetupForm, SetupMsg};
use crate::config::{self, ConfigFile};

/// Runs the form until it ends; saving writes `path` (keeping the other fields of `existing`).
pub async fn run(
    terminal: &mut DefaultTerminal,
    mut form: SetupForm,
    path: std::path::PathBuf,
    existing: Option<ConfigFile>,
) -> Result<SetupEnd, String> {
    let (tx, mut rx) = mpsc::unbounded_channel::<SetupMsg>();
    let mut events = EventStream::new();
    let mut stops = super::signals::Stops::new();
    loop {
        terminal.draw(|f| crate::ui::setup::draw(&form, f)).map_err(|e| format!("cannot draw: {e}"))?;
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => SetupMsg::Key(k),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(format!("cannot read the terminal: {e}")),
                None => return Ok(SetupEnd::Quit),
            },
            () = stops.next() => return Ok(SetupEnd::Quit),
            Some(m) = rx.recv() => m,
        };
        let (cmds, end) = setup::update(&mut form, msg);
        if let Some(end) = end {
            return Ok(end);
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
