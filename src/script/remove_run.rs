//! The sending half of `tracks remove`: the collection's order is read from its end backwards while the
//! removals go out, so reading it (41 pages for 20,000 members) and removing overlap instead of one
//! waiting for the other. Removing a member does not move the members before it, and the pages still to
//! read are all before the members found so far, so every position read is the one the track had when
//! the command began (`Client::member_places_from_the_end`). Each member's journal line (with that
//! position) reaches the disk before its removal is sent; the members found while the journal is being
//! written go together in the next write. Ids that are not members are sent once the whole order was
//! read (removal is idempotent: the server answers success and changes nothing).
//!
//! SIGINT, SIGTERM or SIGHUP stop the reading and the sending; the requests in flight are waited for (a
//! second signal stops waiting: those are journaled `unconfirmed`), the journaled rest `cancelled`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::pin::Pin;
use std::time::{Duration, Instant};

use futures::stream::FuturesUnordered;
use futures::{Stream, StreamExt};
use tokio::task::JoinHandle;

use super::progress::Progress;
use crate::api::model::MemberPlace;
use crate::api::{ApiError, Client, CollectionId, TrackId};
use crate::journal::{Account, Journal, Outcome as Logged, Record, RemoveBatch, new_batch_id};

/// What to remove from.
pub(super) struct Job<'a> {
    pub console: &'a super::Console,
    pub client: &'a Client,
    pub id: &'a CollectionId,
    pub name: &'a str,
    /// The member count get-collection gave (none: the order is read from the start, all of it before
    /// the first removal).
    pub count: Option<u64>,
    pub journal: Option<&'a Journal>,
    pub concurrency: usize,
}

/// How the sending ended.
pub(super) struct Sent {
    /// Each removal sent and answered: (input index, track, answer).
    pub answers: Vec<(usize, TrackId, Result<(), ApiError>)>,
    /// Never sent (a signal came first, or the order could not be read), or sent but dropped by a second
    /// signal before the answer.
    pub unsent: Vec<(usize, TrackId)>,
    /// The signal that stopped it.
    pub stopped_by: Option<i32>,
    /// The ids found in the collection.
    pub members: HashSet<TrackId>,
    /// The journal batch, once its first lines were written.
    pub batch: Option<String>,
    /// Why the order could not be read to its start (the ids not found by then were not sent).
    pub unread: Option<ApiError>,
    /// A journal line that could not be written: nothing was sent after it (a removal is never sent
    /// before its line is on disk).
    pub journal_error: Option<String>,
}

/// One id asked for.
struct Slot {
    input: usize,
    member: bool,
    journaled: bool,
}

/// Outcome lines written together (one append), and the longest they wait.
const OUTCOME_BUNCH: usize = 128;
const OUTCOME_EVERY: Duration = Duration::from_millis(250);
/// Times the read starts over when its first page shows the collection's size changed.
const RESTARTS: usize = 2;

type Pages<'a> = Pin<Box<dyn Stream<Item = Result<Vec<MemberPlace>, ApiError>> + 'a>>;
type Written = (Vec<TrackId>, std::io::Result<()>);

/// The command's state while it reads and sends.
struct Run<'a> {
    job: &'a Job<'a>,
    slots: HashMap<TrackId, Slot>,
    pages: Option<Pages<'a>>,
    /// Pages taken so far (0: the read may still start over), of how many.
    pages_read: u64,
    pages_due: u64,
    restarts: usize,
    /// Members found, waiting for their journal lines.
    unjournaled: Vec<(TrackId, usize, Option<TrackId>)>,
    /// The first track of the page read last (pages go from the end): the one after this page's last.
    after_page: Option<TrackId>,
    writing: Option<JoinHandle<Written>>,
    /// Journal lines go to this batch until a write fails.
    batch_id: String,
    account: Account,
    journal: Option<Journal>,
    batch: Option<String>,
    /// Sendable now.
    ready: VecDeque<TrackId>,
    non_members_queued: bool,
    in_flight: HashSet<TrackId>,
    answers: Vec<(usize, TrackId, Result<(), ApiError>)>,
    outcomes: Vec<Record>,
    /// Outcome writes under way (off this thread: an append may trim the journal).
    outcome_writes: Vec<JoinHandle<()>>,
    flushed: Instant,
    stopped_by: Option<i32>,
    unread: Option<ApiError>,
    journal_error: Option<String>,
    failed: usize,
}

