//! The scripting commands: the same operations as the TUI, for shells and pipelines. Human output is
//! aligned columns; `--json` prints one JSON document with the API's field names. Errors go to standard
//! error with the API's message, code and trace id (exit 1); usage and config errors exit 2.

pub mod collections;
pub mod console;
pub mod docs;
pub mod edit;
pub mod find;
pub mod history;
pub mod list;
pub mod progress;
pub mod remove;
mod remove_run;
pub mod table;

use std::collections::HashMap;

use futures::{StreamExt, TryStreamExt};

use crate::api::model::{Member, Track, TrackFilter};
use crate::api::pages::MAX_TRACKS_LIMIT;
use crate::api::{Client, CollectionId, TrackId};
use crate::failure::{CliError, Failure};
use crate::journal::{Account, Journal, RemoveBatch, new_batch_id};
pub use console::Console;

/// What a command prints: data for standard output (rows, ids, a JSON document: what a pipe reads), and
/// sentences for a person (summaries, how to undo) for standard error. Either may be empty.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Out {
    pub data: String,
    pub note: String,
}

impl Out {
    pub fn data(data: impl Into<String>) -> Self {
        Self { data: data.into(), note: String::new() }
    }

    pub fn note(note: impl Into<String>) -> Self {
        Self { data: String::new(), note: note.into() }
    }

    pub fn both(data: impl Into<String>, note: impl Into<String>) -> Self {
        Self { data: data.into(), note: note.into() }
    }

    /// Writes the data to standard output, then the sentences to standard error (both made safe).
    pub fn print(&self) -> Result<(), Failure> {
        emit(&self.data)?;
        let note = self.note.trim_end();
        if !note.is_empty() {
            eprintln!("{}", crate::text::clean_lines(note));
        }
        Ok(())
    }
}

impl From<String> for Out {
    fn from(data: String) -> Self {
        Self::data(data)
    }
}

/// Writes a command's output (server text made safe) to standard output; nothing at all when there is
/// none (no lone newline). A reader that went away (a closed pipe, as after `| head -1`) is not an
/// error: the output was not wanted any more.
pub fn emit(out: &str) -> Result<(), Failure> {
    use std::io::Write;
    // Only line ends are trimmed: a row whose last cell is empty keeps its tab (every piped row has the
    // same number of fields).
    let text = crate::text::clean_lines(out.trim_end_matches(['\n', '\r']));
    if text.trim().is_empty() {
        return Ok(());
    }
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Stdout(e).into()),
    }
}

/// Says on standard error (when it is a terminal) that the server's rate limit holds requests back, at
/// most once every 10 seconds.
pub fn rate_limit_notice(console: &Console) -> crate::api::throttle::WaitHook {
    use std::io::IsTerminal;
    let console = console.clone();
    let last = std::sync::Mutex::new(None::<std::time::Instant>);
    let tty = std::io::stderr().is_terminal();
    Box::new(move |wait| {
        let Ok(mut last) = last.lock() else { return };
        let now = std::time::Instant::now();
        if tty && last.is_none_or(|t| now.duration_since(t) >= std::time::Duration::from_secs(10)) {
            *last = Some(now);
            console.say(&format!(
                "freddy-music: rate limited by the server; waiting {:.0}s before going on",
                wait.as_secs_f64().ceil()
            ));
        }
    })
}

/// The journal in the platform data directory.
pub fn journal() -> Result<crate::journal::Journal, Failure> {
    crate::journal::Journal::default_location().ok_or_else(|| CliError::NoDataDir.into())
}

/// The collection a command line names: an id (`mcoll_…`) as it is, else the exact name of one of the
/// caller's collections, else `NAME#N` for the N-th of several with that name (numbered by `created_at`,
/// oldest #1; an exact name that itself holds `#` wins). An unknown or ambiguous name is a usage error
/// that lists the candidates.
pub async fn collection_arg(client: &Client, raw: &str) -> Result<CollectionId, Failure> {
    if raw.starts_with(CollectionId::PREFIX) {
        // Meant as an id: a malformed one stops the command before anything is sent.
        return Ok(CollectionId::parse(raw)?);
    }
    let all = client.all_collections().await?;
    let named: Vec<_> = all.iter().filter(|c| c.name == raw).collect();
    let shown = crate::text::clean(raw);
    if named.is_empty()
        && let Some((name, n)) = raw.rsplit_once('#').and_then(|(name, n)| Some((name, n.parse::<usize>().ok()?)))
    {
        let same = same_name(&all, name);
        return match same.get(n.wrapping_sub(1)) {
            Some(c) => Ok(c.id.clone()),
            None => {
                Err(CliError::NoSuchNumber { name: crate::text::clean(name).into_owned(), n, count: same.len() }.into())
            }
        };
    }
    match named.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => {
            let folded = raw.to_lowercase();
            let near: Vec<String> = all
                .iter()
                .filter(|c| {
                    let name = c.name.to_lowercase();
                    name.contains(&folded) || folded.contains(&name) || near_miss(&folded, &name)
                })
                .map(|c| format!("\u{201c}{}\u{201d} ({})", c.name, c.id))
                .collect();
            let hint = if near.is_empty() {
                "`freddy-music collections list` shows yours".to_string()
            } else {
                format!("did you mean {}?", near.join(", "))
            };
            Err(CliError::NoSuchName { name: shown.into_owned(), hint }.into())
        }
        _ => {
            let ids: Vec<String> = same_name(&all, raw)
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{shown}#{} = {} (created {})", i + 1, c.id, crate::ui::date(&c.created_at)))
                .collect();
            Err(CliError::Ambiguous { name: shown.into_owned(), ids }.into())
        }
    }
}

