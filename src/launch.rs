//! Starting the TUI: against the configured API, on the first-run setup screen when nothing is
//! configured yet, or (`--demo`) against a reference server started in this process on a fresh
//! temporary database.

use std::path::PathBuf;

use ratatui::DefaultTerminal;

use crate::api::{ApiKey, Client, ClientConfig, OrganizationId};
use crate::app::Header;
use crate::app::keymap::{Keymap, Override};
use crate::app::setup::{SetupEnd, SetupForm};
use crate::app::state::Prefs;
use crate::config::file::ThemeConfig;
use crate::config::{ConfigFile, Settings};
use crate::journal::Journal;
use crate::runtime::{self, Session, TuiError};
use crate::server::{self, ServeOptions, seed};
use crate::ui::theme::Theme;

/// How the TUI begins.
pub enum Start {
    /// Settings are complete: browse the API; `warnings` (unknown config fields) show in the status line.
    Api { settings: Settings, warnings: Vec<String>, prefs: Prefs, theme: Option<ThemeConfig> },
    /// The built-in demo.
    Demo,
    /// Nothing usable is configured: the setup form, saving to `path`.
    Setup { form: Box<SetupForm>, path: PathBuf, existing: Option<ConfigFile> },
}

/// Runs the TUI (in colour unless `colour` is false); the terminal is restored however it ends.
pub async fn tui(start: Start, colour: bool) -> Result<(), TuiError> {
    let mut terminal = runtime::enter()?;
    let result = run(&mut terminal, start, colour).await;
    runtime::leave(result)
}

async fn run(terminal: &mut DefaultTerminal, start: Start, colour: bool) -> Result<(), TuiError> {
    let (settings, notes, warnings, prefs, theme) = match start {
        Start::Api { settings, warnings, prefs, theme } => {
            (settings, Vec::new(), warnings, prefs, Theme::for_run(theme.as_ref(), colour))
        }
        Start::Demo => return demo(terminal, Theme::for_run(None, colour)).await,
        Start::Setup { form, path, existing } => {
            let prefs = prefs_of(existing.as_ref());
            let theme = Theme::for_run(existing.as_ref().and_then(|f| f.theme.as_ref()), colour);
            let saved_to = format!("Saved to {}", path_shown(&path));
            match runtime::setup::run(terminal, theme, *form, path, existing).await? {
                SetupEnd::Saved(settings) => (settings, vec![saved_to], Vec::new(), prefs, theme),
                SetupEnd::Demo => return demo(terminal, theme).await,
                SetupEnd::Quit => return Err(TuiError::NotSetUp),
            }
        }
    };
    let client = Client::new(settings.client_config())?;
    tracing::info!(base_url = %client.base_url(), org = %client.organization(), "starting the TUI");
    let header = header(&client, false);
    let cache = runtime::cache::path(client.base_url().as_str(), client.organization().as_str());
    let place =
        runtime::place::path(client.base_url().as_str(), client.organization().as_str(), &client.key_fingerprint());
    let journal = Journal::default_location();
    let session = Session { client, header, cache, place, mirror: None, journal, notes, warnings, prefs, theme };
    runtime::browse(terminal, session).await
}

/// A path as a person reads it: under the home directory as `~/…`.
fn path_shown(path: &std::path::Path) -> String {
    match directories::BaseDirs::new()
        .and_then(|d| path.strip_prefix(d.home_dir()).ok().map(std::path::Path::to_path_buf))
    {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// The TUI's settings from a config file's `[ui]` table.
pub fn prefs_of(file: Option<&ConfigFile>) -> Prefs {
    let overrides: Vec<Override> = file
        .map(|f| {
            f.keys
                .iter()
                .map(|(action, spec)| Override {
                    action: action.clone(),
                    keys: spec.keys(),
                    line: f.key_lines.get(action).copied().unwrap_or(1),
                })
                .collect()
        })
        .unwrap_or_default();
    let (keys, key_errors) = Keymap::with(&overrides);
    Prefs {
        confirm_remove: file.and_then(|f| f.ui.confirm_remove).unwrap_or_default(),
        mouse: file.and_then(|f| f.ui.mouse).unwrap_or(true),
        clipboard: file.and_then(|f| f.ui.clipboard).unwrap_or_default(),
        refresh_secs: file.and_then(|f| f.ui.refresh_secs).unwrap_or(crate::app::state::DEFAULT_REFRESH_SECS),
        keys: std::sync::Arc::new(keys),
        key_errors,
    }
}

/// The header line for a client.
fn header(client: &Client, demo: bool) -> Header {
    let url = client.base_url();
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => url.to_string(),
    };
    Header { organization: client.organization().to_string(), host, demo }
}

/// The demo: writes nothing to the config directory, and the temporary database goes when it ends.
async fn demo(terminal: &mut DefaultTerminal, theme: Theme) -> Result<(), TuiError> {
    let dir = tempfile::tempdir().map_err(|e| TuiError::Demo(format!("cannot create a temporary directory: {e}")))?;
    let db = dir.path().join("demo.db").to_string_lossy().into_owned();
    let running = server::start(ServeOptions::demo(db)).await.map_err(|e| TuiError::Demo(e.to_string()))?;
    let config = ClientConfig::new(
        running.url(),
        OrganizationId::parse(seed::DEMO_ORG).map_err(|e| TuiError::Demo(e.to_string()))?,
        ApiKey::parse(seed::DEMO_KEY_LISTENER).map_err(|e| TuiError::Demo(e.to_string()))?,
    );
    let client = Client::new(config)?;
    tracing::info!(url = %running.url(), "demo server started");
    let header = header(&client, true);
    // The demo starts fresh every time: no track cache, and its journal lives and dies with its database.
    let journal = Some(Journal::at(dir.path().join("journal.jsonl")));
    let session = Session {
        client,
        header,
        cache: None,
        place: None,
        mirror: Some(dir.path().join("mirror")),
        journal,
        notes: Vec::new(),
        warnings: Vec::new(),
        prefs: Prefs::default(),
        theme,
    };
    let result = runtime::browse(terminal, session).await;
    running.stop().await;
    result
}
