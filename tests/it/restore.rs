//! The restore engine (undo and `restore`) against the reference server: removed tracks come back in
//! their exact old order, edits made elsewhere meanwhile are kept, a 413 is recovered by chunks, and a
//! second restore changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use freddy_music::api::restore::{Placed, Wanted, restore};
use freddy_music::api::{ApiError, Client, CollectionId, TrackId};
use freddy_music::server::FaultOptions;

/// Removes the tracks at `indexes` and returns what undo needs.
async fn remove_at(api: &Client, c: &CollectionId, indexes: &[usize]) -> Vec<Wanted> {
    let before = order(api, c).await;
    let mut wanted = Vec::new();
    for &i in indexes {
        api.remove_member(c, &before[i]).await.unwrap();
        wanted.push(Wanted { track: before[i].clone(), index: i, next: None });
    }
    wanted
}

#[tokio::test]
async fn removed_from_the_start_middle_and_end_come_back_in_order() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let c = cid(FOCUS);
    let original = order(&api, &c).await;
    let last = original.len() - 1;
    for indexes in [vec![0], vec![5], vec![last], vec![0, 5, last]] {
        let wanted = remove_at(&api, &c, &indexes).await;
        assert_eq!(order(&api, &c).await.len(), original.len() - indexes.len());
        let report = restore(&api, &c, &wanted, false).await.unwrap();
        assert_eq!(order(&api, &c).await, original, "after restoring {indexes:?}");
        assert_eq!(report.restored(), indexes.len());
        for (t, placed) in &report.tracks {
            let at = original.iter().position(|o| o == t).unwrap();
            assert_eq!(placed, &Placed::At(at));
        }
    }
}

#[tokio::test]
async fn an_edit_made_elsewhere_meanwhile_is_kept() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let c = cid(FOCUS);
    let original = order(&api, &c).await;
    let wanted = remove_at(&api, &c, &[2, 7]).await;
    // Meanwhile another client removes the first track and appends one.
    let library = api.list_tracks(&Default::default(), freddy_music::api::PageRequest::new(100, 0)).await.unwrap();
    let extra = library.items.iter().map(|t| t.id.clone()).find(|t| !original.contains(t)).unwrap();
    api.remove_member(&c, &original[0]).await.unwrap();
    api.add_member(&c, &extra).await.unwrap();

    restore(&api, &c, &wanted, false).await.unwrap();
    let mut want: Vec<TrackId> = original[1..].to_vec();
    want.push(extra);
    // Indexes are those of the original order; with the first track gone each lands one place later
    // relative to its old neighbours, but its neighbours are kept around it.
    let now = order(&api, &c).await;
    assert_eq!(now.len(), want.len());
    assert_eq!(now.iter().filter(|t| **t == original[2] || **t == original[7]).count(), 2);
    assert_eq!(now[2], original[2]);
    assert_eq!(now[7], original[7]);
    assert_eq!(now.last(), want.last(), "the track added elsewhere is still at the end");
    assert!(!now.contains(&original[0]), "the removal made elsewhere is kept");
}

#[tokio::test]
async fn a_413_on_reorder_is_recovered_by_chunks_sent_last_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = freddy_music::server::ServeOptions::demo(dir.path().join("s.db").to_string_lossy().into_owned());
    opts.archive_size = 300;
    // About 20 ids per body: a reorder of ~250 ids must be split many times.
    opts.max_body_bytes = 500;
    let server = freddy_music::server::start(opts).await.unwrap();
    let api = client_for(&server.url(), LISTENER);
    let c = cid(ARCHIVE);
    let original = order(&api, &c).await;
    let wanted = remove_at(&api, &c, &[3, 100, 250]).await;
    let report = restore(&api, &c, &wanted, false).await.unwrap();
    assert_eq!(order(&api, &c).await, original);
    assert!(report.reorders > 1, "{report:?}");
    server.stop().await;
}

