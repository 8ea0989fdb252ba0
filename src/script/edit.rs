//! `tracks add COLLECTION TRACK...` and `tracks move COLLECTION TRACK --to POSITION`, journaled like a
//! removal (op lines before the first request, outcomes after), so `restore <id>` takes them back: added
//! tracks are removed again, a moved track goes back to where it was.

use std::collections::HashMap;

use serde::Serialize;

use super::{Console, Out, collection_arg, json};
use crate::api::restore::{Placed, Wanted, place, restore};
use crate::api::{Client, TrackId};
use crate::failure::{CliError, Failure};
use crate::journal::{Journal, OpKind, Outcome as Logged, Record};

#[derive(Serialize)]
struct AddedDoc {
    collection_id: String,
    batch_id: Option<String>,
    added: usize,
    already: usize,
    failed: usize,
    results: Vec<AddResult>,
}

#[derive(Serialize)]
struct AddResult {
    track_id: String,
    /// `added`, `already_member` or `failed`.
    status: &'static str,
    error: Option<String>,
}

fn settle(journal: &Journal, batch: Option<&str>, outcomes: &[(&TrackId, Logged)]) {
    if let Some(b) = batch {
        let lines: Vec<Record> = outcomes.iter().map(|(t, o)| Record::outcome(b, t.as_str(), *o)).collect();
        if let Err(e) = journal.append(&lines) {
            tracing::warn!(error = %e, "could not write outcomes to the journal");
        }
    }
}

/// `tracks add`: appends the tracks in the order given (8 adds at once, then one reorder if they landed
/// in another order); a track already in the collection is reported and left where it is. Fails (exit 1)
/// if any add failed.
pub async fn add(
    console: &Console,
    client: &Client,
    journal: &Journal,
    collection: &str,
    ids: Vec<TrackId>,
    as_json: bool,
) -> Result<Out, Failure> {
    let id = collection_arg(client, collection).await?;
    let c = client.get_collection(&id).await?;
    let len = c.track_count.unwrap_or(0);
    let members: std::collections::HashSet<TrackId> =
        client.all_members_counted(&id, len).await?.into_iter().map(|m| m.track_id).collect();
    let new: Vec<(&TrackId, usize)> =
        ids.iter().filter(|t| !members.contains(*t)).enumerate().map(|(i, t)| (t, len as usize + i)).collect();
    let batch = super::journal_batch(console, journal, client, OpKind::Add, &id, &c.name, &new)?;
    // Added 8 at once, then put in the order given at the end by one reorder (only when the adds landed in
    // another order): the restore engine, asked to place each new track at its index past the old end.
    let wanted: Vec<Wanted> = new.iter().map(|(t, i)| Wanted { track: (*t).clone(), index: *i, next: None }).collect();
    let placed: HashMap<TrackId, Placed> = match restore(client, &id, &wanted, false).await {
        Ok(report) => report.tracks.into_iter().collect(),
        Err(e) => {
            let all: Vec<(&TrackId, Logged)> = new.iter().map(|(t, _)| (*t, Logged::Unconfirmed)).collect();
            settle(journal, batch.as_deref(), &all);
            return Err(e.into());
        }
    };
    let mut results = Vec::new();
    let mut outcomes = Vec::new();
    for t in &ids {
        let result = match placed.get(t) {
            _ if members.contains(t) => AddResult { track_id: t.to_string(), status: "already_member", error: None },
            Some(Placed::At(_)) => {
                outcomes.push((t, Logged::Done));
                AddResult { track_id: t.to_string(), status: "added", error: None }
            }
            Some(Placed::Failed(why)) => {
                outcomes.push((t, Logged::Failed));
                AddResult { track_id: t.to_string(), status: "failed", error: Some(why.clone()) }
            }
            None => AddResult { track_id: t.to_string(), status: "failed", error: Some("not sent".to_string()) },
        };
        results.push(result);
    }
    settle(journal, batch.as_deref(), &outcomes);
    let count = |s: &str| results.iter().filter(|r| r.status == s).count();
    let doc = AddedDoc {
        collection_id: id.to_string(),
        batch_id: batch,
        added: count("added"),
        already: count("already_member"),
        failed: count("failed"),
        results,
    };
    let out = if as_json { Out::data(json(&doc)?) } else { human_added(console.layout(), &doc, &c.name) };
    if doc.failed > 0 {
        let failed = CliError::SomeFailed { failed: doc.failed, total: doc.results.len(), what: "adds", then: "" };
        return Err(super::failing(&out, failed.into()));
    }
    Ok(out)
}

