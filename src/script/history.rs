//! `history` (the journal's batches, newest first) and `restore` (put a batch's tracks back at their
//! recorded indexes, by the server's state: it re-adds what is absent and reorders, so running it twice
//! changes nothing, and it works again after a redo).

use serde::Serialize;

use super::Console;
use super::table::{Align, Layout, render};
use super::{Out, json};
use crate::api::restore::{Placed, Report, Wanted, restore_counted};
use crate::api::{ApiError, Client, CollectionId, TrackId};
use crate::failure::{CliError, Failure};
use std::collections::HashMap;

use crate::journal::{Account, Batch, ChangeEntry, ChangeKind, Journal, OpKind, Outcome, Record, batches, changes};

/// Reads the journal; its warnings (damaged lines) go to standard error.
fn read(journal: &Journal) -> Result<Vec<Record>, Failure> {
    let contents =
        journal.read().map_err(|source| CliError::JournalRead { path: journal.path().to_path_buf(), source })?;
    for w in &contents.warnings {
        eprintln!("freddy-music: warning: {}", crate::text::clean_lines(w));
    }
    Ok(contents.records)
}

#[derive(Serialize)]
struct BatchDoc {
    batch_id: String,
    kind: crate::journal::OpKind,
    time: String,
    host: String,
    organization: String,
    collection_id: String,
    collection_name: String,
    undone: bool,
    redo_of: Option<String>,
    tracks: Vec<TrackDoc>,
}

#[derive(Serialize)]
struct TrackDoc {
    track_id: String,
    title: Option<String>,
    index: u64,
    outcome: crate::journal::Outcome,
}

fn batch_doc(b: Batch) -> BatchDoc {
    BatchDoc {
        batch_id: b.id,
        kind: b.kind,
        time: b.time,
        host: b.account.host,
        organization: b.account.organization,
        collection_id: b.collection_id,
        collection_name: b.collection_name,
        undone: b.undone,
        redo_of: b.redo_of,
        tracks: b
            .tracks
            .into_iter()
            .map(|t| TrackDoc { track_id: t.track_id, title: t.title, index: t.index, outcome: t.outcome })
            .collect(),
    }
}

/// Where each batch id first appears in the journal (its order among batches and changes).
fn first_lines(records: &[Record]) -> HashMap<&str, usize> {
    let mut at = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        at.entry(r.batch()).or_insert(i);
    }
    at
}

/// A journal entry `history` lists and `restore` takes back: a removal batch or a collection change.
enum Entry<'a> {
    Batch(&'a Batch),
    Change(&'a ChangeEntry),
}

impl Entry<'_> {
    fn id(&self) -> &str {
        match self {
            Entry::Batch(b) => &b.id,
            Entry::Change(c) => &c.change.batch,
        }
    }

    fn account(&self) -> &Account {
        match self {
            Entry::Batch(b) => &b.account,
            Entry::Change(c) => &c.change.account,
        }
    }
}

/// Every batch and change, oldest first.
fn entries<'a>(records: &'a [Record], all: &'a [Batch], ch: &'a [ChangeEntry]) -> Vec<Entry<'a>> {
    let at = first_lines(records);
    let mut out: Vec<Entry<'a>> = all.iter().map(Entry::Batch).chain(ch.iter().map(Entry::Change)).collect();
    out.sort_by_key(|e| at.get(e.id()).copied().unwrap_or(usize::MAX));
    out
}

fn change_row(e: &ChangeEntry) -> Vec<String> {
    let c = &e.change;
    let what = match (&c.kind, &c.before) {
        (ChangeKind::Rename, Some(b)) => format!("{} \u{2192} {}", b.name, c.now.name),
        (ChangeKind::Delete, _) => format!("{} tracks kept in the journal", c.members.len()),
        _ => String::new(),
    };
    let kind = match c.kind {
        ChangeKind::Create => "create",
        ChangeKind::Rename => "rename",
        ChangeKind::Delete => "delete",
    };
    let state = match (e.undone, c.outcome) {
        (true, _) => "undone",
        (false, Outcome::Failed | Outcome::Cancelled) => "refused",
        (false, Outcome::Pending | Outcome::Unconfirmed) => "unsure",
        (false, Outcome::Done | Outcome::NotMember) => "",
    };
    // A rename is listed under the name the collection had (WHAT says what it became).
    let name = match (&c.kind, &c.before) {
        (ChangeKind::Rename, Some(b)) => b.name.clone(),
        _ => c.now.name.clone(),
    };
    vec![
        c.batch.clone(),
        local_time(&c.time),
        kind.to_string(),
        name,
        if c.kind == ChangeKind::Delete { c.members.len().to_string() } else { String::new() },
        state.to_string(),
        what,
    ]
}