/// The collections named exactly `name`, oldest first (the order `NAME#N` counts in).
pub fn same_name<'a>(all: &'a [crate::api::model::Collection], name: &str) -> Vec<&'a crate::api::model::Collection> {
    let mut same: Vec<_> = all.iter().filter(|c| c.name == name).collect();
    same.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.as_str().cmp(b.id.as_str())));
    same
}

/// Titles and durations for members: the library list filtered by the collection (100 a page), then
/// get-track (8 at once) for any id it did not have. A track that cannot be read keeps no title.
/// Each answer tells `titled` how many tracks it brought (for a progress bar).
pub async fn resolve_tracks_counted(
    client: &Client,
    collection: &CollectionId,
    members: &[Member],
    titled: &(dyn Fn(u64) + Sync),
) -> Result<HashMap<TrackId, Track>, Failure> {
    let filter = TrackFilter { collection_id: Some(collection.clone()), ..TrackFilter::default() };
    let pages: Vec<Vec<Track>> = client
        .track_pages(&filter, MAX_TRACKS_LIMIT)
        .inspect_ok(|page| titled(page.len() as u64))
        .try_collect()
        .await?;
    let mut known: HashMap<TrackId, Track> = pages.into_iter().flatten().map(|t| (t.id.clone(), t)).collect();
    let missing: Vec<TrackId> =
        members.iter().map(|m| m.track_id.clone()).filter(|id| !known.contains_key(id)).collect();
    let fetched: Vec<_> = futures::stream::iter(missing)
        .map(|id| async move { client.get_track(&id).await.ok() })
        .buffer_unordered(8)
        .inspect(|_| titled(1))
        .collect()
        .await;
    known.extend(fetched.into_iter().flatten().map(|t| (t.id.clone(), t)));
    Ok(known)
}

/// Whether two names differ by a slip of the fingers: spaces aside, at most two letters added, dropped or
/// changed (`Focus Sesions`, `Sleep  Sounds`).
fn near_miss(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect::<Vec<char>>();
    let (a, b) = (squeeze(a), squeeze(b));
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    // Edit distance, one row at a time.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = (prev + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = here;
        }
    }
    row[b.len()] <= 2
}

/// Journals a batch of `kind` for these (track, index) pairs before its first request; its id, or `None`
/// when there is nothing to journal. When the journal cannot be written nothing may be sent: the error
/// says so.
pub fn journal_batch(
    console: &Console,
    journal: &Journal,
    client: &Client,
    kind: crate::journal::OpKind,
    id: &CollectionId,
    name: &str,
    tracks: &[(&TrackId, usize)],
) -> Result<Option<String>, Failure> {
    if tracks.is_empty() {
        return Ok(None);
    }
    let account = Account::of(client);
    let batch = new_batch_id();
    let opening = RemoveBatch {
        account: &account,
        batch: &batch,
        redo_of: None,
        collection_id: id.as_str(),
        collection_name: name,
    };
    let records = opening.ops_of(kind, tracks.iter().map(|(t, i)| (t.as_str(), None, *i)));
    match journal.append_telling_waits(&records, &|| waiting_for_the_journal(console)) {
        Ok(()) => Ok(Some(batch)),
        Err(source) => Err(CliError::JournalWrite { path: journal.path().to_path_buf(), source }.into()),
    }
}

/// Says on standard error that the journal's lock is held by another process, so the command waits.
pub fn waiting_for_the_journal(console: &Console) {
    console.say("freddy-music: waiting for the journal, held by another freddy-music (Ctrl-C stops here)");
}

/// A per-track report (TRACK ID, RESULT, NOTE) and the line that says how to take the batch back.
pub fn per_track(layout: table::Layout, rows: &[Vec<String>], batch: Option<&str>) -> (String, String) {
    use table::{Align, render};
    let table = render(&["TRACK ID", "RESULT", "NOTE"], &[Align::Left; 3], rows, 2, layout);
    let undo = batch.map(|b| format!("\nBatch {b}: undo with `freddy-music restore {b}`.")).unwrap_or_default();
    (table, undo)
}

/// The output, then the failure: for a command whose report still goes out when it fails.
pub fn failing(out: &Out, failure: Failure) -> Failure {
    match out.print() {
        Ok(()) => failure,
        Err(f) => f,
    }
}

/// Prints a JSON document.
/// C1 controls, bidi and zero-width characters in strings are escaped too (`\u009b`), so the document
/// is safe to show on a terminal and means the same to a JSON reader.
pub fn json(value: &impl serde::Serialize) -> Result<String, Failure> {
    let doc = serde_json::to_string_pretty(value)?;
    Ok(crate::text::escape_json(&doc).into_owned())
}
