//! The database behind the handlers: one write connection, committed in groups, and a pool of WAL read
//! connections.
//!
//! **Group commit.** A write joins the queue; the caller that finds no commit under way commits every
//! write waiting (up to `MAX_GROUP`) as one transaction, each inside its own savepoint, and only then
//! answers each caller. A write that fails is rolled back to its savepoint alone (nothing of it stays,
//! the others go on); if the commit itself fails, every write of the group is answered with that error
//! and none of them is applied. An acknowledged write is in the WAL file, so it survives `kill -9`.
//!
//! **Threads.** A light write (one row or a few) is committed on the request's own thread, so there is
//! no hand-off: before committing it yields once, and the requests that thread has ready join the group.
//! A heavy write (a reorder, the demo seed) and any queue left after a few groups are handed to a
//! blocking thread, so a long commit never holds the thread that answers reads.
//!
//! **Reads** never queue behind writes: each takes an idle read connection (opening one when none is
//! idle), runs in one read transaction (one snapshot), and gives the connection back. A heavy read runs
//! on a blocking thread.
//!
//! `:memory:` cannot be shared by several connections, so it becomes a database file in a temporary
//! directory that is removed when the server stops.

use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::errors::ServerError;
use super::schema;

/// Most writes committed as one transaction.
const MAX_GROUP: usize = 256;
/// Most groups one request's task commits before handing the queue to a blocking task.
const MAX_ROUNDS: usize = 4;
/// Idle read connections kept (more are opened when busy, and closed when given back past this).
const MAX_IDLE_READERS: usize = 8;

type Result<T> = std::result::Result<T, ServerError>;

/// How long a write or read may take: a heavy one runs on a blocking thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    /// A row or a few: done on the request's thread.
    Light,
    /// Up to every member of a collection.
    Heavy,
}

/// One write waiting for the writer thread.
trait Job: Send {
    /// Whether the write may take long (it is then committed on a blocking thread).
    fn heavy(&self) -> bool;
    /// Runs the write on the writer's connection, inside the group's transaction; whether it succeeded.
    fn run(&mut self, conn: &Connection) -> bool;
    /// Answers the caller once the group's commit is known.
    fn answer(self: Box<Self>, commit: &Result<()>);
}

struct Write<T, F> {
    weight: Weight,
    f: Option<F>,
    out: Option<Result<T>>,
    tx: oneshot::Sender<Result<T>>,
}

impl<T, F> Job for Write<T, F>
where
    T: Send,
    F: FnOnce(&Connection) -> Result<T> + Send,
{
    fn heavy(&self) -> bool {
        self.weight == Weight::Heavy
    }

    fn run(&mut self, conn: &Connection) -> bool {
        let out = self.f.take().map_or_else(|| Err(ServerError::internal("a write ran twice")), |f| f(conn));
        let ok = out.is_ok();
        self.out = Some(out);
        ok
    }

    fn answer(self: Box<Self>, commit: &Result<()>) {
        let out = match (self.out, commit) {
            (Some(Err(e)), _) => Err(e),
            (Some(Ok(_)), Err(e)) => Err(e.clone()),
            (Some(Ok(v)), Ok(())) => Ok(v),
            (None, Err(e)) => Err(e.clone()),
            (None, Ok(())) => Err(ServerError::internal("a write was never run")),
        };
        // The caller may have gone (its connection closed); the write stands either way.
        let _ = self.tx.send(out);
    }
}

/// The database: the write connection with the writes waiting for it, and the idle readers.
pub(crate) struct Db {
    path: String,
    writer: Mutex<Option<Connection>>,
    waiting: Mutex<Waiting>,
    readers: Mutex<Vec<Connection>>,
    /// The directory holding a `:memory:` database's file; removed when the server goes.
    _temp: Option<tempfile::TempDir>,
}

/// The writes not yet taken, and whether a caller is committing them now.
#[derive(Default)]
struct Waiting {
    jobs: Vec<Box<dyn Job>>,
    committing: bool,
}

