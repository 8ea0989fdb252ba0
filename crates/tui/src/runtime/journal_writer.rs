//! The journal's writer for the TUI. Journal lines are appended on a blocking thread, one chain of
//! commands at a time and in order, so the event loop never waits for the file's lock (another
//! freddy-music holding it), a trim or a slow disk; and the requests that follow a line in its chain are
//! sent only once the line is written: a journaled request never overtakes its line. A line that cannot
//! be written stops the writes of its batch (answered as not sent), never the app.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use super::exec::{TitleCalls, spawn_one};
use crate::app::msg::Journal as Line;
use crate::app::{Cmd, Msg};
use freddy_api::Client;
use freddy_ops::journal::{Account, Journal, OpKind, Record, RemoveBatch};

/// Where journal lines go (the file, the account they are written for) and the task that writes them.
pub struct JournalSink {
    pub journal: Journal,
    pub account: Account,
    jobs: mpsc::UnboundedSender<Job>,
}

/// What the writer is given.
enum Job {
    /// Commands that begin with a journal line, run in order.
    Chain(Vec<Cmd>),
    /// Answered once every chain before it is done.
    Flush(oneshot::Sender<()>),
}

impl JournalSink {
    /// Starts the writer for `journal`; requests it sends answer on `tx`.
    pub fn start(journal: Journal, client: &Client, titles: &TitleCalls, tx: &mpsc::UnboundedSender<Msg>) -> Self {
        let account = Account::of(client);
        let (jobs, rx) = mpsc::unbounded_channel();
        let writer = Writer {
            journal: journal.clone(),
            account: account.clone(),
            client: client.clone(),
            titles: titles.clone(),
            tx: tx.clone(),
        };
        tokio::spawn(writer.run(rx));
        Self { journal, account, jobs }
    }

    /// Hands a chain to the writer.
    pub(super) fn chain(&self, cmds: Vec<Cmd>) {
        let _ = self.jobs.send(Job::Chain(cmds));
    }

    /// Waits (at most `bound`) until every chain handed over so far is written: at quit, so the last
    /// lines (unconfirmed removals, an undo) are on disk before the app ends.
    pub async fn flush(&self, bound: Duration) {
        let (done, wait) = oneshot::channel();
        if self.jobs.send(Job::Flush(done)).is_ok() {
            let _ = tokio::time::timeout(bound, wait).await;
        }
    }
}

struct Writer {
    journal: Journal,
    account: Account,
    client: Client,
    titles: TitleCalls,
    tx: mpsc::UnboundedSender<Msg>,
}

impl Writer {
    async fn run(self, mut jobs: mpsc::UnboundedReceiver<Job>) {
        while let Some(job) = jobs.recv().await {
            match job {
                Job::Chain(cmds) => self.chain(cmds).await,
                Job::Flush(done) => {
                    let _ = done.send(());
                }
            }
        }
    }

    /// Runs a chain: each journal line written (off this thread), then the commands after it.
    async fn chain(&self, cmds: Vec<Cmd>) {
        // Batches whose opening lines could not be written: their writes are answered as not sent.
        let mut unjournaled: HashMap<String, String> = HashMap::new();
        for cmd in cmds {
            if let Some(why) = write_batch(&cmd).and_then(|b| unjournaled.get(b)) {
                let _ = self.tx.send(not_sent(cmd, why));
                continue;
            }
            let Cmd::Journal(line) = cmd else {
                spawn_one(cmd, &self.client, Some(&self.journal), &self.titles, &self.tx);
                continue;
            };
            let opens = opening_batch(&line).map(str::to_string);
            let records = records(&self.account, line);
            let (journal, waits) = (self.journal.clone(), self.tx.clone());
            let written = tokio::task::spawn_blocking(move || {
                journal.append_telling_waits(&records, &|| {
                    let _ = waits.send(Msg::JournalWaiting);
                })
            })
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)));
            if let Err(e) = written {
                tracing::warn!(error = %e, "could not write the journal");
                if let Some(batch) = opens {
                    unjournaled.insert(batch, format!("cannot write the journal ({e})"));
                }
                let _ = self.tx.send(Msg::JournalFailed(e.to_string()));
            }
        }
    }
}

/// The lines that open a batch of `account`'s.
fn opening<'a>(
    account: &'a Account,
    batch: &'a str,
    redo_of: Option<&'a str>,
    collection: &'a freddy_api::CollectionId,
    name: &'a str,
) -> RemoveBatch<'a> {
    RemoveBatch { account, batch, redo_of, collection_id: collection.as_str(), collection_name: name }
}

/// The records for one line of the app's.
fn records(account: &Account, line: Line) -> Vec<Record> {
    match line {
        Line::Open { batch, redo_of, collection, name, tracks } => {
            opening(account, &batch, redo_of.as_deref(), &collection, &name).removals_with_next(
                tracks
                    .iter()
                    .map(|(t, title, i, next)| (t.as_str(), title.as_deref(), *i, next.as_ref().map(|n| n.as_str()))),
            )
        }
        Line::Adds { batch, redo_of, collection, name, tracks } => {
            opening(account, &batch, redo_of.as_deref(), &collection, &name)
                .ops_of(OpKind::Add, tracks.iter().map(|(t, title, i)| (t.as_str(), title.as_deref(), *i)))
        }
        Line::Moves { batch, redo_of, collection, name, tracks } => {
            opening(account, &batch, redo_of.as_deref(), &collection, &name)
                .moves(tracks.iter().map(|(t, title, from, to)| (t.as_str(), title.as_deref(), *from, *to)))
        }
        Line::Outcome { batch, track, outcome } => vec![Record::outcome(&batch, track.as_str(), outcome)],
        Line::Undone { batch } => vec![Record::undo(&batch)],
    }
}