/// A batch's outcome in a word: undone, failed (nothing happened), how many failed, or unsure (the
/// answers never came); empty when every track went as asked.
fn batch_state(b: &Batch) -> String {
    if b.undone {
        return "undone".to_string();
    }
    let count = |f: fn(Outcome) -> bool| b.tracks.iter().filter(|t| f(t.outcome)).count();
    let failed = count(|o| matches!(o, Outcome::Failed | Outcome::Cancelled));
    let unsure = count(|o| matches!(o, Outcome::Pending | Outcome::Unconfirmed));
    match (failed, unsure) {
        (f, _) if f > 0 && f == b.tracks.len() => "failed".to_string(),
        (f, _) if f > 0 => format!("{f} failed"),
        (_, u) if u > 0 => "unsure".to_string(),
        _ => String::new(),
    }
}

/// A journal time (RFC 3339, UTC) in local time, short: month-day hour:minute (the offset is in the header).
fn local_time(time: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(time)
        .map_or_else(|_| time.to_string(), |t| t.with_timezone(&chrono::Local).format("%m-%d %H:%M").to_string())
}

/// A collection change as `history --json` shows it.
#[derive(Serialize)]
struct ChangeDoc {
    batch_id: String,
    kind: String,
    time: String,
    host: String,
    organization: String,
    collection_id: String,
    collection_name: String,
    description: Option<String>,
    before: Option<crate::journal::Named>,
    members: Vec<String>,
    outcome: crate::journal::Outcome,
    undone: bool,
}

impl ChangeDoc {
    fn of(e: &ChangeEntry) -> Self {
        let c = e.change.clone();
        let kind = match c.kind {
            ChangeKind::Create => "create_collection",
            ChangeKind::Rename => "rename_collection",
            ChangeKind::Delete => "delete_collection",
        };
        Self {
            batch_id: c.batch,
            kind: kind.to_string(),
            time: c.time,
            host: c.account.host,
            organization: c.account.organization,
            collection_id: c.collection_id,
            collection_name: c.now.name,
            description: c.now.description,
            before: c.before,
            members: c.members,
            outcome: c.outcome,
            undone: e.undone,
        }
    }
}

/// The last trim's marker: how many batches it has dropped in all, and when.
type Trim = (u64, String);

/// The records of the newest `limit` batches and changes (by where each begins), and the last trim's
/// marker: the journal is read twice, a line at a time, and only those batches' lines are kept, so a
/// journal of hundreds of megabytes costs the memory of what is listed.
fn newest(journal: &Journal, limit: usize) -> Result<(Vec<Record>, Option<Trim>), Failure> {
    let cannot = |source| CliError::JournalRead { path: journal.path().to_path_buf(), source };
    let mut order: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut trimmed = None;
    journal
        .for_each(|r| match r {
            Ok(Record::Trimmed { dropped, time }) => trimmed = Some((dropped, time)),
            // A batch begins with its op lines, a change with its own line (an outcome whose batch was
            // trimmed away begins nothing).
            Ok(r @ (Record::Op(_) | Record::Collection(_))) => {
                if !seen.contains(r.batch()) {
                    seen.insert(r.batch().to_string());
                    order.push(r.batch().to_string());
                }
            }
            Ok(_) => {}
            Err(w) => eprintln!("freddy-music: warning: {}", crate::text::clean_lines(&w.to_string())),
        })
        .map_err(cannot)?;
    let keep: std::collections::HashSet<String> = order.into_iter().rev().take(limit).collect();
    let mut records = Vec::new();
    journal
        .for_each(|r| {
            if let Ok(r) = r
                && keep.contains(r.batch())
            {
                records.push(r);
            }
        })
        .map_err(cannot)?;
    Ok((records, trimmed))
}

