//! Where time, terminal and network meet: terminal setup and restore, the `tokio::select!` loop over key
//! events and API answers, and spawning each `Cmd` as a task so nothing blocks a key press.

mod abort_guard;
pub mod cache;
pub(crate) mod clipboard;
pub(crate) mod error;
pub(crate) mod events;
pub mod exec;
mod history;
mod journal_writer;
mod mirror;
mod mouse;
pub mod place;
pub mod setup;
pub mod signals;

use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

pub use error::TuiError;
use events::Next;

use crate::app::state::Prefs;
use crate::app::{self, App, Header, Msg};
use crate::ui;
use exec::JournalSink;
use freddy_api::Client;
use freddy_ops::journal::Journal;

/// Takes over the terminal (raw mode, alternate screen). ratatui's init also installs a panic hook
/// that restores the terminal, so a panic never leaves it in raw mode; `abort_guard` does the same for an
/// abort.
pub fn enter() -> Result<DefaultTerminal, TuiError> {
    // An abort (a failed allocation ends in one) gives the terminal back too.
    abort_guard::install();
    let terminal = ratatui::try_init().map_err(TuiError::Setup)?;
    // Focus reporting, so changes made elsewhere are checked when the user comes back.
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableFocusChange);
    // Mouse and focus reporting are turned off again on a panic too (ratatui's hook restores the rest).
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(
            std::io::stdout(),
            crossterm::event::DisableMouseCapture,
            crossterm::event::DisableFocusChange
        );
        previous(info);
    }));
    Ok(terminal)
}

/// Gives the terminal back; returns `result`, or the restore error if that alone failed.
pub fn leave<T>(result: Result<T, TuiError>) -> Result<T, TuiError> {
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableMouseCapture,
        crossterm::event::DisableFocusChange
    );
    let restored = ratatui::try_restore().map_err(TuiError::Restore);
    let value = result?;
    restored.map(|()| value)
}

/// What a browsing session needs besides the terminal.
pub struct Session {
    pub client: Client,
    pub header: Header,
    /// The track cache file (none for the demo).
    pub cache: Option<std::path::PathBuf>,
    /// Where the last session was (none for the demo, which starts fresh).
    pub place: Option<std::path::PathBuf>,
    /// The mirror's directory when not the account's own in the cache directory (the demo's, which goes
    /// with it).
    pub mirror: Option<std::path::PathBuf>,
    /// The journal of writes (the demo keeps one in its temporary directory).
    pub journal: Option<Journal>,
    /// What the start has to tell ("Saved to …"), said before the warnings.
    pub notes: Vec<String>,
    /// Config warnings: each said in the status line from the start (the last shows; `L` lists them).
    pub warnings: Vec<String>,
    pub prefs: Prefs,
    /// The run's colours (chosen once, from the config file, `--color` and `NO_COLOR`).
    pub theme: ui::theme::Theme,
}

/// Runs the collections browser until the user quits. Known track metadata is loaded from the cache
/// file and the undo stack from the journal at start (off the UI thread); the cache is written back at
/// the end.
pub async fn browse(terminal: &mut DefaultTerminal, session: Session) -> Result<(), TuiError> {
    let Session { client, header, cache, place, mirror, journal, notes, warnings, prefs, theme } = session;
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let mut app = App::new(header, format!("{:06x}", rand::random::<u32>() & 0x00ff_ffff));
    for n in notes {
        app.say(app::Tone::Info, n);
    }
    // Warnings, then errors (the last said is the one on screen; `L` lists them all).
    for w in warnings {
        app.say(app::Tone::Warning, w);
    }
    for e in &prefs.key_errors {
        let said = app::Said::from(format!("{e} (left as it was; "))
            .key(&prefs.keys, app::keymap::Action::Messages)
            .text(" lists them all)");
        app.say(app::Tone::Error, said);
    }
    app.prefs = prefs;
    // Last session's place (a small file, read at once: it decides the first requests).
    app.resume = place.as_deref().and_then(self::place::load).map(app::state::Resume::new);
    let titles = exec::TitleCalls::default();
    let sink = journal.map(|journal| JournalSink::start(journal, &client, &titles, &tx));
    let waits = tx.clone();
    client.throttle().on_wait(Box::new(move |wait| {
        let _ = waits.send(Msg::RateLimited(wait));
    }));
    client.throttle().on_budget(budget_hook(tx.clone()));
    let size = terminal.size().map_err(TuiError::Read)?;
    let mut cmds = app::update(&mut app, Msg::Resize(ui::viewport(size.width, size.height)));
    cmds.extend(app::start(&mut app));
    exec::spawn_all(cmds, &client, sink.as_ref(), &titles, &tx);
    if let Some(path) = cache.clone() {
        let tx = tx.clone();
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(Msg::TracksCached(cache::load(&path)));
        });
    }
    if let Some(sink) = &sink {
        app.writes.history_pending = true;
        let (journal, account, tx) = (sink.journal.clone(), sink.account.clone(), tx.clone());
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(history::load(&journal, &account));
        });
    }
    // Clicks and the wheel (`[ui] mouse = false` leaves the terminal's own selection alone, also after
    // the setup screen, which takes clicks on its buttons).
    let _ = if app.prefs.mouse {
        crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)
    } else {
        crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture)
    };
    let mut screen =
        Browse { app, client, sink, titles, tx, cache, place, mirror, clicks: mouse::Clicks::default(), theme };
    let ended = events::run(terminal, &mut screen, &mut rx).await;
    // The last lines (unconfirmed removals, an undo) reach the journal before the app ends, unless another
    // process holds its lock for longer than this.
    if let Some(sink) = &screen.sink {
        sink.flush(std::time::Duration::from_secs(3)).await;
    }
    ended
}

