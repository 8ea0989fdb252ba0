//! The search's mirror, run off the event loop: what is on disk goes to the app at once, then the sync
//! (its progress as it reads), then the mirror as synced. The demo's mirror lives in its temporary
//! directory and goes with it.

use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;

use crate::app::Msg;
use crate::app::state::Found;
use freddy_api::Client;
use freddy_ops::mirror::{Mirror, Mirrored};

/// Every track of every mirrored collection, by collection name and position.
fn found(all: &[Mirrored]) -> Vec<Found> {
    all.iter()
        .flat_map(|m| {
            m.members.iter().enumerate().map(move |(i, (t, _))| Found {
                title: m.title(t).map_or_else(|| t.to_string(), crate::app::state::capped_title),
                track: t.clone(),
                collection: m.collection.id.clone(),
                collection_name: m.collection.name.clone(),
                position: i,
            })
        })
        .collect()
}

/// The collections the mirror on disk says hold `track`, sent as `Msg::AlsoIn` (no request).
pub(crate) fn also_in(client: &Client, dir: Option<PathBuf>, track: freddy_api::TrackId, tx: UnboundedSender<Msg>) {
    let Some(mirror) = dir.map(Mirror::at).or_else(|| Mirror::of(client)) else { return };
    tokio::task::spawn_blocking(move || {
        let places = mirror
            .all()
            .iter()
            .flat_map(|m| {
                m.members
                    .iter()
                    .enumerate()
                    .filter(|(_, (t, _))| *t == track)
                    .map(|(i, _)| (m.collection.id.clone(), m.collection.name.clone(), i))
                    .collect::<Vec<_>>()
            })
            .collect();
        let _ = tx.send(Msg::AlsoIn { track, places });
    });
}

/// Sends the mirror in `dir` as it is, then brings it up to date and sends it again.
pub(crate) fn start(client: Client, dir: Option<PathBuf>, tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let Some(mirror) = dir.map(Mirror::at).or_else(|| Mirror::of(&client)) else {
            let error = Some("no cache directory for the mirror (is HOME set?)".to_string());
            let _ = tx.send(Msg::Mirrored { entries: Vec::new(), done: true, error });
            return;
        };
        let on_disk = mirror.dir().to_path_buf();
        let entries = tokio::task::spawn_blocking(move || found(&Mirror::at(on_disk).all())).await.unwrap_or_default();
        let _ = tx.send(Msg::Mirrored { entries, done: false, error: None });
        let progress = |done: usize, total: usize| {
            let _ = tx.send(Msg::MirrorProgress(done, total));
        };
        let msg = match mirror.sync(&client, &progress).await {
            Ok(all) => Msg::Mirrored { entries: found(&all), done: true, error: None },
            Err(e) => Msg::Mirrored { entries: Vec::new(), done: true, error: Some(e.to_string()) },
        };
        let _ = tx.send(msg);
    });
}