#[tokio::test]
async fn a_second_restore_changes_nothing() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let c = cid(FOCUS);
    let original = order(&api, &c).await;
    let wanted = remove_at(&api, &c, &[1, 4]).await;
    restore(&api, &c, &wanted, false).await.unwrap();
    let stamp = api.get_collection(&c).await.unwrap().updated_at;
    let writes = s.server.requests().writes();
    let again = restore(&api, &c, &wanted, false).await.unwrap();
    assert_eq!(order(&api, &c).await, original);
    assert_eq!(again.reorders, 0);
    assert!(!again.moved);
    assert_eq!(api.get_collection(&c).await.unwrap().updated_at, stamp, "nothing changed on the server");
    // Only the idempotent adds were sent (no reorder).
    assert_eq!(s.server.requests().writes() - writes, 2);
}

#[tokio::test]
async fn a_dry_run_sends_no_write_and_says_what_it_would_do() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let c = cid(FOCUS);
    let wanted = remove_at(&api, &c, &[3]).await;
    let writes = s.server.requests().writes();
    let report = restore(&api, &c, &wanted, true).await.unwrap();
    assert_eq!(s.server.requests().writes(), writes);
    assert_eq!(report.absent, vec![wanted[0].track.clone()]);
    assert_eq!(report.tracks[0].1, Placed::At(3));
}

#[tokio::test]
async fn a_deleted_track_is_reported_and_the_rest_restored() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let c = cid(FOCUS);
    let original = order(&api, &c).await;
    let mut wanted = remove_at(&api, &c, &[0, 6]).await;
    wanted.push(Wanted { track: tid("mtrack_doesnotexist"), index: 2, next: None });
    let report = restore(&api, &c, &wanted, false).await.unwrap();
    assert_eq!(order(&api, &c).await, original);
    assert_eq!(report.restored(), 2);
    let failed: Vec<_> = report.failed().collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].1.contains("no longer exists"), "{}", failed[0].1);
}

#[tokio::test]
async fn a_deleted_collection_is_an_error() {
    let s = demo_server_with(50, FaultOptions::default()).await;
    let api = s.client(LISTENER);
    let c = cid(FOCUS);
    let wanted = remove_at(&api, &c, &[0]).await;
    api.delete_collection(&c).await.unwrap();
    let err = restore(&api, &c, &wanted, false).await.unwrap_err();
    assert!(matches!(err, ApiError::NotFound(_)), "{err}");
}

/// A server whose Archive holds `size` members, a client, the Archive's id and its order.
async fn archive_of(size: usize) -> (TestServer, Client, CollectionId, Vec<TrackId>) {
    let s = demo_server_with(size, FaultOptions::default()).await;
    let api = s.client(LISTENER);
    let c = cid(ARCHIVE);
    let original = order(&api, &c).await;
    (s, api, c, original)
}

#[tokio::test]
async fn putting_a_track_back_near_the_top_of_a_large_collection_reads_one_page() {
    // 2,000 members: four pages of 500.
    let (s, api, c, original) = archive_of(2_000).await;
    let wanted = remove_at(&api, &c, &[3]).await;
    let gets = s.server.requests().get;
    let report = restore(&api, &c, &wanted, false).await.unwrap();
    // The page holding positions 0 to 3, and the collection's count before the add and after it (how many
    // the add put back), the second alongside the page; then that page once more, to confirm the order.
    assert_eq!(s.server.requests().get - gets, 4, "only the page holding positions 0 to 3 is read (twice)");
    assert!(report.verified);
    assert_eq!(report.readded, Some(1));
    assert_eq!(report.tracks[0].1, Placed::At(3));
    assert_eq!(order(&api, &c).await, original);
}

#[tokio::test]
async fn tracks_removed_across_the_pages_of_a_large_collection_come_back_in_order() {
    let (_server, api, c, original) = archive_of(1_200).await;
    // Each side of every page boundary, the first and the last.
    let wanted = remove_at(&api, &c, &[0, 499, 500, 501, 999, 1000, 1199]).await;
    let dry = restore(&api, &c, &wanted, true).await.unwrap();
    assert_eq!(dry.absent.len(), wanted.len());
    let report = restore(&api, &c, &wanted, false).await.unwrap();
    assert_eq!(dry.tracks, report.tracks, "the dry run said what the run did");
    assert_eq!(order(&api, &c).await, original);
    // Again: every track is where it belongs, so nothing moves.
    let again = restore(&api, &c, &wanted, false).await.unwrap();
    assert!(!again.moved);
    assert_eq!(order(&api, &c).await, original);
}

