//! `update` for removal you can take back: optimistic removal, marks and ranges, the confirm popup,
//! bounded concurrency, undo and redo (across collections, after a 404, during a batch), Esc's order,
//! quitting with writes in flight, and the journal replayed into the stack.
#![allow(clippy::unwrap_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::fixtures::*;
use super::msg::{Cmd, Journal, Msg};
use super::state::MAX_WRITES;
use super::state::*;
use super::update;
use freddy_api::model::{Ack, Collection, Member};
use freddy_api::restore::{Placed, Report, Wanted};
use freddy_api::{ApiError, CollectionId, TrackId};
use freddy_ops::config::ConfirmRemove;
use freddy_ops::journal::Outcome;

const B1: &str = "b_test000001";
const B2: &str = "b_test000002";

fn ack() -> Ack {
    Ack { success: true, id: String::new(), detail: "Track removed from collection.".into() }
}

fn removed(batch: &str, n: usize) -> Msg {
    Msg::Removed { batch: batch.into(), collection: cid(1), track: tid(n), result: Ok(ack()) }
}

fn failed(batch: &str, n: usize, e: ApiError) -> Msg {
    Msg::Removed { batch: batch.into(), collection: cid(1), track: tid(n), result: Err(e) }
}

fn ctrl_r() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL))
}

fn shown(app: &App) -> Vec<TrackId> {
    open(app).rows.iter().flatten().map(|m| m.track_id.clone()).collect()
}

fn removes(cmds: &[Cmd]) -> Vec<TrackId> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Remove { track, .. } => Some(track.clone()),
            _ => None,
        })
        .collect()
}

fn outcomes(cmds: &[Cmd]) -> Vec<(TrackId, Outcome)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Journal(Journal::Outcome { track, outcome, .. }) => Some((track.clone(), *outcome)),
            _ => None,
        })
        .collect()
}

fn marked(app: &App) -> Vec<TrackId> {
    let mut m: Vec<TrackId> = app.open_marks().map(|m| m.iter().cloned().collect()).unwrap_or_default();
    m.sort_by_key(|t| t.as_str().trim_start_matches("mtrack_").parse::<usize>().unwrap_or(0));
    m
}

fn report(tracks: &[(usize, usize)]) -> Report {
    Report {
        tracks: tracks.iter().map(|(t, at)| (tid(*t), Placed::At(*at))).collect(),
        absent: Vec::new(),
        readded: Some(tracks.len()),
        reorders: 1,
        moved: true,
        verified: true,
    }
}

/// Opens a collection of `len` with `confirm_remove = never` (so Delete acts at once).
fn never_asks(len: usize) -> App {
    let mut app = opened(len);
    app.prefs.confirm_remove = ConfirmRemove::Never;
    app
}

#[test]
fn delete_journals_first_then_the_row_leaves_at_once() {
    let mut app = opened(5);
    update(&mut app, ch('j'));
    let cmds = update(&mut app, key(KeyCode::Delete));
    assert_eq!(
        cmds,
        vec![
            Cmd::Journal(Journal::Open {
                batch: B1.into(),
                redo_of: None,
                collection: cid(1),
                name: "Collection 1".into(),
                tracks: vec![(tid(1), Some("Song 1".into()), 1, Some(tid(2)))],
            }),
            Cmd::Remove { batch: B1.into(), collection: cid(1), track: tid(1) },
        ],
        "the journal line comes before the request; no page is re-read while the write is under way"
    );
    // Gone from the screen before any answer, the cursor on the next track.
    assert_eq!(shown(&app), vec![tid(0), tid(2), tid(3), tid(4)]);
    assert_eq!(open(&app).len, Some(4));
    assert_eq!(open(&app).selected().unwrap().track_id, tid(2));
    assert_eq!(open(&app).member(1).unwrap().position, 1);
    assert_eq!(status(&app), ("Removing Song 1 from Collection 1…", Tone::Progress));

    let cmds = update(&mut app, removed(B1, 1));
    let epoch = open(&app).epoch;
    assert_eq!(
        cmds,
        vec![
            Cmd::Journal(Journal::Outcome { batch: B1.into(), track: tid(1), outcome: Outcome::Done }),
            Cmd::LoadCollection { id: cid(1), epoch },
            Cmd::LoadMembers { id: cid(1), epoch, offset: 0, limit: MEMBER_PAGE },
        ],
        "the screen ends as the server holds it"
    );
    assert_eq!(status(&app), ("Removed Song 1 from Collection 1 (u to undo)", Tone::Info));
    assert!(!app.writes.busy());
}

