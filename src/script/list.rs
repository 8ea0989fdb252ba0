//! `collections list` and `tracks list COLLECTION_ID`.

use futures::StreamExt;
use serde::Serialize;

use super::Console;
use super::table::{Align, render};
use super::{Out, collection_arg, json};
use crate::api::Client;
use crate::api::model::CollectionPage;
use crate::failure::{CliError, Failure};
use crate::ui::{date, duration};

/// Every collection of the caller, newest first.
pub async fn collections(console: &Console, client: &Client, as_json: bool) -> Result<String, Failure> {
    let mut items = client.all_collections().await?;
    if items.len() >= crate::api::pages::MAX_COLLECTIONS {
        console.say(&format!(
            "freddy-music: warning: showing the first {} collections only; the server lists more",
            crate::api::pages::MAX_COLLECTIONS
        ));
    }
    // The list carries no counts: get-collection for each, 8 at once (one that fails keeps none).
    let counts: std::collections::HashMap<_, _> = futures::stream::iter(items.iter().map(|c| c.id.clone()))
        .map(|id| async move { (id.clone(), client.get_collection(&id).await.ok().and_then(|c| c.track_count)) })
        .buffer_unordered(8)
        .collect()
        .await;
    for c in &mut items {
        c.track_count = counts.get(&c.id).copied().flatten();
    }
    if as_json {
        let n = items.len();
        return json(&CollectionPage { items, limit: u32::try_from(n).unwrap_or(u32::MAX), offset: 0 });
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|c| {
            let desc = c.description.clone().unwrap_or_default();
            let count = c.track_count.map(|n| n.to_string()).unwrap_or_default();
            vec![c.name.clone(), c.id.to_string(), count, date(&c.created_at).to_string(), desc]
        })
        .collect();
    let aligns = [Align::Left, Align::Left, Align::Right, Align::Left, Align::Left];
    Ok(render(&["NAME", "ID", "TRACKS", "CREATED", "DESCRIPTION"], &aligns, &rows, 4, console.layout()))
}

/// One member with what is known of its track, under the API's field names.
#[derive(Serialize)]
struct Row {
    track_id: String,
    position: u64,
    added_at: String,
    title: Option<String>,
    measured_duration_seconds: Option<f64>,
}

#[derive(Serialize)]
struct TracksDoc {
    collection_id: String,
    items: Vec<Row>,
}

/// A column of `tracks list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Field {
    /// From 1, as in the TUI.
    Position,
    Title,
    Duration,
    /// The date the track was added.
    Added,
    /// The track id.
    Id,
}

impl Field {
    fn header(self) -> &'static str {
        match self {
            Field::Position => "POS",
            Field::Title => "TITLE",
            Field::Duration => "TIME",
            Field::Added => "ADDED",
            Field::Id => "TRACK ID",
        }
    }

    fn align(self) -> Align {
        if matches!(self, Field::Position | Field::Duration) { Align::Right } else { Align::Left }
    }

    fn cell(self, r: &Row) -> String {
        match self {
            Field::Position => (r.position + 1).to_string(),
            Field::Title => r.title.clone().unwrap_or_else(|| "(untitled)".to_string()),
            Field::Duration => duration(r.measured_duration_seconds),
            Field::Added => date(&r.added_at).to_string(),
            Field::Id => r.track_id.clone(),
        }
    }
}

