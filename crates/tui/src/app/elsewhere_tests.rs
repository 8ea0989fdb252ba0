//! Changes made elsewhere, through `update`: checked on focus and every `refresh_secs` idle, applied in
//! place with the cursor kept on its track, never while the user's own writes are under way.
#![allow(clippy::unwrap_used)]

use super::fixtures::*;
use super::msg::{Cmd, Msg};
use super::state::*;
use super::update;
use freddy_api::model::Collection;

fn checks(cmds: &[Cmd]) -> usize {
    cmds.iter().filter(|c| matches!(c, Cmd::CheckCollection { .. })).count()
}

/// Collection 1 as the server has it after another client removed its first track.
fn changed_elsewhere(len: usize) -> Collection {
    Collection { track_count: Some(len as u64 - 1), updated_at: "2026-06-28T11:00:00Z".into(), ..collection(1) }
}

#[test]
fn idle_seconds_check_every_refresh_secs_and_a_key_starts_them_again() {
    let mut app = opened(20);
    app.prefs.refresh_secs = 3;
    assert_eq!(checks(&update(&mut app, Msg::Tick)), 0);
    update(&mut app, ch('j'));
    assert_eq!(checks(&update(&mut app, Msg::Tick)), 0);
    assert_eq!(checks(&update(&mut app, Msg::Tick)), 0);
    let cmds = update(&mut app, Msg::Tick);
    assert_eq!(checks(&cmds), 1);
    assert!(cmds.contains(&Cmd::LoadCollections { offset: 0 }), "the list page too: {cmds:?}");
    app.prefs.refresh_secs = 0;
    for _ in 0..10 {
        assert_eq!(checks(&update(&mut app, Msg::Tick)), 0, "0 is never");
    }
}

#[test]
fn focus_checks_at_once_but_not_while_own_writes_are_under_way() {
    let mut app = opened(20);
    assert_eq!(checks(&update(&mut app, Msg::FocusGained)), 1);
    app.prefs.confirm_remove = freddy_ops::config::ConfirmRemove::Never;
    update(&mut app, ch('d'));
    assert_eq!(checks(&update(&mut app, Msg::FocusGained)), 0, "a removal is under way");
}

#[test]
fn an_unchanged_collection_costs_nothing_more() {
    let mut app = opened(20);
    let same = Collection { track_count: Some(20), ..collection(1) };
    let cmds = update(&mut app, Msg::Checked { id: cid(1), result: Ok(same) });
    assert!(cmds.is_empty(), "{cmds:?}");
}

#[test]
fn a_change_elsewhere_is_read_again_in_place_with_the_cursor_on_its_track() {
    let mut app = opened(20);
    for _ in 0..5 {
        update(&mut app, ch('j'));
    }
    update(&mut app, ch(' '));
    let cmds = update(&mut app, Msg::Checked { id: cid(1), result: Ok(changed_elsewhere(20)) });
    assert_eq!(status(&app).0, "Updated: changed elsewhere");
    let epoch = open(&app).epoch;
    assert!(cmds.contains(&Cmd::LoadMembers { id: cid(1), epoch, offset: 0, limit: MEMBER_PAGE }), "{cmds:?}");
    // The page as it is now: track 0 is gone, so track 6 (under the cursor) is row 5.
    let now: Vec<_> = (1..20).map(|n| freddy_api::model::Member { position: n as u64 - 1, ..member(n) }).collect();
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch, offset: 0, result: Ok(now) });
    assert_eq!(app.selected_track().unwrap().track_id, tid(6));
    assert_eq!(open(&app).row_count(), 19);
    assert!(app.open_marks().unwrap().contains(&tid(5)), "the mark on a track still there stays");
}

#[test]
fn a_collection_deleted_elsewhere_closes_at_the_check_and_says_so() {
    let mut app = opened(20);
    let cmds = update(&mut app, Msg::Checked { id: cid(1), result: Err(not_found()) });
    assert!(app.open.is_none());
    assert!(cmds.contains(&Cmd::LoadCollections { offset: 0 }));
    assert!(status(&app).0.contains("no longer exists"), "{}", status(&app).0);
}
