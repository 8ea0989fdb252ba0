//! `history` (the journal's batches, newest first) and `restore` (put a batch's tracks back at their
//! recorded indexes, by the server's state: it re-adds what is absent and reorders, so running it twice
//! changes nothing, and it works again after a redo).

use serde::Serialize;

use super::json;
use super::table::{Align, render, terminal_width};
use crate::api::restore::{Placed, Report, Wanted, restore};
use crate::api::{ApiError, Client, CollectionId, TrackId};
use crate::failure::Failure;
use crate::journal::{Account, Batch, Journal, Record, batches};

/// Reads the journal; its warnings (damaged lines) go to standard error.
fn read(journal: &Journal) -> Result<Vec<Record>, Failure> {
    let contents = journal
        .read()
        .map_err(|e| Failure::api(format!("cannot read the journal {}: {e}", journal.path().display())))?;
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

/// `history [--json] [--limit N]`: batches newest first.
pub fn history(journal: &Journal, limit: usize, as_json: bool) -> Result<String, Failure> {
    let mut all = batches(&read(journal)?);
    all.reverse();
    all.truncate(limit);
    if as_json {
        let docs: Vec<BatchDoc> = all.into_iter().map(batch_doc).collect();
        return json(&serde_json::json!({ "journal": journal.path(), "batches": docs }));
    }
    if all.is_empty() {
        return Ok(format!("No removals recorded yet ({}).", journal.path().display()));
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|b| {
            let titles: Vec<String> =
                b.tracks.iter().map(|t| t.title.clone().unwrap_or_else(|| t.track_id.clone())).collect();
            let state = if b.undone { "undone" } else { "" };
            vec![
                b.id.clone(),
                b.time.replace('T', " ").trim_end_matches('Z').to_string(),
                format!("{:?}", b.kind).to_lowercase(),
                b.collection_name.clone(),
                b.tracks.len().to_string(),
                state.to_string(),
                titles.join(", "),
            ]
        })
        .collect();
    let aligns = [Align::Left, Align::Left, Align::Left, Align::Left, Align::Right, Align::Left, Align::Left];
    Ok(render(
        &["BATCH", "WHEN (UTC)", "KIND", "COLLECTION", "TRACKS", "STATE", "TITLES"],
        &aligns,
        &rows,
        6,
        terminal_width(),
    ))
}

/// Which batches `restore` was asked for.
pub enum Which {
    Ids(Vec<String>),
    Last,
}

#[derive(Serialize)]
struct RestoredDoc {
    batch_id: String,
    collection_id: String,
    collection_name: String,
    dry_run: bool,
    /// Whether the order had to change (false: every track was already in place).
    moved: bool,
    error: Option<String>,
    tracks: Vec<PlacedDoc>,
}

#[derive(Serialize)]
struct PlacedDoc {
    track_id: String,
    title: Option<String>,
    /// Zero-based, like the API's `position`.
    position: Option<usize>,
    /// For a dry run: whether the track would be added back (it is absent now).
    absent: Option<bool>,
    error: Option<String>,
}

/// `restore <BATCH_ID>... | --last [--dry-run]`: newest batch first, so restoring several puts back the
/// oldest state. Fails (exit 1) when any track could not be put back.
pub async fn run(
    client: &Client,
    journal: &Journal,
    which: Which,
    dry_run: bool,
    as_json: bool,
) -> Result<String, Failure> {
    let records = read(journal)?;
    let all = batches(&records);
    let account = Account::of(client);
    let mut chosen: Vec<&Batch> = match &which {
        Which::Last => {
            let last = all.iter().rev().find(|b| b.account == account).ok_or_else(|| {
                Failure::api(format!("the journal holds no batch for this account ({})", journal.path().display()))
            })?;
            vec![last]
        }
        Which::Ids(ids) => {
            let mut out = Vec::new();
            for id in ids {
                let b = all.iter().find(|b| &b.id == id).ok_or_else(|| {
                    Failure::usage(format!("no batch {id} in the journal; `freddy-music history` lists them"))
                })?;
                if b.account != account {
                    return Err(Failure::usage(format!(
                        "batch {id} was made on {} for {} with another key; restore it with that configuration",
                        b.account.host, b.account.organization
                    )));
                }
                out.push(b);
            }
            out
        }
    };
    // Newest first: undoing later batches before earlier ones rebuilds the earlier order exactly.
    let at = |b: &&Batch| all.iter().position(|x| x.id == b.id);
    chosen.sort_by_key(|b| std::cmp::Reverse(at(b)));
    let mut docs = Vec::new();
    let mut failures = 0;
    for b in chosen {
        let doc = restore_batch(client, journal, b, dry_run).await;
        failures += doc.tracks.iter().filter(|t| t.error.is_some()).count() + usize::from(doc.error.is_some());
        docs.push(doc);
    }
    let out = if as_json { json(&docs)? } else { human(&docs) };
    if failures > 0 {
        super::emit(&out)?;
        return Err(Failure::api(format!("{failures} track(s) could not be put back; see above")));
    }
    Ok(out)
}

async fn restore_batch(client: &Client, journal: &Journal, b: &Batch, dry_run: bool) -> RestoredDoc {
    let mut doc = RestoredDoc {
        batch_id: b.id.clone(),
        collection_id: b.collection_id.clone(),
        collection_name: b.collection_name.clone(),
        dry_run,
        moved: false,
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
    let wanted: Vec<Wanted> = b
        .restorable()
        .filter_map(|t| {
            Some(Wanted { track: TrackId::parse(t.track_id.clone()).ok()?, index: usize::try_from(t.index).ok()? })
        })
        .collect();
    match restore(client, &collection, &wanted, dry_run).await {
        Ok(report) => {
            if !dry_run && let Err(e) = journal.append(&[Record::undo(&b.id)]) {
                tracing::warn!(error = %e, "could not record the restore in the journal");
            }
            doc.tracks = placed_docs(b, &report, dry_run);
            doc.moved = report.moved || !report.absent.is_empty();
        }
        Err(ApiError::NotFound(_)) => {
            doc.error = Some(format!("the collection {} no longer exists or is not yours", b.collection_name));
        }
        Err(e) => doc.error = Some(e.to_string()),
    }
    doc
}

fn placed_docs(b: &Batch, report: &Report, dry_run: bool) -> Vec<PlacedDoc> {
    let title = |t: &TrackId| b.tracks.iter().find(|x| x.track_id == t.as_str()).and_then(|x| x.title.clone());
    report
        .tracks
        .iter()
        .map(|(t, placed)| {
            let (position, error) = match placed {
                Placed::At(p) => (Some(*p), None),
                Placed::Failed(why) => (None, Some(why.clone())),
            };
            let absent = dry_run.then(|| report.absent.contains(t));
            PlacedDoc { track_id: t.to_string(), title: title(t), position, absent, error }
        })
        .collect()
}

fn human(docs: &[RestoredDoc]) -> String {
    let mut out = Vec::new();
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
                    (Some(p), None, Some(true), true) => format!("would re-add at position {}", p + 1),
                    (Some(p), None, _, true) => format!("would be at position {}", p + 1),
                    (Some(p), None, _, false) => format!("at position {}", p + 1),
                    (None, None, _, _) => String::new(),
                };
                vec![t.title.clone().unwrap_or_else(|| t.track_id.clone()), what]
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
        out.push(render(&["TRACK", "RESULT"], &[Align::Left, Align::Left], &rows, 0, terminal_width()));
        let note = if d.dry_run { " (dry run: nothing was sent)" } else { " (order restored; dates added are new)" };
        out.push(format!("{verb} {ok} of {n} tracks to {} from batch {}{note}.", d.collection_name, d.batch_id));
    }
    out.join("\n")
}
