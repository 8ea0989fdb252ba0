//! Counts (`5j`, `12G`, `10J`, `3d`), the go-to prompt (`:`), the details popup (`i`) and copying an id
//! (`y`), through `update`.
#![allow(clippy::unwrap_used)]

use crossterm::event::KeyCode;

use super::fixtures::*;
use super::keymap::{Keymap, Override};
use super::msg::{Cmd, Msg};
use super::state::*;
use super::update;
use freddy_ops::config::{Clipboard, ConfirmRemove};

fn press(app: &mut App, keys: &str) -> Vec<Cmd> {
    keys.chars().flat_map(|c| update(app, ch(c))).collect()
}

fn selected(app: &App) -> usize {
    open(app).cursor.selected
}

#[test]
fn a_count_before_a_motion_moves_that_many_rows_and_g_with_a_count_goes_to_that_row() {
    let mut app = opened(150);
    press(&mut app, "5j");
    assert_eq!(selected(&app), 5);
    press(&mut app, "2k");
    assert_eq!(selected(&app), 3);
    // 12G and 12g: row 12 as shown (index 11); g alone is still the top.
    press(&mut app, "12G");
    assert_eq!(selected(&app), 11);
    press(&mut app, "40g");
    assert_eq!(selected(&app), 39);
    press(&mut app, "g");
    assert_eq!(selected(&app), 0);
    // Past the end: the last row, and it says how many there are.
    press(&mut app, "999G");
    assert_eq!(selected(&app), 149);
    assert!(status(&app).0.contains("150 rows"), "{}", status(&app).0);
    // The cursor stays on screen.
    let top = open(&app).cursor.top;
    assert!(top <= 149 && 149 < top + app.viewport.track_rows);
}

#[test]
fn esc_clears_a_pending_count_and_the_hint_bar_state_goes_with_it() {
    let mut app = opened(50);
    press(&mut app, "12");
    assert_eq!(app.count, Some(12));
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.count, None);
    assert_eq!(status(&app).0, "Count cleared");
    press(&mut app, "j");
    assert_eq!(selected(&app), 1, "the cleared count did not carry over");
    // A lone 0 counts nothing; 10 is ten.
    press(&mut app, "0j");
    assert_eq!(selected(&app), 2);
    press(&mut app, "10j");
    assert_eq!(selected(&app), 12);
}

#[test]
fn ten_capital_j_is_one_move_of_ten_places_sent_once() {
    let mut app = opened(30);
    let mut cmds = press(&mut app, "10J");
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Move { .. })), "sent before the keys stopped");
    let shown: Vec<_> = open(&app).rows.iter().flatten().map(|m| m.track_id.clone()).collect();
    assert_eq!(shown[10], tid(0), "track 0 moved ten places at once");
    assert_eq!(shown[0], tid(1));
    let token = cmds
        .drain(..)
        .find_map(|c| match c {
            Cmd::Wake { token, .. } => Some(token),
            _ => None,
        })
        .unwrap();
    let sent = update(&mut app, Msg::Wake(token));
    let moves: Vec<_> = sent.iter().filter(|c| matches!(c, Cmd::Move { .. })).collect();
    assert_eq!(moves.len(), 1, "{sent:?}");
    let Cmd::Move { placements, .. } = moves[0] else { unreachable!() };
    assert_eq!(placements.len(), 1);
    assert_eq!((placements[0].track.clone(), placements[0].index), (tid(0), 10));
}

#[test]
fn three_d_removes_three_tracks_from_the_cursor_through_the_same_confirm_as_marks() {
    let mut app = opened(20);
    press(&mut app, "2j");
    press(&mut app, "3d");
    let confirm = app.confirm().expect("three tracks ask first, as three marks would");
    let tracks: Vec<_> = confirm.targets.iter().map(|t| t.track.clone()).collect();
    assert_eq!(tracks, vec![tid(2), tid(3), tid(4)]);
    update(&mut app, ch('y'));
    let shown: Vec<_> = open(&app).rows.iter().flatten().map(|m| m.track_id.clone()).collect();
    assert!(!shown.contains(&tid(3)) && shown.contains(&tid(5)));
    // Near the end, the rest.
    app.prefs.confirm_remove = ConfirmRemove::Never;
    press(&mut app, "G");
    let cmds = press(&mut app, "5d");
    let removed = cmds.iter().filter(|c| matches!(c, Cmd::Remove { .. })).count();
    assert_eq!(removed, 1, "one row was left after the cursor: {cmds:?}");
}

#[test]
fn a_count_with_marks_is_refused_and_says_why() {
    let mut app = opened(20);
    press(&mut app, " ");
    let cmds = press(&mut app, "3d");
    assert!(cmds.iter().all(|c| !matches!(c, Cmd::Remove { .. } | Cmd::Journal(_))));
    assert!(app.confirm().is_none());
    assert!(status(&app).0.contains("not on marks"), "{}", status(&app).0);
    press(&mut app, "4J");
    assert!(status(&app).0.contains("not on marks"));
}

