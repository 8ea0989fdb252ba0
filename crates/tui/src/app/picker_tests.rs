//! The library picker through `update`: pages as needed, filtering, marks, skipping members, the add
//! and its undo and redo.
#![allow(clippy::unwrap_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::fixtures::*;
use super::msg::{Cmd, Journal, Msg};
use super::state::*;
use super::update;
use freddy_api::model::Track;

/// Library tracks 100.., titled "Tune N".
fn library(from: usize, n: usize) -> Vec<Track> {
    (from..from + n).map(|i| Track { title: Some(format!("Tune {i}")), ..track(i) }).collect()
}

fn adds(cmds: &[Cmd]) -> Vec<freddy_api::TrackId> {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::AddTracks { tracks, .. } => Some(tracks.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

fn opened_picker() -> App {
    let mut app = opened(5);
    let cmds = update(&mut app, ch('a'));
    assert_eq!(cmds, vec![Cmd::LoadPickerPage { offset: 0 }, Cmd::LoadMemberIds { collection: cid(1) }]);
    // The library holds two of the collection's tracks (0 and 1) and 100 others.
    let mut page =
        vec![Track { title: Some("Tune 0".into()), ..track(0) }, Track { title: Some("Tune 1".into()), ..track(1) }];
    page.extend(library(100, 98));
    assert!(update(&mut app, Msg::PickerPage { offset: 0, result: Ok(page) }).is_empty());
    update(&mut app, Msg::MemberIds { collection: cid(1), result: Ok((0..5).map(tid).collect()) });
    app
}

#[test]
fn typing_filters_and_a_narrow_filter_loads_the_next_page() {
    let mut app = opened_picker();
    assert_eq!(app.picker().unwrap().hits.len(), 100);
    // 'q' and 'd' are typed, not commands.
    let cmds = update(&mut app, ch('9'));
    let cmds: Vec<Cmd> = cmds.into_iter().chain(update(&mut app, ch('9'))).collect();
    assert!(!app.quit);
    let p = app.picker().unwrap();
    assert!(p.hits.len() < 12, "{}", p.hits.len());
    assert!(cmds.contains(&Cmd::LoadPickerPage { offset: 100 }), "a filter with few matches asks for more: {cmds:?}");
    // The next page comes and is filtered too; a short page ends the list.
    update(&mut app, Msg::PickerPage { offset: 100, result: Ok(library(198, 5)) });
    let p = app.picker().unwrap();
    assert!(p.done && p.items.len() == 105);
    assert!(p.hits.iter().any(|&i| p.items[i].title.as_deref() == Some("Tune 199")));
}

#[test]
fn enter_adds_the_marked_tracks_in_order_skipping_members_and_u_removes_them() {
    let mut app = opened_picker();
    // Mark "Tune 0" (a member), then two new ones.
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert!(app.picker().is_none());
    assert_eq!(adds(&cmds), vec![tid(100), tid(101)], "members 0 and 1 are skipped");
    let batch = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Journal(Journal::Adds { batch, tracks, .. }) => {
                assert_eq!(tracks.iter().map(|t| t.2).collect::<Vec<_>>(), vec![5, 6], "at the end");
                Some(batch.clone())
            }
            _ => None,
        })
        .unwrap();
    assert!(status(&app).0.contains("2 already in it, skipped"), "{:?}", status(&app));
    let cmds = update(
        &mut app,
        Msg::Added { batch: batch.clone(), collection: cid(1), results: vec![(tid(100), Ok(())), (tid(101), Ok(()))] },
    );
    assert!(cmds.iter().any(|c| matches!(c, Cmd::LoadCollection { .. })));
    assert_eq!(status(&app), ("Added 2 tracks to Collection 1, at the end (u to undo)", Tone::Info));
    assert_eq!(open(&app).cursor.selected, 5, "the cursor goes to the first added row");
    let cmds = update(&mut app, ch('u'));
    assert!(cmds.contains(&Cmd::RemoveAdded {
        batch: batch.clone(),
        collection: cid(1),
        tracks: vec![tid(100), tid(101)]
    }));
    let cmds = update(&mut app, Msg::AddUndone { batch: batch.clone(), collection: cid(1), result: Ok(2) });
    assert!(cmds.contains(&Cmd::Journal(Journal::Undone { batch })));
    let cmds = update(&mut app, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
    assert_eq!(adds(&cmds), vec![tid(100), tid(101)]);
}

#[test]
fn enter_on_a_member_adds_nothing_and_esc_closes() {
    let mut app = opened_picker();
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert!(status(&app).0.starts_with("Already in Collection 1"));
    // The picker stays open to pick another; Esc closes it.
    assert!(app.picker().is_some());
    update(&mut app, key(KeyCode::Esc));
    assert!(app.picker().is_none());
}

/// Space is filter text (a title with spaces can be typed), Tab marks and moves down, Shift-Tab marks and
/// moves up, and Enter adds what the filter matched.
#[test]
fn space_is_text_in_the_filter_and_tab_marks() {
    let mut app = opened_picker();
    for c in "Tune 150".chars() {
        update(&mut app, ch(c));
    }
    let p = app.picker().unwrap();
    assert_eq!(p.query, "Tune 150");
    assert!(p.marked.is_empty(), "the space marked a row");
    assert_eq!(p.highlighted().unwrap().title.as_deref(), Some("Tune 150"), "the match is highlighted");
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(adds(&cmds), vec![tid(150)]);

    let mut app = opened_picker();
    // Tab marks row 0 and moves down; Shift-Tab marks row 1 and moves back up; Tab unmarks row 0.
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)));
    update(&mut app, key(KeyCode::Tab));
    let p = app.picker().unwrap();
    assert_eq!(p.marked.len(), 1, "{:?}", p.marked);
    assert!(p.marked.contains(&tid(1)), "{:?}", p.marked);
}
