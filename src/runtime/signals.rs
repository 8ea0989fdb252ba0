//! The signals that end the TUI (SIGTERM, SIGHUP, and SIGINT when it comes as a signal rather than as
//! Ctrl-C in raw mode): the event loops stop on them, so the terminal is restored on the way out.

/// The signals listened for, in the order of the streams.
#[cfg(unix)]
const SIGNALS: [i32; 3] = [15, 1, 2];

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
            let streams: Vec<_> = kinds.into_iter().map(|k| signal(k).ok()).collect();
            if streams.iter().any(Option::is_none) {
                // Keep the numbering of `SIGNALS`: all or none.
                return Self { streams: Vec::new() };
            }
            Self { streams: streams.into_iter().flatten().collect() }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    /// Resolves when one of the signals arrives (never, if none could be listened for).
    pub async fn next(&mut self) {
        self.which().await;
    }

    /// Resolves with the number of the signal that arrived (15 SIGTERM, 1 SIGHUP, 2 SIGINT), so a command
    /// can exit with 128 + it as a shell expects.
    pub async fn which(&mut self) -> i32 {
        #[cfg(unix)]
        {
            if self.streams.is_empty() {
                return std::future::pending().await;
            }
            let waits = self.streams.iter_mut().map(|s| Box::pin(s.recv()));
            let (_, i, _) = futures::future::select_all(waits).await;
            SIGNALS.get(i).copied().unwrap_or(2)
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            2
        }
    }
}

impl Default for Stops {
    fn default() -> Self {
        Self::new()
    }
}
