//! The command line: the TUI by default, `serve` for the reference server.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::server::Seed;

/// The version, and the git commit when built from a checkout (`build.rs`).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), env!("FREDDY_BUILD_COMMIT"));

/// A keyboard-driven terminal app for music collections on the Aitronos Music Studio API.
#[derive(Debug, Parser)]
#[command(name = "freddy-music", version = VERSION, about)]
pub struct Cli {
    /// Open the TUI on a built-in reference server with demo data (needs no config, writes none).
    #[arg(long)]
    pub demo: bool,

    /// API base URL (overrides FREDDY_BASE_URL and the config file).
    #[arg(long, global = true)]
    pub base_url: Option<String>,

    /// Organization id (overrides FREDDY_ORGANIZATION_ID and the config file).
    #[arg(long, global = true)]
    pub organization: Option<String>,

    /// No progress on standard error.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// With output piped (tab-separated), start with the header line.
    #[arg(long, global = true)]
    pub header: bool,

    /// Colour: `auto` (the default: none when NO_COLOR is set or, for the command line, when the output is
    /// not a terminal), `always` or `never`. The TUI without colour marks selection and focus by reverse
    /// video and bold.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Config file to use instead of the one in the platform config directory.
    #[arg(long, global = true, env = "FREDDY_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// When to use colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Which data a new database starts with (`serve --seed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SeedArg {
    /// The demo organization, users, collections and the generated `Archive`.
    #[default]
    Demo,
    /// Nothing at all.
    Empty,
}

