//! `collections create | rename | delete`, each journaled so `restore <id>` takes it back: a created
//! collection is deleted again (while still empty), a rename is set back, and a deleted collection is
//! recreated (with a new id: the API cannot undelete) from the name, description and ordered members the
//! journal kept before the delete was sent.

use std::io::{BufRead, IsTerminal, Write};

use serde::Serialize;

use super::{Console, Out, json};
use crate::api::model::Collection;
use crate::api::{Client, CollectionId};
use crate::failure::{CliError, Failure};
use crate::journal::Journal;
pub use freddy_ops::collections::{Recorded, UndoneDoc, create_recorded, delete_recorded, rename_recorded, undo};

#[derive(Serialize)]
struct ChangedDoc<'a> {
    /// The journal entry (`freddy-music restore <id>` takes the change back).
    batch_id: Option<&'a str>,
    collection: &'a Collection,
}

/// Says on standard error that a change cannot be taken back (the CLI's way).
fn warn_unjournaled(r: &Recorded) {
    if let Some(e) = &r.journal_error {
        eprintln!("freddy-music: warning: {e}; this change cannot be taken back with `freddy-music restore`");
    }
}

/// The collection's id on standard output (what a script keeps), the sentence on standard error.
fn report(verb: &str, c: &Collection, tail: &str, batch: Option<&str>, as_json: bool) -> Result<Out, Failure> {
    if as_json {
        return Ok(Out::data(json(&ChangedDoc { batch_id: batch, collection: c })?));
    }
    let undo = batch.map(|b| format!(" Undo with `freddy-music restore {b}`.")).unwrap_or_default();
    Ok(Out::both(c.id.to_string(), format!("{verb} \u{201c}{}\u{201d} ({}){tail}.{undo}", c.name, c.id)))
}

/// `collections create NAME [--description D]`.
pub async fn create(
    console: &Console,
    client: &Client,
    journal: &Journal,
    name: &str,
    description: Option<String>,
    as_json: bool,
) -> Result<Out, Failure> {
    // Said here, as the TUI's form says it, rather than sent for a 422.
    if name.trim().is_empty() {
        return Err(CliError::EmptyName.into());
    }
    let before = client.all_collections().await?;
    let r = create_recorded(client, Some(journal), name, description).await?;
    warn_unjournaled(&r);
    let same = super::same_name(&before, name).len();
    if same > 0 {
        console.say(&format!(
            "freddy-music: warning: {} collection{} already named \u{201c}{}\u{201d}; name them apart as \u{201c}{}#1\u{201d} … \u{201c}{}#{}\u{201d} (oldest first) or by id",
            same,
            if same == 1 { " was" } else { "s were" },
            crate::text::clean(name),
            crate::text::clean(name),
            crate::text::clean(name),
            same + 1
        ));
    }
    report("Created", &r.collection, "", r.batch.as_deref(), as_json)
}

/// `collections rename COLLECTION NAME [--description D]`.
pub async fn rename(
    client: &Client,
    journal: &Journal,
    id: &CollectionId,
    name: &str,
    description: Option<String>,
    as_json: bool,
) -> Result<Out, Failure> {
    let r = rename_recorded(client, Some(journal), id, name, description).await?;
    warn_unjournaled(&r);
    let verb = if r.renamed { "Renamed to" } else { "Changed the description of" };
    report(verb, &r.collection, "", r.batch.as_deref(), as_json)
}

/// `collections delete COLLECTION [--yes]`: on a terminal it asks for the collection's name (or `y` for
/// an empty one); without a terminal it needs `--yes`. The members are journaled before the delete.
pub async fn delete(
    client: &Client,
    journal: &Journal,
    id: &CollectionId,
    yes: bool,
    as_json: bool,
) -> Result<Out, Failure> {
    let c = client.get_collection(id).await?;
    let count = c.track_count.unwrap_or(0);
    if !yes {
        confirm_delete(&c, count)?;
    }
    let r = delete_recorded(client, Some(journal), id).await?;
    warn_unjournaled(&r);
    let tracks = match r.count {
        0 => " (it held no tracks)".to_string(),
        1 => " and its 1 track".to_string(),
        n => format!(" and its {n} tracks"),
    };
    report("Deleted", &r.collection, &tracks, r.batch.as_deref(), as_json)
}

fn confirm_delete(c: &Collection, count: u64) -> Result<(), Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::NeedsYes(crate::text::clean(&c.name).into_owned()).into());
    }
    let name = crate::text::clean(&c.name);
    let prompt = if count == 0 {
        format!("Delete the empty collection \u{201c}{name}\u{201d}? [y/N] ")
    } else {
        format!("Delete \u{201c}{name}\u{201d} and its {count} tracks? Type its name to confirm: ")
    };
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(CliError::Terminal)?;
    let answer = answer.trim();
    let confirmed = if count == 0 { answer.eq_ignore_ascii_case("y") } else { answer == c.name };
    if confirmed { Ok(()) } else { Err(CliError::NotConfirmed.into()) }
}
