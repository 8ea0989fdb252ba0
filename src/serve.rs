//! `freddy-music serve`: run the reference server in the foreground until Ctrl-C or SIGTERM.

use std::time::Duration;

use crate::cli::ServeArgs;
use crate::failure::CliError;
use crate::server::{self, FaultOptions, Seed, ServeOptions, seed};

/// Starts the server, prints where it listens (and the demo keys), and waits for a stop signal.
pub async fn run(args: ServeArgs) -> Result<(), CliError> {
    let db = match args.db {
        Some(db) => db,
        None => default_db_path()?,
    };
    let opts = ServeOptions {
        addr: args.addr,
        db: db.clone(),
        seed: args.seed.into(),
        archive_size: args.archive_size,
        faults: FaultOptions {
            latency: Duration::from_millis(args.latency_ms),
            fail_rate: args.fail_rate,
            rate_limit: args.rate_limit,
            record: false,
        },
        max_body_bytes: args.max_body_bytes,
        body_timeout: server::BODY_TIMEOUT,
        clock: server::clock::Clock::default(),
    };
    let running = server::start(opts).await?;
    say(&format!("freddy-music reference server listening on {}", running.url()));
    if db == ":memory:" {
        say(&format!("database: :memory: (a temporary file, {}, removed on exit)", running.database()));
    } else {
        say(&format!("database: {db}"));
    }
    if Seed::from(args.seed) == Seed::Demo {
        say(&format!(
            "demo organization: {}   keys: {} (listener), {} (other)",
            seed::DEMO_ORG,
            seed::DEMO_KEY_LISTENER,
            seed::DEMO_KEY_OTHER
        ));
    }
    wait_for_stop().await;
    let injected = running.injected();
    if injected != crate::server::Injected::default() {
        say(&format!(
            "fault knobs answered {} requests with 429 and {} with 503",
            injected.rate_limited, injected.failed
        ));
    }
    say("shutting down");
    running.stop().await;
    Ok(())
}

/// A line on standard output; a reader that went away (a closed pipe) does not stop the server.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

fn default_db_path() -> Result<String, CliError> {
    let dirs = crate::paths::project_dirs().ok_or(CliError::NoHome)?;
    let dir = dirs.data_dir();
    std::fs::create_dir_all(dir).map_err(|source| CliError::DataDir { path: dir.to_path_buf(), source })?;
    Ok(dir.join("server.db").to_string_lossy().into_owned())
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