/// The rows (standard output) and the summary (standard error).
fn human_added(layout: super::table::Layout, doc: &AddedDoc, name: &str) -> Out {
    let rows: Vec<Vec<String>> = doc
        .results
        .iter()
        .map(|r| {
            let word = match r.status {
                "added" => "added",
                "already_member" => "already in collection",
                _ => "FAILED",
            };
            vec![r.track_id.clone(), word.to_string(), r.error.clone().unwrap_or_default()]
        })
        .collect();
    let (table, undo) = super::per_track(layout, &rows, doc.batch_id.as_deref());
    Out::both(
        table,
        format!("Added {} to {name}; {} already in it; {} failed.{undo}", doc.added, doc.already, doc.failed),
    )
}

#[derive(Serialize)]
struct MovedDoc {
    collection_id: String,
    batch_id: Option<String>,
    track_id: String,
    /// 1-based, as given and as shown.
    from: usize,
    to: usize,
}

/// `tracks move`: puts one member at `to` (1-based; past the end means last) with one reorder (in
/// chunks on a 413), by the server's order read just before.
pub async fn move_to(
    console: &Console,
    client: &Client,
    journal: &Journal,
    collection: &str,
    track: TrackId,
    to: usize,
    as_json: bool,
) -> Result<Out, Failure> {
    let id = collection_arg(client, collection).await?;
    let c = client.get_collection(&id).await?;
    let order = client.all_members_counted(&id, c.track_count.unwrap_or(0)).await?;
    let at: HashMap<&TrackId, usize> = order.iter().enumerate().map(|(i, m)| (&m.track_id, i)).collect();
    let from = *at.get(&track).ok_or_else(|| {
        Failure::from(CliError::NotInCollection { track: track.to_string(), name: c.name.clone(), id: id.to_string() })
    })?;
    if to == 0 {
        return Err(CliError::PositionZero.into());
    }
    let to = to.min(order.len()) - 1;
    let batch = if from == to {
        None
    } else {
        super::journal_batch(console, journal, client, OpKind::Move, &id, &c.name, &[(&track, from)])?
    };
    if from != to {
        // Placed by the server's order now: a track another client removed meanwhile is reported, never
        // added back (a move never adds).
        let report = place(client, &id, &[Wanted { track: track.clone(), index: to, next: None }]).await;
        let outcome = match &report {
            Ok(r) if r.tracks.iter().all(|(_, p)| matches!(p, Placed::At(_))) => Logged::Done,
            _ => Logged::Failed,
        };
        settle(journal, batch.as_deref(), &[(&track, outcome)]);
        let report = report?;
        if let Some((_, why)) = report.failed().next() {
            return Err(CliError::NotMoved { track: track.to_string(), why: why.to_string() }.into());
        }
    }
    let doc = MovedDoc {
        collection_id: id.to_string(),
        batch_id: batch,
        track_id: track.to_string(),
        from: from + 1,
        to: to + 1,
    };
    if as_json {
        return Ok(Out::data(json(&doc)?));
    }
    let undo = doc.batch_id.as_ref().map(|b| format!(" Undo with `freddy-music restore {b}`.")).unwrap_or_default();
    Ok(Out::note(if from == to {
        format!("{} is already at position {} in {}; nothing changed.", doc.track_id, doc.to, c.name)
    } else {
        format!("Moved {} from position {} to {} in {}.{undo}", doc.track_id, doc.from, doc.to, c.name)
    }))
}