/// `history [--json] [--limit N]`: batches and collection changes, newest first.
pub fn history(console: &Console, journal: &Journal, limit: usize, as_json: bool) -> Result<Out, Failure> {
    let (records, trimmed) = newest(journal, limit)?;
    let (all, ch) = (batches(&records), changes(&records));
    let mut listed = entries(&records, &all, &ch);
    listed.reverse();
    listed.truncate(limit);
    if as_json {
        let docs: Vec<serde_json::Value> = listed
            .iter()
            .map(|e| match e {
                Entry::Batch(b) => serde_json::to_value(batch_doc((*b).clone())),
                Entry::Change(c) => serde_json::to_value(ChangeDoc::of(c)),
            })
            .collect::<Result<_, _>>()
            .map_err(CliError::Json)?;
        let dropped = trimmed.map(|(n, _)| n).unwrap_or(0);
        let doc = serde_json::json!({ "journal": journal.path(), "dropped_batches": dropped, "batches": docs });
        return Ok(Out::data(json(&doc)?));
    }
    if let Some((n, time)) = &trimmed {
        eprintln!(
            "freddy-music: {n} older batches were dropped from the journal to keep it under {} MiB (last on {}); \
             they can no longer be restored",
            crate::journal::MAX_BYTES / (1024 * 1024),
            time.replace('T', " ")
        );
    }
    if listed.is_empty() {
        return Ok(Out::note(format!("Nothing recorded yet ({}).", journal.path().display())));
    }
    let rows: Vec<Vec<String>> = listed
        .iter()
        .map(|e| match e {
            Entry::Change(c) => change_row(c),
            Entry::Batch(b) => {
                let titles: Vec<String> =
                    b.tracks.iter().map(|t| t.title.clone().unwrap_or_else(|| t.track_id.clone())).collect();
                vec![
                    b.id.clone(),
                    local_time(&b.time),
                    format!("{:?}", b.kind).to_lowercase(),
                    b.collection_name.clone(),
                    b.tracks.len().to_string(),
                    batch_state(b),
                    titles.join(", "),
                ]
            }
        })
        .collect();
    let aligns = [Align::Left, Align::Left, Align::Left, Align::Left, Align::Right, Align::Left, Align::Left];
    let when = format!("WHEN {}", chrono::Local::now().format("%:z"));
    Ok(Out::data(render(
        &["BATCH", &when, "KIND", "COLLECTION", "TRACKS", "STATE", "WHAT"],
        &aligns,
        &rows,
        6,
        console.layout(),
    )))
}

/// Which batches `restore` was asked for.
pub enum Which {
    Ids(Vec<String>),
    Last,
}

#[derive(Serialize)]
struct RestoredDoc {
    batch_id: String,
    kind: OpKind,
    collection_id: String,
    collection_name: String,
    dry_run: bool,
    /// Whether anything changed (false: every track was already there, in place).
    moved: bool,
    /// How many tracks were re-added (would be, for a dry run); null when it could not be told.
    readded: Option<usize>,
    /// Whether the order read back after the restore is the one planned (false: the collection changed
    /// while it ran; restoring the batch again places the tracks by their neighbours).
    verified: bool,
    error: Option<String>,
    tracks: Vec<PlacedDoc>,
}

#[derive(Serialize)]
struct PlacedDoc {
    track_id: String,
    title: Option<String>,
    /// Zero-based, like the API's `position`.
    position: Option<usize>,
    /// Whether the track was absent and re-added (for a dry run: would be); null when it cannot be told
    /// (some of a batch's tracks were back already and the count does not say which).
    absent: Option<bool>,
    error: Option<String>,
}

