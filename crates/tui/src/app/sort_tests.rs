//! The sort menu through `update`: pick, reverse, cancel, apply; the order read is sorted and sent as
//! one journaled, undoable move.
#![allow(clippy::unwrap_used)]

use crossterm::event::KeyCode;

use super::fixtures::*;
use super::msg::{Cmd, Journal, Msg};
use super::state::*;
use super::state::{OrderRead, SortKey};
use super::update;
use freddy_api::model::Track;
use freddy_api::restore::Wanted;

/// Tracks 0..n, titled so that reverse title order is 0, 1, 2, …: "Song z…", "Song y…", ….
fn read(n: usize) -> OrderRead {
    let tracks: Vec<Track> =
        (0..n).map(|i| Track { title: Some(format!("Song {}", char::from(b'z' - i as u8))), ..track(i) }).collect();
    OrderRead { updated_at: "2026-07-01T00:00:00Z".into(), members: (0..n).map(member).collect(), tracks }
}

#[test]
fn the_menu_picks_reverses_and_cancels() {
    let mut app = opened(5);
    update(&mut app, ch('s'));
    let menu = app.sort_menu().unwrap();
    assert_eq!((menu.key, menu.descending), (None, false));
    // Enter with nothing picked says what to do and sends nothing.
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert!(app.sort_menu().is_some() && status(&app).0.contains("Pick what to sort by"));
    update(&mut app, ch('t'));
    update(&mut app, ch('t'));
    let menu = app.sort_menu().unwrap();
    assert_eq!((menu.key, menu.descending), (Some(SortKey::Title), true));
    update(&mut app, ch('d'));
    let menu = app.sort_menu().unwrap();
    assert_eq!((menu.key, menu.descending), (Some(SortKey::Duration), false));
    // Keys of the main screen do nothing while it is open; Esc closes it.
    assert!(update(&mut app, ch('J')).is_empty());
    assert!(update(&mut app, key(KeyCode::Esc)).is_empty());
    assert!(app.sort_menu().is_none() && app.sorting.is_none());
}

#[test]
fn enter_reads_the_order_then_sends_it_sorted_as_one_undoable_move() {
    let mut app = opened(5);
    update(&mut app, ch('s'));
    update(&mut app, ch('t'));
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(cmds, vec![Cmd::LoadOrder { collection: cid(1) }]);
    assert!(app.sort_menu().is_none());
    let cmds = update(&mut app, Msg::OrderLoaded { collection: cid(1), result: Ok(read(5)) });
    let (base, prefix, placements, batch) = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Move { batch, base, prefix, placements, .. } => {
                Some((base.clone(), prefix.clone(), placements.clone(), batch.clone()))
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(base.as_deref(), Some("2026-07-01T00:00:00Z"));
    // A to Z is 4, 3, 2, 1, 0; 2 stays where it is and is not listed as moved.
    assert_eq!(prefix.unwrap(), [4, 3, 2, 1, 0].map(tid));
    assert_eq!(placements.len(), 4);
    assert!(placements.contains(&Wanted { track: tid(4), index: 0, next: None }));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Journal(Journal::Moves { tracks, .. }) if tracks.len() == 4)));
    update(&mut app, Msg::Moved { batch: batch.clone(), collection: cid(1), result: Ok(false) });
    assert_eq!(status(&app), ("Sorted Collection 1 by title (A to Z) (u to undo)", Tone::Info));
    let cmds = update(&mut app, ch('u'));
    let back = cmds.iter().find_map(|c| match c {
        Cmd::Place { tracks, .. } => Some(tracks.clone()),
        _ => None,
    });
    assert!(back.unwrap().contains(&Wanted { track: tid(4), index: 4, next: None }));
}

#[test]
fn an_order_already_sorted_sends_nothing_and_a_failed_read_says_so() {
    let mut app = opened(5);
    update(&mut app, ch('s'));
    update(&mut app, ch('t'));
    update(&mut app, ch('t'));
    update(&mut app, key(KeyCode::Enter));
    let cmds = update(&mut app, Msg::OrderLoaded { collection: cid(1), result: Ok(read(5)) });
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Move { .. })));
    assert!(status(&app).0.contains("already sorted by title (Z to A)"), "{:?}", status(&app));
    update(&mut app, ch('s'));
    update(&mut app, ch('a'));
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, Msg::OrderLoaded { collection: cid(1), result: Err(server_error(503)) });
    assert_eq!(status(&app).1, Tone::Error);
    assert!(app.sorting.is_none());
}

#[test]
fn arrows_move_the_menus_cursor() {
    let mut app = opened(5);
    update(&mut app, ch('s'));
    update(&mut app, key(KeyCode::Down));
    assert_eq!(app.sort_menu().unwrap().key, Some(super::state::SortKey::Title));
    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::Down));
    assert_eq!(app.sort_menu().unwrap().key, Some(super::state::SortKey::Added), "stops at the last");
    update(&mut app, key(KeyCode::Up));
    let m = app.sort_menu().unwrap();
    assert_eq!((m.key, m.descending), (Some(super::state::SortKey::Duration), false));
}
