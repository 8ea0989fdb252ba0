//! A property test of the reference server: random sequences of create / add / remove / reorder /
//! delete by two users, checked after every step against a small in-memory model. Positions are always
//! `0..n-1`, add and remove are idempotent, the other user's calls never change anything, counts are
//! right. One server for all cases (each case makes its own collections); a bounded number of cases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use freddy_music::api::model::{NewCollection, TrackFilter};
use freddy_music::api::{ApiError, Client, CollectionId, PageRequest, TrackId};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Who makes a call: 0 is the listener, 1 the other user.
#[derive(Debug, Clone)]
enum Op {
    Create { user: usize },
    Add { user: usize, coll: usize, track: usize },
    Remove { user: usize, coll: usize, track: usize },
    Reorder { user: usize, coll: usize, picks: Vec<usize> },
    Delete { user: usize, coll: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let user = 0..2usize;
    prop_oneof![
        1 => user.clone().prop_map(|user| Op::Create { user }),
        4 => (user.clone(), 0..4usize, 0..12usize).prop_map(|(user, coll, track)| Op::Add { user, coll, track }),
        3 => (user.clone(), 0..4usize, 0..12usize).prop_map(|(user, coll, track)| Op::Remove { user, coll, track }),
        2 => (user.clone(), 0..4usize, proptest::collection::vec(0..12usize, 0..6))
            .prop_map(|(user, coll, picks)| Op::Reorder { user, coll, picks }),
        1 => (user, 0..4usize).prop_map(|(user, coll)| Op::Delete { user, coll }),
    ]
}

/// A collection as the model holds it.
struct Coll {
    id: CollectionId,
    owner: usize,
    members: Vec<TrackId>,
    deleted: bool,
}

/// §13's reorder: listed members first (first place wins, unknown ignored), the rest after in order.
fn reordered(members: &[TrackId], listed: &[TrackId]) -> Vec<TrackId> {
    let mut out: Vec<TrackId> = Vec::new();
    for t in listed.iter().chain(members) {
        if members.contains(t) && !out.contains(t) {
            out.push(t.clone());
        }
    }
    out
}

fn expect_404<T: std::fmt::Debug>(r: Result<T, ApiError>, what: &str) -> Result<(), TestCaseError> {
    match r {
        Err(ApiError::NotFound(_)) => Ok(()),
        other => Err(TestCaseError::fail(format!("{what}: expected 404, got {other:?}"))),
    }
}

async fn check(users: &[Client; 2], pools: &[Vec<TrackId>; 2], ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut colls: Vec<Coll> = Vec::new();
    // Every case starts with a collection of each user's, so the random calls have targets.
    let start = [Op::Create { user: 0 }, Op::Create { user: 1 }];
    for op in start.into_iter().chain(ops) {
        match op {
            Op::Create { user } => {
                let c = users[user]
                    .create_collection(&NewCollection { name: "prop".into(), ..Default::default() })
                    .await
                    .unwrap();
                prop_assert_eq!(c.track_count, Some(0));
                colls.push(Coll { id: c.id, owner: user, members: Vec::new(), deleted: false });
            }
            Op::Add { user, coll, track } => {
                let Some(c) = colls.get_mut(coll) else { continue };
                // A track the caller can see: from their own pool.
                let t = pools[user][track % pools[user].len()].clone();
                let r = users[user].add_member(&c.id, &t).await;
                if c.owner == user && !c.deleted {
                    r.unwrap();
                    if !c.members.contains(&t) {
                        c.members.push(t);
                    }
                } else {
                    expect_404(r, "add to a collection not the caller's")?;
                }
            }
            Op::Remove { user, coll, track } => {
                let Some(c) = colls.get_mut(coll) else { continue };
                let t = pools[c.owner][track % pools[c.owner].len()].clone();
                let r = users[user].remove_member(&c.id, &t).await;
                if c.owner == user && !c.deleted {
                    r.unwrap();
                    c.members.retain(|m| *m != t);
                } else {
                    expect_404(r, "remove from a collection not the caller's")?;
                }
            }
            Op::Reorder { user, coll, picks } => {
                let Some(c) = colls.get_mut(coll) else { continue };
                let listed: Vec<TrackId> =
                    picks.iter().map(|i| pools[c.owner][i % pools[c.owner].len()].clone()).collect();
                let r = users[user].reorder(&c.id, &listed).await;
                if c.owner == user && !c.deleted {
                    r.unwrap();
                    c.members = reordered(&c.members, &listed);
                } else {
                    expect_404(r, "reorder of a collection not the caller's")?;
                }
            }
            Op::Delete { user, coll } => {
                let Some(c) = colls.get_mut(coll) else { continue };
                let r = users[user].delete_collection(&c.id).await;
                if c.owner == user && !c.deleted {
                    r.unwrap();
                    c.deleted = true;
                } else {
                    expect_404(r, "delete of a collection not the caller's (or deleted)")?;
                }
            }
        }
        // After every step, the server equals the model, for the owner, and is hidden from the other.
        for c in &colls {
            let owner = &users[c.owner];
            let stranger = &users[1 - c.owner];
            expect_404(stranger.get_collection(&c.id).await, "a stranger's view")?;
            if c.deleted {
                expect_404(owner.get_collection(&c.id).await, "a deleted collection")?;
                continue;
            }
            let got = owner.all_members(&c.id).await.unwrap();
            let ids: Vec<TrackId> = got.iter().map(|m| m.track_id.clone()).collect();
            prop_assert_eq!(&ids, &c.members);
            let positions: Vec<u64> = got.iter().map(|m| m.position).collect();
            prop_assert_eq!(positions, (0..c.members.len() as u64).collect::<Vec<_>>());
            prop_assert_eq!(owner.get_collection(&c.id).await.unwrap().track_count, Some(c.members.len() as u64));
        }
    }
    Ok(())
}

#[test]
fn random_sequences_by_two_users_match_the_model() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let s = rt.block_on(demo_server_with(10, freddy_music::server::FaultOptions::default()));
    let users = [s.client(LISTENER), s.client(OTHER)];
    let pool = |c: &Client| -> Vec<TrackId> {
        let page = rt.block_on(c.list_tracks(&TrackFilter::default(), PageRequest::new(12, 0))).unwrap();
        page.items.into_iter().map(|t| t.id).collect()
    };
    let pools = [pool(&users[0]), pool(&users[1])];
    assert!(pools.iter().all(|p| p.len() >= 4), "both users need tracks to add");
    let mut runner = TestRunner::new(Config { cases: 24, failure_persistence: None, ..Config::default() });
    let result = runner.run(&proptest::collection::vec(op(), 1..24), |ops| rt.block_on(check(&users, &pools, ops)));
    if let Err(e) = result {
        panic!("{e}");
    }
    // The cases did reach the server: many writes went through.
    assert!(s.server.requests().writes() > 100, "{:?}", s.server.requests());
}
