//! The reference implementation of the Music API (axum + SQLite): `freddy-music serve`, the engine of
//! `--demo`, and the target of every end-to-end test. Its behaviour is `shared/docs/music-api.md` made
//! executable.

mod auth;
pub mod clock;
pub mod errors;
pub mod faults;
mod input;
mod listen;
mod routes;
mod schema;
pub mod seed;
pub mod store;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use errors::ServerError;
pub use faults::{FaultOptions, Injected, Requests, Seen};
pub use input::MAX_BODY_BYTES;
pub use listen::HEADER_TIMEOUT;

/// Which data a new database starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
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
        }
    }
}

/// What every handler shares: the database (the fault knobs live in their own middleware state).
#[derive(Clone)]
pub struct Shared {
    db: Arc<Mutex<Connection>>,
    max_body_bytes: usize,
}

impl Shared {
    /// Runs `f` on the database off the async threads; one caller at a time.
    pub async fn db<T, F>(&self, f: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, ServerError> + Send + 'static,
    {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || {
            let mut conn = db.lock().map_err(|_| ServerError::internal("database lock poisoned"))?;
            f(&mut conn)
        })
        .await
        .map_err(ServerError::internal)?
    }
}

/// A server running in this process.
pub struct RunningServer {
    pub addr: SocketAddr,
    faults: Arc<faults::Faults>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningServer {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
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

    /// Stops accepting, lets requests in flight finish, and waits for the end.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the database {path}: {source}")]
    Database { path: String, source: rusqlite::Error },
    #[error("cannot seed the database: {0}")]
    Seed(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

/// Opens (and, when new, seeds) the database, binds the address and starts serving in the background.
pub async fn start(opts: ServeOptions) -> Result<RunningServer, StartError> {
    let path = opts.db.clone();
    let seed = opts.seed;
    let archive = opts.archive_size;
    let (conn, keys) = tokio::task::spawn_blocking(move || {
        let conn = open_and_seed(&path, seed, archive)?;
        let keys = store::api_keys(&conn).map_err(|e| StartError::Seed(e.message.clone()))?;
        Ok::<_, StartError>((conn, keys))
    })
    .await
    .map_err(|e| StartError::Seed(e.to_string()))??;
    let listener = TcpListener::bind(opts.addr).await.map_err(|source| StartError::Bind { addr: opts.addr, source })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind { addr: opts.addr, source })?;
    let shared = Shared { db: Arc::new(Mutex::new(conn)), max_body_bytes: opts.max_body_bytes };
    let faults = Arc::new(faults::Faults::new(opts.faults, keys));
    let app = routes::router(shared).layer(axum::middleware::from_fn_with_state(Arc::clone(&faults), faults::apply));
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(listen::serve(listener, app, rx));
    tracing::info!(%addr, "reference server listening");
    Ok(RunningServer { addr, faults, shutdown: Some(tx), task })
}

fn open_and_seed(path: &str, seed: Seed, archive_size: usize) -> Result<Connection, StartError> {
    let db_err = |source| StartError::Database { path: path.to_string(), source };
    let mut conn = schema::open(path).map_err(db_err)?;
    if seed == Seed::Demo && !seed::is_seeded(&conn).map_err(db_err)? {
        seed::seed_demo(&mut conn, archive_size).map_err(StartError::Seed)?;
    }
    Ok(conn)
}