/// Reads the order and removes `ids` (no repeats), `concurrency` at a time (fewer while the server
/// answers 429: the client's throttle halves its window on each and grows it back as removals succeed).
pub(super) async fn run(job: &Job<'_>, ids: Vec<TrackId>, progress: &Progress) -> Sent {
    job.client.throttle().set_ceiling(job.concurrency);
    let slots = ids.into_iter().enumerate().map(|(i, t)| (t, Slot { input: i, member: false, journaled: false }));
    let mut run = Run {
        job,
        slots: slots.collect(),
        pages: Some(pages(job.client, job.id, job.count)),
        pages_read: 0,
        pages_due: pages_due(job.count),
        restarts: 0,
        unjournaled: Vec::new(),
        after_page: None,
        writing: None,
        batch_id: new_batch_id(),
        account: Account::of(job.client),
        journal: job.journal.cloned(),
        batch: None,
        ready: VecDeque::new(),
        non_members_queued: false,
        in_flight: HashSet::new(),
        answers: Vec::new(),
        outcomes: Vec::new(),
        outcome_writes: Vec::new(),
        flushed: Instant::now(),
        stopped_by: None,
        unread: None,
        journal_error: None,
        failed: 0,
    };
    let mut running = FuturesUnordered::new();
    let mut stops = crate::runtime::signals::Stops::new();
    run.show(progress);
    loop {
        run.journal_found();
        while run.sending() && running.len() < job.client.throttle().window() {
            let Some(t) = run.ready.pop_front() else { break };
            run.in_flight.insert(t.clone());
            let (client, id) = (job.client, job.id);
            running.push(async move {
                let r = client.remove_member(id, &t).await.map(|_| ());
                (t, r)
            });
        }
        // After a signal a journal write still waiting (for another process's lock, say) is not waited
        // for: what it holds will not be sent anyway.
        let writing = run.writing.is_some() && run.stopped_by.is_none();
        if run.pages.is_none() && !writing && running.is_empty() && !run.sending_more() {
            break;
        }
        tokio::select! {
            biased;
            signal = stops.which() => {
                if run.stopped_by.is_some() {
                    // A second signal: stop waiting for the requests in flight.
                    break;
                }
                run.stopped_by = Some(signal);
                run.pages = None;
                run.show(progress);
            }
            Some((t, r)) = running.next(), if !running.is_empty() => {
                progress.inc(1);
                let failed = run.failed;
                run.answered(t, r);
                if run.failed > failed {
                    run.show(progress);
                }
            }
            written = join(&mut run.writing) => run.written(written),
            page = next(&mut run.pages) => match page {
                Some(Ok(items)) => {
                    run.page(items);
                    run.show(progress);
                }
                Some(Err(e)) if run.pages_read == 0 && run.restarts < RESTARTS => {
                    // The end was not where the count said: the collection changed since it was read.
                    // Nothing was found yet, so the read starts over with the new count.
                    run.restarts += 1;
                    match job.client.get_collection(job.id).await {
                        Ok(c) => {
                            run.pages = Some(pages(job.client, job.id, c.track_count));
                            run.pages_due = pages_due(c.track_count);
                        }
                        Err(_) => run.unreadable(e),
                    }
                    run.show(progress);
                }
                Some(Err(e)) => {
                    run.unreadable(e);
                    run.show(progress);
                }
                None => {
                    run.pages = None;
                    run.queue_non_members();
                    run.show(progress);
                }
            },
        }
    }
    run.finish().await
}

/// The order, a page at a time: from the end when the count is known, else all of it at once from the
/// start (its positions hold: nothing is removed before it is all read).
fn pages<'a>(client: &'a Client, id: &'a CollectionId, count: Option<u64>) -> Pages<'a> {
    match count {
        Some(count) => Box::pin(client.member_places_from_the_end(id, count)),
        None => Box::pin(futures::stream::once(async move {
            let members = client.all_members(id).await?;
            Ok(members.into_iter().map(|m| MemberPlace { track_id: m.track_id, position: m.position }).collect())
        })),
    }
}

