//! The signals that end the TUI (SIGTERM, SIGHUP, and SIGINT when it comes as a signal rather than as
//! Ctrl-C in raw mode): the event loops stop on them, so the terminal is restored on the way out.

/// Waits for any of the stop signals.
pub struct Stops {
    /// Each stream with its signal's number.
    #[cfg(unix)]
    streams: Vec<(i32, tokio::signal::unix::Signal)>,
}

impl Stops {
    /// Listens for the signals; one that cannot be listened for is left to its default action.
    pub fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let kinds = [(15, SignalKind::terminate()), (1, SignalKind::hangup()), (2, SignalKind::interrupt())];
            Self { streams: kinds.into_iter().filter_map(|(n, k)| Some((n, signal(k).ok()?))).collect() }
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
            let waits = self.streams.iter_mut().map(|(n, s)| {
                let n = *n;
                Box::pin(async move {
                    s.recv().await;
                    n
                })
            });
            let (n, _, _) = futures::future::select_all(waits).await;
            n
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