#[test]
fn a_failed_removal_comes_back_marked_with_the_reason() {
    for error in [
        server_error(503),
        ApiError::Network("connection refused".into()),
        ApiError::Timeout(std::time::Duration::from_secs(20)),
    ] {
        let mut app = opened(3);
        update(&mut app, ch('d'));
        assert_eq!(open(&app).len, Some(2));
        let cmds = update(&mut app, failed(B1, 0, error));
        assert_eq!(outcomes(&cmds), vec![(tid(0), Outcome::Failed)]);
        let (text, tone) = status(&app);
        assert_eq!(tone, Tone::Error);
        assert!(text.starts_with("Could not remove Song 0: ") && text.contains("press Del to try again"), "{text}");
        assert_eq!(marked(&app), vec![tid(0)], "marked, so d retries it");
        assert_eq!(shown(&app), vec![tid(0), tid(1), tid(2)], "back in its place at once");
        assert_eq!(open(&app).len, Some(3));
        // The re-read brings the row back in its place.
        let epoch = open(&app).epoch;
        assert!(cmds.contains(&Cmd::LoadMembers { id: cid(1), epoch, offset: 0, limit: MEMBER_PAGE }));
        assert!(app.writes.undo.is_empty(), "nothing to undo");
    }
}

#[test]
fn removal_404_closes_the_collection_and_401_says_how_to_fix_the_key() {
    let mut app = opened(3);
    update(&mut app, ch('d'));
    let cmds = update(&mut app, failed(B1, 0, not_found()));
    assert!(cmds.contains(&Cmd::LoadCollections { offset: 0 }));
    assert!(app.open.is_none());
    assert!(status(&app).0.contains("no longer exists or is not yours"));

    let mut app = never_asks(8);
    update(&mut app, ch('*'));
    let cmds = update(&mut app, ch('d'));
    assert_eq!(removes(&cmds).len(), MAX_WRITES);
    let cmds = update(&mut app, failed(B1, 0, unauthorized()));
    let cancelled = outcomes(&cmds).iter().filter(|(_, o)| *o == Outcome::Cancelled).count();
    assert_eq!(cancelled, 8 - MAX_WRITES, "the rest of the batch is not sent");
    assert!(removes(&cmds).is_empty());
    let (text, _) = status(&app);
    assert!(text.contains("API key rejected") && text.contains("FREDDY_API_KEY"), "{text}");
}

#[test]
fn delete_on_an_empty_collection_or_a_loading_row_explains() {
    let mut app = opened(0);
    assert!(update(&mut app, ch('d')).is_empty());
    assert!(status(&app).0.contains("is empty"));
}

#[test]
fn space_marks_and_moves_down_and_marks_belong_to_their_collection() {
    let mut app = opened(5);
    update(&mut app, ch(' '));
    assert_eq!(open(&app).cursor.selected, 1);
    update(&mut app, ch('j'));
    update(&mut app, ch(' '));
    assert_eq!(marked(&app), vec![tid(0), tid(2)]);
    update(&mut app, ch('k'));
    update(&mut app, ch(' '));
    assert_eq!(marked(&app), vec![tid(0)], "Space again unmarks");
    // Away to collection 2 and back: the marks are kept.
    update(&mut app, ch('h'));
    update(&mut app, ch('j'));
    update(&mut app, key(KeyCode::Enter));
    assert!(app.open_marks().is_none());
    update(&mut app, ch('h'));
    update(&mut app, ch('k'));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(marked(&app), vec![tid(0)]);
}

#[test]
fn a_range_grows_and_shrinks_and_v_or_space_marks_it() {
    let mut app = opened(10);
    update(&mut app, ch('j'));
    update(&mut app, ch('V'));
    assert_eq!(app.marks.range, Some(1));
    for _ in 0..4 {
        update(&mut app, ch('j'));
    }
    update(&mut app, ch('k'));
    update(&mut app, ch('V'));
    assert_eq!(marked(&app), (1..=4).map(tid).collect::<Vec<_>>());
    assert_eq!(app.marks.range, None);
    // Upwards, ended with Space.
    update(&mut app, ch('G'));
    update(&mut app, ch('V'));
    update(&mut app, ch('k'));
    update(&mut app, ch(' '));
    assert_eq!(marked(&app).len(), 6);
    assert!(marked(&app).contains(&tid(8)) && marked(&app).contains(&tid(9)));
}

