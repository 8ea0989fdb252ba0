//! The server's write path: group commit (many writers at once, each answered after the commit that
//! holds its write; a failing write in a group undoes only itself) and reorders that rewrite only the
//! members that move (checked in the SQLite file itself), against a model of the order.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use crate::common::*;
use freddy_music::api::model::CollectionPatch;
use freddy_music::api::{PageRequest, TrackId};

/// Every member's rank, straight from the database file (a second, read-only connection).
fn ranks(db: &str, collection: &str) -> HashMap<String, i64> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut stmt = conn.prepare("SELECT track_id, rank FROM members WHERE collection_id = ?1").unwrap();
    stmt.query_map([collection], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

fn real_count(db: &str, collection: &str) -> u64 {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("SELECT COUNT(*) FROM members WHERE collection_id = ?1", [collection], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_writers_at_once_are_each_answered_after_their_commit() {
    let s = demo_server_with(400, Default::default()).await;
    let c = s.client(LISTENER);
    let target = cid(EMPTY_CRATE);
    let pool = order(&c, &cid(ARCHIVE)).await;
    // 200 adds at once; each writer, on its answer, reads the collection on a fresh request: its own
    // track must be there (an answer before the commit would let a read miss it).
    let mut tasks = Vec::new();
    for t in pool[..200].iter().cloned() {
        let (c, target) = (c.clone(), target.clone());
        tasks.push(tokio::spawn(async move {
            c.add_member(&target, &t).await.unwrap();
            let seen = c.all_members(&target).await.unwrap();
            assert!(seen.iter().any(|m| m.track_id == t), "{t} answered but not readable");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let got = order(&c, &target).await;
    assert_eq!(got.len(), 200);
    assert_eq!(c.get_collection(&target).await.unwrap().track_count, Some(200));
    assert_eq!(real_count(&s.db_path(), EMPTY_CRATE), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_write_in_a_group_undoes_only_itself() {
    let s = demo_server_with(400, Default::default()).await;
    let c = s.client(LISTENER);
    let target = cid(EMPTY_CRATE);
    let before = c.get_collection(&target).await.unwrap();
    let pool = order(&c, &cid(ARCHIVE)).await;
    // Each bad update renames first and then fails on its cover (422): the rename must not stay.
    // They race 100 good adds, so they share groups with writes that must stand.
    let mut tasks = Vec::new();
    for (i, t) in pool[..100].iter().cloned().enumerate() {
        let (c1, c2, target1, target2) = (c.clone(), c.clone(), target.clone(), target.clone());
        tasks.push(tokio::spawn(async move {
            c1.add_member(&target1, &t).await.unwrap();
        }));
        tasks.push(tokio::spawn(async move {
            let patch = CollectionPatch {
                name: Some(Some(format!("renamed {i}"))),
                cover_track_id: Some(Some("mtrack_nosuchtrack".to_string())),
                ..Default::default()
            };
            let e = c2.update_collection(&target2, &patch).await.unwrap_err();
            assert_eq!(e.status(), Some(422), "{e}");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let after = c.get_collection(&target).await.unwrap();
    assert_eq!(after.name, before.name, "a failed update left its rename behind");
    assert_eq!(after.track_count, Some(100));
    assert_eq!(order(&c, &target).await.len(), 100);
}

#[tokio::test]
async fn moving_one_track_in_20000_rewrites_one_rank() {
    let s = demo_server_with(20_000, Default::default()).await;
    let c = s.client(LISTENER);
    let archive = cid(ARCHIVE);
    let mut model = order(&c, &archive).await;
    let before = ranks(&s.db_path(), ARCHIVE);
    // Move the member at 10,000 down three places: the list runs from the top to its new place.
    let moved = model.remove(10_000);
    model.insert(10_003, moved.clone());
    c.reorder(&archive, &model[..=10_003]).await.unwrap();
    let after = ranks(&s.db_path(), ARCHIVE);
    let changed: Vec<&String> = after.iter().filter(|(t, r)| before.get(*t) != Some(r)).map(|(t, _)| t).collect();
    assert_eq!(changed, [&moved.to_string()]);
    assert_eq!(order(&c, &archive).await, model);
}

/// A small xorshift, so the sequence is the same on every run.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[tokio::test]
async fn random_moves_keep_the_models_order_through_renumbers() {
    let s = demo_server_with(120, Default::default()).await;
    let c = s.client(LISTENER);
    let archive = cid(ARCHIVE);
    let mut model = order(&c, &archive).await;
    let n = model.len();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for step in 0..160 {
        let list: Vec<TrackId> = if step % 4 == 3 {
            // The same gap again and again (last member to second place): runs out of room and
            // renumbers the collection.
            let last = model.pop().unwrap();
            model.insert(1, last);
            model[..2].to_vec()
        } else {
            let from = (next(&mut seed) % n as u64) as usize;
            let to = (next(&mut seed) % n as u64) as usize;
            let t = model.remove(from);
            model.insert(to, t);
            model[..=from.max(to)].to_vec()
        };
        c.reorder(&archive, &list).await.unwrap();
        if step % 10 == 0 || step % 4 == 3 {
            assert_eq!(order(&c, &archive).await, model, "after step {step}");
        }
    }
    assert_eq!(order(&c, &archive).await, model);
    assert_eq!(real_count(&s.db_path(), ARCHIVE), n as u64);
}

#[tokio::test]
async fn the_kept_count_equals_a_real_count_after_random_writes() {
    let s = demo_server_with(60, Default::default()).await;
    let c = s.client(LISTENER);
    let pool = order(&c, &cid(ARCHIVE)).await;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut colls = vec![cid(EMPTY_CRATE), cid(FOCUS)];
    for step in 0..300 {
        let r = next(&mut seed);
        let coll = colls[(r % colls.len() as u64) as usize].clone();
        let t = &pool[((r >> 8) % pool.len() as u64) as usize];
        match (r >> 4) % 10 {
            0..=4 => drop(c.add_member(&coll, t).await.unwrap()),
            5..=7 => drop(c.remove_member(&coll, t).await.unwrap()),
            8 => {
                let created = c
                    .create_collection(&freddy_music::api::model::NewCollection {
                        name: format!("step {step}"),
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                colls.push(created.id);
            }
            _ if colls.len() > 2 => {
                let gone = colls.pop().unwrap();
                c.delete_collection(&gone).await.unwrap();
            }
            _ => {}
        }
        for id in &colls {
            let kept = c.get_collection(id).await.unwrap().track_count;
            assert_eq!(kept, Some(real_count(&s.db_path(), id.as_str())), "after step {step}");
        }
    }
}

#[tokio::test]
async fn the_library_filtered_by_a_large_collection_is_the_library_order_of_its_members() {
    use freddy_music::api::model::TrackFilter;
    use futures::TryStreamExt;
    // 2,500 members: past the size where the server walks the library instead of sorting members.
    let s = demo_server_with(2_500, Default::default()).await;
    let c = s.client(LISTENER);
    let archive = cid(ARCHIVE);
    // Take a few out, so the filter has something to leave out.
    let members = order(&c, &archive).await;
    for t in members.iter().step_by(97) {
        c.remove_member(&archive, t).await.unwrap();
    }
    let kept: std::collections::HashSet<TrackId> = order(&c, &archive).await.into_iter().collect();
    let everything = TrackFilter::default();
    let library: Vec<Vec<_>> = c.track_pages(&everything, 100).try_collect().await.unwrap();
    let want: Vec<TrackId> = library.into_iter().flatten().map(|t| t.id).filter(|id| kept.contains(id)).collect();
    let filter = TrackFilter { collection_id: Some(archive.clone()), ..TrackFilter::default() };
    let got: Vec<Vec<_>> = c.track_pages(&filter, 100).try_collect().await.unwrap();
    let got: Vec<TrackId> = got.into_iter().flatten().map(|t| t.id).collect();
    assert_eq!(got.len(), kept.len());
    assert_eq!(got, want);
}

#[tokio::test]
async fn pages_at_any_offset_and_size_are_slices_of_the_order_while_it_changes() {
    // Pages start at kept places (the end of a page served, or a sample of every 200th member): any
    // page, asked in any order, must still be exactly its slice of the current order.
    let s = demo_server_with(2000, Default::default()).await;
    let c = s.client(LISTENER);
    let archive = cid(ARCHIVE);
    let mut model = order(&c, &archive).await;
    let mut seed = 0x853c_49e6_748f_ea9b_u64;
    for step in 0..200 {
        let r = next(&mut seed);
        match step % 10 {
            // Sometimes the order changes (a removal or a move), which must retire every kept place.
            3 => {
                let t = model.remove((r % model.len() as u64) as usize);
                c.remove_member(&archive, &t).await.unwrap();
            }
            7 => {
                let t = model.remove((r % model.len() as u64) as usize);
                model.insert(0, t.clone());
                c.reorder(&archive, &[t]).await.unwrap();
            }
            _ => {}
        }
        let limit = 1 + (r >> 12) % 500;
        let offset = (r >> 24) % (model.len() as u64 + 20);
        let page = c.list_members(&archive, PageRequest::new(limit as u32, offset)).await.unwrap();
        let start = (offset as usize).min(model.len());
        let end = (start + limit as usize).min(model.len());
        let got: Vec<TrackId> = page.items.iter().map(|m| m.track_id.clone()).collect();
        assert_eq!(got, model[start..end], "step {step}: limit {limit}, offset {offset}");
        let positions: Vec<u64> = page.items.iter().map(|m| m.position).collect();
        assert_eq!(positions, (offset..offset + got.len() as u64).collect::<Vec<_>>(), "step {step}");
    }
}

/// A removal marks its collection changed (the DELETE's trigger, schema migration 8): `updated_at` in the
/// API's format, now, and the member count one less, in the same write.
#[tokio::test(flavor = "multi_thread")]
async fn a_removal_marks_its_collection_changed_in_the_apis_format() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let id = cid(FOCUS);
    // An old stamp first, so only the removal can make it now; and the version it had.
    let db = rusqlite::Connection::open(s.server.database()).unwrap();
    db.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    db.execute("UPDATE collections SET updated_at = '2020-01-01T00:00:00Z' WHERE id = ?1", [FOCUS]).unwrap();
    let version = |db: &rusqlite::Connection| -> i64 {
        db.query_row("SELECT version FROM collections WHERE id = ?1", [FOCUS], |r| r.get(0)).unwrap()
    };
    let version_before = version(&db);
    let before = c.get_collection(&id).await.unwrap();
    assert_eq!(before.updated_at, "2020-01-01T00:00:00Z");
    let victim = order(&c, &id).await[3].clone();
    c.remove_member(&id, &victim).await.unwrap();
    assert_eq!(version(&db), version_before + 1, "one removal, one version");
    let after = c.get_collection(&id).await.unwrap();
    assert_eq!(after.track_count, before.track_count.map(|n| n - 1));
    assert_eq!(after.track_count, Some(real_count(s.server.database(), FOCUS)));
    let stamp = chrono::DateTime::parse_from_rfc3339(&after.updated_at).unwrap();
    assert!(after.updated_at.ends_with('Z') && after.updated_at.len() == 20, "{}", after.updated_at);
    let age = chrono::Utc::now().signed_duration_since(stamp);
    assert!(age.num_seconds().abs() <= 5, "updated_at {} is not now", after.updated_at);
}

/// The pattern of `tracks remove`: pages read from the end backwards, removing members of each page
/// before the next is read (so the server's kept page places are carried across removals). Every page is
/// the slice of the order as it was before the first removal, and what is left is that order less them.
#[tokio::test(flavor = "multi_thread")]
async fn pages_read_from_the_end_while_removing_are_the_order_before() {
    use futures::StreamExt;
    let s = demo_server_with(2_345, freddy_music::server::FaultOptions::default()).await;
    let c = s.client(LISTENER);
    let id = cid(ARCHIVE);
    let before = order(&c, &id).await;
    let count = c.get_collection(&id).await.unwrap().track_count.unwrap();
    assert_eq!(count, 2_345);
    let mut pages = Box::pin(c.member_places_from_the_end(&id, count));
    let mut read: Vec<Vec<TrackId>> = Vec::new();
    let mut removed = Vec::new();
    while let Some(page) = pages.next().await {
        let page: Vec<TrackId> = page.unwrap().into_iter().map(|m| m.track_id).collect();
        for t in page.iter().step_by(7) {
            c.remove_member(&id, t).await.unwrap();
            removed.push(t.clone());
        }
        read.push(page);
    }
    let read: Vec<TrackId> = read.into_iter().rev().flatten().collect();
    assert_eq!(read, before, "the pages, end first, are the order before any removal");
    let left: Vec<TrackId> = before.into_iter().filter(|t| !removed.contains(t)).collect();
    assert_eq!(order(&c, &id).await, left);
    assert_eq!(real_count(s.server.database(), ARCHIVE), left.len() as u64);
}
