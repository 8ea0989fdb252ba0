//! Carries out a `Cmd`: an API request in a spawned task, answered as a `Msg`; a journal line at once,
//! in order, so a batch is on disk before its first request goes out.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::app::state::{COLLECTION_PAGE, LIBRARY_PAGE};
use crate::app::{Cmd, Msg};
use freddy_api::model::TrackFilter;
use freddy_api::{Client, PageRequest, TrackId};
use freddy_ops::journal::Journal;

pub use super::journal_writer::JournalSink;

/// The title requests running, so the ones whose rows scrolled out of reach can be called off.
#[derive(Clone, Default)]
pub struct TitleCalls(Arc<Mutex<HashMap<TrackId, AbortHandle>>>);

impl TitleCalls {
    /// Aborts the ones still running; those (and only those) will never answer.
    fn forget(&self, ids: Vec<TrackId>) -> Vec<TrackId> {
        let Ok(mut running) = self.0.lock() else { return Vec::new() };
        ids.into_iter()
            .filter(|id| {
                running.remove(id).is_some_and(|h| {
                    h.abort();
                    true
                })
            })
            .collect()
    }
}

/// Runs every command in order. From the first journal line on, the rest go to the journal's writer as
/// one chain: it writes each line off the event loop and sends the requests after a line only once the
/// line is written. Each request answers on `tx` when done.
pub fn spawn_all(
    cmds: Vec<Cmd>,
    client: &Client,
    journal: Option<&JournalSink>,
    titles: &TitleCalls,
    tx: &UnboundedSender<Msg>,
) {
    let mut cmds = cmds.into_iter();
    while let Some(cmd) = cmds.next() {
        if let (Cmd::Journal(_), Some(sink)) = (&cmd, journal) {
            sink.chain(std::iter::once(cmd).chain(cmds).collect());
            return;
        }
        spawn_one(cmd, client, journal.map(|s| &s.journal), titles, tx);
    }
}

/// Starts one command that is not a journal line (one with no journal to go to is dropped): a request on
/// its own task, a timer, or forgetting title requests.
pub(super) fn spawn_one(
    cmd: Cmd,
    client: &Client,
    journal: Option<&Journal>,
    titles: &TitleCalls,
    tx: &UnboundedSender<Msg>,
) {
    match cmd {
        Cmd::Journal(_) => {}
        Cmd::Wake { token, after } => {
            let tx = tx.clone();
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                let _ = tx.send(Msg::Wake(token));
            });
        }
        Cmd::Copy(text) => super::clipboard::copy(&text),
        // Started by the browse screen, which knows where the mirror is.
        Cmd::SyncMirror => {}
        Cmd::ForgetTracks(ids) => {
            let gone = titles.forget(ids);
            if !gone.is_empty() {
                let _ = tx.send(Msg::TracksForgotten(gone));
            }
        }
        Cmd::LoadTrack { id } => {
            // Registered under the lock before it can finish, and unregistered before it answers: an
            // answer and a `TracksForgotten` never both come for one request.
            let Ok(mut running) = titles.0.lock() else { return };
            let (client, tx, registry, key) = (client.clone(), tx.clone(), titles.clone(), id.clone());
            let task = tokio::spawn(async move {
                let answer = execute(&client, Cmd::LoadTrack { id: id.clone() }).await;
                let still_wanted = registry.0.lock().map(|mut r| r.remove(&id).is_some()).unwrap_or(true);
                if let Some(msg) = answer.filter(|_| still_wanted) {
                    let _ = tx.send(msg);
                }
            });
            running.insert(key, task.abort_handle());
        }
        Cmd::LoadOrder { collection } => {
            // Ctrl-a's read is long on a large collection: how far it has come is told as pages arrive.
            let (client, tx) = (client.clone(), tx.clone());
            tokio::spawn(async move {
                let report = |rows: u64, total: u64, titles: u64| {
                    let _ = tx.send(Msg::OrderProgress { collection: collection.clone(), rows, total, titles });
                };
                let result = read_order(&client, &collection, &report).await;
                let _ = tx.send(Msg::OrderLoaded { collection, result });
            });
        }
        cmd => {
            let (client, tx) = (client.clone(), tx.clone());
            let journal = journal.cloned();
            tokio::spawn(async move {
                if let Some(msg) = execute_with(&client, journal.as_ref(), cmd).await {
                    // The loop is gone only when the app is quitting; the answer is not needed then.
                    let _ = tx.send(msg);
                }
            });
        }
    }
}

/// Runs one request against the API (`None` for a journal line, which is no request), with no journal.
pub async fn execute(client: &Client, cmd: Cmd) -> Option<Msg> {
    execute_with(client, None, cmd).await
}

