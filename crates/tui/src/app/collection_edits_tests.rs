//! Creating, renaming and deleting collections through `update`: the form, the delete confirm, the
//! answers (a 422 stays in the form), and undo through the journal.
#![allow(clippy::unwrap_used)]

use crossterm::event::KeyCode;

use super::fixtures::*;
use super::msg::{Cmd, Msg};
use super::state::*;
use super::state::{Changed, FormPurpose};
use super::update;
use freddy_api::model::Collection;
use freddy_api::{ApiDetail, ApiError};
use freddy_ops::journal::ChangeKind;

fn typed(app: &mut App, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| update(app, ch(c))).collect()
}

fn changed(kind: ChangeKind, collection: Collection, count: u64) -> Msg {
    Msg::CollectionChanged {
        kind,
        result: Ok(Changed { collection, batch: Some("b_change1".into()), journal_error: None, count }),
    }
}

#[test]
fn n_opens_a_form_and_enter_creates_the_collection_which_u_deletes_again() {
    let mut app = with_collections(3);
    update(&mut app, ch('n'));
    assert_eq!(app.form().unwrap().purpose, FormPurpose::Create);
    // Keys are typed into the form, not taken as commands (q does not quit, d does not delete).
    assert!(typed(&mut app, "Road qd").is_empty());
    assert!(!app.quit);
    update(&mut app, key(KeyCode::Tab));
    typed(&mut app, "for trips");
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(cmds, vec![Cmd::CreateCollection { name: "Road qd".into(), description: Some("for trips".into()) }]);
    assert!(app.form().unwrap().sending);
    let made = Collection { name: "Road qd".into(), ..collection(9) };
    update(&mut app, changed(ChangeKind::Create, made, 0));
    assert!(app.form().is_none());
    assert_eq!(app.collections.items[0].collection.id, cid(9));
    assert_eq!(app.collections.selected().unwrap().collection.id, cid(9));
    assert_eq!(status(&app), ("Created Road qd (u to undo)", Tone::Info));
    let cmds = update(&mut app, ch('u'));
    assert!(cmds.contains(&Cmd::UndoChange { batch: "b_change1".into() }), "{cmds:?}");
    let cmds = update(&mut app, Msg::ChangeUndone { batch: "b_change1".into(), result: Ok("Deleted it.".into()) });
    assert!(cmds.contains(&Cmd::LoadCollections { offset: 0 }));
    assert_eq!(status(&app).0, "Deleted it.");
}

#[test]
fn a_missing_name_and_a_422_are_said_in_the_form() {
    let mut app = with_collections(3);
    update(&mut app, ch('n'));
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert_eq!(app.form().unwrap().error.as_deref(), Some("A collection needs a name"));
    typed(&mut app, "x");
    update(&mut app, key(KeyCode::Enter));
    let e = ApiError::Validation(ApiDetail { message: "name: too long".into(), ..ApiDetail::default() });
    update(&mut app, Msg::CollectionChanged { kind: ChangeKind::Create, result: Err(e) });
    let f = app.form().unwrap();
    assert!(!f.sending && f.error.as_deref().unwrap().contains("too long"), "{f:?}");
    // Esc closes it; nothing was created.
    update(&mut app, key(KeyCode::Esc));
    assert!(app.form().is_none());
    assert_eq!(app.collections.items.len(), 3);
}

#[test]
fn r_renames_the_selected_collection_and_the_open_one_follows() {
    let mut app = opened(3);
    update(&mut app, ch('h'));
    update(&mut app, ch('R'));
    let f = app.form().unwrap();
    assert_eq!((f.purpose.clone(), f.name.as_str()), (FormPurpose::Rename(cid(1)), "Collection 1"));
    for _ in 0.."Collection 1".len() {
        update(&mut app, key(KeyCode::Backspace));
    }
    typed(&mut app, "Renamed");
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        cmds,
        vec![Cmd::RenameCollection { id: cid(1), name: "Renamed".into(), description: Some(String::new()) }]
    );
    update(&mut app, changed(ChangeKind::Rename, Collection { name: "Renamed".into(), ..collection(1) }, 0));
    assert_eq!(app.collections.items[0].collection.name, "Renamed");
    assert_eq!(open(&app).name, "Renamed");
}