#[test]
fn star_inverts_the_loaded_rows() {
    let mut app = opened(4);
    update(&mut app, ch(' '));
    update(&mut app, ch('*'));
    assert_eq!(marked(&app), vec![tid(1), tid(2), tid(3)]);
}

#[test]
fn a_range_over_rows_not_loaded_fetches_their_ids_first() {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(1000), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    let first: Vec<Member> = (0..MEMBER_PAGE as usize).map(member).collect();
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok(first) });
    update(&mut app, ch('V'));
    let mut cmds = update(&mut app, ch('G'));
    cmds.extend(update(&mut app, ch('V')));
    assert!(app.marks.range_wait.is_some());
    assert!(app.open_marks().is_none(), "nothing is marked before the ids are known");
    // Answer every member page asked for, as the server would, until the range is marked.
    for _ in 0..10 {
        let pages: Vec<u64> = cmds
            .iter()
            .filter_map(|c| match c {
                Cmd::LoadMembers { offset, .. } => Some(*offset),
                _ => None,
            })
            .collect();
        if pages.is_empty() {
            break;
        }
        cmds = Vec::new();
        for offset in pages {
            let items: Vec<Member> = (offset as usize..(offset as usize + 200).min(1000)).map(member).collect();
            cmds.extend(update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset, result: Ok(items) }));
        }
    }
    assert!(app.marks.range_wait.is_none(), "{:?} {:?}", app.marks.range_wait, open(&app).pages);
    assert_eq!(app.open_marks().map(|m| m.len()), Some(1000));
}

#[test]
fn esc_closes_then_cancels_then_clears_and_never_quits() {
    let mut app = opened(5);
    update(&mut app, ch(' '));
    update(&mut app, ch('V'));
    update(&mut app, ch('?'));
    update(&mut app, key(KeyCode::Esc));
    assert!(app.help_top().is_none() && app.marks.range.is_some(), "first the popup");
    update(&mut app, key(KeyCode::Esc));
    assert!(app.marks.range.is_none() && !marked(&app).is_empty(), "then the range");
    update(&mut app, key(KeyCode::Esc));
    assert!(marked(&app).is_empty(), "then the marks");
    update(&mut app, key(KeyCode::Esc));
    assert!(!app.quit, "never quits");
}

#[test]
fn two_or_more_ask_first_and_enter_or_esc_mean_no() {
    let mut app = opened(6);
    for n in [0, 2, 4] {
        update(&mut app, ch('g'));
        for _ in 0..n {
            update(&mut app, ch('j'));
        }
        update(&mut app, ch(' '));
    }
    for no in [key(KeyCode::Enter), key(KeyCode::Esc), ch('n')] {
        assert!(update(&mut app, key(KeyCode::Delete)).is_empty());
        let c = app.confirm().unwrap();
        assert_eq!(c.targets.iter().map(|t| t.index).collect::<Vec<_>>(), vec![0, 2, 4]);
        assert!(update(&mut app, no).is_empty());
        assert!(app.confirm().is_none());
        assert_eq!(shown(&app).len(), 6, "nothing removed");
        assert_eq!(marked(&app).len(), 3, "the marks stay");
    }
    update(&mut app, key(KeyCode::Delete));
    let cmds = update(&mut app, ch('y'));
    assert_eq!(removes(&cmds), vec![tid(0), tid(2), tid(4)]);
    assert_eq!(shown(&app), vec![tid(1), tid(3), tid(5)]);
    assert!(app.open_marks().is_none());
    // One track never asks under "bulk"; "always" asks for one too.
    update(&mut app, ch('d'));
    assert!(app.confirm().is_none());
    app.prefs.confirm_remove = ConfirmRemove::Always;
    update(&mut app, ch('d'));
    assert!(app.confirm().is_some());
}