/// `restore <BATCH_ID>... | --last [--dry-run]`: newest batch first, so restoring several puts back the
/// oldest state. Fails (exit 1) when any track could not be put back.
pub async fn run(
    console: &Console,
    client: &Client,
    journal: &Journal,
    which: Which,
    dry_run: bool,
    as_json: bool,
) -> Result<Out, Failure> {
    let records = read(journal)?;
    let (all, ch) = (batches(&records), changes(&records));
    let listed = entries(&records, &all, &ch);
    let account = Account::of(client);
    let mut chosen: Vec<(usize, &Entry<'_>)> = match &which {
        Which::Last => {
            let last = listed
                .iter()
                .enumerate()
                .rev()
                .find(|(_, e)| e.account() == &account)
                .ok_or_else(|| CliError::NoBatchForAccount(journal.path().to_path_buf()))?;
            vec![last]
        }
        Which::Ids(ids) => {
            let mut out = Vec::new();
            for id in ids {
                let e = listed
                    .iter()
                    .enumerate()
                    .find(|(_, e)| e.id() == id)
                    .ok_or_else(|| CliError::NoBatch(id.clone()))?;
                let acc = e.1.account();
                if acc != &account {
                    return Err(CliError::OtherAccount {
                        id: id.clone(),
                        host: acc.host.clone(),
                        organization: acc.organization.clone(),
                    }
                    .into());
                }
                out.push(e);
            }
            out
        }
    };
    // Newest first: undoing later batches before earlier ones rebuilds the earlier order exactly.
    chosen.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let mut docs = Vec::new();
    let mut said = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    let mut failures = 0;
    for (_, e) in chosen {
        match e {
            Entry::Batch(b) => {
                let doc = restore_batch(console, client, journal, b, dry_run, as_json).await;
                failures += doc.tracks.iter().filter(|t| t.error.is_some()).count()
                    + usize::from(doc.error.is_some() || !doc.verified);
                let said_here = human(console.layout(), std::slice::from_ref(&doc));
                rows.push(said_here.data);
                said.push(said_here.note);
                docs.push(serde_json::to_value(doc));
            }
            Entry::Change(c) => {
                let doc = super::collections::undo(client, journal, c, dry_run).await;
                failures += doc.failed.len() + usize::from(doc.error.is_some());
                said.push(match &doc.error {
                    Some(e) => format!("{} ({}): {e}", doc.batch_id, doc.collection_name),
                    None => doc.said.clone(),
                });
                for (t, why) in &doc.failed {
                    said.push(format!("  {t}: FAILED: {why}"));
                }
                docs.push(serde_json::to_value(doc));
            }
        }
    }
    let docs: Vec<serde_json::Value> = docs.into_iter().collect::<Result<_, _>>().map_err(CliError::Json)?;
    said.retain(|s| !s.is_empty());
    rows.retain(|s| !s.is_empty());
    let out = if as_json { Out::data(json(&docs)?) } else { Out::both(rows.join("\n"), said.join("\n")) };
    if failures > 0 {
        return Err(super::failing(&out, CliError::NotTakenBack(failures).into()));
    }
    Ok(out)
}

async fn restore_batch(
    console: &Console,
    client: &Client,
    journal: &Journal,
    b: &Batch,
    dry_run: bool,
    as_json: bool,
) -> RestoredDoc {
    let mut doc = RestoredDoc {
        batch_id: b.id.clone(),
        kind: b.kind,
        collection_id: b.collection_id.clone(),
        collection_name: b.collection_name.clone(),
        dry_run,
        moved: false,
        readded: None,
        verified: true,
        error: None,
        tracks: Vec::new(),
    };
    let collection = match CollectionId::parse(b.collection_id.clone()) {
        Ok(c) => c,
        Err(e) => {
            doc.error = Some(format!("the journal names an invalid collection: {e}"));
            return doc;
        }
    };
    if b.kind == OpKind::Add {
        return remove_added(client, journal, b, collection, dry_run, doc).await;
    }
    let wanted: Vec<Wanted> = b
        .restorable()
        .filter_map(|t| {
            Some(Wanted {
                track: TrackId::parse(t.track_id.clone()).ok()?,
                index: usize::try_from(t.index).ok()?,
                next: t.next.clone().and_then(|n| TrackId::parse(n).ok()),
            })
        })
        .collect();
    // A move is taken back by placing its tracks again; it never adds one that was removed meanwhile.
    let report = if b.kind == OpKind::Move && !dry_run {
        crate::api::restore::place(client, &collection, &wanted).await
    } else {
        // The same bar as `tracks remove` (on a terminal, not with --json or --quiet).
        let bar = console.progress(wanted.len() as u64, "re-added", !dry_run && !as_json);
        let report = restore_counted(client, &collection, &wanted, dry_run, &|n| bar.inc(n)).await;
        drop(bar);
        report
    };
    match report {
        Ok(report) => {
            if !dry_run && let Err(e) = journal.append(&[Record::undo(&b.id)]) {
                tracing::warn!(error = %e, "could not record the restore in the journal");
            }
            doc.tracks = placed_docs(b, &report);
            doc.readded = report.readded;
            doc.verified = report.verified;
            // Placing adds nothing; a re-add changed the collection even where no reorder was needed.
            doc.moved = report.moved || (b.kind != OpKind::Move && report.readded != Some(0));
        }
        Err(ApiError::NotFound(_)) => {
            doc.error = Some(format!("the collection {} no longer exists or is not yours", b.collection_name));
        }
        Err(e) => doc.error = Some(e.to_string()),
    }
    doc
}

