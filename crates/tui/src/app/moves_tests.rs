//! J/K through `update`: rows move at once, presses coalesce into one move sent when the keys stop,
//! the move is journaled and undoable (and redoable), quitting and Delete send it first, and its answer
//! re-reads the list.
#![allow(clippy::unwrap_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::fixtures::*;
use super::msg::{Cmd, Journal, Msg};
use super::state::DEBOUNCE;
use super::state::*;
use super::update;
use freddy_api::TrackId;
use freddy_api::restore::{Placed, Report, Wanted};

fn shown(app: &App) -> Vec<TrackId> {
    open(app).rows.iter().flatten().map(|m| m.track_id.clone()).collect()
}

fn order(ns: &[usize]) -> Vec<TrackId> {
    ns.iter().map(|&n| tid(n)).collect()
}

fn wake_token(cmds: &[Cmd]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Cmd::Wake { token, after } if *after == DEBOUNCE => Some(*token),
        _ => None,
    })
}

fn the_move(cmds: &[Cmd]) -> (Option<String>, Option<Vec<TrackId>>, Vec<Wanted>, String) {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Move { batch, base, prefix, placements, .. } => {
                Some((base.clone(), prefix.clone(), placements.clone(), batch.clone()))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no move in {cmds:?}"))
}

/// The report of track 0 moved back to the top by one reorder.
fn moved_back_to_the_top() -> Report {
    Report {
        tracks: vec![(tid(0), Placed::At(0))],
        absent: Vec::new(),
        readded: None,
        reorders: 1,
        moved: true,
        verified: true,
    }
}

/// Presses `keys` and lets the debounce run out; returns what that sent.
fn press_then_wait(app: &mut App, keys: &str) -> Vec<Cmd> {
    let mut token = 0;
    for k in keys.chars() {
        let cmds = update(app, ch(k));
        assert!(!cmds.iter().any(|c| matches!(c, Cmd::Move { .. })), "sent before the keys stopped: {cmds:?}");
        // A press that moves nothing (at an edge) sets no timer.
        token = wake_token(&cmds).unwrap_or(token);
    }
    update(app, Msg::Wake(token))
}

#[test]
fn presses_move_the_row_at_once_and_one_move_goes_when_they_stop() {
    let mut app = opened(40);
    let first = update(&mut app, ch('J'));
    assert_eq!(shown(&app)[..3], order(&[1, 0, 2]));
    assert_eq!(open(&app).selected().unwrap().track_id, tid(0), "the cursor follows the track");
    update(&mut app, ch('J'));
    update(&mut app, ch('J'));
    // An older timer does nothing: a key came since.
    assert!(update(&mut app, Msg::Wake(wake_token(&first).unwrap())).is_empty());
    let cmds = press_then_wait(&mut app, "JK");
    assert_eq!(shown(&app)[..4], order(&[1, 2, 3, 0]));
    let (base, prefix, placements, batch) = the_move(&cmds);
    assert_eq!(base.as_deref(), Some("2026-06-28T10:30:00Z"));
    assert_eq!(prefix, Some(order(&[1, 2, 3, 0])), "the list runs only to the deepest place that changed");
    assert_eq!(placements, vec![Wanted { track: tid(0), index: 3, next: None }]);
    // Journaled before the request, as a move from 0 to 3.
    let journal = cmds.iter().position(|c| matches!(c, Cmd::Journal(Journal::Moves { .. }))).unwrap();
    let request = cmds.iter().position(|c| matches!(c, Cmd::Move { .. })).unwrap();
    assert!(journal < request);
    assert!(cmds.contains(&Cmd::Journal(Journal::Moves {
        batch: batch.clone(),
        redo_of: None,
        collection: cid(1),
        name: "Collection 1".into(),
        tracks: vec![(tid(0), Some("Song 0".into()), 0, 3)],
    })));
    // The answer re-reads the collection.
    let cmds = update(&mut app, Msg::Moved { batch, collection: cid(1), result: Ok(false) });
    assert!(cmds.iter().any(|c| matches!(c, Cmd::LoadCollection { .. })), "{cmds:?}");
    assert_eq!(status(&app), ("Moved 1 track in Collection 1 (u to undo)", Tone::Info));
}

#[test]
fn moving_back_to_where_it_was_sends_nothing() {
    let mut app = opened(10);
    let cmds = press_then_wait(&mut app, "JK");
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Move { .. })));
    assert!(status(&app).0.contains("nothing to send"));
    assert!(!app.writes.busy());
}

#[test]
fn marked_tracks_move_together_and_stop_at_the_edge() {
    let mut app = opened(5);
    update(&mut app, ch('G'));
    update(&mut app, ch(' ')); // marks 4 (the last row)
    update(&mut app, ch('k'));
    update(&mut app, ch('k'));
    update(&mut app, ch(' ')); // marks 2
    let cmds = press_then_wait(&mut app, "JJ");
    // 4 is at the bottom and stays; 2 closes up behind it.
    assert_eq!(shown(&app), order(&[0, 1, 3, 2, 4]));
    let (_, _, placements, _) = the_move(&cmds);
    assert_eq!(placements, vec![Wanted { track: tid(2), index: 3, next: None }]);
}

