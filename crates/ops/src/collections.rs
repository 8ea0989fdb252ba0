//! Collection changes, each journaled so it can be taken back: a created collection is deleted again
//! (while still empty), a rename is set back, and a deleted collection is recreated (with a new id: the
//! API cannot undelete) from the name, description and ordered members the journal kept before the delete
//! was sent. The CLI (`collections create | rename | delete`, `restore`) and the TUI both call these.

use serde::Serialize;

use crate::journal::{Account, Change, ChangeEntry, ChangeKind, Journal, Named, Outcome, Record, new_batch_id};
use freddy_api::model::{Collection, CollectionPatch, NewCollection};
use freddy_api::restore::{Placed, Wanted, restore};
use freddy_api::{ApiError, Client, CollectionId, TrackId};

/// Why a collection change could not be journaled or taken back.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ChangeError {
    #[error(transparent)]
    Api(#[from] ApiError),
    /// There is no journal to write to or read from.
    #[error("there is no journal to take it back from")]
    NoJournal,
    #[error("cannot write the journal {path} ({reason})")]
    JournalWrite { path: String, reason: String },
    #[error("cannot read the journal: {0}")]
    JournalRead(String),
    #[error("the journal no longer holds {0}")]
    NotInJournal(String),
    #[error("the journal names an invalid collection: {0}")]
    InvalidCollection(String),
    #[error("the journal line has no earlier name")]
    NoEarlierName,
    /// A collection created to be taken back is no longer empty: deleting it would lose tracks.
    #[error(
        "\u{201c}{name}\u{201d} ({id}) has {count} tracks now; delete it with `freddy-music collections delete {id}` if you mean to"
    )]
    NotEmpty { name: String, id: String, count: u64 },
    #[error("recreated as {id} but its tracks could not be put back: {source}")]
    Recreated { id: String, source: ApiError },
}

fn change(client: &Client, kind: ChangeKind, c: &Collection, before: Option<Named>, members: Vec<String>) -> Change {
    Change {
        kind,
        time: crate::journal::record::now(),
        account: Account::of(client),
        batch: new_batch_id(),
        collection_id: c.id.to_string(),
        now: Named { name: c.name.clone(), description: c.description.clone() },
        before,
        members,
        outcome: Outcome::Pending,
    }
}

/// A change made and journaled: the collection as the server answered, the journal entry (`None` when the
/// journal could not be written, with why), and for a delete how many tracks it had.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub collection: Collection,
    pub batch: Option<String>,
    pub journal_error: Option<String>,
    pub count: u64,
    /// For a rename: whether the name changed (false when only the description did).
    pub renamed: bool,
}

/// Appends the change (on disk before the request that follows): its batch id, or why the journal could
/// not be written (the change goes ahead but cannot be taken back with `restore`).
async fn journal_change(journal: Option<&Journal>, change: &Change) -> Result<String, ChangeError> {
    let Some(journal) = journal else { return Err(ChangeError::NoJournal) };
    match append_off_thread(journal, Record::Collection(change.clone())).await {
        Ok(()) => Ok(change.batch.clone()),
        Err(e) => Err(ChangeError::JournalWrite { path: journal.path().display().to_string(), reason: e.to_string() }),
    }
}

/// Appends one line on a blocking thread: the file's lock may be held by another process, and an async
/// thread (the TUI's requests run on them) must not wait for it.
async fn append_off_thread(journal: &Journal, record: Record) -> std::io::Result<()> {
    let journal = journal.clone();
    tokio::task::spawn_blocking(move || journal.append(&[record]))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
}

async fn settle(journal: Option<&Journal>, batch: Option<&str>, id: &str, outcome: Outcome) {
    if let (Some(j), Some(b)) = (journal, batch)
        && let Err(e) = append_off_thread(j, Record::outcome(b, id, outcome)).await
    {
        tracing::warn!(error = %e, "could not write an outcome to the journal");
    }
}

fn recorded(collection: Collection, journaled: Result<String, ChangeError>, count: u64) -> Recorded {
    let (batch, journal_error) = match journaled {
        Ok(b) => (Some(b), None),
        Err(e) => (None, Some(e.to_string())),
    };
    Recorded { collection, batch, journal_error, count, renamed: true }
}

/// The journal line of a change that must reach the disk before its request: when it cannot be written,
/// the request is not sent (a change is never made that cannot be taken back, unless there is no
/// journal at all).
async fn journal_first(journal: Option<&Journal>, change: &Change) -> Result<Result<String, ChangeError>, ApiError> {
    match journal_change(journal, change).await {
        Err(e) if journal.is_some() => Err(ApiError::NotSent(format!("{e}; nothing was changed"))),
        r => Ok(r),
    }
}

