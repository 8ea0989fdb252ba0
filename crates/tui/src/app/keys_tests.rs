//! One rule for closing and quitting whatever `[keys]` rebinds: Esc and the cancel keys close every
//! popup and clear the filter line; Ctrl-C quits from a popup only while it is a quit key.
#![allow(clippy::unwrap_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::fixtures::*;
use super::keymap::{Keymap, Override};
use super::msg::Msg;
use super::state::*;
use super::update;

fn with_keys(app: &mut App, overrides: &[(&str, &str)]) {
    let overrides: Vec<Override> =
        overrides.iter().map(|(a, k)| Override { action: (*a).into(), keys: vec![(*k).into()], line: 1 }).collect();
    let (keys, errors) = Keymap::with(&overrides);
    assert!(errors.is_empty(), "{errors:?}");
    app.prefs.keys = std::sync::Arc::new(keys);
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[test]
fn a_rebound_cancel_key_closes_every_popup_and_esc_still_does() {
    let mut app = opened(10);
    with_keys(&mut app, &[("cancel", "Ctrl-G")]);
    for (open, close) in
        [('?', ctrl('g')), ('?', key(KeyCode::Esc)), ('s', ctrl('g')), (':', ctrl('g')), ('i', ctrl('g'))]
    {
        update(&mut app, ch(open));
        assert!(app.popup.is_some(), "{open} opened nothing");
        update(&mut app, close);
        assert_eq!(app.popup, None, "{open} did not close");
    }
    // The filter line clears with it too.
    update(&mut app, ch('/'));
    update(&mut app, ch('S'));
    update(&mut app, ctrl('g'));
    assert_eq!(app.filter, None);
    // The help names both.
    let cancel = app.prefs.keys.main_screen().find(|b| b.action == super::keymap::Action::Cancel).unwrap();
    assert_eq!(cancel.label, "Ctrl-G/Esc");
}

#[test]
fn ctrl_c_quits_from_a_popup_or_the_filter_line_only_while_it_is_a_quit_key() {
    let mut app = opened(10);
    with_keys(&mut app, &[("quit", "Q")]);
    update(&mut app, ch('/'));
    update(&mut app, ctrl('c'));
    assert!(!app.quit, "Ctrl-C is no quit key now");
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, ch('?'));
    update(&mut app, ctrl('c'));
    assert!(!app.quit);
    let mut app = opened(10);
    update(&mut app, ch('s'));
    update(&mut app, ctrl('c'));
    assert!(app.quit && app.popup.is_none(), "by default Ctrl-C closes a popup and quits");
}

#[test]
fn the_help_pages_by_a_page_and_jumps_to_its_ends() {
    let mut app = opened(10);
    update(&mut app, Msg::Resize(crate::ui::viewport(80, 16)));
    update(&mut app, ch('?'));
    update(&mut app, key(KeyCode::PageDown));
    let Some(Popup::Help { top }) = app.popup else { panic!() };
    assert!(top > 1, "PgDn moved {top} line(s)");
    update(&mut app, ch('G'));
    let Some(Popup::Help { top: end }) = app.popup else { panic!() };
    assert!(end > top);
    update(&mut app, ch('g'));
    assert_eq!(app.popup, Some(Popup::Help { top: 0 }));
}
