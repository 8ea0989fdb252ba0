//! A move as the runtime sends it, against the reference server: when nothing changed since the app
//! read the collection, one reorder of the prefix; when it changed elsewhere, the move is applied to the
//! current order (the other change is kept); the undo puts the track back without re-adding anything.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use freddy_music::api::restore::Wanted;
use freddy_music::api::{Client, TrackId};
use freddy_music::app::{Cmd, Msg};
use freddy_music::runtime::exec::execute;

async fn send(c: &Client, base: Option<String>, prefix: Option<Vec<TrackId>>, placements: Vec<Wanted>) -> bool {
    let cmd = Cmd::Move { batch: "b_test".into(), collection: cid(FOCUS), base, prefix, placements };
    match execute(c, cmd).await {
        Some(Msg::Moved { result, .. }) => result.unwrap(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_unchanged_collection_gets_the_prefix_as_one_reorder() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let before = order(&c, &cid(FOCUS)).await;
    let base = c.get_collection(&cid(FOCUS)).await.unwrap().updated_at;
    let mut prefix = before[..4].to_vec();
    let t = prefix.remove(1);
    prefix.push(t.clone());
    let changed = send(&c, Some(base), Some(prefix.clone()), vec![Wanted { track: t, index: 3, next: None }]).await;
    assert!(!changed);
    let after = order(&c, &cid(FOCUS)).await;
    assert_eq!(after[..4], prefix[..]);
    assert_eq!(after[4..], before[4..]);
}

#[tokio::test]
async fn a_collection_changed_elsewhere_gets_the_move_applied_to_its_current_order() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let before = order(&c, &cid(FOCUS)).await;
    let base = c.get_collection(&cid(FOCUS)).await.unwrap().updated_at;
    // `updated_at` is to the second: the other change comes a second later.
    s.clock().advance(std::time::Duration::from_secs(1));
    c.remove_member(&cid(FOCUS), &before[0]).await.unwrap();
    // The app's view: track 1 moved to index 3 of the order it had (with track 0 still in it).
    let mut stale = before[..4].to_vec();
    let t = stale.remove(1);
    stale.push(t.clone());
    let changed = send(&c, Some(base), Some(stale), vec![Wanted { track: t.clone(), index: 3, next: None }]).await;
    assert!(changed, "the change elsewhere was noticed");
    // Track 0 stays removed (the stale list would have kept it first); track 1 is at index 3 of what is left.
    let mut want: Vec<TrackId> = before[1..].to_vec();
    let moved = want.remove(0);
    want.insert(3, moved);
    assert_eq!(order(&c, &cid(FOCUS)).await, want);

    // The undo: back to index 1 of the order as it is, and a track removed meanwhile is not re-added.
    let undo = Cmd::Place {
        batch: "b_test".into(),
        collection: cid(FOCUS),
        tracks: vec![Wanted { track: t.clone(), index: 1, next: None }],
    };
    let Some(Msg::Restored { result, .. }) = execute(&c, undo).await else { panic!() };
    result.unwrap();
    let after = order(&c, &cid(FOCUS)).await;
    assert_eq!(after.iter().position(|x| *x == t), Some(1));
    assert!(!after.contains(&before[0]));
}