/// Creates a collection and journals it (after the answer: the undo of a create is a delete, so nothing
/// is lost if this line is).
pub async fn create_recorded(
    client: &Client,
    journal: Option<&Journal>,
    name: &str,
    description: Option<String>,
) -> Result<Recorded, ApiError> {
    let body = NewCollection { name: name.to_string(), description, ..Default::default() };
    let c = client.create_collection(&body).await?;
    let mut done = change(client, ChangeKind::Create, &c, None, Vec::new());
    done.outcome = Outcome::Done;
    let journaled = journal_change(journal, &done).await;
    Ok(recorded(c, journaled, 0))
}

/// Renames a collection (and sets its description when given), journaled before the request with the
/// name and description it had.
pub async fn rename_recorded(
    client: &Client,
    journal: Option<&Journal>,
    id: &CollectionId,
    name: &str,
    description: Option<String>,
) -> Result<Recorded, ApiError> {
    let old = client.get_collection(id).await?;
    // An empty description clears it (the API's `null`).
    let description: Option<Option<String>> = description.map(|d| Some(d).filter(|d| !d.is_empty()));
    let patch =
        CollectionPatch { name: Some(Some(name.to_string())), description: description.clone(), ..Default::default() };
    let after = Collection {
        name: name.to_string(),
        description: description.unwrap_or_else(|| old.description.clone()),
        ..old.clone()
    };
    let before = Named { name: old.name.clone(), description: old.description.clone() };
    let renamed = old.name != name;
    let pending = change(client, ChangeKind::Rename, &after, Some(before), Vec::new());
    let journaled = journal_first(journal, &pending).await?;
    let batch = journaled.as_ref().ok().cloned();
    match client.update_collection(id, &patch).await {
        Ok(c) => {
            settle(journal, batch.as_deref(), id.as_str(), Outcome::Done).await;
            Ok(Recorded { renamed, ..recorded(c, journaled, 0) })
        }
        Err(e) => {
            settle(journal, batch.as_deref(), id.as_str(), Outcome::Failed).await;
            Err(e)
        }
    }
}

/// Deletes a collection; its name, description and ordered members are journaled first, so `restore`
/// can recreate it.
pub async fn delete_recorded(
    client: &Client,
    journal: Option<&Journal>,
    id: &CollectionId,
) -> Result<Recorded, ApiError> {
    let c = client.get_collection(id).await?;
    let count = c.track_count.unwrap_or(0);
    let members: Vec<String> =
        client.all_members_counted(id, count).await?.into_iter().map(|m| m.track_id.to_string()).collect();
    let count = members.len() as u64;
    let pending = change(client, ChangeKind::Delete, &c, None, members);
    let journaled = journal_first(journal, &pending).await?;
    let batch = journaled.as_ref().ok().cloned();
    match client.delete_collection(id).await {
        Ok(_) => {
            settle(journal, batch.as_deref(), id.as_str(), Outcome::Done).await;
            Ok(recorded(c, journaled, count))
        }
        Err(e) => {
            settle(journal, batch.as_deref(), id.as_str(), Outcome::Failed).await;
            Err(e)
        }
    }
}

/// Takes back the collection change journaled as `batch` (see `undo`): what was done, or why not.
pub async fn undo_recorded(client: &Client, journal: &Journal, batch: &str) -> Result<String, ChangeError> {
    let reading = journal.clone();
    let records = tokio::task::spawn_blocking(move || reading.read())
        .await
        .map_err(|e| ChangeError::JournalRead(e.to_string()))?
        .map_err(|e| ChangeError::JournalRead(e.to_string()))?
        .records;
    let entry = crate::journal::changes(&records)
        .into_iter()
        .rev()
        .find(|e| e.change.batch == batch)
        .ok_or_else(|| ChangeError::NotInJournal(batch.to_string()))?;
    let (doc, result) = undo_typed(client, journal, &entry, false).await;
    result.map(|()| doc.said)
}

/// What `restore` did with one collection change.
#[derive(Serialize)]
pub struct UndoneDoc {
    pub batch_id: String,
    pub kind: ChangeKind,
    pub collection_id: String,
    pub collection_name: String,
    pub dry_run: bool,
    /// For a deleted collection: the collection made in its place.
    pub recreated_as: Option<String>,
    /// For a deleted collection: members that could not be put back, with why.
    pub failed: Vec<(String, String)>,
    pub error: Option<String>,
    #[serde(skip)]
    pub said: String,
}

/// Takes one collection change back (see the module text). A change already taken back is left alone.
pub async fn undo(client: &Client, journal: &Journal, e: &ChangeEntry, dry_run: bool) -> UndoneDoc {
    undo_typed(client, journal, e, dry_run).await.0
}

