//! `find TEXT` and `tracks where TRACK`: answered from the local mirror (`freddy_ops::mirror`), brought
//! up to date first unless `--offline`: one list page per 100 collections, and a full read of only the
//! collections whose `updated_at` moved since.

use serde::Serialize;

use super::table::{Align, render};
use super::{Console, Out, json};
use crate::api::{Client, TrackId};
use crate::failure::{CliError, Failure};
use freddy_ops::matcher::{Scratch, matching};
use freddy_ops::mirror::{Mirror, Mirrored};

/// The mirrored collections: synced (with a bar on a terminal), or as they are with `--offline` (and a
/// note of their age).
async fn mirrored(
    console: &Console,
    client: &Client,
    as_json: bool,
    offline: bool,
) -> Result<(Vec<Mirrored>, String), Failure> {
    let mirror = Mirror::of(client).ok_or(CliError::NoDataDir)?;
    if offline {
        let all = mirror.all();
        if all.is_empty() {
            return Err(CliError::NoMirror.into());
        }
        let note = match mirror.age() {
            Some(age) if mirror.complete() => {
                format!("From the mirror as synced at {age} (--offline: nothing was asked of the server).")
            }
            _ => format!(
                "warning: the mirror is incomplete ({} collections; its last sync did not finish): run without --offline to finish it.",
                all.len()
            ),
        };
        return Ok((all, note));
    }
    let bar = std::sync::Mutex::new(None);
    let progress = |done: usize, total: usize| {
        let Ok(mut bar) = bar.lock() else { return };
        if total > 0 && bar.is_none() {
            *bar = Some(console.progress(total as u64, "collections read into the mirror", !as_json));
        }
        if let Some(b) = bar.as_ref()
            && done > 0
        {
            b.inc(1);
        }
    };
    let all = mirror.sync(client, &progress).await.map_err(|e| match e {
        freddy_ops::mirror::SyncError::Api(e) => Failure::from(e),
        freddy_ops::mirror::SyncError::Write(e) => CliError::MirrorWrite(e).into(),
    })?;
    drop(bar);
    Ok((all, String::new()))
}

#[derive(Serialize)]
struct Found {
    track_id: String,
    title: String,
    collection_id: String,
    collection_name: String,
    /// 1-based, as the app shows it.
    position: usize,
}

/// `find TEXT`: every track whose title matches, in every collection, by collection and position.
pub async fn find(
    console: &Console,
    client: &Client,
    text: &str,
    as_json: bool,
    offline: bool,
) -> Result<Out, Failure> {
    // An empty query would match every track there is.
    if text.trim().is_empty() {
        return Err(CliError::EmptyQuery.into());
    }
    let (all, note) = mirrored(console, client, as_json, offline).await?;
    let scratch = Scratch::default();
    let mut found = Vec::new();
    for m in &all {
        let titles: Vec<Option<&str>> = m.members.iter().map(|(t, _)| m.title(t)).collect();
        for i in matching(&scratch, text, titles.iter().copied()) {
            let (track, _) = &m.members[i];
            found.push(Found {
                track_id: track.to_string(),
                title: titles[i].unwrap_or_default().to_string(),
                collection_id: m.collection.id.to_string(),
                collection_name: m.collection.name.clone(),
                position: i + 1,
            });
        }
    }
    if as_json {
        let doc = serde_json::json!({ "query": text, "mirror_synced_at": Mirror::of(client).and_then(|m| m.age()), "items": found });
        return Ok(Out::both(json(&doc)?, note));
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|f| vec![f.title.clone(), f.collection_name.clone(), f.position.to_string(), f.track_id.clone()])
        .collect();
    let aligns = [Align::Left, Align::Left, Align::Right, Align::Left];
    let table = render(&["TITLE", "COLLECTION", "#", "TRACK ID"], &aligns, &rows, 0, console.layout());
    let said = match found.len() {
        0 => format!("No title matches \u{201c}{}\u{201d} in {} collections.", crate::text::clean(text), all.len()),
        n => format!("{n} found in {} collections.", all.len()),
    };
    Ok(Out::both(if found.is_empty() { String::new() } else { table }, format!("{said} {note}").trim().to_string()))
}

#[derive(Serialize)]
struct Held {
    collection_id: String,
    collection_name: String,
    position: usize,
    added_at: String,
}

/// `tracks where TRACK`: the collections that hold it, and where.
pub async fn holding(
    console: &Console,
    client: &Client,
    track: &TrackId,
    as_json: bool,
    offline: bool,
) -> Result<Out, Failure> {
    let (all, note) = mirrored(console, client, as_json, offline).await?;
    let held: Vec<Held> = all
        .iter()
        .flat_map(|m| {
            m.members.iter().enumerate().filter(|(_, (t, _))| t == track).map(move |(i, (_, added))| Held {
                collection_id: m.collection.id.to_string(),
                collection_name: m.collection.name.clone(),
                position: i + 1,
                added_at: added.clone(),
            })
        })
        .collect();
    if as_json {
        let doc = serde_json::json!({
            "track_id": track.to_string(),
            "mirror_synced_at": Mirror::of(client).and_then(|m| m.age()),
            "items": held
        });
        return Ok(Out::both(json(&doc)?, note));
    }
    let rows: Vec<Vec<String>> = held
        .iter()
        .map(|h| {
            vec![
                h.collection_name.clone(),
                h.position.to_string(),
                crate::ui::date(&h.added_at).to_string(),
                h.collection_id.clone(),
            ]
        })
        .collect();
    let aligns = [Align::Left, Align::Right, Align::Left, Align::Left];
    let table = render(&["COLLECTION", "#", "ADDED", "ID"], &aligns, &rows, 0, console.layout());
    let said = match held.len() {
        0 => format!("{track} is in none of your {} collections.", all.len()),
        1 => format!("{track} is in 1 collection."),
        n => format!("{track} is in {n} collections."),
    };
    Ok(Out::both(if held.is_empty() { String::new() } else { table }, format!("{said} {note}").trim().to_string()))
}