impl Db {
    /// Opens (creating and migrating when needed) the database at `path`. `prepare` runs first on the
    /// write connection (seeding a new database, say).
    pub(crate) fn open(
        path: &str,
        prepare: impl FnOnce(&mut Connection) -> std::result::Result<(), crate::seed::SeedError>,
    ) -> std::result::Result<Self, OpenError> {
        let (path, temp) = if path == ":memory:" {
            let dir = tempfile::Builder::new().prefix("freddy-music-serve-").tempdir().map_err(OpenError::Temp)?;
            (dir.path().join("memory.db").to_string_lossy().into_owned(), Some(dir))
        } else {
            (path.to_string(), None)
        };
        let mut conn = schema::open(&path).map_err(|source| OpenError::Database { path: path.clone(), source })?;
        prepare(&mut conn)?;
        Ok(Self {
            path,
            writer: Mutex::new(Some(conn)),
            waiting: Mutex::new(Waiting::default()),
            readers: Mutex::new(Vec::new()),
            _temp: temp,
        })
    }

    /// The database file (for `:memory:`, the temporary one standing for it).
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// Copies what the write-ahead log holds into the database file (as far as no reader needs it), on
    /// this thread: after a bulk write such as the demo Archive, reads then find each page in the file
    /// instead of looking it up in the log's index first.
    pub(crate) fn checkpoint(&self) -> Result<()> {
        let writer = self.writer.lock().map_err(|_| ServerError::internal("write connection poisoned"))?;
        if let Some(conn) = writer.as_ref() {
            conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// Runs `f` in one read transaction on a read connection, on this thread.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = match self.readers.lock().map_err(|_| ServerError::internal("reader pool poisoned"))?.pop() {
            Some(c) => c,
            None => schema::open_reader(&self.path).map_err(ServerError::internal)?,
        };
        let out = statement(&conn, "BEGIN").and_then(|()| {
            let out = f(&conn);
            // A read has nothing to keep: ending it either way only lets the snapshot go.
            statement(&conn, "COMMIT")?;
            out
        });
        if let Ok(mut idle) = self.readers.lock()
            && idle.len() < MAX_IDLE_READERS
        {
            idle.push(conn);
        }
        out
    }

    /// Runs `f` inside a group's transaction (its own savepoint); answered after the commit that holds
    /// it.
    pub(crate) async fn write<T, F>(self: &Arc<Self>, weight: Weight, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let lead = {
            let mut waiting = self.waiting.lock().map_err(|_| ServerError::internal("write queue poisoned"))?;
            waiting.jobs.push(Box::new(Write { weight, f: Some(f), out: None, tx }));
            !std::mem::replace(&mut waiting.committing, true)
        };
        if lead {
            // Whoever leads must commit, even if this request is dropped (its client went away) while it
            // yields: the guard hands the queue to a blocking thread then.
            let mut guard = Lead(Some(Arc::clone(self)));
            if weight == Weight::Light {
                // Let the other requests this thread has ready queue their writes first: they join this
                // group instead of each paying for a commit.
                tokio::task::yield_now().await;
                if !self.commit_waiting(MAX_ROUNDS, false) {
                    guard.0 = None;
                }
            }
            // Dropping the guard hands what is left (everything, for a heavy write) to a blocking thread.
            drop(guard);
        }
        rx.await.map_err(|_| ServerError::internal("the write was dropped"))?
    }

    /// Runs `f` in one read transaction on a blocking thread.
    pub(crate) async fn read_heavy<T, F>(self: &Arc<Self>, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let db = Arc::clone(self);
        tokio::task::spawn_blocking(move || db.read(f)).await.map_err(ServerError::internal)?
    }

    /// Commits the waiting writes a group at a time, up to `rounds` groups (stopping before a heavy
    /// write unless `heavy_ok`); whether some are left, which the caller must see to (`committing`
    /// stays set).
    fn commit_waiting(&self, rounds: usize, heavy_ok: bool) -> bool {
        for _ in 0..rounds {
            let mut group = match self.waiting.lock() {
                Ok(mut waiting) if waiting.jobs.is_empty() => {
                    waiting.committing = false;
                    return false;
                }
                Ok(mut waiting) => {
                    let light = if heavy_ok {
                        waiting.jobs.len()
                    } else {
                        waiting.jobs.iter().position(|j| j.heavy()).unwrap_or(waiting.jobs.len())
                    };
                    if light == 0 {
                        return true;
                    }
                    waiting.jobs.drain(..light.min(MAX_GROUP)).collect::<Vec<_>>()
                }
                Err(_) => return false,
            };
            let commit = match self.writer.lock() {
                Ok(conn) => match conn.as_ref() {
                    Some(conn) => commit_group(conn, &mut group),
                    None => Err(ServerError::unavailable()),
                },
                Err(_) => Err(ServerError::internal("write connection poisoned")),
            };
            for job in group {
                job.answer(&commit);
            }
        }
        true
    }