/// `undo`, with the error as a value beside the document (which carries it as its message).
async fn undo_typed(
    client: &Client,
    journal: &Journal,
    e: &ChangeEntry,
    dry_run: bool,
) -> (UndoneDoc, Result<(), ChangeError>) {
    let c = &e.change;
    let mut doc = UndoneDoc {
        batch_id: c.batch.clone(),
        kind: c.kind,
        collection_id: c.collection_id.clone(),
        collection_name: c.now.name.clone(),
        dry_run,
        recreated_as: None,
        failed: Vec::new(),
        error: None,
        said: String::new(),
    };
    let name = freddy_api::text::clean(&c.now.name).into_owned();
    if e.undone {
        doc.said = format!("{}: already taken back; nothing done.", c.batch);
        return (doc, Ok(()));
    }
    if !c.outcome.may_have_happened() {
        doc.said = format!("{}: the change never happened ({:?}); nothing to take back.", c.batch, c.outcome);
        return (doc, Ok(()));
    }
    let id = match CollectionId::parse(c.collection_id.clone()) {
        Ok(id) => id,
        Err(err) => {
            let err = ChangeError::InvalidCollection(err.to_string());
            doc.error = Some(err.to_string());
            return (doc, Err(err));
        }
    };
    let result = match c.kind {
        ChangeKind::Create => undo_create(client, &id, &name, dry_run).await,
        ChangeKind::Rename => undo_rename(client, &id, c, dry_run).await,
        ChangeKind::Delete => recreate(client, c, &name, dry_run, &mut doc).await,
    };
    // Taken back once something was done; a recreated collection counts even when some of its tracks
    // could not be put back (running the restore again would make a second one).
    let taken_back = !dry_run && (result.is_ok() || doc.recreated_as.is_some());
    let result = match result {
        Ok(said) => {
            doc.said = said;
            Ok(())
        }
        Err(err) => {
            doc.error = Some(err.to_string());
            Err(err)
        }
    };
    if taken_back && let Err(err) = append_off_thread(journal, Record::undo(&c.batch)).await {
        tracing::warn!(error = %err, "could not record the restore in the journal");
    }
    (doc, result)
}

async fn undo_create(client: &Client, id: &CollectionId, name: &str, dry_run: bool) -> Result<String, ChangeError> {
    let now = match client.get_collection(id).await {
        Ok(c) => c,
        Err(ApiError::NotFound(_)) => return Ok(format!("\u{201c}{name}\u{201d} ({id}) is already gone.")),
        Err(e) => return Err(e.into()),
    };
    let n = now.track_count.unwrap_or(0);
    if n > 0 {
        return Err(ChangeError::NotEmpty { name: name.to_string(), id: id.to_string(), count: n });
    }
    if dry_run {
        return Ok(format!("Would delete the empty collection \u{201c}{name}\u{201d} ({id})."));
    }
    client.delete_collection(id).await?;
    Ok(format!("Deleted the empty collection \u{201c}{name}\u{201d} ({id}), as before it was created."))
}

async fn undo_rename(client: &Client, id: &CollectionId, c: &Change, dry_run: bool) -> Result<String, ChangeError> {
    let before = c.before.as_ref().ok_or(ChangeError::NoEarlierName)?;
    let old = freddy_api::text::clean(&before.name).into_owned();
    let now = freddy_api::text::clean(&c.now.name).into_owned();
    if dry_run {
        return Ok(format!("Would rename \u{201c}{now}\u{201d} ({id}) back to \u{201c}{old}\u{201d}."));
    }
    let patch = CollectionPatch {
        name: Some(Some(before.name.clone())),
        description: Some(before.description.clone()),
        ..Default::default()
    };
    client.update_collection(id, &patch).await?;
    Ok(format!("Renamed \u{201c}{now}\u{201d} ({id}) back to \u{201c}{old}\u{201d}."))
}

async fn recreate(
    client: &Client,
    c: &Change,
    name: &str,
    dry_run: bool,
    doc: &mut UndoneDoc,
) -> Result<String, ChangeError> {
    let n = c.members.len();
    if dry_run {
        return Ok(format!("Would recreate \u{201c}{name}\u{201d} with its {n} tracks in their order (a new id)."));
    }
    let body = NewCollection { name: c.now.name.clone(), description: c.now.description.clone(), ..Default::default() };
    let made = client.create_collection(&body).await?;
    doc.recreated_as = Some(made.id.to_string());
    let wanted: Vec<Wanted> = c
        .members
        .iter()
        .enumerate()
        .filter_map(|(index, t)| Some(Wanted { track: TrackId::parse(t.clone()).ok()?, index, next: None }))
        .collect();
    let report = restore(client, &made.id, &wanted, false)
        .await
        .map_err(|source| ChangeError::Recreated { id: made.id.to_string(), source })?;
    doc.failed = report
        .tracks
        .iter()
        .filter_map(|(t, p)| match p {
            Placed::Failed(why) => Some((t.to_string(), why.clone())),
            Placed::At(_) => None,
        })
        .collect();
    let ok = n - doc.failed.len();
    Ok(format!("Recreated \u{201c}{name}\u{201d} as {} with {ok} of {n} tracks in their order.", made.id))
}
