//! The README's picture of the app (`docs/screenshot.svg`) is a real frame: the app's own `update` and
//! `draw`, fed by the reference server's demo data, with Focus Sessions open, two tracks marked and the
//! hint bar. This test draws it again and fails if the picture no longer matches what the app draws;
//! `UPDATE_SCREENSHOT=1 cargo test --test it screenshot::` writes the new one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::VecDeque;

use crate::common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use freddy_music::app::{App, Cmd, Header, Msg, start, update};
use freddy_music::runtime::exec::execute;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 100;
const HEIGHT: u16 = 26;

/// Runs commands against the server until none are left (no timers: a picture needs no debounce).
async fn settle(app: &mut App, client: &freddy_music::api::Client, cmds: Vec<Cmd>) {
    let mut queue: VecDeque<Cmd> = cmds.into();
    while let Some(cmd) = queue.pop_front() {
        if let Some(msg) = execute(client, cmd).await {
            queue.extend(update(app, msg));
        }
    }
}

async fn keys(app: &mut App, client: &freddy_music::api::Client, keys: &str) {
    for c in keys.chars() {
        let code = if c == '\r' { KeyCode::Enter } else { KeyCode::Char(c) };
        let cmds = update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        settle(app, client, cmds).await;
    }
}

#[tokio::test]
async fn the_readme_picture_is_what_the_app_draws() {
    let s = demo_server().await;
    let client = s.client(LISTENER);
    // A fixed header: the test server's port changes from run to run.
    let header = Header { organization: "org_demo".into(), host: "127.0.0.1:8787".into(), demo: true };
    let mut app = App::new(header, "shot00");
    let mut cmds = update(&mut app, Msg::Resize(freddy_music::ui::viewport(WIDTH, HEIGHT)));
    cmds.extend(start(&mut app));
    settle(&mut app, &client, cmds).await;
    let focus = app.collections.items.iter().position(|e| e.collection.name == "Focus Sessions").unwrap();
    keys(&mut app, &client, &format!("{}\r", "j".repeat(focus))).await;
    keys(&mut app, &client, "j j jj").await;
    app.status = None;
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    let theme = freddy_music::ui::theme::Theme::default();
    terminal.draw(|f| freddy_music::ui::draw(&app, &theme, f)).unwrap();
    let screen = format!("{:?}", terminal.backend());
    assert!(screen.contains("Focus Sessions · 7 / 12 · 2 marked"), "{screen}");
    let svg = freddy_music::ui::svg::to_svg(terminal.backend().buffer());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/screenshot.svg");
    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        std::fs::write(path, &svg).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == svg,
        "docs/screenshot.svg is not what the app draws now: run `UPDATE_SCREENSHOT=1 cargo test --test it screenshot::`\n{screen}"
    );
}
