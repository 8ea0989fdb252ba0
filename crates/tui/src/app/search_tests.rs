//! `F`, the search across collections, through `update`: the mirror asked for, results as it comes,
//! Enter opening the collection at the track.
#![allow(clippy::unwrap_used)]

use crossterm::event::KeyCode;

use super::fixtures::*;
use super::msg::{Cmd, Msg};
use super::state::*;
use super::update;

fn found(collection: usize, track: usize, position: usize, title: &str) -> Found {
    Found {
        title: title.into(),
        track: tid(track),
        collection: cid(collection),
        collection_name: format!("Collection {collection}"),
        position,
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, ch(c));
    }
}

fn search(app: &App) -> &Search {
    match &app.popup {
        Some(Popup::Search(s)) => s,
        other => panic!("no search: {other:?}"),
    }
}

#[test]
fn f_asks_for_the_mirror_and_typing_filters_what_came() {
    let mut app = opened(5);
    assert_eq!(update(&mut app, ch('F')), vec![Cmd::SyncMirror]);
    let entries =
        vec![found(2, 7, 0, "Northern Lights"), found(3, 8, 41, "Southern Cross"), found(3, 9, 12, "Northern Line")];
    update(&mut app, Msg::Mirrored { entries, done: false, error: None });
    typed(&mut app, "north");
    assert_eq!(search(&app).hits, vec![0, 2]);
    // j is text here, not a move.
    typed(&mut app, "j");
    assert!(search(&app).hits.is_empty());
    update(&mut app, key(KeyCode::Backspace));
    update(&mut app, key(KeyCode::Down));
    assert_eq!(search(&app).cursor.selected, 1);
    update(&mut app, Msg::MirrorProgress(1, 3));
    assert_eq!(search(&app).syncing, Some((1, 3)));
}

#[test]
fn enter_opens_the_collection_at_the_track() {
    let mut app = opened(5);
    update(&mut app, ch('F'));
    update(&mut app, Msg::Mirrored { entries: vec![found(2, 70, 41, "Northern Lights")], done: true, error: None });
    typed(&mut app, "lights");
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.popup, None);
    assert!(cmds.iter().any(|c| matches!(c, Cmd::LoadCollection { id, .. } if *id == cid(2))), "{cmds:?}");
    let r = app.resume.as_ref().unwrap();
    assert_eq!((r.place.track.clone(), r.place.position), (Some(tid(70)), 41));
}

#[test]
fn a_result_in_the_open_collection_moves_the_cursor_there() {
    let mut app = opened(20);
    update(&mut app, ch('F'));
    update(&mut app, Msg::Mirrored { entries: vec![found(1, 12, 12, "Song 12")], done: true, error: None });
    typed(&mut app, "song");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.selected_track().unwrap().track_id, tid(12));
}

#[test]
fn a_failed_sync_keeps_the_mirror_as_it_was_and_says_so() {
    let mut app = opened(5);
    update(&mut app, ch('F'));
    update(&mut app, Msg::Mirrored { entries: vec![found(2, 7, 0, "Northern Lights")], done: false, error: None });
    update(&mut app, Msg::Mirrored { entries: Vec::new(), done: true, error: Some("cannot reach the API".into()) });
    assert_eq!(search(&app).entries.len(), 1);
    assert_eq!(search(&app).error.as_deref(), Some("cannot reach the API"));
}