/// The collections browser as a screen of the one loop.
struct Browse {
    app: App,
    client: Client,
    sink: Option<JournalSink>,
    titles: exec::TitleCalls,
    tx: mpsc::UnboundedSender<Msg>,
    cache: Option<std::path::PathBuf>,
    place: Option<std::path::PathBuf>,
    mirror: Option<std::path::PathBuf>,
    clicks: mouse::Clicks,
    theme: ui::theme::Theme,
}

impl events::Screen for Browse {
    type Answer = Msg;
    type End = ();

    fn draw(&self, frame: &mut ratatui::Frame) {
        ui::draw(&self.app, &self.theme, frame);
    }

    fn on(&mut self, next: Next<Msg>, size: ratatui::layout::Size) -> Option<()> {
        let app = &mut self.app;
        let msgs = match next {
            Next::Key(k) => vec![Msg::Key(k)],
            Next::Resize(w, h) => vec![Msg::Resize(ui::viewport(w, h))],
            Next::Mouse(m) => {
                let pressed =
                    matches!(m.kind, crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left));
                let button = pressed.then(|| ui::popup_click(app, size.width, size.height, m.column, m.row)).flatten();
                match button {
                    Some(action) => vec![Msg::Button(action)],
                    None => self.clicks.message(m, size.width, size.height, app.focus).into_iter().collect(),
                }
            }
            Next::Stop => vec![Msg::Stop],
            Next::Tick => vec![Msg::Tick],
            Next::Focus => vec![Msg::FocusGained],
            Next::Answers(batch) => batch,
            Next::Closed => return Some(()),
        };
        for msg in msgs {
            let cmds = app::update(app, msg);
            for cmd in &cmds {
                match cmd {
                    app::Cmd::SyncMirror => {
                        self::mirror::start(self.client.clone(), self.mirror.clone(), self.tx.clone());
                    }
                    app::Cmd::LoadDetails { id } => {
                        self::mirror::also_in(&self.client, self.mirror.clone(), id.clone(), self.tx.clone());
                    }
                    _ => {}
                }
            }
            exec::spawn_all(cmds, &self.client, self.sink.as_ref(), &self.titles, &self.tx);
        }
        if !app.quit {
            return None;
        }
        if let Some(path) = self.cache.as_ref().filter(|_| app.tracks.learned)
            && let Err(e) = cache::save(path, &app.tracks.known)
        {
            tracing::warn!(path = %path.display(), error = %e, "could not write the track cache");
        }
        if let (Some(path), Some(here)) = (self.place.as_ref(), app::place_of(app))
            && let Err(e) = self::place::save(path, &here)
        {
            tracing::warn!(path = %path.display(), error = %e, "could not write the place");
        }
        Some(())
    }
}

/// Passes each answer's rate-limit budget to the app. While it is low, the app holds back title requests
/// and nothing else would bring news of the refill, so the window's reset is announced when it comes
/// (unless a later answer said something newer).
fn budget_hook(tx: mpsc::UnboundedSender<Msg>) -> freddy_api::throttle::BudgetHook {
    let newest = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    Box::new(move |budget| {
        let seen = newest.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let _ = tx.send(Msg::Budget(budget));
        if budget.remaining <= budget.limit / 2 {
            let (tx, newest) = (tx.clone(), std::sync::Arc::clone(&newest));
            tokio::spawn(async move {
                tokio::time::sleep(budget.reset_in).await;
                if newest.load(std::sync::atomic::Ordering::Relaxed) == seen {
                    let _ = tx.send(Msg::Budget(budget.refilled()));
                }
            });
        }
    })
}
