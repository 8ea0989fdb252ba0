//! `tracks remove COLLECTION_ID TRACK_ID...` (`-` reads ids from standard input, one a line): one
//! connection pool, a bounded number of requests at once, `Retry-After` honoured and safe retries by the
//! client, a result per track. Removal is idempotent, so an interrupted run can simply be run again.
//! The collection's order is read while the removals go out (`remove_run`); each member's position is
//! written to the journal before its request, outcomes as they come, and the batch id is printed, so
//! `freddy-music restore <id>` puts the tracks back.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::time::Duration;

use futures::StreamExt;
use serde::Serialize;

use super::Console;
use super::remove_run::{Job, run};
use super::table::{Align, Layout, render};
use super::{Out, collection_arg, json};
use crate::api::{ApiError, Client, RetryPolicy, TrackId};
use crate::failure::{CliError, Failure};
use crate::journal::Journal;

/// The retry policy for bulk work: patient with rate limits and passing faults.
pub fn bulk_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 10,
        min_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(5),
        max_retry_after: Duration::from_secs(60),
        // A long job under a rate limit waits its turn: up to 10 minutes in all for one removal.
        max_rate_limited: Duration::from_secs(600),
        max_rate_limited_attempts: 40,
    }
}

/// The track ids from the arguments, with `-` standing for the lines of standard input; all are
/// checked before anything is sent, and repeats are dropped.
pub fn track_args(args: &[String], stdin: &mut dyn BufRead) -> Result<Vec<TrackId>, Failure> {
    let mut raw = Vec::new();
    for a in args {
        if a == "-" {
            for line in stdin.lines() {
                let line = line.map_err(CliError::Stdin)?;
                let t = line.trim();
                if !t.is_empty() && !t.starts_with('#') {
                    raw.push(t.to_string());
                }
            }
        } else {
            raw.push(a.clone());
        }
    }
    let mut bad = Vec::new();
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    for r in raw {
        match TrackId::parse(r.clone()) {
            Ok(id) if seen.insert(id.clone()) => ids.push(id),
            Ok(_) => {}
            Err(e) => bad.push(e.to_string()),
        }
    }
    if !bad.is_empty() {
        return Err(CliError::BadIds(bad).into());
    }
    if ids.is_empty() {
        return Err(CliError::NoIds.into());
    }
    Ok(ids)
}

/// What happened to one track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Removed,
    NotMember,
    Failed,
    /// Not sent: a signal stopped the command first (run it again to finish).
    NotSent,
}

#[derive(Serialize)]
struct ErrorDoc {
    status: Option<u16>,
    code: String,
    message: String,
    trace_id: String,
}

#[derive(Serialize)]
struct ResultDoc {
    track_id: String,
    status: Outcome,
    error: Option<ErrorDoc>,
}

#[derive(Serialize)]
struct RemoveDoc {
    collection_id: String,
    /// The journal batch (`freddy-music restore <id>` undoes it); null when nothing was a member.
    batch_id: Option<String>,
    removed: usize,
    not_member: usize,
    failed: usize,
    /// Not sent because a signal stopped the command.
    not_sent: usize,
    results: Vec<ResultDoc>,
}

fn error_doc(e: &ApiError) -> ErrorDoc {
    let d = e.detail().cloned().unwrap_or_default();
    ErrorDoc { status: e.status(), code: d.code, message: e.to_string(), trace_id: d.trace_id }
}

/// How `tracks remove` runs: its flags.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    /// Removals under way at once.
    pub concurrency: usize,
    pub as_json: bool,
    /// Say what would be removed; send nothing.
    pub dry_run: bool,
}

