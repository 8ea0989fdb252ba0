//! Why the TUI stopped before the person quit it. `main` alone turns these into exit statuses.

use crate::api::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("cannot set up the terminal: {0}")]
    Setup(#[source] std::io::Error),
    #[error("cannot restore the terminal: {0}")]
    Restore(#[source] std::io::Error),
    #[error("cannot draw: {0}")]
    Draw(#[source] std::io::Error),
    #[error("cannot read the terminal: {0}")]
    Read(#[source] std::io::Error),
    #[error("cannot start the demo: {0}")]
    Demo(String),
    #[error(transparent)]
    Api(#[from] ApiError),
}
