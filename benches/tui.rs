#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! One frame of the tracks view for 100, 10,000 and 100,000 members (the cost should not depend on
//! the length), `update` for a key press on a 100,000-member collection, and Delete → the next frame
//! without the row (the removal is on screen before any answer: this is all it waits for), and a filter
//! keystroke → the next frame on 20,000 loaded titles.
//!
//! cargo bench --bench tui
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use freddy_music::api::model::{Collection, Member, Track};
use freddy_music::api::{CollectionId, TrackId};
use freddy_music::app::state::MEMBER_PAGE;
use freddy_music::app::{App, Header, Msg, start, update};
use freddy_music::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn collection(n: usize) -> Collection {
    Collection {
        id: CollectionId::parse("mcoll_bench").unwrap(),
        name: "Bench".into(),
        description: None,
        cover_track_id: None,
        cover_image_url: None,
        track_count: Some(n as u64),
        created_at: "2026-06-28T10:30:00Z".into(),
        updated_at: "2026-06-28T10:30:00Z".into(),
    }
}

fn track_id(i: usize) -> TrackId {
    TrackId::parse(format!("mtrack_{i:06}")).unwrap()
}

/// An app with an `n`-member collection open, every member loaded, titles known, the cursor midway.
fn app_with(n: usize) -> App {
    let mut app =
        App::new(Header { organization: "org_demo".into(), host: "127.0.0.1:8787".into(), demo: false }, "bench0");
    update(&mut app, Msg::Resize(freddy_music::ui::viewport(WIDTH, HEIGHT)));
    start(&mut app);
    update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Ok(vec![collection(n)]) });
    update(&mut app, Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let id = CollectionId::parse("mcoll_bench").unwrap();
    let epoch = app.open.as_ref().unwrap().epoch;
    update(&mut app, Msg::CollectionLoaded { id: id.clone(), epoch, result: Ok(collection(n)) });
    for offset in (0..n).step_by(MEMBER_PAGE as usize) {
        let items = (offset..(offset + MEMBER_PAGE as usize).min(n))
            .map(|i| Member { track_id: track_id(i), position: i as u64, added_at: "2026-06-28T10:35:00Z".into() })
            .collect();
        update(&mut app, Msg::MembersLoaded { id: id.clone(), epoch, offset: offset as u64, result: Ok(items) });
    }
    let tracks: Vec<Track> = (0..n)
        .map(|i| Track {
            id: track_id(i),
            title: Some(format!("Track number {i}")),
            engine: "studio".into(),
            mode: "creation".into(),
            measured_duration_seconds: Some(60.0 + (i % 300) as f64),
            instrumental: false,
            licence_class: "unclear".into(),
            created_at: "2026-06-28T10:30:00Z".into(),
            playback_url: None,
            stem_urls: None,
        })
        .collect();
    update(&mut app, Msg::LibraryLoaded { id, offset: 0, result: Ok(tracks) });
    let oc = app.open.as_mut().unwrap();
    oc.cursor.jump(n / 2, n, 30);
    app
}

fn bench(c: &mut Criterion) {
    let mut frame = c.benchmark_group("frame of the tracks view");
    for n in [100, 10_000, 100_000] {
        let app = app_with(n);
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        frame.bench_with_input(BenchmarkId::from_parameter(n), &app, |b, app| {
            b.iter(|| terminal.draw(|f| freddy_music::ui::draw(app, &Theme::default(), f)).map(|_| ()).unwrap())
        });
    }
    frame.finish();

    let mut app = app_with(100_000);
    let press = |c: char| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    c.bench_function("update: j then k on a 100,000-member collection", |b| {
        b.iter(|| {
            update(&mut app, press('j'));
            update(&mut app, press('k'))
        })
    });
}

fn delete_to_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("Delete, then the next frame without the row");
    for n in [100, 100_000] {
        let app = app_with(n);
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        let delete = || Msg::Key(KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE));
        // Once, checked: the row is gone from the state the next frame draws, with the request only sent.
        let mut check = app.clone();
        let gone = check.open.as_ref().unwrap().selected().unwrap().track_id.clone();
        let cmds = update(&mut check, delete());
        assert!(cmds.iter().any(|c| matches!(c, freddy_music::app::Cmd::Remove { .. })));
        assert!(check.open.as_ref().unwrap().index_of(&gone).is_none());
        group.bench_with_input(BenchmarkId::from_parameter(n), &app, |b, app| {
            b.iter_batched(
                || app.clone(),
                |mut app| {
                    let cmds = update(&mut app, delete());
                    terminal.draw(|f| freddy_music::ui::draw(&app, &Theme::default(), f)).map(|_| ()).unwrap();
                    // Returned, so dropping the app is not timed.
                    (app, cmds)
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// A filter keystroke on 20,000 loaded titles: the matches recomputed and the next frame drawn (every
/// title is a candidate: they all share "Track number").
fn filter_keystroke(c: &mut Criterion) {
    let mut app = app_with(20_000);
    let press = |c: char| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    for c in "/ber 1".chars() {
        update(&mut app, press(c));
    }
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    // Once, checked: the keystroke narrows the matches.
    let mut check = app.clone();
    let before = check.filter.as_ref().unwrap().hits.len();
    update(&mut check, press('2'));
    let after = check.filter.as_ref().unwrap().hits.len();
    assert!(after < before && after > 0, "{before} -> {after}");
    c.bench_function("filter keystroke -> next frame (20,000 loaded titles)", |b| {
        b.iter_batched(
            || app.clone(),
            |mut app| {
                update(&mut app, press('2'));
                terminal.draw(|f| freddy_music::ui::draw(&app, &Theme::default(), f)).map(|_| ()).unwrap();
                app
            },
            criterion::BatchSize::LargeInput,
        )
    });
}

criterion_group!(benches, bench, delete_to_frame, filter_keystroke);
criterion_main!(benches);