/// Runs one request; changes to collections themselves are journaled in `journal` as they go (like
/// `freddy-music collections …`).
pub async fn execute_with(client: &Client, journal: Option<&Journal>, cmd: Cmd) -> Option<Msg> {
    use freddy_ops::collections as edits;
    use freddy_ops::journal::ChangeKind;
    Some(match cmd {
        Cmd::CreateCollection { name, description } => {
            let result = edits::create_recorded(client, journal, &name, description).await;
            changed(ChangeKind::Create, result)
        }
        Cmd::RenameCollection { id, name, description } => {
            let result = edits::rename_recorded(client, journal, &id, &name, description).await;
            changed(ChangeKind::Rename, result)
        }
        Cmd::DeleteCollection { id } => {
            let result = edits::delete_recorded(client, journal, &id).await;
            changed(ChangeKind::Delete, result)
        }
        Cmd::UndoChange { batch } => {
            let result = match journal {
                Some(j) => edits::undo_recorded(client, j, &batch).await,
                None => Err(freddy_ops::collections::ChangeError::NoJournal),
            };
            Msg::ChangeUndone { batch, result }
        }
        Cmd::LoadCollections { offset } => {
            let result = client.list_collections(PageRequest::new(COLLECTION_PAGE, offset)).await.map(|p| p.items);
            Msg::CollectionsLoaded { offset, result }
        }
        Cmd::LoadCollection { id, epoch } => {
            let result = client.get_collection(&id).await;
            Msg::CollectionLoaded { id, epoch, result }
        }
        Cmd::LoadCount { id } => {
            let result = client.get_collection(&id).await;
            Msg::CountLoaded { id, result }
        }
        Cmd::LoadMembers { id, epoch, offset, limit } => {
            let result = client.list_members(&id, PageRequest::new(limit, offset)).await.map(|p| p.items);
            Msg::MembersLoaded { id, epoch, offset, result }
        }
        Cmd::LoadLibrary { id, offset } => {
            let filter = TrackFilter { collection_id: Some(id.clone()), ..TrackFilter::default() };
            let result = client.list_tracks(&filter, PageRequest::new(LIBRARY_PAGE, offset)).await.map(|p| p.items);
            Msg::LibraryLoaded { id, offset, result }
        }
        Cmd::LoadTrack { id } => {
            let result = client.get_track(&id).await;
            Msg::TrackLoaded { id, result }
        }
        Cmd::CheckCollection { id } => {
            let result = client.get_collection(&id).await;
            Msg::Checked { id, result }
        }
        Cmd::LoadDetails { id } => {
            let result = client.get_track(&id).await;
            Msg::DetailsLoaded { id, result }
        }
        Cmd::Copy(_) | Cmd::SyncMirror => return None,
        Cmd::Remove { batch, collection, track } => {
            let result = client.remove_member(&collection, &track).await;
            Msg::Removed { batch, collection, track, result }
        }
        Cmd::Restore { batch, collection, tracks } => {
            let result = freddy_api::restore::restore(client, &collection, &tracks, false).await;
            Msg::Restored { batch, collection, result }
        }
        Cmd::Place { batch, collection, tracks } => {
            let result = freddy_api::restore::place(client, &collection, &tracks).await;
            Msg::Restored { batch, collection, result }
        }
        Cmd::LoadPickerPage { offset } => {
            let page = PageRequest::new(LIBRARY_PAGE, offset);
            let result = client.list_tracks(&TrackFilter::default(), page).await.map(|p| p.items);
            Msg::PickerPage { offset, result }
        }
        Cmd::LoadMemberIds { collection } => {
            // Its size first, so the pages go 4 at a time rather than one after another.
            let result = match client.get_collection(&collection).await {
                Ok(c) => client.all_members_counted(&collection, c.track_count.unwrap_or(0)).await,
                Err(e) => Err(e),
            };
            let result = result.map(|ms| ms.into_iter().map(|m| m.track_id).collect());
            Msg::MemberIds { collection, result }
        }
        Cmd::AddTracks { batch, collection, tracks } => {
            let results = add_in_order(client, &collection, &tracks).await;
            Msg::Added { batch, collection, results }
        }
        Cmd::RemoveAdded { batch, collection, tracks } => {
            let result = remove_all(client, &collection, &tracks).await;
            Msg::AddUndone { batch, collection, result }
        }
        Cmd::LoadOrder { collection } => {
            let result = read_order(client, &collection, &|_, _, _| {}).await;
            Msg::OrderLoaded { collection, result }
        }
        Cmd::Move { batch, collection, base, prefix, placements } => {
            let result = send_move(client, &collection, base, prefix, &placements).await;
            Msg::Moved { batch, collection, result }
        }
        Cmd::Journal(_) | Cmd::ForgetTracks(_) | Cmd::Wake { .. } => return None,
    })
}