/// The batch a journal line opens (its `op` lines), if it opens one.
fn opening_batch(line: &Line) -> Option<&str> {
    match line {
        Line::Open { batch, .. } | Line::Adds { batch, .. } | Line::Moves { batch, .. } => Some(batch),
        Line::Outcome { .. } | Line::Undone { .. } => None,
    }
}

/// The batch a journaled write belongs to.
fn write_batch(cmd: &Cmd) -> Option<&str> {
    match cmd {
        Cmd::Remove { batch, .. } | Cmd::AddTracks { batch, .. } | Cmd::Move { batch, .. } => Some(batch),
        _ => None,
    }
}

/// The answer to a journaled write that was not sent because its journal line could not be written.
fn not_sent(cmd: Cmd, why: &str) -> Msg {
    let e = || freddy_api::ApiError::NotSent(why.to_string());
    match cmd {
        Cmd::Remove { batch, collection, track } => Msg::Removed { batch, collection, track, result: Err(e()) },
        Cmd::AddTracks { batch, collection, tracks } => {
            Msg::Added { batch, collection, results: tracks.into_iter().map(|t| (t, Err(e()))).collect() }
        }
        Cmd::Move { batch, collection, .. } => Msg::Moved { batch, collection, result: Err(e()) },
        _ => Msg::JournalFailed(why.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use freddy_api::{ApiError, ApiKey, ClientConfig, CollectionId, OrganizationId, TrackId};

    /// A client for port 9 on loopback: nothing listens there, so a request that went out comes back
    /// as a network error.
    fn nowhere() -> Client {
        let cfg = ClientConfig::new(
            "http://127.0.0.1:9".to_string(),
            OrganizationId::parse("org_demo").unwrap(),
            ApiKey::parse("ak_demo_listener").unwrap(),
        );
        Client::new(cfg).unwrap()
    }

    fn removal(batch: &str) -> Vec<Cmd> {
        let (collection, track) = (CollectionId::parse("mcoll_a").unwrap(), TrackId::parse("mtrack_a").unwrap());
        vec![
            Cmd::Journal(Line::Open {
                batch: batch.into(),
                redo_of: None,
                collection: collection.clone(),
                name: "A".into(),
                tracks: vec![(track.clone(), None, 0, None)],
            }),
            Cmd::Remove { batch: batch.into(), collection, track },
        ]
    }

    /// Messages until `done` says enough (at most 20 s).
    async fn until(rx: &mut mpsc::UnboundedReceiver<Msg>, done: impl Fn(&[Msg]) -> bool) -> Vec<Msg> {
        let mut got = Vec::new();
        let end = tokio::time::Instant::now() + Duration::from_secs(20);
        while !done(&got) {
            match tokio::time::timeout_at(end, rx.recv()).await {
                Ok(Some(m)) => got.push(m),
                _ => break,
            }
        }
        got
    }

    /// A removal whose opening journal line cannot be written is never sent: it is answered at once as
    /// not sent (so its row stays), and the app hears that the journal failed.
    #[tokio::test]
    async fn a_removal_whose_journal_line_cannot_be_written_is_not_sent() {
        let dir = tempfile::tempdir().unwrap();
        // The journal's directory is a file: every append fails.
        std::fs::write(dir.path().join("data"), "").unwrap();
        let client = nowhere();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let titles = TitleCalls::default();
        let sink = JournalSink::start(Journal::at(dir.path().join("data/journal.jsonl")), &client, &titles, &tx);
        super::super::exec::spawn_all(removal("b_1"), &client, Some(&sink), &titles, &tx);
        let got = until(&mut rx, |g| g.iter().any(|m| matches!(m, Msg::Removed { .. }))).await;
        assert!(got.iter().any(|m| matches!(m, Msg::JournalFailed(_))), "{got:?}");
        assert!(
            got.iter().any(
                |m| matches!(m, Msg::Removed { result: Err(ApiError::NotSent(why)), .. } if why.contains("journal"))
            ),
            "{got:?}"
        );
    }

    /// While another process holds the journal's lock, the event loop is not held: `spawn_all` returns at
    /// once, the app hears that the write waits, and the removal is sent only after its line is on disk.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_held_lock_holds_the_request_not_the_loop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let journal = Journal::at(&path);
        journal.append(&[Record::undo("b_0")]).unwrap();
        let held = std::fs::File::open(&path).unwrap();
        held.lock().unwrap();
        let client = nowhere();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let titles = TitleCalls::default();
        let sink = JournalSink::start(journal.clone(), &client, &titles, &tx);
        // A spawn_all that waited for the lock would never return: it is released only further down.
        super::super::exec::spawn_all(removal("b_1"), &client, Some(&sink), &titles, &tx);
        let got = until(&mut rx, |g| g.iter().any(|m| matches!(m, Msg::JournalWaiting))).await;
        assert!(got.iter().any(|m| matches!(m, Msg::JournalWaiting)), "{got:?}");
        assert!(!got.iter().any(|m| matches!(m, Msg::Removed { .. })), "a request went out before its line: {got:?}");
        assert!(!std::fs::read_to_string(&path).unwrap().contains("b_1"));
        held.unlock().unwrap();
        let got = until(&mut rx, |g| g.iter().any(|m| matches!(m, Msg::Removed { .. }))).await;
        // Sent after the line: to nowhere, so a network error, not "not sent".
        assert!(got.iter().any(|m| matches!(m, Msg::Removed { result: Err(ApiError::Network(_)), .. })), "{got:?}");
        assert!(std::fs::read_to_string(&path).unwrap().contains("b_1"));
    }
}
