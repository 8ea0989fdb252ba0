//! The reference implementation of the Music API (axum + SQLite): `freddy-music serve`, the engine of
//! `--demo`, and the target of every end-to-end test. Its behaviour is `shared/docs/music-api.md` made
//! executable.

// A dependency no code uses is an error in the library's own build (a test build sees the
// dev-dependencies too, where the lint misfires, so it is off there).
#![cfg_attr(not(test), deny(unused_crate_dependencies))]

mod auth;
pub mod clock;
mod cursors;
mod db;
pub(crate) mod errors;
pub(crate) mod faults;
mod input;
mod listen;
mod ranks;
mod routes;
mod schema;
pub mod seed;
pub(crate) mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use errors::ServerError;
pub use faults::{FaultOptions, Injected, MAX_IN_FLIGHT_PER_KEY, Requests, Seen};
pub use input::{BODY_TIMEOUT, MAX_BODY_BYTES};
pub use listen::HEADER_TIMEOUT;

/// Which data a new database starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seed {
    /// The demo organization, users, collections and the generated `Archive`.
    #[default]
    Demo,
    /// Nothing at all.
    Empty,
}

/// Everything `freddy-music serve` can be told.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub addr: SocketAddr,
    /// A file path, or `:memory:`.
    pub db: String,
    pub seed: Seed,
    pub archive_size: usize,
    pub faults: FaultOptions,
    /// Largest request body accepted (413 above it).
    pub max_body_bytes: usize,
    /// How long a request body may take to arrive (408 after it).
    pub body_timeout: std::time::Duration,
    /// The time written into `created_at`, `updated_at`, `added_at` and `deleted_at` (an error envelope's
    /// `timestamp` is the system's: errors are made where this does not reach).
    pub clock: clock::Clock,
}

impl ServeOptions {
    /// Demo data on an ephemeral loopback port, no faults.
    pub fn demo(db: impl Into<String>) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: db.into(),
            seed: Seed::Demo,
            archive_size: seed::DEFAULT_ARCHIVE_SIZE,
            faults: FaultOptions::default(),
            max_body_bytes: input::MAX_BODY_BYTES,
            body_timeout: input::BODY_TIMEOUT,
            clock: clock::Clock::default(),
        }
    }
}

/// What every handler shares: the database and whether the demo Archive is written yet (the fault knobs
/// live in their own middleware state).
#[derive(Clone)]
pub struct Shared {
    db: Arc<db::Db>,
    cursors: Arc<cursors::PageCursors>,
    callers: Arc<store::Callers>,
    seeded: tokio::sync::watch::Receiver<bool>,
    max_body_bytes: usize,
    body_timeout: std::time::Duration,
    clock: clock::Clock,
}

impl Shared {
    /// Waits until the demo Archive is written (at once when it is, or when there is none).
    async fn seeded(&self) {
        let mut seeded = self.seeded.clone();
        let _ = seeded.wait_for(|done| *done).await;
    }
}

/// A server running in this process.
pub struct RunningServer {
    pub addr: SocketAddr,
    faults: Arc<faults::Faults>,
    db: Arc<db::Db>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    clock: clock::Clock,
}

impl RunningServer {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The database file it uses (for `:memory:`, the temporary file standing for it, removed when the
    /// server goes).
    pub fn database(&self) -> &str {
        self.db.path()
    }

    /// The clock it writes times by: `advance` it to make the next write a later second.
    pub fn clock(&self) -> &clock::Clock {
        &self.clock
    }

    /// The 429s and 503s the fault knobs have answered so far.
    pub fn injected(&self) -> Injected {
        self.faults.injected()
    }

    /// Rate-limit buckets held now (only authenticated keys get one).
    pub fn rate_buckets(&self) -> usize {
        self.faults.buckets()
    }

    /// Every request so far (method, path, query, status), when started with `record`.
    pub fn request_log(&self) -> Vec<Seen> {
        self.faults.log()
    }

    /// The requests sent to it so far, by method.
    pub fn requests(&self) -> Requests {
        self.faults.requests()
    }

    /// The most requests of one key that were under way at once so far.
    pub fn peak_in_flight(&self) -> usize {
        self.faults.peak_in_flight()
    }

    /// Stops accepting, lets requests in flight finish, and waits for the end.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
        let db = Arc::clone(&self.db);
        let _ = tokio::task::spawn_blocking(move || db.close()).await;
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] db::OpenError),
    #[error("cannot read the keys and the demo's state from the database: {0}")]
    Read(String),
    #[error("the database was opened on a task that stopped: {0}")]
    Stopped(#[from] tokio::task::JoinError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

/// Opens (and, when new, seeds) the database, binds the address and starts serving in the background.
/// A new demo database answers at once: its Archive's members are written in the background, and the
/// requests that could see them wait for that (see `auth`).
pub async fn start(opts: ServeOptions) -> Result<RunningServer, StartError> {
    let path = opts.db.clone();
    let seed = opts.seed;
    let (db, keys) = tokio::task::spawn_blocking(move || {
        let db = db::Db::open(&path, |conn| {
            if seed == Seed::Demo && !seed::is_seeded(conn)? {
                let tx = conn.transaction()?;
                seed::seed_base(&tx)?;
                tx.commit()?;
            }
            Ok(())
        })?;
        let callers = db.read(store::callers).map_err(|e| StartError::Read(e.message.clone()))?;
        let pending = db.read(|c| Ok(seed::archive_pending(c)?)).map_err(|e| StartError::Read(e.message.clone()))?;
        Ok::<_, StartError>((Arc::new(db), (callers, pending)))
    })
    .await
    .map_err(StartError::Stopped)??;
    let (callers, pending) = keys;
    let keys = callers.keys().cloned().collect();
    let listener = TcpListener::bind(opts.addr).await.map_err(|source| StartError::Bind { addr: opts.addr, source })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind { addr: opts.addr, source })?;
    let (seeded_tx, seeded) = tokio::sync::watch::channel(!pending);
    if pending {
        let db = Arc::clone(&db);
        let size = opts.archive_size;
        tokio::spawn(async move {
            if let Err(e) =
                db.write(db::Weight::Heavy, move |c| seed::seed_archive(c, size).map_err(ServerError::internal)).await
            {
                tracing::error!(error = %e.message, "cannot write the demo Archive");
            }
            let written = Arc::clone(&db);
            if let Ok(Err(e)) = tokio::task::spawn_blocking(move || written.checkpoint()).await {
                tracing::warn!(error = %e.message, "cannot checkpoint after the demo Archive");
            }
            let _ = seeded_tx.send(true);
        });
    }
    let shared = Shared {
        db: Arc::clone(&db),
        cursors: Arc::default(),
        callers: Arc::new(callers),
        seeded,
        max_body_bytes: opts.max_body_bytes,
        body_timeout: opts.body_timeout,
        clock: opts.clock.clone(),
    };
    let faults = Arc::new(faults::Faults::new(opts.faults, keys));
    let app = routes::router(shared).layer(axum::middleware::from_fn_with_state(Arc::clone(&faults), faults::apply));
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(listen::serve(listener, app, rx));
    tracing::info!(%addr, "reference server listening");
    Ok(RunningServer { addr, faults, db, shutdown: Some(tx), task, clock: opts.clock })
}
