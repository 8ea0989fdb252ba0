//! Why the TUI stopped before the person quit it. `main` alone turns these into exit statuses.

use freddy_api::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error(
        "the TUI needs an interactive terminal, and none could be set up ({0}); from a script, use the commands instead: `freddy-music collections list`, `freddy-music tracks list COLLECTION`, `freddy-music tracks remove COLLECTION TRACK…` (`freddy-music --help` lists them all)"
    )]
    Setup(#[source] std::io::Error),
    #[error("cannot restore the terminal: {0}")]
    Restore(#[source] std::io::Error),
    #[error("cannot draw: {0}")]
    Draw(#[source] std::io::Error),
    #[error("cannot read the terminal: {0}")]
    Read(#[source] std::io::Error),
    #[error("cannot start the demo: {0}")]
    Demo(String),
    #[error(
        "nothing was saved: run `freddy-music` again for the setup screen, `freddy-music config init` to set up from the shell, or `freddy-music --demo` to try the app on demo data"
    )]
    NotSetUp,
    #[error(transparent)]
    Api(#[from] ApiError),
}