#[test]
fn undo_moves_back_and_redo_moves_again() {
    let mut app = opened(10);
    let cmds = press_then_wait(&mut app, "JJ");
    let (_, _, _, batch) = the_move(&cmds);
    update(&mut app, Msg::Moved { batch: batch.clone(), collection: cid(1), result: Ok(false) });
    let cmds = update(&mut app, ch('u'));
    assert!(
        cmds.contains(&Cmd::Place {
            batch: batch.clone(),
            collection: cid(1),
            tracks: vec![Wanted { track: tid(0), index: 0, next: None }]
        }),
        "{cmds:?}"
    );
    let back = moved_back_to_the_top();
    let cmds = update(&mut app, Msg::Restored { batch: batch.clone(), collection: cid(1), result: Ok(back) });
    assert!(cmds.contains(&Cmd::Journal(Journal::Undone { batch })));
    assert!(status(&app).0.starts_with("Moved 1 track back in Collection 1"), "{:?}", status(&app));
    let cmds = update(&mut app, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
    let (base, prefix, placements, _) = the_move(&cmds);
    assert_eq!((base, prefix), (None, None), "a redo places the tracks in the server's order as it is");
    assert_eq!(placements, vec![Wanted { track: tid(0), index: 2, next: None }]);
}

#[test]
fn a_move_that_met_a_change_elsewhere_says_so_and_a_failed_one_is_not_an_undo_step() {
    let mut app = opened(10);
    let (_, _, _, b1) = the_move(&press_then_wait(&mut app, "J"));
    update(&mut app, Msg::Moved { batch: b1, collection: cid(1), result: Ok(true) });
    let (text, tone) = status(&app);
    assert!(text.contains("had changed elsewhere") && tone == Tone::Warning, "{text}");
    let undo_depth = app.writes.undo.len();
    let (_, _, _, b2) = the_move(&press_then_wait(&mut app, "J"));
    assert_eq!(app.writes.undo.len(), undo_depth + 1);
    let cmds = update(&mut app, Msg::Moved { batch: b2, collection: cid(1), result: Err(server_error(500)) });
    assert_eq!(app.writes.undo.len(), undo_depth);
    assert_eq!(status(&app).1, Tone::Error);
    assert!(cmds.iter().any(|c| matches!(c, Cmd::LoadCollection { .. })), "the server's order is re-read");
}

#[test]
fn quitting_and_delete_send_a_pending_move_first() {
    let mut app = opened(10);
    update(&mut app, ch('J'));
    let cmds = update(&mut app, ch('q'));
    let (_, _, _, batch) = the_move(&cmds);
    assert!(!app.quit, "quitting waits for the move");
    update(&mut app, Msg::Moved { batch, collection: cid(1), result: Ok(false) });
    assert!(app.quit);

    let mut app = opened(10);
    app.prefs.confirm_remove = freddy_ops::config::ConfirmRemove::Never;
    update(&mut app, ch('J'));
    let cmds = update(&mut app, ch('d'));
    let moved = cmds.iter().position(|c| matches!(c, Cmd::Move { .. })).unwrap();
    let removed = cmds.iter().position(|c| matches!(c, Cmd::Remove { .. })).unwrap();
    assert!(moved < removed, "{cmds:?}");
}

#[test]
fn page_answers_from_before_a_move_do_not_undo_it_on_screen() {
    let mut app = opened(10);
    let epoch = open(&app).epoch;
    update(&mut app, ch('J'));
    let stale: Vec<freddy_api::model::Member> = (0..10).map(member).collect();
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch, offset: 0, result: Ok(stale) });
    assert_eq!(shown(&app)[..2], order(&[1, 0]));
}

#[test]
fn undo_of_a_move_takes_the_cursor_back_with_its_track() {
    let mut app = opened(10);
    let cmds = press_then_wait(&mut app, "JJJ");
    let (_, _, _, batch) = the_move(&cmds);
    update(&mut app, Msg::Moved { batch: batch.clone(), collection: cid(1), result: Ok(false) });
    assert_eq!(open(&app).cursor.selected, 3, "the cursor went down with track 0");
    update(&mut app, ch('u'));
    let back = moved_back_to_the_top();
    update(&mut app, Msg::Restored { batch, collection: cid(1), result: Ok(back) });
    let epoch = open(&app).epoch;
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch, offset: 0, result: Ok((0..10).map(member).collect()) });
    assert_eq!(app.selected_track().unwrap().track_id, tid(0), "the cursor is on track 0 again, at row 1");
}