    /// Closes the connections (writes arriving later are answered 503).
    pub(crate) fn close(&self) {
        if let Ok(mut w) = self.writer.lock() {
            w.take();
        }
        if let Ok(mut idle) = self.readers.lock() {
            idle.clear();
        }
    }
}

/// The duty to commit the queue: while it holds the database, dropping it hands the queue to a blocking
/// thread (or, with no runtime left, commits it here).
struct Lead(Option<Arc<Db>>);

impl Drop for Lead {
    fn drop(&mut self) {
        let Some(db) = self.0.take() else { return };
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                rt.spawn_blocking(move || db.commit_waiting(usize::MAX, true));
            }
            Err(_) => {
                db.commit_waiting(usize::MAX, true);
            }
        }
    }
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the database {path}: {source}")]
    Database { path: String, source: rusqlite::Error },
    #[error("cannot seed the database: {0}")]
    Prepare(#[from] crate::seed::SeedError),
    #[error("cannot create the temporary database: {0}")]
    Temp(#[source] std::io::Error),
}

/// Runs each job in its own savepoint of one transaction and commits; the commit's result.
fn commit_group(conn: &Connection, group: &mut [Box<dyn Job>]) -> Result<()> {
    let applied = statement(conn, "BEGIN IMMEDIATE").and_then(|()| {
        for job in group.iter_mut() {
            statement(conn, "SAVEPOINT job")?;
            if !job.run(conn) {
                statement(conn, "ROLLBACK TO job")?;
            }
            statement(conn, "RELEASE job")?;
        }
        statement(conn, "COMMIT")
    });
    if applied.is_err() {
        let _ = statement(conn, "ROLLBACK");
    }
    applied
}

/// One statement without parameters, parsed once per connection.
fn statement(conn: &Connection, sql: &str) -> Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    fn db() -> (tempfile::TempDir, Arc<Db>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db").to_string_lossy().into_owned();
        let db = Db::open(&path, |c| Ok(c.execute_batch("CREATE TABLE IF NOT EXISTS t (n INTEGER)")?)).unwrap();
        (dir, Arc::new(db))
    }

    fn count(db: &Db) -> i64 {
        db.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))?)).unwrap()
    }

    #[tokio::test]
    async fn a_leader_dropped_while_it_yields_still_gets_its_group_committed() {
        let (_dir, db) = db();
        // Polled once: the write is queued, this request leads, and yields; then its client goes away.
        let first = db.write(Weight::Light, |c| Ok(c.execute("INSERT INTO t VALUES (1)", [])?)).now_or_never();
        assert!(first.is_none(), "still pending at the yield");
        // The queue was handed on: the write stands, and later writes are not stuck behind it.
        let second = db.write(Weight::Light, |c| Ok(c.execute("INSERT INTO t VALUES (2)", [])?));
        tokio::time::timeout(std::time::Duration::from_secs(5), second).await.unwrap().unwrap();
        assert_eq!(count(&db), 2);
    }

    #[tokio::test]
    async fn a_failing_write_rolls_back_alone_and_the_rest_of_its_group_commits() {
        let (_dir, db) = db();
        let good = db.write(Weight::Light, |c| Ok(c.execute("INSERT INTO t VALUES (1)", [])?));
        let bad = db.write(Weight::Light, |c| {
            c.execute("INSERT INTO t VALUES (2)", [])?;
            Err::<(), _>(ServerError::internal("refused half way"))
        });
        let also = db.write(Weight::Light, |c| Ok(c.execute("INSERT INTO t VALUES (3)", [])?));
        let (good, bad, also) = tokio::join!(good, bad, also);
        assert!(good.is_ok() && bad.is_err() && also.is_ok());
        let rows: Vec<i64> = db
            .read(|c| {
                let mut s = c.prepare("SELECT n FROM t ORDER BY n")?;
                Ok(s.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert_eq!(rows, [1, 3]);
    }
}