#[test]
fn a_bulk_removal_runs_at_bounded_concurrency_with_progress_and_one_summary() {
    let mut app = never_asks(10);
    update(&mut app, ch('*'));
    let cmds = update(&mut app, ch('d'));
    assert_eq!(removes(&cmds), (0..MAX_WRITES).map(tid).collect::<Vec<_>>());
    assert!(shown(&app).is_empty(), "all ten leave the list at once");
    assert_eq!(status(&app).0, "Removing 10 tracks from Collection 1…");
    let cmds = update(&mut app, removed(B1, 0));
    assert_eq!(removes(&cmds), vec![tid(MAX_WRITES)], "one answer frees one slot");
    assert_eq!(status(&app).0, "Removing 1 of 10 from Collection 1…");
    for n in 1..10 {
        update(&mut app, removed(B1, n));
    }
    assert_eq!(status(&app), ("Removed 10 tracks from Collection 1 (u to undo)", Tone::Info));
    assert_eq!(app.writes.undo.len(), 1);
    assert_eq!(app.writes.undo[0].tracks.len(), 10);
}

#[test]
fn undo_restores_the_step_and_redo_removes_it_again() {
    let mut app = never_asks(5);
    update(&mut app, ch('j'));
    update(&mut app, ch(' '));
    update(&mut app, ch('j'));
    update(&mut app, ch(' '));
    update(&mut app, ch('d'));
    update(&mut app, removed(B1, 1));
    update(&mut app, removed(B1, 3));
    let cmds = update(&mut app, ch('u'));
    let want = vec![
        Wanted { track: tid(1), index: 1, next: Some(tid(2)) },
        Wanted { track: tid(3), index: 3, next: Some(tid(4)) },
    ];
    assert_eq!(cmds, vec![Cmd::Restore { batch: B1.into(), collection: cid(1), tracks: want }]);
    assert_eq!(status(&app).0, "Restoring 2 tracks to Collection 1…");
    let cmds =
        update(&mut app, Msg::Restored { batch: B1.into(), collection: cid(1), result: Ok(report(&[(1, 1), (3, 3)])) });
    assert_eq!(cmds[0], Cmd::Journal(Journal::Undone { batch: B1.into() }));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::LoadMembers { .. })), "re-read after the undo");
    assert_eq!(status(&app), ("Restored 2 tracks to Collection 1 (re-added; dates added are new)", Tone::Info));
    assert!(app.writes.undo.is_empty());
    assert_eq!(app.writes.redo.len(), 1);
    // The server now holds all five again.
    let epoch = open(&app).epoch;
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch, offset: 0, result: Ok((0..5).map(member).collect()) });
    let cmds = update(&mut app, ctrl_r());
    match &cmds[0] {
        Cmd::Journal(Journal::Open { batch, redo_of, tracks, .. }) => {
            assert_eq!(batch, B2);
            assert_eq!(redo_of.as_deref(), Some(B1));
            assert_eq!(tracks.iter().map(|t| t.2).collect::<Vec<_>>(), vec![1, 3]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(removes(&cmds), vec![tid(1), tid(3)]);
    assert_eq!(app.writes.undo.len(), 1);
    assert!(app.writes.redo.is_empty());
    assert_eq!(update(&mut app, ctrl_r()), vec![]);
    assert_eq!(status(&app).0, "Nothing to redo");
}

#[test]
fn undo_works_for_a_collection_that_is_not_open_and_says_where() {
    let mut app = opened(3);
    update(&mut app, ch('d'));
    update(&mut app, removed(B1, 0));
    update(&mut app, ch('h'));
    update(&mut app, ch('j'));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(open(&app).id, cid(2));
    let cmds = update(&mut app, ch('u'));
    assert_eq!(
        cmds,
        vec![Cmd::Restore {
            batch: B1.into(),
            collection: cid(1),
            tracks: vec![Wanted { track: tid(0), index: 0, next: Some(tid(1)) }]
        }]
    );
    let cmds = update(&mut app, Msg::Restored { batch: B1.into(), collection: cid(1), result: Ok(report(&[(0, 0)])) });
    assert!(cmds.contains(&Cmd::LoadCollection { id: cid(1), epoch: 0 }), "its count is refreshed");
    let (text, _) = status(&app);
    assert!(
        text.starts_with("Restored Song 0 to Collection 1") || text.starts_with("Restored 1 track to Collection 1"),
        "{text}"
    );
    assert!(text.contains("open it to see"), "{text}");
}

#[test]
fn undo_after_a_404_or_a_partial_restore_says_what_it_could_not_do() {
    let mut app = opened(3);
    update(&mut app, ch('d'));
    update(&mut app, removed(B1, 0));
    update(&mut app, ch('u'));
    update(&mut app, Msg::Restored { batch: B1.into(), collection: cid(1), result: Err(not_found()) });
    assert!(status(&app).0.contains("Could not undo: Collection 1 no longer exists"), "{}", status(&app).0);
    assert!(app.writes.undo.is_empty() && app.writes.redo.is_empty());

    let mut app = never_asks(3);
    update(&mut app, ch('*'));
    update(&mut app, ch('d'));
    for n in 0..3 {
        update(&mut app, removed(B1, n));
    }
    update(&mut app, ch('u'));
    let mut r = report(&[(0, 0), (2, 1)]);
    r.tracks.push((tid(1), Placed::Failed("the track no longer exists or is not visible to you".into())));
    update(&mut app, Msg::Restored { batch: B1.into(), collection: cid(1), result: Ok(r) });
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Warning);
    assert!(text.contains("Restored 2 tracks") && text.contains("could not restore Song 1"), "{text}");

    // A network failure keeps the step for another try.
    let mut app = opened(3);
    update(&mut app, ch('d'));
    update(&mut app, removed(B1, 0));
    update(&mut app, ch('u'));
    let e = ApiError::Network("refused".into());
    update(&mut app, Msg::Restored { batch: B1.into(), collection: cid(1), result: Err(e) });
    assert!(status(&app).0.contains("press u to try again"));
    assert_eq!(app.writes.undo.len(), 1);
}

#[test]
fn u_during_a_bulk_removal_stops_sending_and_restores_what_was_removed() {
    let mut app = never_asks(10);
    update(&mut app, ch('*'));
    update(&mut app, ch('d'));
    let cmds = update(&mut app, ch('u'));
    let cancelled: Vec<TrackId> =
        outcomes(&cmds).into_iter().filter(|(_, o)| *o == Outcome::Cancelled).map(|(t, _)| t).collect();
    assert_eq!(cancelled.len(), 10 - MAX_WRITES);
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Restore { .. })), "waits for the requests in flight");
    assert!(status(&app).0.contains("Stopping the removal"));
    let mut last = Vec::new();
    for n in 0..MAX_WRITES - 1 {
        last = update(&mut app, removed(B1, n));
        assert!(removes(&last).is_empty(), "nothing more is sent");
    }
    last.extend(update(&mut app, failed(B1, MAX_WRITES - 1, server_error(503))));
    let restore = last.iter().find_map(|c| match c {
        Cmd::Restore { tracks, .. } => Some(tracks.clone()),
        _ => None,
    });
    let want: Vec<Wanted> = (0..MAX_WRITES - 1).map(|n| Wanted { track: tid(n), index: n, next: None }).collect();
    assert_eq!(restore, Some(want), "only what was removed is restored");
    // What was never sent (and the one that failed) is back on screen at once.
    let back = shown(&app);
    assert_eq!(back.len(), 10 - (MAX_WRITES - 1), "{back:?}");
    assert_eq!(back[0], tid(MAX_WRITES - 1));
}