impl From<SeedArg> for Seed {
    fn from(s: SeedArg) -> Self {
        match s {
            SeedArg::Demo => Self::Demo,
            SeedArg::Empty => Self::Empty,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the reference Music API server (axum + SQLite).
    Serve(ServeArgs),
    /// Set up, show or change the config file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Your collections.
    #[command(subcommand)]
    Collections(CollectionsCommand),
    /// The tracks of a collection.
    #[command(subcommand)]
    Tracks(TracksCommand),
    /// Find tracks by title across every collection (fuzzy, any case, as the TUI's `/`): title,
    /// collection and position. Reads the local mirror, brought up to date first (one list page, and
    /// only the collections that changed since).
    Find {
        /// What to look for (several words match in any order).
        text: String,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
        /// Read the mirror as it is, with no request (it says how old it is).
        #[arg(long)]
        offline: bool,
    },
    /// The journal, newest first: every removal the app or the CLI made, and every collection the CLI
    /// created, renamed or deleted.
    History {
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
        /// Show at most this many batches (1 or more).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
        limit: u64,
    },
    /// Print a shell completion script (for example: `freddy-music completions bash >
    /// ~/.local/share/bash-completion/completions/freddy-music`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (for example: `freddy-music man > ~/.local/share/man/man1/freddy-music.1`).
    Man,
    /// Take journaled changes back: removed tracks go back to their recorded positions (safe to run
    /// twice), a deleted collection is recreated, a rename is set back, a new empty collection is deleted.
    #[command(
        override_usage = "freddy-music restore <BATCH_ID>... [--dry-run] [--json]\n       freddy-music restore --last [--dry-run] [--json]"
    )]
    Restore {
        /// Batch ids from `freddy-music history` (b_…).
        #[arg(required_unless_present = "last", conflicts_with = "last", value_name = "BATCH_ID")]
        batches: Vec<String>,
        /// The newest batch of the configured account.
        #[arg(long)]
        last: bool,
        /// Say what would be done; send no write.
        #[arg(long)]
        dry_run: bool,
        /// Print one JSON document with a result per track.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CollectionsCommand {
    /// List your collections, newest first.
    List {
        /// Print one JSON document (the API's field names).
        #[arg(long)]
        json: bool,
    },
    /// Create a collection (journaled: `restore` deletes it again while it is empty).
    Create {
        /// Its name (1 to 512 characters).
        name: String,
        /// A description (up to 2,000 characters).
        #[arg(long)]
        description: Option<String>,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Rename a collection, or change its description (journaled: `restore` sets them back).
    Rename {
        /// The collection: its id (mcoll_…) or its exact name.
        collection: String,
        /// The new name.
        name: String,
        /// A new description.
        #[arg(long)]
        description: Option<String>,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Delete a collection; its name, description and members are journaled first, so `restore`
    /// recreates it (with a new id).
    Delete {
        /// The collection: its id (mcoll_…) or its exact name.
        collection: String,
        /// Do not ask (needed when standard input is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TracksCommand {
    /// Which collections hold a track, and where (from the local mirror, brought up to date first).
    Where {
        /// The track id (mtrack_…).
        track: String,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
        /// Read the mirror as it is, with no request.
        #[arg(long)]
        offline: bool,
    },
    /// List a collection's tracks in order, with titles and durations.
    List {
        /// The collection: its id (mcoll_…) or its exact name.
        collection: String,
        /// Print one JSON document (the API's field names).
        #[arg(long)]
        json: bool,
        /// The columns, in order: any of position, title, duration, added, id.
        #[arg(long, value_delimiter = ',', default_value = "position,title,duration,added,id")]
        fields: Vec<crate::script::list::Field>,
        /// No header line (piped output has none unless --header; this wins over --header).
        #[arg(long)]
        no_header: bool,
        /// From the local mirror (`find` and `tracks where` keep it), with no request; it says how old.
        #[arg(long)]
        offline: bool,
    },
    /// Remove tracks from a collection; a track that is not in it is reported and left alone.
    Remove {
        /// The collection: its id (mcoll_…) or its exact name.
        collection: String,
        /// Track ids (mtrack_…); `-` reads them from standard input, one a line.
        #[arg(required = true)]
        tracks: Vec<String>,
        /// Print one JSON document with a result per track.
        #[arg(long)]
        json: bool,
        /// Requests at once (fewer while the server answers 429).
        #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=64))]
        concurrency: u16,
        /// Say what would be removed (with titles and positions); send no write.
        #[arg(long)]
        dry_run: bool,
        /// Write no journal: nothing to take the removal back with (for a full disk, on purpose).
        #[arg(long)]
        no_journal: bool,
    },
    /// Add tracks at the end of a collection, in the order given (journaled: `restore` removes them
    /// again); a track already in it is reported and left where it is.
    Add {
        /// The collection: its id (mcoll_…) or its exact name.
        collection: String,
        /// Track ids (mtrack_…); `-` reads them from standard input, one a line.
        #[arg(required = true)]
        tracks: Vec<String>,
        /// Print one JSON document with a result per track.
        #[arg(long)]
        json: bool,
    },
    /// Move a track to another position (journaled: `restore` moves it back).
    Move {
        /// The collection: its id (mcoll_…) or its exact name.
        collection: String,
        /// The track (mtrack_…).
        track: String,
        /// The position to move it to, counted from 1 as in the TUI (past the end: last).
        #[arg(long)]
        to: usize,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write the config file: asks on a terminal for what flags and environment do not give, verifies
    /// with one cheap call, never overwrites without --force.
    Init {
        /// The API key (prefer the prompt or FREDDY_API_KEY: command lines can be seen by others).
        #[arg(long)]
        api_key: Option<String>,
        /// Save without checking the values with the server.
        #[arg(long)]
        no_verify: bool,
        /// Replace an existing config file.
        #[arg(long)]
        force: bool,
    },
    /// Show each value (the key masked) and where it came from.
    Show,
    /// Print the config file's path.
    Path,
    /// Set one value: api_key (`-` reads it from standard input), organization_id, base_url,
    /// allow_insecure_http, request_timeout_secs, ui.confirm_remove, ui.mouse, ui.clipboard,
    /// ui.refresh_secs, theme.name.
    Set { key: String, value: String },
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    // The client's global flags, taken (and ignored) here so that `serve --help` does not list them: a
    // global flag is not propagated to a subcommand that has its own of the same name.
    #[arg(long, hide = true)]
    base_url: Option<String>,
    #[arg(long, hide = true)]
    organization: Option<String>,
    #[arg(long, hide = true)]
    header: bool,

    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,

    /// SQLite database file, or `:memory:`. Default: `server.db` in the platform data directory.
    #[arg(long)]
    pub db: Option<String>,

    /// Data a new database starts with.
    #[arg(long, value_enum, default_value_t = SeedArg::Demo)]
    pub seed: SeedArg,

    /// Tracks in the demo `Archive` collection (for benchmarks, e.g. 100000).
    #[arg(long, default_value_t = crate::server::seed::DEFAULT_ARCHIVE_SIZE)]
    pub archive_size: usize,

    /// Milliseconds added to every response.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,

    /// Share of requests (0.0 to 1.0) answered with 503, from a fixed seed.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate, allow_negative_numbers = true)]
    pub fail_rate: f64,

    /// Requests per minute per key before 429 with Retry-After (0: no limit).
    #[arg(long, default_value_t = 0)]
    pub rate_limit: u32,

    /// Largest request body accepted; a larger one gets 413 (for testing clients that must not assume it).
    #[arg(long, default_value_t = crate::server::MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
}

/// Why a `--fail-rate` does not read.
#[derive(Debug, thiserror::Error)]
pub enum RateError {
    #[error("`{0}` is not a number")]
    NotANumber(String),
    #[error("give a share from 0.0 to 1.0")]
    OutOfRange,
}

fn parse_rate(s: &str) -> Result<f64, RateError> {
    let v: f64 = s.parse().map_err(|_| RateError::NotANumber(s.to_string()))?;
    if (0.0..=1.0).contains(&v) { Ok(v) } else { Err(RateError::OutOfRange) }
}
