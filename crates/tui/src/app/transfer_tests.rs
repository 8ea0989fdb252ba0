//! Copy and move to another collection through `update`: the list, the target's members read first,
//! the add, the removal after it (for a move), and one `u` for both.
#![allow(clippy::unwrap_used)]

use crossterm::event::KeyCode;

use super::fixtures::*;
use super::msg::{Cmd, Msg};
use super::state::*;
use super::update;
use freddy_api::ApiError;
use freddy_api::model::Ack;
use freddy_ops::config::ConfirmRemove;

fn adds(cmds: &[Cmd]) -> Option<(String, freddy_api::CollectionId, Vec<freddy_api::TrackId>)> {
    cmds.iter().find_map(|c| match c {
        Cmd::AddTracks { batch, collection, tracks } => Some((batch.clone(), collection.clone(), tracks.clone())),
        _ => None,
    })
}

fn removes(cmds: &[Cmd]) -> Vec<(String, freddy_api::TrackId)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Remove { batch, track, .. } => Some((batch.clone(), track.clone())),
            _ => None,
        })
        .collect()
}

fn ack() -> Ack {
    Ack { success: true, id: String::new(), detail: String::new() }
}

#[test]
fn c_copies_the_selected_track_to_the_collection_picked() {
    let mut app = opened(5);
    update(&mut app, ch('C'));
    let c = app.chooser().unwrap();
    assert_eq!(c.options.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), vec![cid(2), cid(3)]);
    update(&mut app, key(KeyCode::Down));
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(cmds, vec![Cmd::LoadMemberIds { collection: cid(3) }]);
    let cmds = update(&mut app, Msg::MemberIds { collection: cid(3), result: Ok(vec![tid(40), tid(41)]) });
    let (batch, target, tracks) = adds(&cmds).unwrap();
    assert_eq!((target, tracks), (cid(3), vec![tid(0)]));
    let cmds = update(&mut app, Msg::Added { batch, collection: cid(3), results: vec![(tid(0), Ok(()))] });
    assert!(removes(&cmds).is_empty(), "a copy removes nothing here");
    assert_eq!(status(&app), ("Added 1 track to Collection 3, at the end (u to undo)", Tone::Info));
    assert_eq!(open(&app).row_count(), 5);
}

#[test]
fn m_moves_marked_tracks_after_the_add_lands_and_one_u_takes_both_back() {
    let mut app = opened(5);
    app.prefs.confirm_remove = ConfirmRemove::Never;
    update(&mut app, ch(' ')); // marks 0
    update(&mut app, ch('j'));
    update(&mut app, ch(' ')); // marks 2
    update(&mut app, ch('M'));
    update(&mut app, key(KeyCode::Enter));
    // Collection 2 already holds track 2: only track 0 is added; both leave here.
    let cmds = update(&mut app, Msg::MemberIds { collection: cid(2), result: Ok(vec![tid(2)]) });
    let (add, _, tracks) = adds(&cmds).unwrap();
    assert_eq!(tracks, vec![tid(0)]);
    assert!(removes(&cmds).is_empty(), "nothing leaves before the add has landed");
    let cmds = update(&mut app, Msg::Added { batch: add.clone(), collection: cid(2), results: vec![(tid(0), Ok(()))] });
    let gone = removes(&cmds);
    assert_eq!(gone.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>(), vec![tid(0), tid(2)]);
    let removal = gone[0].0.clone();
    for (_, t) in &gone {
        update(
            &mut app,
            Msg::Removed { batch: removal.clone(), collection: cid(1), track: t.clone(), result: Ok(ack()) },
        );
    }
    assert_eq!(status(&app), ("Moved 2 tracks from Collection 1 to Collection 2 (u to undo)", Tone::Info));
    // One u: the tracks go back here and the added one leaves the target.
    let cmds = update(&mut app, ch('u'));
    let sent: Vec<&str> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Restore { .. } => Some("restore here"),
            Cmd::RemoveAdded { .. } => Some("remove there"),
            _ => None,
        })
        .collect();
    // Restores run one at a time: the second waits for the first.
    assert_eq!(sent.len(), 1, "{cmds:?}");
    assert_eq!(app.writes.restore_queue.len(), 1);
    assert!(app.writes.undo.iter().all(|s| s.batch != add && s.batch != removal), "both steps left the stack");
}

#[test]
fn a_move_whose_add_failed_removes_nothing_here() {
    let mut app = opened(5);
    update(&mut app, ch('M'));
    update(&mut app, key(KeyCode::Enter));
    let cmds = update(&mut app, Msg::MemberIds { collection: cid(2), result: Ok(Vec::new()) });
    let (add, _, _) = adds(&cmds).unwrap();
    let cmds = update(
        &mut app,
        Msg::Added { batch: add, collection: cid(2), results: vec![(tid(0), Err(ApiError::Network("down".into())))] },
    );
    assert!(removes(&cmds).is_empty());
    assert_eq!(status(&app).1, Tone::Error);
    assert_eq!(open(&app).row_count(), 5);
}

#[test]
fn the_chooser_filters_as_you_type_and_printable_keys_are_text() {
    let mut app = opened(5);
    update(&mut app, ch('C'));
    // q, j, g and G are letters of a name now, not keys: "q" matches nothing and closes nothing.
    update(&mut app, ch('q'));
    let c = app.chooser().expect("q did not close the chooser");
    assert_eq!((c.query.as_str(), c.hits.len()), ("q", 0));
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty(), "nothing matches: nothing is picked");
    update(&mut app, key(KeyCode::Backspace));
    for k in "on 3".chars() {
        update(&mut app, ch(k));
    }
    let c = app.chooser().unwrap();
    assert_eq!(c.highlighted().map(|(id, _)| id.clone()), Some(cid(3)));
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(cmds, vec![Cmd::LoadMemberIds { collection: cid(3) }]);
}