/// Removes the tracks, `concurrency` at a time, and reports each. Fails (exit 1) if any removal failed.
/// The members among them are journaled first (when `journal` is given).
pub async fn remove(
    console: &Console,
    client: &Client,
    collection: &str,
    ids: Vec<TrackId>,
    journal: Option<&Journal>,
    flags: Flags,
) -> Result<Out, Failure> {
    let Flags { concurrency, as_json, dry_run } = flags;
    let id = collection_arg(client, collection).await?;
    let collection = client.get_collection(&id).await?;
    let name = collection.name;
    let size = collection.track_count.unwrap_or(0);
    if dry_run {
        let reading = console.progress(size, "read (the order)", !as_json);
        let members = client.all_members_counted_with(&id, size, |n| reading.inc(n as u64)).await?;
        drop(reading);
        let index: HashMap<TrackId, usize> = members.into_iter().enumerate().map(|(i, m)| (m.track_id, i)).collect();
        return preview(console.layout(), client, &id, &name, &ids, &index, as_json).await;
    }
    let progress = console.progress(ids.len() as u64, "removed", !as_json);
    let job = Job { console, client, id: &id, name: &name, count: collection.track_count, journal, concurrency };
    let sent = run(&job, ids, &progress).await;
    drop(progress);
    let members = &sent.members;
    let mut results: Vec<(usize, ResultDoc)> = sent
        .answers
        .into_iter()
        .map(|(i, t, r)| {
            let (status, error) = match r {
                Ok(()) if members.contains(&t) => (Outcome::Removed, None),
                Ok(()) => (Outcome::NotMember, None),
                Err(e) => (Outcome::Failed, Some(error_doc(&e))),
            };
            (i, ResultDoc { track_id: t.to_string(), status, error })
        })
        .chain(
            sent.unsent
                .into_iter()
                .map(|(i, t)| (i, ResultDoc { track_id: t.to_string(), status: Outcome::NotSent, error: None })),
        )
        .collect();
    results.sort_by_key(|(i, _)| *i);
    let results: Vec<ResultDoc> = results.into_iter().map(|(_, r)| r).collect();
    let count = |o: Outcome| results.iter().filter(|r| r.status == o).count();
    let doc = RemoveDoc {
        collection_id: id.to_string(),
        batch_id: sent.batch.clone(),
        removed: count(Outcome::Removed),
        not_member: count(Outcome::NotMember),
        failed: count(Outcome::Failed),
        not_sent: count(Outcome::NotSent),
        results,
    };
    let out = if as_json { Out::data(json(&doc)?) } else { human(console.layout(), &doc, &name) };
    if let Some(signal) = sent.stopped_by {
        // Stopped by a signal: the report so far, then the status a shell expects (130 for SIGINT).
        return Err(super::failing(
            &out,
            CliError::Signalled { signal, removed: doc.removed, not_sent: doc.not_sent }.into(),
        ));
    }
    if let Some(e) = sent.journal_error {
        let back = match &doc.batch_id {
            Some(b) => format!(" (all journaled: `freddy-music restore {b}` takes them back)"),
            None => String::new(),
        };
        return Err(super::failing(
            &out,
            CliError::JournalFilled { reason: e.clone(), removed: doc.removed, back, not_sent: doc.not_sent }.into(),
        ));
    }
    // The count now says whether anyone else edited the collection meanwhile (one get-collection). Not
    // after a failed removal: one that timed out may have happened, and the count could not tell.
    if let (Some(before), Some(batch)) = (collection.track_count, &doc.batch_id)
        && doc.failed == 0
    {
        let expected = before.saturating_sub(doc.removed as u64);
        let now = client.get_collection(&id).await.ok().and_then(|c| c.track_count);
        if let Some(now) = now.filter(|n| *n != expected) {
            return Err(super::failing(
                &out,
                CliError::Raced { name: name.clone(), now, expected, batch: batch.clone() }.into(),
            ));
        }
    }
    if let Some(e) = sent.unread
        && doc.not_sent > 0
    {
        return Err(super::failing(
            &out,
            CliError::OrderUnread { reason: e.to_string(), not_sent: doc.not_sent, removed: doc.removed }.into(),
        ));
    }
    if doc.failed > 0 {
        // The report still goes to standard output; the exit status says something failed.
        return Err(super::failing(
            &out,
            CliError::SomeFailed {
                failed: doc.failed,
                total: doc.results.len(),
                what: "removals",
                then: "; run the same command again to retry them",
            }
            .into(),
        ));
    }
    Ok(out)
}

#[derive(Serialize)]
struct PreviewDoc {
    collection_id: String,
    collection_name: String,
    dry_run: bool,
    tracks: Vec<PreviewTrack>,
}

