//! Why a command failed, and the one place that turns it into an exit status and a message: 1 when the
//! API refused or failed, or a write could not be finished; 2 for usage or config errors; 128 + N after
//! signal N. Commands return typed errors (`CliError`, or the layers' own through `From`); only
//! `From<CliError> for Failure` makes a `Failure`.

use std::path::PathBuf;

use crate::api::{ApiError, IdError};
use crate::config::{ConfigError, FileError};

/// What went wrong, and the exit status that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    /// The exit status.
    pub fn code(&self) -> u8 {
        self.code
    }

    /// What to print (server text in it is made safe when printed).
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Every way a command fails.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    // ----- usage and config (exit 2) -----
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error("{}", .0.join("\n"))]
    Theme(Vec<String>),
    #[error("{0}; mend it first (it is kept as written)")]
    ThemeToMend(String),
    #[error("{} already exists; pass --force to replace it, or change one value with `freddy-music config set`", .0.display())]
    ConfigExists(PathBuf),
    #[error(
        "no API key: set FREDDY_API_KEY (kept out of the shell history) or pass --api-key KEY, or run on a terminal to be asked"
    )]
    NoKey,
    #[error(
        "no organization: set FREDDY_ORGANIZATION_ID or pass --organization ORG_ID, or run on a terminal to be asked"
    )]
    NoOrganization,
    #[error("invalid {key}: {why}")]
    InvalidSetting { key: String, why: String },
    #[error("unknown key `{key}`; one of: {settable}")]
    UnknownSetting { key: String, settable: &'static str },
    #[error("cannot read the answer: {0}")]
    Terminal(#[source] std::io::Error),
    #[error("cannot read standard input: {0}")]
    Stdin(#[source] std::io::Error),
    #[error(transparent)]
    BadId(#[from] IdError),
    #[error("nothing was removed; fix these ids first:\n  {}", .0.join("\n  "))]
    BadIds(Vec<String>),
    #[error("no track ids given (pass them as arguments, or `-` to read them from standard input)")]
    NoIds,
    #[error("{track} is not in {name} ({id}); `freddy-music tracks list` shows its tracks")]
    NotInCollection { track: String, name: String, id: String },
    #[error("positions count from 1")]
    PositionZero,
    #[error("there is no \u{201c}{name}\u{201d} #{n}: {count} collections have that name")]
    NoSuchNumber { name: String, n: usize, count: usize },
    #[error("no collection is named \u{201c}{name}\u{201d} (names match exactly); {hint}")]
    NoSuchName { name: String, hint: String },
    #[error("{} collections are named \u{201c}{name}\u{201d}: {}; give NAME#N or the id", .ids.len(), .ids.join(", "))]
    Ambiguous { name: String, ids: Vec<String> },
    #[error("no data directory could be found for the journal (is HOME set?)")]
    NoDataDir,
    #[error("no batch {0} in the journal; `freddy-music history` lists them")]
    NoBatch(String),
    #[error("batch {id} was made on {host} for {organization} with another key; restore it with that configuration")]
    OtherAccount { id: String, host: String, organization: String },
    #[error("deleting \u{201c}{0}\u{201d} needs --yes when standard input is not a terminal")]
    NeedsYes(String),
    #[error("not deleted: the answer did not confirm it")]
    NotConfirmed,
    #[error("a collection needs a name: give one that is not blank")]
    EmptyName,
    #[error("there is no mirror yet: run the same command without --offline once")]
    NoMirror,
    #[error("give some text to find (an empty query would match every track)")]
    EmptyQuery,
    #[error("there is no config file at {} (`freddy-music --config {} config init` writes one)", .0.display(), .0.display())]
    NoConfigAt(PathBuf),

    // ----- the API, the network or a write that could not be finished (exit 1) -----
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("verification failed, nothing was saved: {0}\n(pass --no-verify to save without checking)")]
    Verify(#[source] ApiError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("no home directory found; pass --db PATH")]
    NoHome,
    #[error("cannot create {}: {source}", .path.display())]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Server(#[from] crate::server::StartError),
    #[error(transparent)]
    Tui(crate::runtime::TuiError),
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] std::io::Error),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot read the journal {}: {source}", .path.display())]
    JournalRead { path: PathBuf, source: std::io::Error },
    #[error(
        "cannot write the journal {} ({source}): nothing was sent, since a change is sent only after its journal line is written; free some space and run it again",
        .path.display()
    )]
    JournalWrite { path: PathBuf, source: std::io::Error },
    #[error(
        "{reason}: stopped sending, since a removal is never sent before its journal line is written; {removed} removed{back}, {not_sent} not sent; free some space and run the same command again, or add --no-journal to go on without a way back"
    )]
    JournalFilled { reason: String, removed: usize, back: String, not_sent: usize },
    #[error("the journal holds no batch for this account ({})", .0.display())]
    NoBatchForAccount(PathBuf),
    #[error("{failed} of {total} {what} failed{then}")]
    SomeFailed { failed: usize, total: usize, what: &'static str, then: &'static str },
    #[error("{track} could not be moved: {why}")]
    NotMoved { track: String, why: String },
    #[error(
        "{name} changed while the removal ran: it holds {now} tracks where {expected} were expected (another client edited it); each removed track is journaled with the track that followed it, so `freddy-music restore {batch}` puts it back before that track, wherever it is now (by position where that track is gone too)"
    )]
    Raced { name: String, now: u64, expected: u64, batch: String },
    #[error(
        "the collection's order could not be read to its start ({reason}), so {not_sent} tracks were not sent ({removed} removed); run the same command again to finish"
    )]
    OrderUnread { reason: String, not_sent: usize, removed: usize },
    #[error("{0} change(s) could not be taken back; see above")]
    NotTakenBack(usize),
    #[error("cannot write the mirror: {0}")]
    MirrorWrite(#[source] std::io::Error),
    #[error("cannot write {what}: {why}")]
    Generated { what: &'static str, why: String },

    // ----- a signal (exit 128 + its number) -----
    #[error("stopped by a signal: {removed} removed, {not_sent} not sent; run the same command again to finish")]
    Signalled { signal: i32, removed: usize, not_sent: usize },
}

impl CliError {
    /// The exit status that says what kind of failure this is.
    fn code(&self) -> u8 {
        match self {
            Self::Config(_)
            | Self::File(_)
            | Self::Theme(_)
            | Self::ThemeToMend(_)
            | Self::ConfigExists(_)
            | Self::NoKey
            | Self::NoOrganization
            | Self::InvalidSetting { .. }
            | Self::UnknownSetting { .. }
            | Self::Terminal(_)
            | Self::Stdin(_)
            | Self::BadId(_)
            | Self::BadIds(_)
            | Self::NoIds
            | Self::NotInCollection { .. }
            | Self::PositionZero
            | Self::NoSuchNumber { .. }
            | Self::NoSuchName { .. }
            | Self::Ambiguous { .. }
            | Self::NoDataDir
            | Self::NoBatch(_)
            | Self::OtherAccount { .. }
            | Self::NeedsYes(_)
            | Self::NotConfirmed
            | Self::EmptyName
            | Self::NoConfigAt(_)
            | Self::NoMirror
            | Self::EmptyQuery => 2,
            // A base URL, an id or a redirect the client refused is the configuration's fault.
            Self::Api(
                ApiError::InsecureTransport { .. }
                | ApiError::BadBaseUrl(_)
                | ApiError::CredentialsInBaseUrl(_)
                | ApiError::BadId(_)
                | ApiError::Redirect(_),
            ) => 2,
            Self::Tui(crate::runtime::TuiError::Api(e)) => Self::Api(e.clone()).code(),
            Self::Signalled { signal, .. } => u8::try_from(128 + signal).unwrap_or(130),
            Self::Api(_)
            | Self::Verify(_)
            | Self::Runtime(_)
            | Self::NoHome
            | Self::DataDir { .. }
            | Self::Server(_)
            | Self::Tui(_)
            | Self::Stdout(_)
            | Self::Json(_)
            | Self::JournalRead { .. }
            | Self::JournalWrite { .. }
            | Self::JournalFilled { .. }
            | Self::NoBatchForAccount(_)
            | Self::SomeFailed { .. }
            | Self::NotMoved { .. }
            | Self::Raced { .. }
            | Self::OrderUnread { .. }
            | Self::NotTakenBack(_)
            | Self::Generated { .. }
            | Self::MirrorWrite(_) => 1,
        }
    }
}

impl From<CliError> for Failure {
    fn from(e: CliError) -> Self {
        let code = e.code();
        let message = match &e {
            // A key from the environment overrides the file: advice about the file alone would not help.
            CliError::Api(ApiError::Unauthorized(_))
            | CliError::Tui(crate::runtime::TuiError::Api(ApiError::Unauthorized(_)))
                if std::env::var_os("FREDDY_API_KEY").is_some_and(|v| !v.is_empty()) =>
            {
                // The usual advice (config init) cannot help while the variable overrides the file.
                let said = e.to_string().replace(" (run `freddy-music config init` or set FREDDY_API_KEY)", "");
                format!(
                    "{said}; the key in use comes from the environment variable FREDDY_API_KEY, which overrides the config file: unset it or set it to a valid key"
                )
            }
            _ => e.to_string(),
        };
        Self { code, message }
    }
}

/// The layers' errors become failures through `CliError`, so `?` works on them in a command.
macro_rules! through_cli_error {
    ($($t:ty),*) => {$(
        impl From<$t> for Failure {
            fn from(e: $t) -> Self {
                Self::from(CliError::from(e))
            }
        }
    )*};
}
through_cli_error!(ConfigError, FileError, ApiError, IdError, serde_json::Error);

impl From<crate::runtime::TuiError> for Failure {
    fn from(e: crate::runtime::TuiError) -> Self {
        Self::from(CliError::Tui(e))
    }
}
