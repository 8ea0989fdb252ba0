//! Carries out a `Cmd` on the API client in a spawned task and sends back its answer as a `Msg`.

use tokio::sync::mpsc::UnboundedSender;

use crate::api::model::TrackFilter;
use crate::api::{Client, PageRequest};
use crate::app::state::{COLLECTION_PAGE, LIBRARY_PAGE};
use crate::app::{Cmd, Msg};

/// Spawns every command; each answers on `tx` when done.
pub fn spawn_all(cmds: Vec<Cmd>, client: &Client, tx: &UnboundedSender<Msg>) {
    for cmd in cmds {
        let (client, tx) = (client.clone(), tx.clone());
        tokio::spawn(async move {
            let msg = execute(&client, cmd).await;
            // The loop is gone only when the app is quitting; the answer is not needed then.
            let _ = tx.send(msg);
        });
    }
}

/// Runs one command against the API.
pub async fn execute(client: &Client, cmd: Cmd) -> Msg {
    match cmd {
        Cmd::LoadCollections { offset } => {
            let result = client.list_collections(PageRequest::new(COLLECTION_PAGE, offset)).await.map(|p| p.items);
            Msg::CollectionsLoaded { offset, result }
        }
        Cmd::LoadCollection { id, epoch } => {
            let result = client.get_collection(&id).await;
            Msg::CollectionLoaded { id, epoch, result }
        }
        Cmd::LoadMembers { id, epoch, offset, limit } => {
            let result = client.list_members(&id, PageRequest::new(limit, offset)).await.map(|p| p.items);
            Msg::MembersLoaded { id, epoch, offset, result }
        }
        Cmd::LoadLibrary { id, offset } => {
            let filter = TrackFilter { collection_id: Some(id.clone()), ..TrackFilter::default() };
            let result = client.list_tracks(&filter, PageRequest::new(LIBRARY_PAGE, offset)).await.map(|p| p.items);
            Msg::LibraryLoaded { id, offset, result }
        }
        Cmd::LoadTrack { id } => {
            let result = client.get_track(&id).await;
            Msg::TrackLoaded { id, result }
        }
        Cmd::Remove { collection, track } => {
            let result = client.remove_member(&collection, &track).await;
            Msg::Removed { collection, track, result }
        }
    }
}
