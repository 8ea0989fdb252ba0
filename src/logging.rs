//! Logs go to a file in the platform state (or data) directory, never to the screen. `FREDDY_LOG`
//! sets the level (`debug` raises it); other crates stay at `warn`, and the API key is never logged.

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::sync::Mutex;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The log file: `freddy-music.log` in the state directory (data directory where there is none).
pub fn log_path() -> Option<PathBuf> {
    let dirs = crate::paths::project_dirs()?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf();
    Some(dir.join("freddy-music.log"))
}

/// `FREDDY_LOG`: a level for this app's crates (`debug`), or targets and levels
/// (`warn,freddy_api=trace`); anything unreadable is `info`. (Per-target levels, not regular expressions:
/// the regex engine behind a full env filter was a tenth of the binary.)
fn filter() -> Targets {
    let level = std::env::var("FREDDY_LOG").unwrap_or_else(|_| "info".to_string());
    let spec = if level.contains('=') { level } else { ours(&level) };
    spec.parse().unwrap_or_else(|_| ours("info").parse().unwrap_or_default())
}

/// `level` for every crate of this workspace, `warn` for the rest.
fn ours(level: &str) -> String {
    ["freddy_music", "freddy_wire", "freddy_api", "freddy_server", "freddy_ops", "freddy_tui"]
        .iter()
        .fold("warn".to_string(), |spec, krate| format!("{spec},{krate}={level}"))
}

/// Why logging to the file is off.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("no home directory for the log file")]
    NoHome,
    #[error("cannot create {path}: {source}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error("cannot open {path}: {source}")]
    Open { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Init(#[from] tracing_subscriber::util::TryInitError),
}

/// Sends logs to the log file; returns its path, or why logging is off (the app runs either way).
pub fn to_file() -> Result<PathBuf, LogError> {
    let path = log_path().ok_or(LogError::NoHome)?;
    if let Some(dir) = path.parent() {
        crate::paths::create_private_dir(dir).map_err(|source| LogError::Create { path: dir.to_path_buf(), source })?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    // Created 0600: the log holds request paths and ids, which are nobody else's business.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path).map_err(|source| LogError::Open { path: path.clone(), source })?;
    let layer = tracing_subscriber::fmt::layer().with_ansi(false).with_writer(Mutex::new(file));
    tracing_subscriber::registry().with(layer).with(filter()).try_init()?;
    Ok(path)
}

/// Sends logs to standard error (for `serve`, which runs in the foreground), coloured only when `color`
/// says so (a log redirected to a file gets no escape sequences).
pub fn to_stderr(color: bool) {
    let layer = tracing_subscriber::fmt::layer().with_ansi(color).with_writer(std::io::stderr);
    let _ = tracing_subscriber::registry().with(layer).with(filter()).try_init();
}