/// A move: when the collection's `updated_at` is still `base` and the new order's `prefix` is known, one
/// reorder (chunked on a 413); otherwise the tracks are placed in the server's current order. `Ok(true)`
/// says the collection had changed elsewhere.
async fn send_move(
    client: &Client,
    collection: &freddy_api::CollectionId,
    base: Option<String>,
    prefix: Option<Vec<TrackId>>,
    placements: &[freddy_api::restore::Wanted],
) -> Result<bool, freddy_api::ApiError> {
    let mut changed = false;
    if let (Some(base), Some(prefix)) = (&base, &prefix) {
        changed = &client.get_collection(collection).await?.updated_at != base;
        if !changed {
            freddy_api::restore::send_order(client, collection, prefix).await?;
            return Ok(false);
        }
    }
    let report = freddy_api::restore::place(client, collection, placements).await?;
    if let Some((t, why)) = report.failed().next() {
        tracing::debug!(track = %t, why, "a moved track could not be placed");
    }
    Ok(changed)
}

/// What a sort needs: `updated_at`, every member in order, and the library's tracks of the collection
/// (100 a page; no get-track per member).
async fn read_order(
    client: &Client,
    collection: &freddy_api::CollectionId,
    progress: &(dyn Fn(u64, u64, u64) + Sync),
) -> Result<crate::app::state::OrderRead, freddy_api::ApiError> {
    use futures::TryStreamExt;
    let c = client.get_collection(collection).await?;
    let total = c.track_count.unwrap_or(0);
    let rows = std::sync::atomic::AtomicU64::new(0);
    let members = client
        .all_members_counted_with(collection, total, |n| {
            let done = rows.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed) + n as u64;
            progress(done, total, 0);
        })
        .await?;
    let read = members.len() as u64;
    let titles = std::sync::atomic::AtomicU64::new(0);
    let filter = TrackFilter { collection_id: Some(collection.clone()), ..TrackFilter::default() };
    let pages: Vec<Vec<freddy_api::model::Track>> = client
        .track_pages(&filter, LIBRARY_PAGE)
        .inspect_ok(|page| {
            let done = titles.fetch_add(page.len() as u64, std::sync::atomic::Ordering::Relaxed) + page.len() as u64;
            progress(read, total, done);
        })
        .try_collect()
        .await?;
    Ok(crate::app::state::OrderRead {
        updated_at: c.updated_at,
        members,
        tracks: pages.into_iter().flatten().collect(),
    })
}

fn changed(
    kind: freddy_ops::journal::ChangeKind,
    result: Result<freddy_ops::collections::Recorded, freddy_api::ApiError>,
) -> Msg {
    let result = result.map(|r| crate::app::state::Changed {
        collection: r.collection,
        batch: r.batch,
        journal_error: r.journal_error,
        count: r.count,
    });
    Msg::CollectionChanged { kind, result }
}

/// Appends tracks in the order given: one at a time for a few (add-member appends), else 8 at once and
/// one reorder after (the restore engine), which also keeps the order.
async fn add_in_order(
    client: &Client,
    collection: &freddy_api::CollectionId,
    tracks: &[TrackId],
) -> Vec<(TrackId, Result<(), freddy_api::ApiError>)> {
    use freddy_api::restore::{Placed, Wanted, restore};
    const ONE_BY_ONE: usize = 8;
    if tracks.len() <= ONE_BY_ONE {
        let mut out = Vec::new();
        for t in tracks {
            out.push((t.clone(), client.add_member(collection, t).await.map(|_| ())));
        }
        return out;
    }
    let start = match client.get_collection(collection).await {
        Ok(c) => usize::try_from(c.track_count.unwrap_or(0)).unwrap_or(usize::MAX),
        Err(e) => return tracks.iter().map(|t| (t.clone(), Err(e.clone()))).collect(),
    };
    let wanted: Vec<Wanted> = tracks
        .iter()
        .enumerate()
        .map(|(i, t)| Wanted { track: t.clone(), index: start.saturating_add(i), next: None })
        .collect();
    match restore(client, collection, &wanted, false).await {
        Ok(report) => report
            .tracks
            .into_iter()
            .map(|(t, p)| {
                let r = match p {
                    Placed::At(_) => Ok(()),
                    Placed::Failed(why) => Err(freddy_api::ApiError::NotPlaced(why)),
                };
                (t, r)
            })
            .collect(),
        Err(e) => tracks.iter().map(|t| (t.clone(), Err(e.clone()))).collect(),
    }
}

/// Removes tracks (4 at once): how many, or the first error.
async fn remove_all(
    client: &Client,
    collection: &freddy_api::CollectionId,
    tracks: &[TrackId],
) -> Result<usize, freddy_api::ApiError> {
    use futures::StreamExt;
    let calls: Vec<_> = tracks.iter().map(|t| client.remove_member(collection, t)).collect();
    let results: Vec<Result<(), freddy_api::ApiError>> =
        futures::stream::iter(calls).buffer_unordered(4).map(|r| r.map(|_| ())).collect().await;
    let n = results.iter().filter(|r| r.is_ok()).count();
    match results.into_iter().find_map(Result::err) {
        Some(e) => Err(e),
        None => Ok(n),
    }
}
