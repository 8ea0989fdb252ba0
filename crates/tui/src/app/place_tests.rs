//! The remembered place through `update`: where the user is at quit, and the return to it at start: the
//! collection opened, the page at the old position read first, the track found by id there or near it.
#![allow(clippy::unwrap_used)]

use super::fixtures::*;
use super::msg::{Cmd, Msg};
use super::state::*;
use super::{place_of, start, update};
use freddy_api::model::{Collection, Member};

fn members(from: usize, to: usize) -> Vec<Member> {
    (from..to).map(member).collect()
}

/// An app started with `place` to return to, its collections listed; what it asked for.
fn resuming(place: Place) -> (App, Vec<Cmd>) {
    let mut app = App::new(header(), "test00");
    update(&mut app, Msg::Resize(crate::ui::viewport(80, 24)));
    app.resume = Some(Resume::new(place));
    start(&mut app);
    let listed: Vec<Collection> = (1..=3).map(collection).collect();
    let cmds = update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Ok(listed) });
    (app, cmds)
}

fn place(track: usize, position: usize) -> Place {
    Place { collection: cid(2), track: Some(tid(track)), position, top: position.saturating_sub(3), filter: None }
}

fn pages(cmds: &[Cmd]) -> Vec<u64> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::LoadMembers { offset, .. } => Some(*offset / u64::from(MEMBER_PAGE)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_place_is_the_open_collection_the_track_by_id_the_offset_and_the_kept_filter() {
    let mut app = opened(30);
    for _ in 0..12 {
        update(&mut app, ch('j'));
    }
    let p = place_of(&app).unwrap();
    assert_eq!((p.collection, p.track, p.position), (cid(1), Some(tid(12)), 12));
    assert_eq!(p.filter, None);
    update(&mut app, ch('/'));
    update(&mut app, ch('1'));
    update(&mut app, key(crossterm::event::KeyCode::Enter));
    assert_eq!(place_of(&app).unwrap().filter.as_deref(), Some("1"));
    assert_eq!(place_of(&with_collections(3)), None, "no collection open: nothing to remember");
}

#[test]
fn at_start_the_collection_opens_and_the_page_at_the_old_position_is_read_first() {
    let (mut app, cmds) = resuming(place(1234, 1234));
    assert!(cmds.contains(&Cmd::LoadCollection { id: cid(2), epoch: 1 }), "{cmds:?}");
    assert_eq!(app.collections.cursor.selected, 1);
    assert_eq!(app.focus, Pane::Tracks);
    let c = Collection { track_count: Some(2_000), ..collection(2) };
    let cmds = update(&mut app, Msg::CollectionLoaded { id: cid(2), epoch: 1, result: Ok(c) });
    assert_eq!(pages(&cmds), vec![6], "the page at #1,235, not the first");
    assert_eq!(open(&app).cursor.selected, 1234, "the cursor is at the old place at once");
    update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 1200, result: Ok(members(1200, 1400)) });
    assert_eq!(app.resume, None, "found");
    assert_eq!(open(&app).cursor.selected, 1234);
}

#[test]
fn a_track_moved_elsewhere_is_found_by_id_on_the_pages_around_its_old_place() {
    let (mut app, _) = resuming(place(5000, 1234));
    let c = Collection { track_count: Some(2_000), ..collection(2) };
    update(&mut app, Msg::CollectionLoaded { id: cid(2), epoch: 1, result: Ok(c) });
    let cmds =
        update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 1200, result: Ok(members(1200, 1400)) });
    assert_eq!(pages(&cmds), vec![7], "not on its page: the next one is read");
    assert!(app.resume.is_some());
    // Another client moved it 500 places down: it is on page 8, as #1,735.
    let mut page7 = members(1400, 1600);
    page7[0] = member(1400);
    update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 1400, result: Ok(page7) });
    let mut page5 = members(1000, 1200);
    page5[0] = member(1000);
    update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 1000, result: Ok(page5) });
    let mut page8 = members(1600, 1800);
    page8[134] = Member { track_id: tid(5000), position: 1734, added_at: "2026-06-28T10:35:00Z".into() };
    update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 1600, result: Ok(page8) });
    assert_eq!(app.resume, None);
    assert_eq!(open(&app).cursor.selected, 1734, "by id, where it is now");
}

#[test]
fn a_track_not_found_near_its_old_place_leaves_the_cursor_there_and_says_so() {
    let (mut app, _) = resuming(place(9999, 100));
    let c = Collection { track_count: Some(300), ..collection(2) };
    update(&mut app, Msg::CollectionLoaded { id: cid(2), epoch: 1, result: Ok(c) });
    update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 0, result: Ok(members(0, 200)) });
    update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 200, result: Ok(members(200, 300)) });
    assert_eq!(app.resume, None);
    assert_eq!(open(&app).cursor.selected, 100);
    assert!(status(&app).0.contains("no longer near #101"), "{}", status(&app).0);
}

#[test]
fn a_key_pressed_meanwhile_ends_the_return_and_a_collection_gone_is_said() {
    let (mut app, _) = resuming(place(1234, 1234));
    update(&mut app, ch('k'));
    assert_eq!(app.resume, None);
    let gone = Place { collection: cid(9), ..place(1, 1) };
    let (app, cmds) = resuming(gone);
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::LoadCollection { .. })));
    assert_eq!(app.resume, None);
    assert!(status(&app).0.contains("no longer listed"));
}

#[test]
fn a_reload_after_a_failed_start_still_returns_to_the_place() {
    let mut app = App::new(header(), "test00");
    update(&mut app, Msg::Resize(crate::ui::viewport(80, 24)));
    app.resume = Some(Resume::new(place(1234, 1234)));
    start(&mut app);
    update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Err(unauthorized()) });
    update(&mut app, ch('r'));
    assert!(app.resume.is_some(), "r is how the start is tried again");
    let listed: Vec<Collection> = (1..=3).map(collection).collect();
    let cmds = update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Ok(listed) });
    assert!(cmds.contains(&Cmd::LoadCollection { id: cid(2), epoch: 1 }), "{cmds:?}");
}

#[test]
fn a_first_page_that_answers_before_the_count_does_not_end_the_search() {
    let (mut app, _) = resuming(place(1234, 1234));
    // Page 0 (asked for while the length was unknown) comes before get-collection's count.
    update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 0, result: Ok(members(0, 200)) });
    assert!(app.resume.is_some(), "the track is not on page 0, but the pages to look in are not known yet");
    let c = Collection { track_count: Some(2_000), ..collection(2) };
    let cmds = update(&mut app, Msg::CollectionLoaded { id: cid(2), epoch: 1, result: Ok(c) });
    assert_eq!(pages(&cmds), vec![6]);
    update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 1200, result: Ok(members(1200, 1400)) });
    assert_eq!(open(&app).cursor.selected, 1234);
}