#[test]
fn d_needs_the_name_typed_or_enter_alone_for_an_empty_collection() {
    let mut app = opened(3);
    update(&mut app, ch('h'));
    update(&mut app, ch('D'));
    // The open collection has 3 tracks: y is just a letter of the name being typed.
    typed(&mut app, "y");
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    update(&mut app, key(KeyCode::Backspace));
    typed(&mut app, "Collection 1");
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(cmds, vec![Cmd::DeleteCollection { id: cid(1) }]);
    update(&mut app, changed(ChangeKind::Delete, collection(1), 3));
    assert!(app.open.is_none() && app.delete().is_none());
    assert!(!app.collections.items.iter().any(|e| e.collection.id == cid(1)));
    assert!(status(&app).0.contains(
        "Deleted Collection 1 and its 3 tracks (batch b_change1: u or `freddy-music restore b_change1` recreates it)"
    ));
    assert_eq!(app.writes.undo.last().unwrap().kind, StepKind::Collection(ChangeKind::Delete));

    let mut app = with_collections(3);
    update(
        &mut app,
        Msg::CollectionLoaded {
            id: cid(2),
            epoch: 0,
            result: Ok(Collection { track_count: Some(0), ..collection(2) }),
        },
    );
    update(&mut app, ch('j'));
    update(&mut app, ch('D'));
    assert_eq!(update(&mut app, key(KeyCode::Enter)), vec![Cmd::DeleteCollection { id: cid(2) }]);
}

#[test]
fn the_delete_field_says_a_wrong_name_clears_with_ctrl_u_and_reads_an_unknown_count() {
    let mut app = with_collections(3);
    // Collection 1's count is not known yet (never opened): D reads it first, and the answer fills it in.
    app.collections.items[0].track_count = None;
    let cmds = update(&mut app, ch('D'));
    assert_eq!(cmds, vec![Cmd::LoadCollection { id: cid(1), epoch: 0 }]);
    update(
        &mut app,
        Msg::CollectionLoaded {
            id: cid(1),
            epoch: 0,
            result: Ok(Collection { track_count: Some(7), ..collection(1) }),
        },
    );
    assert_eq!(app.delete().unwrap().count, Some(7));
    // A wrong name and Enter: nothing is sent, and the status says why.
    typed(&mut app, "Collection 9");
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Warning);
    assert!(text.contains("Not deleted") && text.contains("Collection 1"), "{text}");
    assert!(app.delete().unwrap().error.as_deref().is_some_and(|e| e.contains("Not deleted")));
    // Ctrl-U clears the field, as in every other text field.
    update(
        &mut app,
        Msg::Key(crossterm::event::KeyEvent::new(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL)),
    );
    assert_eq!(app.delete().unwrap().typed, "");
    // The wrong-name warning (shown in the popup too, which covers the status line on a small screen)
    // goes with the edit.
    assert_eq!(app.delete().unwrap().error, None);
    assert!(app.status.is_none(), "{:?}", app.status);
    // y is a letter, never a yes.
    let mut empty = with_collections(3);
    empty.collections.items[0].track_count = Some(0);
    update(&mut empty, ch('D'));
    assert!(update(&mut empty, ch('y')).is_empty());
    assert_eq!(empty.delete().unwrap().typed, "y");
}

#[test]
fn a_form_error_goes_once_the_field_is_edited() {
    let mut app = with_collections(3);
    update(&mut app, ch('n'));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.form().unwrap().error.as_deref(), Some("A collection needs a name"));
    typed(&mut app, "R");
    assert_eq!(app.form().unwrap().error, None, "the error went with the first letter typed");
}

#[test]
fn creating_a_second_collection_of_one_name_warns_how_the_cli_tells_them_apart() {
    let mut app = with_collections(3);
    update(&mut app, changed(ChangeKind::Create, Collection { name: "Collection 2".into(), ..collection(9) }, 0));
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Warning);
    assert!(text.contains("Collection 2#1") && text.contains("Collection 2#2"), "{text}");
    assert_eq!(app.writes.undo.last().unwrap().kind, StepKind::Collection(ChangeKind::Create), "still an undo step");
}

#[test]
fn the_messages_name_the_undo_key_the_keymap_gives() {
    use super::keymap::{Keymap, Override};
    let mut app = with_collections(3);
    let (keys, errors) = Keymap::with(&[Override { action: "undo".into(), keys: vec!["z".into()], line: 1 }]);
    assert!(errors.is_empty(), "{errors:?}");
    app.prefs.keys = std::sync::Arc::new(keys);
    update(&mut app, changed(ChangeKind::Delete, collection(2), 3));
    let text = status(&app).0.to_string();
    assert!(text.contains("z or `freddy-music restore") && !text.contains(": u or"), "{text}");
    update(&mut app, changed(ChangeKind::Create, collection(7), 0));
    assert!(status(&app).0.contains("(z to undo)"), "{}", status(&app).0);
}