#[test]
fn the_undo_stack_spans_collections_and_keeps_a_hundred_steps() {
    let mut app = never_asks(150);
    for _ in 0..120 {
        let cmds = update(&mut app, ch('d'));
        let batch = match &cmds[0] {
            Cmd::Journal(Journal::Open { batch, .. }) => batch.clone(),
            other => panic!("{other:?}"),
        };
        let track = removes(&cmds)[0].clone();
        update(&mut app, Msg::Removed { batch, collection: cid(1), track, result: Ok(ack()) });
    }
    assert_eq!(app.writes.undo.len(), UNDO_DEPTH);
}

#[test]
fn q_waits_for_writes_and_a_second_q_forces_the_quit() {
    let mut app = never_asks(10);
    update(&mut app, ch('*'));
    update(&mut app, ch('d'));
    update(&mut app, ch('q'));
    assert!(!app.quit && app.quitting);
    assert!(
        status(&app).0.contains("Waiting for 10 writes") && status(&app).0.contains("q again"),
        "{}",
        status(&app).0
    );
    // Queued removals still go out while it waits.
    let cmds = update(&mut app, removed(B1, 0));
    assert_eq!(removes(&cmds).len(), 1);
    let cmds = update(&mut app, ctrl_c());
    assert!(app.quit);
    let o = outcomes(&cmds);
    assert_eq!(o.iter().filter(|(_, o)| *o == Outcome::Unconfirmed).count(), MAX_WRITES, "in flight");
    assert_eq!(o.iter().filter(|(_, o)| *o == Outcome::Cancelled).count(), 10 - MAX_WRITES - 1, "never sent");

    // Waiting ends by itself once the last answer comes.
    let mut app = opened(3);
    update(&mut app, ch('d'));
    update(&mut app, ch('q'));
    assert!(!app.quit);
    update(&mut app, removed(B1, 0));
    assert!(app.quit);
}