/// The pages `pages` reads: those from the end when the count is known, else one read of all of it.
fn pages_due(count: Option<u64>) -> u64 {
    count.map_or(1, crate::api::pages::pages_from_the_end)
}

/// The next page, or never when there is no read (a `select!` branch that waits forever).
async fn next(pages: &mut Option<Pages<'_>>) -> Option<Result<Vec<MemberPlace>, ApiError>> {
    match pages {
        Some(p) => p.next().await,
        None => std::future::pending().await,
    }
}

/// The journal write under way, once it ends; never when there is none.
async fn join(writing: &mut Option<JoinHandle<Written>>) -> Written {
    let result = match writing.as_mut() {
        Some(h) => h.await,
        None => std::future::pending().await,
    };
    *writing = None;
    result.unwrap_or_else(|e| (Vec::new(), Err(std::io::Error::other(e))))
}

impl Run<'_> {
    /// What the bar says after its count: how far the order is read (while it is), and the failures.
    fn show(&self, progress: &Progress) {
        if !progress.shown() {
            return;
        }
        let mut note = String::new();
        if self.pages.is_some() {
            note = format!(", reading the order {}/{}", self.pages_read, self.pages_due);
        }
        if self.failed > 0 {
            note.push_str(&format!(", {} failed", self.failed));
        }
        progress.note(note);
    }

    /// Whether new removals may go out: not after a signal, nor after a journal write failed.
    fn sending(&self) -> bool {
        self.stopped_by.is_none() && self.journal_error.is_none()
    }

    /// Whether there is still something that could be sent.
    fn sending_more(&self) -> bool {
        self.sending() && !(self.ready.is_empty() && self.unjournaled.is_empty())
    }

    /// A page of the order: the ids asked for that are in it become members.
    fn page(&mut self, mut items: Vec<MemberPlace>) {
        self.pages_read += 1;
        items.sort_by_key(|m| m.position);
        // Each member's next: the one after it in this page, or for the page's last the first of the page
        // read before this one (the pages go from the end backwards).
        let nexts: Vec<Option<TrackId>> = (0..items.len())
            .map(|j| items.get(j + 1).map(|m| m.track_id.clone()).or_else(|| self.after_page.clone()))
            .collect();
        self.after_page = items.first().map(|m| m.track_id.clone());
        for (m, next) in items.into_iter().zip(nexts) {
            let Some(slot) = self.slots.get_mut(&m.track_id) else { continue };
            if slot.member {
                self.unreadable(ApiError::BadPaging(format!("{} is listed twice in the collection", m.track_id)));
                return;
            }
            slot.member = true;
            self.unjournaled.push((m.track_id, usize::try_from(m.position).unwrap_or(usize::MAX), next));
        }
    }

    /// The order could not be read to its start: the members found so far still go; the ids not found
    /// are not sent (whether they are members, and where, is not known).
    fn unreadable(&mut self, e: ApiError) {
        self.pages = None;
        self.unread = Some(e);
    }

    /// After the whole order: the ids that are not members are sent too (nothing to journal).
    fn queue_non_members(&mut self) {
        if self.non_members_queued || self.unread.is_some() {
            return;
        }
        self.non_members_queued = true;
        let mut rest: Vec<(usize, &TrackId)> =
            self.slots.iter().filter(|(_, s)| !s.member).map(|(t, s)| (s.input, t)).collect();
        rest.sort_unstable();
        self.ready.extend(rest.into_iter().map(|(_, t)| t.clone()));
    }

    /// Starts a journal write of the members found, unless one is under way; without a journal they are
    /// sendable at once.
    fn journal_found(&mut self) {
        if self.unjournaled.is_empty() || self.writing.is_some() || !self.sending() {
            return;
        }
        let found = std::mem::take(&mut self.unjournaled);
        let Some(journal) = self.journal.clone() else {
            self.ready.extend(found.into_iter().map(|(t, _, _)| t));
            return;
        };
        let opening = RemoveBatch {
            account: &self.account,
            batch: &self.batch_id,
            redo_of: None,
            collection_id: self.job.id.as_str(),
            collection_name: self.job.name,
        };
        let records = opening
            .removals_with_next(found.iter().map(|(t, i, n)| (t.as_str(), None, *i, n.as_ref().map(TrackId::as_str))));
        let tracks: Vec<TrackId> = found.into_iter().map(|(t, _, _)| t).collect();
        let console = self.job.console.clone();
        self.writing = Some(tokio::task::spawn_blocking(move || {
            let r = journal.append_telling_waits(&records, &|| super::waiting_for_the_journal(&console));
            (tracks, r)
        }));
    }

    /// A journal write ended: its members may go. When it failed, they do not, and nothing more is sent
    /// or read (the removals in flight are still answered and their outcomes tried).
    fn written(&mut self, (tracks, result): Written) {
        match result {
            Ok(()) => {
                self.batch = Some(self.batch_id.clone());
                for t in &tracks {
                    if let Some(s) = self.slots.get_mut(t) {
                        s.journaled = true;
                    }
                }
                if self.sending() {
                    self.ready.extend(tracks);
                }
            }
            Err(e) => {
                let path = self.journal.as_ref().map(|j| j.path().display().to_string()).unwrap_or_default();
                self.journal_error = Some(format!("cannot write the journal {path} ({e})"));
                self.pages = None;
                self.ready.clear();
                self.unjournaled.clear();
            }
        }
    }

    /// A removal was answered.
    fn answered(&mut self, t: TrackId, r: Result<(), ApiError>) {
        self.in_flight.remove(&t);
        if r.is_err() {
            self.failed += 1;
        }
        self.line(&t, if r.is_ok() { Logged::Done } else { Logged::Failed });
        let input = self.slots.get(&t).map_or(usize::MAX, |s| s.input);
        self.answers.push((input, t, r));
        // Outcomes go to the journal in bunches (a lost one reads as pending, which `restore` handles:
        // it goes by the server's state), at most `OUTCOME_EVERY` apart, and all of them at the end.
        if self.outcomes.len() >= OUTCOME_BUNCH
            || (!self.outcomes.is_empty() && self.flushed.elapsed() >= OUTCOME_EVERY)
        {
            self.write_outcomes();
        }
    }

    /// An outcome line, for a journaled member.
    fn line(&mut self, t: &TrackId, outcome: Logged) {
        if let (Some(b), Some(slot)) = (&self.batch, self.slots.get(t))
            && slot.journaled
        {
            self.outcomes.push(Record::outcome(b, t.as_str(), outcome));
        }
    }

    /// Writes the outcomes gathered on a blocking thread, so the removals in flight keep being answered.
    fn write_outcomes(&mut self) {
        let outcomes = std::mem::take(&mut self.outcomes);
        self.flushed = Instant::now();
        let Some(journal) = self.journal.clone() else { return };
        if outcomes.is_empty() {
            return;
        }
        self.outcome_writes.retain(|w| !w.is_finished());
        self.outcome_writes.push(tokio::task::spawn_blocking(move || {
            if let Err(e) = journal.append(&outcomes) {
                tracing::warn!(error = %e, "could not write outcomes to the journal");
            }
        }));
    }

    /// The end: a journal write still under way is waited for, what was not answered is listed (and
    /// journaled `unconfirmed` if it was in flight, `cancelled` if it was not sent), the outcomes written.
    async fn finish(mut self) -> Sent {
        if self.writing.is_some() && self.stopped_by.is_none() {
            let written = join(&mut self.writing).await;
            self.written(written);
        }
        let answered: HashSet<&TrackId> = self.answers.iter().map(|(_, t, _)| t).collect();
        let mut unsent: Vec<(usize, TrackId)> =
            self.slots.iter().filter(|(t, _)| !answered.contains(t)).map(|(t, s)| (s.input, t.clone())).collect();
        unsent.sort_unstable();
        for (_, t) in &unsent {
            let outcome = if self.in_flight.contains(t) { Logged::Unconfirmed } else { Logged::Cancelled };
            self.line(t, outcome);
        }
        self.write_outcomes();
        for w in std::mem::take(&mut self.outcome_writes) {
            let _ = w.await;
        }
        let members = self.slots.iter().filter(|(_, s)| s.member).map(|(t, _)| t.clone()).collect();
        Sent {
            answers: self.answers,
            unsent,
            stopped_by: self.stopped_by,
            members,
            batch: self.batch,
            unread: self.unread,
            journal_error: self.journal_error,
        }
    }
}
