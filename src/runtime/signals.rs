//! The signals that end the TUI (SIGTERM, SIGHUP, and SIGINT when it comes as a signal rather than as
//! Ctrl-C in raw mode): the event loops stop on them, so the terminal is restored on the way out.

/// Waits for any of the stop signals.
pub struct Stops {
    #[cfg(unix)]
    streams: Vec<tokio::signal::unix::Signal>,
}

impl Stops {
    /// Listens for the signals; one that cannot be listened for is left to its default action.
    pub fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let kinds = [SignalKind::terminate(), SignalKind::hangup(), SignalKind::interrupt()];
            Self { streams: kinds.into_iter().filter_map(|k| signal(k).ok()).collect() }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    /// Resolves when one of the signals arrives (never, if none could be listened for).
    pub async fn next(&mut self) {
        #[cfg(unix)]
        {
            if self.streams.is_empty() {
                return std::future::pending().await;
            }
            let waits = self.streams.iter_mut().map(|s| Box::pin(s.recv()));
            let _ = futures::future::select_all(waits).await;
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

impl Default for Stops {
    fn default() -> Self {
        Self::new()
    }
}