#[test]
fn the_journal_replayed_at_start_feeds_the_undo_stack() {
    let mut app = opened(3);
    let step = Step {
        kind: StepKind::Remove,
        batch: "b_fromjournal".into(),
        collection: CollectionId::parse("mcoll_elsewhere").unwrap(),
        name: "Elsewhere".into(),
        tracks: vec![Target { track: tid(7), title: Some("Seven".into()), index: 4, to: None, next: None }],
    };
    update(
        &mut app,
        Msg::History {
            undo: vec![step.clone()],
            redo: Vec::new(),
            warnings: vec!["journal.jsonl:3: damaged journal line skipped".into()],
        },
    );
    assert_eq!(status(&app).1, Tone::Warning);
    let cmds = update(&mut app, ch('u'));
    assert_eq!(
        cmds,
        vec![Cmd::Restore {
            batch: step.batch,
            collection: step.collection,
            tracks: vec![Wanted { track: tid(7), index: 4, next: None }]
        }]
    );
    assert_eq!(status(&app).0, "Restoring Seven to Elsewhere…");
}

#[test]
fn u_pressed_while_the_journal_is_read_waits_for_it() {
    let mut app = opened(3);
    app.writes.history_pending = true;
    assert!(update(&mut app, ch('u')).is_empty());
    assert_eq!(status(&app).0, "Reading the journal of removals…");
    let step = Step {
        kind: StepKind::Remove,
        batch: "b_fromjournal".into(),
        collection: cid(1),
        name: "Collection 1".into(),
        tracks: vec![Target { track: tid(9), title: None, index: 2, to: None, next: None }],
    };
    let cmds = update(&mut app, Msg::History { undo: vec![step], redo: Vec::new(), warnings: Vec::new() });
    assert_eq!(
        cmds,
        vec![Cmd::Restore {
            batch: "b_fromjournal".into(),
            collection: cid(1),
            tracks: vec![Wanted { track: tid(9), index: 2, next: None }]
        }]
    );
}

#[test]
fn an_undo_waits_for_removals_still_running_on_its_collection() {
    let mut app = never_asks(6);
    update(&mut app, ch('d'));
    update(&mut app, removed(B1, 0));
    // A second removal is in flight when u asks for the first one back... twice: the second u targets
    // the finished batch B1, which must wait for B2 to settle.
    update(&mut app, ch('d'));
    let cmds = update(&mut app, ch('u'));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Restore { .. })));
    let cmds = update(&mut app, ch('u'));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Restore { .. })), "queued behind the running removal");
    // B2 answers: first its own undo runs, then B1's, one at a time.
    let cmds = update(&mut app, removed(B2, 1));
    let restores: Vec<&Cmd> = cmds.iter().filter(|c| matches!(c, Cmd::Restore { .. })).collect();
    assert_eq!(restores.len(), 1);
    assert!(matches!(restores[0], Cmd::Restore { batch, .. } if batch == B2));
    let cmds = update(&mut app, Msg::Restored { batch: B2.into(), collection: cid(1), result: Ok(report(&[(1, 0)])) });
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Restore { batch, .. } if batch == B1)));
}

#[test]
fn a_batch_already_in_the_session_is_not_stacked_twice_from_the_journal() {
    let mut app = never_asks(4);
    app.writes.history_pending = true;
    update(&mut app, ch('d'));
    update(&mut app, removed(B1, 0));
    // The journal was read after that removal was written: it lists it as well.
    let same = app.writes.undo[0].clone();
    let older = Step { batch: "b_older".into(), ..same.clone() };
    update(&mut app, Msg::History { undo: vec![older, same], redo: Vec::new(), warnings: Vec::new() });
    let batches: Vec<&str> = app.writes.undo.iter().map(|s| s.batch.as_str()).collect();
    assert_eq!(batches, vec!["b_older", B1]);
}