/// Takes an add batch back: the tracks it added are removed again (a removal is idempotent).
async fn remove_added(
    client: &Client,
    journal: &Journal,
    b: &Batch,
    collection: CollectionId,
    dry_run: bool,
    mut doc: RestoredDoc,
) -> RestoredDoc {
    doc.moved = true;
    for t in b.restorable() {
        let Ok(track) = TrackId::parse(t.track_id.clone()) else { continue };
        let error =
            if dry_run { None } else { client.remove_member(&collection, &track).await.err().map(|e| e.to_string()) };
        doc.tracks.push(PlacedDoc {
            track_id: t.track_id.clone(),
            title: t.title.clone(),
            position: None,
            absent: None,
            error,
        });
    }
    if !dry_run
        && doc.tracks.iter().all(|t| t.error.is_none())
        && let Err(e) = journal.append(&[Record::undo(&b.id)])
    {
        tracing::warn!(error = %e, "could not record the restore in the journal");
    }
    doc
}

fn placed_docs(b: &Batch, report: &Report) -> Vec<PlacedDoc> {
    let title = |t: &TrackId| b.tracks.iter().find(|x| x.track_id == t.as_str()).and_then(|x| x.title.clone());
    report
        .tracks
        .iter()
        .map(|(t, placed)| {
            let (position, error) = match placed {
                Placed::At(p) => (Some(*p), None),
                Placed::Failed(why) => (None, Some(why.clone())),
            };
            // Known when every track or none was absent, or for a dry run (it asked).
            let all = report.readded == Some(report.absent.len());
            let absent = all.then(|| report.absent.contains(t));
            PlacedDoc { track_id: t.to_string(), title: title(t), position, absent, error }
        })
        .collect()
}

/// A table of tracks per batch (standard output) and the sentences that say what was done (standard error).
fn human(layout: Layout, docs: &[RestoredDoc]) -> Out {
    let (mut data, mut out) = (Vec::new(), Vec::new());
    for d in docs {
        let verb = if d.dry_run { "Would restore" } else { "Restored" };
        if let Some(e) = &d.error {
            out.push(format!("Batch {} ({}): nothing restored: {e}", d.batch_id, d.collection_name));
            continue;
        }
        let rows: Vec<Vec<String>> = d
            .tracks
            .iter()
            .map(|t| {
                let what = match (&t.position, &t.error, t.absent, d.dry_run) {
                    (_, Some(e), _, _) => format!("FAILED: {e}"),
                    (None, None, _, true) if d.kind == OpKind::Add => "would be removed again".to_string(),
                    (None, None, _, false) if d.kind == OpKind::Add => "removed again".to_string(),
                    (Some(p), None, Some(true), true) => format!("would re-add at position {}", p + 1),
                    (Some(p), None, _, true) => format!("would be at position {}", p + 1),
                    (Some(p), None, Some(true), false) => format!("re-added at position {}", p + 1),
                    (Some(p), None, _, false) => format!("at position {}", p + 1),
                    (None, None, _, _) => String::new(),
                };
                vec![t.track_id.clone(), t.title.clone().unwrap_or_default(), what]
            })
            .collect();
        let (ok, n) = (d.tracks.iter().filter(|t| t.error.is_none()).count(), d.tracks.len());
        if !d.moved && ok == n {
            out.push(format!(
                "All {n} tracks of batch {} are already in place in {}: nothing changed.",
                d.batch_id, d.collection_name
            ));
            continue;
        }
        data.push(render(&["TRACK ID", "TITLE", "RESULT"], &[Align::Left; 3], &rows, 1, layout));
        if d.kind == OpKind::Add {
            let verb = if d.dry_run { "Would remove" } else { "Removed" };
            let note = if d.dry_run { " (dry run: nothing was sent)" } else { "" };
            out.push(format!(
                "{verb} {ok} of the {n} tracks batch {} added to {} again{note}.",
                d.batch_id, d.collection_name
            ));
            continue;
        }
        let note = if d.dry_run {
            " (dry run: nothing was sent)"
        } else if !d.verified {
            &format!(
                ", but the collection changed while it ran and the order read back is not the one planned: \
                 `freddy-music restore {}` again places them by their neighbours",
                d.batch_id
            )
        } else if d.kind == OpKind::Move || d.readded == Some(0) {
            " (order restored)"
        } else {
            " (order restored; dates added are new)"
        };
        out.push(format!("{verb} {ok} of {n} tracks to {} from batch {}{note}.", d.collection_name, d.batch_id));
    }
    Out::both(data.join("\n"), out.join("\n"))
}