#[derive(Serialize)]
struct PreviewTrack {
    track_id: String,
    title: Option<String>,
    /// Zero-based, like the API's `position`; null for a track that is not in the collection.
    position: Option<usize>,
}

/// `--dry-run`: what would be removed, with titles and positions (read with get-track, 8 at once); no
/// write is sent and nothing is journaled.
async fn preview(
    layout: Layout,
    client: &Client,
    id: &crate::api::CollectionId,
    name: &str,
    ids: &[TrackId],
    index: &HashMap<TrackId, usize>,
    as_json: bool,
) -> Result<Out, Failure> {
    let titles: HashMap<TrackId, Option<String>> = futures::stream::iter(ids.iter().filter(|t| index.contains_key(*t)))
        .map(|t| async move { (t.clone(), client.get_track(t).await.ok().and_then(|t| t.title)) })
        .buffer_unordered(8)
        .collect()
        .await;
    let tracks: Vec<PreviewTrack> = ids
        .iter()
        .map(|t| PreviewTrack {
            track_id: t.to_string(),
            title: titles.get(t).cloned().flatten(),
            position: index.get(t).copied(),
        })
        .collect();
    let members = tracks.iter().filter(|t| t.position.is_some()).count();
    if as_json {
        let doc =
            PreviewDoc { collection_id: id.to_string(), collection_name: name.to_string(), dry_run: true, tracks };
        return Ok(Out::data(json(&doc)?));
    }
    let rows: Vec<Vec<String>> = tracks
        .iter()
        .map(|t| {
            let (pos, what) = match t.position {
                Some(p) => ((p + 1).to_string(), "would be removed"),
                None => (String::new(), "not in collection"),
            };
            vec![t.track_id.clone(), t.title.clone().unwrap_or_default(), pos, what.to_string()]
        })
        .collect();
    let aligns = [Align::Left, Align::Left, Align::Right, Align::Left];
    let table = render(&["TRACK ID", "TITLE", "POS", "RESULT"], &aligns, &rows, 1, layout);
    let note = format!("Dry run: would remove {members} of {} tracks from {name}; nothing was sent.", tracks.len());
    Ok(Out::both(table, note))
}

/// The rows (standard output) and the summary (standard error).
fn human(layout: Layout, doc: &RemoveDoc, name: &str) -> Out {
    let rows: Vec<Vec<String>> = doc
        .results
        .iter()
        .map(|r| {
            let (word, note) = match (&r.status, &r.error) {
                (Outcome::Removed, _) => ("removed", String::new()),
                (Outcome::NotMember, _) => ("not in collection", "nothing to do".to_string()),
                (Outcome::Failed, Some(e)) => ("FAILED", e.message.clone()),
                (Outcome::Failed, None) => ("FAILED", String::new()),
                (Outcome::NotSent, _) => ("not sent", "stopped before it was sent".to_string()),
            };
            vec![r.track_id.clone(), word.to_string(), note]
        })
        .collect();
    let (table, undo) = super::per_track(layout, &rows, doc.batch_id.as_deref());
    let unsent = if doc.not_sent > 0 { format!("; {} not sent", doc.not_sent) } else { String::new() };
    let note = format!(
        "Removed {} from {name}; {} not in the collection; {} failed{unsent}.{undo}",
        doc.removed, doc.not_member, doc.failed
    );
    Out::both(table, note.trim_start().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_arguments_and_stdin() {
        let mut input = std::io::Cursor::new("mtrack_b\n\n# a comment\n  mtrack_c  \nmtrack_a\n");
        let args = vec!["mtrack_a".to_string(), "-".to_string()];
        let ids = track_args(&args, &mut input).unwrap();
        assert_eq!(ids.iter().map(|t| t.as_str()).collect::<Vec<_>>(), ["mtrack_a", "mtrack_b", "mtrack_c"]);
    }

    #[test]
    fn a_bad_id_stops_everything() {
        let mut none = std::io::Cursor::new("");
        let err = track_args(&["mtrack_ok".into(), "mtrack_../x".into()], &mut none).unwrap_err();
        assert_eq!(err.code(), 2);
        assert!(err.message().contains("nothing was removed"));
        assert_eq!(track_args(&[], &mut none).unwrap_err().code(), 2);
    }
}