#[test]
fn a_digit_is_not_a_key_in_the_config() {
    let (_, errors) = Keymap::with(&[Override { action: "remove".into(), keys: vec!["5".into()], line: 7 }]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("line 7: [keys] remove: 5 is a count"), "{errors:?}");
}

#[test]
fn the_go_to_prompt_takes_a_position_and_nothing_but_digits() {
    let mut app = opened(150);
    press(&mut app, ":");
    assert!(matches!(app.popup, Some(Popup::GoTo(_))));
    press(&mut app, "1x2");
    assert!(status(&app).0.starts_with("Only digits"), "{}", status(&app).0);
    assert_eq!(app.popup, Some(Popup::GoTo("12".into())), "x is refused, j or q would be too");
    update(&mut app, key(KeyCode::Backspace));
    press(&mut app, "20");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.popup, None);
    assert_eq!(selected(&app), 119);
    // Esc leaves the cursor where it is.
    press(&mut app, ":5");
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(selected(&app), 119);
}

#[test]
fn i_reads_the_track_and_shows_it_and_y_copies_its_id() {
    let mut app = opened(10);
    press(&mut app, "3j");
    let cmds = press(&mut app, "i");
    assert_eq!(cmds, vec![Cmd::LoadDetails { id: tid(3) }]);
    update(&mut app, Msg::DetailsLoaded { id: tid(3), result: Ok(track(3)) });
    let Some(Popup::Details(d)) = &app.popup else { panic!("no details") };
    let Details::Track { track: Some(t), member, .. } = d.as_ref() else { panic!("not a track's details") };
    assert_eq!((t.id.clone(), member.position), (tid(3), 3));
    let cmds = press(&mut app, "y");
    assert_eq!(cmds, vec![Cmd::Copy(tid(3).to_string())]);
    assert!(status(&app).0.starts_with("Copied mtrack_3"));
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.popup, None);
    // Enter on a track shows the details too (it opens a collection in the other pane).
    assert_eq!(update(&mut app, key(KeyCode::Enter)), vec![Cmd::LoadDetails { id: tid(3) }]);
}

#[test]
fn y_on_the_main_screen_copies_the_id_under_the_cursor_unless_copying_is_off() {
    let mut app = opened(10);
    assert_eq!(press(&mut app, "jy").last(), Some(&Cmd::Copy(tid(1).to_string())));
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(press(&mut app, "y"), vec![Cmd::Copy(cid(1).to_string())]);
    app.prefs.clipboard = Clipboard::Off;
    assert!(press(&mut app, "y").is_empty());
    assert!(status(&app).0.contains("the id is mcoll_1"), "{}", status(&app).0);
}

#[test]
fn i_on_a_collection_shows_its_count_and_the_length_known() {
    let mut app = opened(4);
    update(&mut app, key(KeyCode::Tab));
    assert!(press(&mut app, "i").is_empty(), "a collection's details need no request");
    let Some(Popup::Details(d)) = &app.popup else { panic!("no details") };
    let Details::Collection { count, known_seconds, known_tracks, .. } = d.as_ref() else { panic!() };
    assert_eq!((*count, *known_tracks), (Some(4), 4));
    assert!((known_seconds - 720.0).abs() < 1e-9);
}

#[test]
fn the_details_say_which_other_collections_hold_the_track_as_the_mirror_knows() {
    let mut app = opened(10);
    press(&mut app, "2ji");
    let places = vec![(cid(1), "Collection 1".to_string(), 2), (cid(3), "Archive".to_string(), 12_003)];
    update(&mut app, Msg::AlsoIn { track: tid(2), places });
    let Some(Popup::Details(d)) = &app.popup else { panic!("no details") };
    let Details::Track { also_in, .. } = d.as_ref() else { panic!() };
    assert_eq!(also_in.as_deref(), Some(&[("Archive".to_string(), 12_003)][..]), "the open collection is not 'also'");
    let text = format!("{:?}", {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| crate::ui::draw(&app, &crate::ui::theme::Theme::default(), f)).unwrap();
        t.backend().clone()
    });
    assert!(text.contains("also in Archive #12,004"), "{text}");
}

#[test]
fn a_counted_motion_scrolls_only_as_far_as_needed() {
    let mut app = opened(150);
    press(&mut app, "3j");
    assert_eq!((selected(&app), open(&app).cursor.top), (3, 0), "rows 1-3 stay on screen");
    update(&mut app, key(KeyCode::Tab));
    press(&mut app, "2j");
    assert_eq!(app.collections.cursor.top, 0);
}

#[test]
fn go_to_takes_the_position_shown_even_with_a_filter_on_and_refuses_an_empty_pane() {
    let mut app = opened(150);
    // Titles are "Song N": a filter on "Song 4" keeps 4, 40-49.
    press(&mut app, "/Song 4");
    update(&mut app, key(KeyCode::Enter));
    press(&mut app, ":42");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(selected(&app), 41, "position 42 is Song 41: the first match at or after it is Song 41 itself");
    let mut empty = opened(0);
    press(&mut empty, ":");
    assert_eq!(empty.popup, None);
    assert!(status(&empty).0.contains("is empty"), "{}", status(&empty).0);
}