#[test]
fn a_journal_that_cannot_be_written_is_said_once() {
    let mut app = opened(3);
    update(&mut app, Msg::JournalFailed("read-only file system".into()));
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Warning);
    assert!(text.contains("read-only file system") && text.contains("was not sent"), "{text}");
    update(&mut app, ch('d'));
    update(&mut app, Msg::JournalFailed("read-only file system".into()));
    assert_eq!(status(&app).0, "Removing Song 0 from Collection 1…", "not said again");
}

#[test]
fn rows_removed_while_pages_are_stale_keep_positions_in_order() {
    let mut app = never_asks(6);
    update(&mut app, ch('j'));
    update(&mut app, ch('d'));
    let positions: Vec<u64> = open(&app).rows.iter().flatten().map(|m: &Member| m.position).collect();
    assert_eq!(positions, (0..5).collect::<Vec<u64>>());
    assert!(open(&app).pages.values().all(|p| *p == PageState::Stale));
}

#[test]
fn a_removal_journals_each_tracks_staying_neighbour_and_undo_places_by_it() {
    // Rows 0..5; marks on 1, 2 (a run) and 4 (the last of the whole collection).
    let mut app = never_asks(5);
    for n in [1, 2, 4] {
        open_mut(&mut app).cursor.selected = n;
        update(&mut app, ch(' '));
    }
    let cmds = update(&mut app, ch('d'));
    let journaled: Vec<(TrackId, Option<TrackId>)> = match &cmds[0] {
        Cmd::Journal(Journal::Open { tracks, .. }) => tracks.iter().map(|t| (t.0.clone(), t.3.clone())).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        journaled,
        vec![(tid(1), Some(tid(3))), (tid(2), Some(tid(3))), (tid(4), None)],
        "a run's tracks all name the row after the run; the last row names none"
    );
    for n in [1, 2, 4] {
        update(&mut app, removed(B1, n));
    }
    let nexts: Vec<Option<TrackId>> = match update(&mut app, ch('u')).as_slice() {
        [Cmd::Restore { tracks, .. }] => tracks.iter().map(|w| w.next.clone()).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(nexts, vec![Some(tid(3)), Some(tid(3)), None], "undo places by the journaled neighbours");
}

#[test]
fn a_neighbour_behind_a_row_not_loaded_is_not_guessed() {
    let mut app = never_asks(5);
    open_mut(&mut app).rows[3] = None;
    open_mut(&mut app).cursor.selected = 2;
    let cmds = update(&mut app, ch('d'));
    match &cmds[0] {
        Cmd::Journal(Journal::Open { tracks, .. }) => assert_eq!(tracks[0].3, None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_undo_whose_order_did_not_read_back_as_planned_warns_instead_of_saying_restored() {
    let mut app = never_asks(5);
    update(&mut app, ch('d'));
    update(&mut app, removed(B1, 0));
    update(&mut app, ch('u'));
    let report = Report { verified: false, ..report(&[(0, 0)]) };
    update(&mut app, Msg::Restored { batch: B1.into(), collection: cid(1), result: Ok(report) });
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Warning, "{text}");
    assert!(text.contains("changed while it was restored") && !text.contains("order restored"), "{text}");
}

/// Every main-screen action rebound to a key of its own (Alt and a letter or digit): the hint bar, the help
/// popup and the messages that name a key all say the new keys, as key spans; none still names a default.
#[test]
fn rebinding_every_action_changes_the_keys_in_hints_help_and_messages() {
    use super::keymap::{Action, Keymap, Override, Scope, key_label, parse_key};
    let defaults = Keymap::default();
    let mut actions: Vec<Action> = Vec::new();
    for b in defaults.main_screen() {
        if !actions.contains(&b.action) {
            actions.push(b.action);
        }
    }
    let spare = ('a'..='z').chain('0'..='9').map(|c| format!("Alt-{c}"));
    let overrides: Vec<Override> = actions
        .iter()
        .zip(spare)
        .map(|(a, k)| Override { action: super::keymap::name_of(*a), keys: vec![k], line: 1 })
        .collect();
    let (keys, errors) = Keymap::with(&overrides);
    assert!(errors.is_empty(), "{errors:?}");
    let new_key = |a: Action| {
        let o = &overrides[actions.iter().position(|x| *x == a).unwrap()];
        key_label(parse_key(&o.keys[0]).unwrap())
    };
    // The help popup and the hint bar: each action's keys are the new ones.
    // An action's first row takes its `[keys]` (Details' second row, Enter in the tracks pane, stays).
    let mut seen = Vec::new();
    for b in keys.main_screen() {
        if !seen.contains(&b.action) {
            // Esc stays with cancel, after the key given (one rule for closing).
            let want =
                if b.action == Action::Cancel { format!("{}/Esc", new_key(b.action)) } else { new_key(b.action) };
            assert_eq!(b.label, want, "help line of {:?}", b.action);
            seen.push(b.action);
        }
        // The keys a help line names are the new ones too.
        let help = keys.help_of(b);
        for default in ["V again", "Space marks", "Esc cancels", "Esc clears", "u recreates", "(as i)"] {
            assert!(!help.contains(default), "{help}");
        }
    }
    for scope in [Scope::Collections, Scope::Tracks] {
        for (action, shown, _) in keys.hint_actions(scope) {
            assert!(shown.starts_with(&new_key(action)), "hint of {action:?} shows {shown}");
        }
    }
    // Messages: the keys they name are key spans of the new keys.
    let key_spans = |app: &App| -> Vec<String> {
        app.status.as_ref().unwrap().parts.iter().filter(|(_, k)| *k).map(|(t, _)| t.clone()).collect()
    };
    let press = |app: &mut App, a: Action| {
        let k = parse_key(&overrides[actions.iter().position(|x| *x == a).unwrap()].keys[0]).unwrap();
        let modifiers = if k.alt { KeyModifiers::ALT } else { KeyModifiers::NONE };
        update(app, Msg::Key(KeyEvent::new(k.code, modifiers)))
    };
    let mut app = never_asks(5);
    app.prefs.keys = std::sync::Arc::new(keys);
    press(&mut app, Action::Remove);
    update(&mut app, removed(B1, 0));
    assert_eq!(key_spans(&app), vec![new_key(Action::Undo)], "{}", status(&app).0);
    press(&mut app, Action::Remove);
    update(&mut app, failed(B2, 1, ApiError::Network("down".into())));
    assert_eq!(key_spans(&app), vec![new_key(Action::Remove)], "{}", status(&app).0);
    press(&mut app, Action::Cancel);
    press(&mut app, Action::Cancel);
    assert_eq!(key_spans(&app), vec![new_key(Action::Quit)], "{}", status(&app).0);
    press(&mut app, Action::NewCollection);
    let spans = key_spans(&app);
    assert_eq!(spans, vec![new_key(Action::FocusCollections), new_key(Action::SwitchPane)], "{}", status(&app).0);
    // A range started and ended, and a filter kept: each names the keys in use.
    press(&mut app, Action::Range);
    let spans = key_spans(&app);
    assert_eq!(spans, [Action::Range, Action::Mark, Action::Cancel].map(new_key), "{}", status(&app).0);
    press(&mut app, Action::Down);
    press(&mut app, Action::Range);
    assert_eq!(key_spans(&app), [Action::Remove, Action::Cancel].map(new_key), "{}", status(&app).0);
    press(&mut app, Action::Filter);
    update(&mut app, ch('S'));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(key_spans(&app), [Action::Filter, Action::Cancel].map(new_key), "{}", status(&app).0);
    for (_, text) in &app.messages {
        for default in
            ["press d ", "(u to undo)", "(q quits)", "press h or Tab", "V or Space", "Del removes", "/ edits"]
        {
            assert!(!text.contains(default), "a default key is still named: {text}");
        }
    }
}

/// One key, two actions: `x` removes in the tracks pane and renames in the collections pane (the keymap
/// allows it: they are never on one screen), and each pane does its own.
#[test]
fn a_key_bound_in_each_pane_does_each_panes_action() {
    use super::keymap::{Keymap, Override};
    let overrides =
        ["remove", "rename_collection"].map(|a| Override { action: a.into(), keys: vec!["x".into()], line: 1 });
    let (keys, errors) = Keymap::with(&overrides);
    assert!(errors.is_empty(), "{errors:?}");
    let mut app = never_asks(5);
    app.prefs.keys = std::sync::Arc::new(keys);
    assert!(removes(&update(&mut app, ch('x'))).contains(&tid(0)), "x removes in the tracks pane");
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus, Pane::Collections);
    update(&mut app, ch('x'));
    assert!(app.form().is_some(), "x renames in the collections pane");
}

/// One mark is one mark, not "1 marks".
#[test]
fn clearing_one_mark_says_one_mark() {
    let mut app = opened(5);
    update(&mut app, ch(' '));
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(status(&app).0, "Cleared 1 mark");
}
