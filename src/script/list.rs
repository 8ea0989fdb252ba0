//! `collections list` and `tracks list COLLECTION_ID`.

use serde::Serialize;

use super::table::{Align, render, terminal_width};
use super::{collection_arg, json, resolve_tracks};
use crate::api::Client;
use crate::api::model::CollectionPage;
use crate::failure::Failure;
use crate::ui::{date, duration};

/// Every collection of the caller, newest first.
pub async fn collections(client: &Client, as_json: bool) -> Result<String, Failure> {
    let items = client.all_collections().await?;
    if as_json {
        let n = items.len();
        return json(&CollectionPage { items, limit: u32::try_from(n).unwrap_or(u32::MAX), offset: 0 });
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|c| {
            let desc = c.description.clone().unwrap_or_default();
            vec![c.name.clone(), c.id.to_string(), date(&c.created_at).to_string(), desc]
        })
        .collect();
    let aligns = [Align::Left; 4];
    Ok(render(&["NAME", "ID", "CREATED", "DESCRIPTION"], &aligns, &rows, 3, terminal_width()))
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

/// Every member of a collection in order, with titles and durations.
pub async fn tracks(client: &Client, collection: &str, as_json: bool) -> Result<String, Failure> {
    let id = collection_arg(client, collection).await?;
    let members = client.all_members(&id).await?;
    let tracks = resolve_tracks(client, &id, &members).await?;
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
    if as_json {
        return json(&TracksDoc { collection_id: id.to_string(), items });
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|r| {
            vec![
                (r.position + 1).to_string(),
                r.title.clone().unwrap_or_else(|| "(untitled)".to_string()),
                duration(r.measured_duration_seconds),
                date(&r.added_at).to_string(),
                r.track_id.clone(),
            ]
        })
        .collect();
    let aligns = [Align::Right, Align::Left, Align::Right, Align::Left, Align::Left];
    Ok(render(&["POS", "TITLE", "TIME", "ADDED", "TRACK ID"], &aligns, &rows, 1, terminal_width()))
}