#[tokio::test]
async fn placing_reads_until_it_finds_the_tracks_and_reports_one_that_is_gone() {
    let (_server, api, c, original) = archive_of(1_200).await;
    // The member at 1,100 goes to index 2 (found on the last page); a removed one is not a member.
    let gone = remove_at(&api, &c, &[600]).await.remove(0).track;
    let moving = Wanted { track: original[1_100].clone(), index: 2, next: None };
    let report = freddy_music::api::restore::place(
        &api,
        &c,
        &[moving.clone(), Wanted { track: gone.clone(), index: 5, next: None }],
    )
    .await
    .unwrap();
    assert_eq!(report.tracks[0].1, Placed::At(2));
    assert!(matches!(&report.tracks[1].1, Placed::Failed(why) if why.contains("no longer in the collection")));
    let mut want: Vec<TrackId> = original.iter().filter(|t| **t != gone && **t != moving.track).cloned().collect();
    want.insert(2, moving.track);
    assert_eq!(order(&api, &c).await, want);
}

/// A restore sends its adds as many at a time as a removal does (it sent 8 at a time, so a large
/// restore took four times its removal): the server sees at least 16 of them under way at once.
#[tokio::test]
async fn a_restore_sends_its_adds_many_at_a_time() {
    use futures::StreamExt;
    let latency = std::time::Duration::from_millis(50);
    let s = demo_server_with(300, FaultOptions { latency, ..FaultOptions::default() }).await;
    let api = s.client(LISTENER);
    let c = cid(ARCHIVE);
    let original = order(&api, &c).await;
    // 200 removals, at most 8 at a time (so the peak below is the restore's).
    let wanted: Vec<Wanted> =
        original.iter().take(200).enumerate().map(|(i, t)| Wanted { track: t.clone(), index: i, next: None }).collect();
    futures::stream::iter(wanted.iter())
        .map(|w| api.remove_member(&c, &w.track))
        .buffer_unordered(8)
        .for_each(|r| async move {
            r.unwrap();
        })
        .await;
    assert!(s.server.peak_in_flight() <= 9, "{}", s.server.peak_in_flight());
    let report = restore(&api, &c, &wanted, false).await.unwrap();
    assert_eq!(report.readded, Some(200));
    assert!(s.server.peak_in_flight() >= 16, "adds under way at once: {}", s.server.peak_in_flight());
    assert_eq!(order(&api, &c).await, original);
}

/// Restores c (its neighbour d journaled) on a server that reads back `after` once it is reordered.
async fn restore_read_back_as(after: &'static [&'static str]) -> freddy_music::api::restore::Report {
    let (server, reordered) = crate::common::hostile::restoring_c(after).await;
    let api = client_for(&server.url, LISTENER);
    let wanted = [Wanted { track: tid("mtrack_c"), index: 2, next: Some(tid("mtrack_d")) }];
    let report = restore(&api, &cid("mcoll_x"), &wanted, false).await.unwrap();
    assert!(reordered.load(std::sync::atomic::Ordering::SeqCst), "c was placed by one reorder");
    report
}

#[tokio::test]
async fn a_restore_is_verified_only_when_the_order_read_back_is_the_one_planned() {
    let kept = restore_read_back_as(&["a", "b", "c", "d", "e"]).await;
    assert!(kept.verified, "{kept:?}");
    assert_eq!(kept.tracks, vec![(tid("mtrack_c"), Placed::At(2))]);
    // Another client removed `a` between the read and the reorder: c lands one place off.
    let shifted = restore_read_back_as(&["b", "d", "c", "e"]).await;
    assert!(!shifted.verified, "a changed order must not be reported as restored: {shifted:?}");
}