/// Every member of a collection in order, with titles and durations: the `fields` asked for (the JSON
/// document has them all), with a header line unless `no_header`.
pub async fn tracks(console: &Console, client: &Client, collection: &str, how: Listing<'_>) -> Result<Out, Failure> {
    let Listing { as_json, fields, no_header, offline } = how;
    if offline {
        let (id, items, note) = mirrored_rows(client, collection)?;
        let table = table_of(console, id, items, as_json, fields, no_header)?;
        return Ok(Out::both(table, note));
    }
    let id = collection_arg(client, collection).await?;
    // The size only sizes the progress bar: asked for only when one is drawn.
    let size = if console.progress_wanted(!as_json) {
        client.get_collection(&id).await.ok().and_then(|c| c.track_count).unwrap_or(0)
    } else {
        0
    };
    let progress = console.progress(size, "tracks read", !as_json);
    let mut members = Vec::new();
    let mut pages = std::pin::pin!(client.member_pages(&id, crate::api::pages::MAX_MEMBERS_LIMIT));
    while let Some(page) = pages.next().await {
        let page = page?;
        progress.inc(page.len() as u64);
        members.extend(page);
    }
    drop(progress);
    // A second bar for the titles: the first one stood full for seconds while they were read.
    let titles = console.progress(members.len() as u64, "titles read", !as_json);
    let tracks = super::resolve_tracks_counted(client, &id, &members, &|n| titles.inc(n)).await?;
    drop(titles);
    let items: Vec<Row> = members
        .into_iter()
        .map(|m| {
            let t = tracks.get(&m.track_id);
            Row {
                title: t.and_then(|t| t.title.clone()),
                measured_duration_seconds: t.and_then(|t| t.measured_duration_seconds),
                track_id: m.track_id.to_string(),
                position: m.position,
                added_at: m.added_at,
            }
        })
        .collect();
    Ok(Out::data(table_of(console, id.clone(), items, as_json, fields, no_header)?))
}

/// How `tracks list` lists: its flags.
#[derive(Debug, Clone, Copy)]
pub struct Listing<'a> {
    pub as_json: bool,
    pub fields: &'a [Field],
    pub no_header: bool,
    /// From the local mirror, with no request.
    pub offline: bool,
}

/// `tracks list --offline`: the collection (by id, or by its exact name among the mirrored) as the mirror
/// has it, and a note of the mirror's age.
fn mirrored_rows(client: &Client, raw: &str) -> Result<(crate::api::CollectionId, Vec<Row>, String), Failure> {
    let mirror = freddy_ops::mirror::Mirror::of(client).ok_or(CliError::NoDataDir)?;
    let m = match crate::api::CollectionId::parse(raw.to_string()) {
        Ok(id) => mirror.load(&id),
        Err(_) => mirror.all().into_iter().find(|m| m.collection.name == raw),
    }
    .ok_or(CliError::NoMirror)?;
    let rows = m
        .members
        .iter()
        .enumerate()
        .map(|(i, (t, added))| {
            let (title, seconds) = m.tracks.get(t).cloned().unwrap_or_default();
            Row {
                track_id: t.to_string(),
                position: i as u64,
                added_at: added.clone(),
                title,
                measured_duration_seconds: seconds,
            }
        })
        .collect();
    let note = format!("From the mirror as read at {} (--offline: nothing was asked of the server).", m.read_at);
    Ok((m.collection.id, rows, note))
}

/// The rows as a table of the `fields` asked for (or the JSON document with them all).
fn table_of(
    console: &Console,
    id: crate::api::CollectionId,
    items: Vec<Row>,
    as_json: bool,
    fields: &[Field],
    no_header: bool,
) -> Result<String, Failure> {
    if as_json {
        return json(&TracksDoc { collection_id: id.to_string(), items });
    }
    let layout = console.layout();
    let width = layout.width();
    let mut fields = fields.to_vec();
    let cells = |fields: &[Field]| -> Vec<Vec<String>> {
        items.iter().map(|r| fields.iter().map(|f| f.cell(r)).collect()).collect()
    };
    // On a terminal too narrow for every column, the id goes first: a cut id is of no use, a title is.
    if let Some(w) = width
        && fields.contains(&Field::Title)
        && fields.contains(&Field::Id)
        && super::table::natural_width(&fields.iter().map(|f| f.header()).collect::<Vec<_>>(), &cells(&fields)) > w
    {
        fields.retain(|f| *f != Field::Id);
    }
    let rows = cells(&fields);
    let headers: Vec<&str> = fields.iter().map(|f| f.header()).collect();
    let aligns: Vec<Align> = fields.iter().map(|f| f.align()).collect();
    let flex = fields.iter().position(|f| *f == Field::Title).unwrap_or(0);
    let table = render(&headers, &aligns, &rows, flex, layout);
    // On a terminal the header is the first line; piped output has none unless --header asked for it.
    let drop_header = no_header && layout.has_header();
    Ok(if drop_header { table.lines().skip(1).collect::<Vec<_>>().join("\n") } else { table })
}
