//! `update` driven with no terminal and no network: every key and every API answer, errors included.

use crossterm::event::KeyCode;

use super::fixtures::*;
use super::msg::{Cmd, Msg};
use super::state::TrackMeta;
use super::state::Viewport;
use super::state::*;
use super::{start, update};
use freddy_api::model::{Collection, Member};
use freddy_api::{ApiError, CollectionId};

#[test]
fn collections_load_and_page_on() {
    let mut app = App::new(header(), "test00");
    start(&mut app);
    assert!(app.loading() && app.collections.loading);
    let full: Vec<Collection> = (0..COLLECTION_PAGE as usize).map(collection).collect();
    let cmds = update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Ok(full) });
    // The next page, and the counts of the rows on screen, 8 at a time.
    let mut want = vec![Cmd::LoadCollections { offset: 100 }];
    want.extend((0..8).map(|i| Cmd::LoadCount { id: cid(i) }));
    assert_eq!(cmds, want);
    let cmds = update(&mut app, Msg::CollectionsLoaded { offset: 100, result: Ok(vec![collection(500)]) });
    assert!(cmds.is_empty());
    assert_eq!(app.collections.items.len(), 101);
    // The counts of the rows on screen are answered (8 at a time, the next 8 once those are in).
    let mut asking: Vec<CollectionId> = (0..8).map(cid).collect();
    while let Some(id) = asking.pop() {
        let more = update(&mut app, Msg::CountLoaded { id: id.clone(), result: Ok(collection(0)) });
        asking.extend(more.into_iter().filter_map(|c| match c {
            Cmd::LoadCount { id } => Some(id),
            _ => None,
        }));
    }
    assert!(app.collections.loaded && !app.collections.loading && !app.loading());
}

#[test]
fn collections_error_is_reported() {
    let mut app = App::new(header(), "test00");
    start(&mut app);
    update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Err(unauthorized()) });
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("API key rejected") && text.contains("config init"), "{text}");
    assert!(!app.collections.loading);
    update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Err(ApiError::Network("refused".into())) });
    assert!(status(&app).0.contains("cannot reach the API"));
}

#[test]
fn moving_in_the_collections() {
    let mut app = with_collections(25);
    let at = |app: &App| app.collections.cursor.selected;
    update(&mut app, ch('j'));
    update(&mut app, key(KeyCode::Down));
    assert_eq!(at(&app), 2);
    update(&mut app, ch('k'));
    assert_eq!(at(&app), 1);
    update(&mut app, key(KeyCode::Up));
    update(&mut app, key(KeyCode::Up));
    assert_eq!(at(&app), 0);
    update(&mut app, ch('G'));
    assert_eq!((at(&app), app.collections.cursor.top), (24, 15));
    update(&mut app, ch('g'));
    assert_eq!(at(&app), 0);
    update(&mut app, key(KeyCode::End));
    assert_eq!(at(&app), 24);
    update(&mut app, key(KeyCode::Home));
    assert_eq!(at(&app), 0);
    update(&mut app, key(KeyCode::PageDown));
    assert_eq!(at(&app), 10);
    update(&mut app, key(KeyCode::PageUp));
    assert_eq!(at(&app), 0);
}

#[test]
fn switching_panes() {
    let mut app = with_collections(3);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus, Pane::Collections, "nothing open yet");
    assert!(status(&app).0.contains("Enter"));
    update(&mut app, ch('l'));
    assert_eq!(app.focus, Pane::Collections);
    let mut app = opened(5);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus, Pane::Collections);
    update(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.focus, Pane::Tracks);
    update(&mut app, key(KeyCode::Left));
    assert_eq!(app.focus, Pane::Collections);
    update(&mut app, key(KeyCode::Right));
    assert_eq!(app.focus, Pane::Tracks);
    update(&mut app, ch('h'));
    assert_eq!(app.focus, Pane::Collections);
    update(&mut app, ch('l'));
    assert_eq!(app.focus, Pane::Tracks);
}

#[test]
fn opening_loads_the_count_members_and_titles() {
    let app = opened(12);
    let oc = open(&app);
    assert_eq!((oc.len, oc.rows.len()), (Some(12), 12));
    assert_eq!(oc.library, LibraryState::Done);
    assert_eq!(app.tracks.title(&tid(3)), Some("Song 3"));
    assert!(!app.loading());
    // Enter on the open collection again asks for nothing.
    let mut app = app;
    update(&mut app, ch('h'));
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert_eq!(app.focus, Pane::Tracks);
    // The count shows in the collections pane.
    assert_eq!(app.collections.items[0].track_count, Some(12));
}

#[test]
fn an_empty_collection() {
    let app = opened(0);
    assert!(open(&app).is_empty());
    assert!(!app.loading());
}

#[test]
fn titles_of_a_large_collection_come_from_get_track_for_visible_rows_only() {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(100_000), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    let page: Vec<Member> = (0..200).map(member).collect();
    let cmds = update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok(page) });
    // The whole screen (10 rows) at once, nearest the cursor first; nothing ahead while they run.
    assert_eq!(cmds, (0..10).map(|n| Cmd::LoadTrack { id: tid(n) }).collect::<Vec<_>>(), "one round trip");
    let cmds = update(&mut app, Msg::TrackLoaded { id: tid(0), result: Ok(track(0)) });
    assert_eq!(cmds, vec![], "the screen below waits until fewer than 8 are in flight");
    // A failed title is not asked for again (until refresh); the id stands in.
    update(&mut app, Msg::TrackLoaded { id: tid(1), result: Err(not_found()) });
    assert!(app.tracks.failed.contains(&tid(1)));
    assert_eq!(app.tracks.label(&tid(1)), "mtrack_1");
    // End: the last page is asked for directly, by offset.
    let cmds = update(&mut app, ch('G'));
    assert_eq!(open(&app).cursor.selected, 99_999);
    assert!(cmds.contains(&Cmd::LoadMembers { id: cid(1), epoch: 1, offset: 99_800, limit: MEMBER_PAGE }), "{cmds:?}");
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::LoadMembers { offset: 200, .. })));
}

#[test]
fn answers_for_another_collection_or_epoch_are_dropped() {
    let mut app = opened(5);
    let before = open(&app).clone();
    update(&mut app, Msg::MembersLoaded { id: cid(2), epoch: 1, offset: 0, result: Ok(vec![member(9)]) });
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 99, offset: 0, result: Ok(vec![member(9)]) });
    let c = Collection { track_count: Some(77), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 99, result: Ok(c) });
    assert_eq!(open(&app), &before);
    assert_eq!(app.in_flight, 0, "dropped answers still end their request");
}

#[test]
fn moving_during_a_slow_load() {
    let mut app = with_collections(3);
    update(&mut app, key(KeyCode::Enter));
    assert!(app.loading());
    update(&mut app, ch('h'));
    update(&mut app, ch('j'));
    update(&mut app, ch('j'));
    assert_eq!(app.collections.cursor.selected, 2);
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(cmds.len(), 2);
    assert_eq!(open(&app).id, cid(3));
    // The first collection's answers arrive late and are dropped.
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok(vec![member(1)]) });
    assert!(open(&app).rows.is_empty());
}

#[test]
fn remove_in_the_collections_pane_explains() {
    let mut app = with_collections(2);
    assert!(update(&mut app, ch('d')).is_empty());
    assert!(status(&app).0.contains("works on tracks"));
}

#[test]
fn remove_on_a_row_still_loading_explains() {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(1000), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    assert!(update(&mut app, ch('d')).is_empty());
    assert!(status(&app).0.contains("still loading"));
}

#[test]
fn a_failed_page_waits_for_refresh() {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    let cmds = update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Err(server_error(500)) });
    assert!(cmds.is_empty(), "no retry storm: {cmds:?}");
    assert!(status(&app).0.contains("Press r to retry"));
    let cmds = update(&mut app, ch('r'));
    assert!(cmds.contains(&Cmd::LoadCollections { offset: 0 }));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::LoadMembers { offset: 0, epoch: 2, .. })), "{cmds:?}");
}

#[test]
fn refresh_rereads_what_is_on_screen() {
    let mut app = opened(5);
    let cmds = update(&mut app, ch('r'));
    assert_eq!(
        cmds,
        vec![
            Cmd::LoadCollections { offset: 0 },
            Cmd::LoadCollection { id: cid(1), epoch: 2 },
            Cmd::LoadMembers { id: cid(1), epoch: 2, offset: 0, limit: MEMBER_PAGE }
        ]
    );
    assert_eq!(status(&app), ("Refreshing…", Tone::Progress));
    assert_eq!(open(&app).rows.iter().flatten().count(), 5, "old rows stay on screen meanwhile");
    update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Ok(vec![collection(1)]) });
    let c = Collection { track_count: Some(5), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 2, result: Ok(c) });
    assert!(app.status.is_some(), "still refreshing while a page is out");
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 2, offset: 0, result: Ok((0..5).map(member).collect()) });
    assert_eq!(app.status, None, "the progress message goes when everything has answered");
}

#[test]
fn get_collection_404_for_the_open_one_reloads() {
    let mut app = with_collections(2);
    update(&mut app, key(KeyCode::Enter));
    let cmds = update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Err(not_found()) });
    assert_eq!(cmds, vec![Cmd::LoadCollections { offset: 0 }]);
    assert!(app.open.is_none());
}

#[test]
fn library_failure_falls_back_to_get_track() {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(2), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok(vec![member(0), member(1)]) });
    let cmds = update(&mut app, Msg::LibraryLoaded { id: cid(1), offset: 0, result: Err(server_error(503)) });
    assert_eq!(cmds, vec![Cmd::LoadTrack { id: tid(0) }, Cmd::LoadTrack { id: tid(1) }]);
}

#[test]
fn library_partial_then_get_track_for_the_rest() {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(3), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    update(
        &mut app,
        Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok(vec![member(0), member(1), member(2)]) },
    );
    let cmds = update(&mut app, Msg::LibraryLoaded { id: cid(1), offset: 0, result: Ok(vec![track(0), track(2)]) });
    assert_eq!(cmds, vec![Cmd::LoadTrack { id: tid(1) }], "only the one the library did not have");
}

#[test]
fn help_popup_opens_and_closes_without_quitting() {
    let mut app = with_collections(2);
    update(&mut app, ch('?'));
    assert!(app.help_top().is_some());
    update(&mut app, ch('j'));
    assert_eq!(app.collections.cursor.selected, 0, "keys go to the popup");
    update(&mut app, key(KeyCode::Esc));
    assert!(app.help_top().is_none() && !app.quit);
    update(&mut app, ch('?'));
    update(&mut app, ch('?'));
    assert!(app.help_top().is_none());
    update(&mut app, ch('?'));
    update(&mut app, ch('q'));
    assert!(app.help_top().is_none() && !app.quit);
    update(&mut app, ch('?'));
    update(&mut app, ctrl_c());
    assert!(app.quit);
}

#[test]
fn quitting() {
    for msg in [ch('q'), ctrl_c()] {
        let mut app = with_collections(1);
        update(&mut app, msg);
        assert!(app.quit);
    }
}

#[test]
fn unbound_keys_do_nothing() {
    let mut app = opened(3);
    let before = app.clone();
    assert!(update(&mut app, ch('z')).is_empty());
    assert!(update(&mut app, key(KeyCode::F(5))).is_empty());
    assert_eq!(app, before);
}

#[test]
fn resize_changes_the_page_size() {
    let mut app = opened(50);
    update(&mut app, Msg::Resize(Viewport { collection_rows: 5, track_rows: 20 }));
    update(&mut app, key(KeyCode::PageDown));
    assert_eq!(open(&app).cursor.selected, 20);
    update(&mut app, Msg::Resize(Viewport { collection_rows: 5, track_rows: 4 }));
    let oc = open(&app);
    assert!(oc.cursor.selected >= oc.cursor.top && oc.cursor.selected < oc.cursor.top + 4);
}

#[test]
fn cached_titles_need_no_requests() {
    let mut app = with_collections(1);
    let cached: Vec<_> = (0..5).map(|n| (tid(n), TrackMeta::from(&track(n)))).collect();
    let cmds = update(&mut app, Msg::TracksCached(cached));
    assert!(cmds.is_empty());
    assert_eq!(app.in_flight, 0, "a cache load is not a request");
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(5), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    let cmds = update(
        &mut app,
        Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok((0..5).map(member).collect()) },
    );
    assert!(cmds.is_empty(), "no library list, no get-track: {cmds:?}");
    assert_eq!(app.tracks.title(&tid(4)), Some("Song 4"));
    assert!(!app.tracks.learned, "nothing new: the cache file is not rewritten");
    assert!(opened(3).tracks.learned, "titles from the API are worth keeping");
}

#[test]
fn fast_paging_never_asks_for_the_pages_it_passed() {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(100_000), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    let mut asked = Vec::new();
    // A thousand PgDn presses (10 rows each) before any page answers: page 0 (asked on open) and page 1
    // fill the two slots; the 48 pages passed after that are never asked for.
    for _ in 0..1000 {
        for cmd in update(&mut app, key(KeyCode::PageDown)) {
            if let Cmd::LoadMembers { offset, .. } = cmd {
                asked.push(offset);
            }
        }
    }
    assert_eq!(asked, vec![200], "{asked:?}");
    let at = open(&app).cursor.selected;
    assert_eq!(at, 10_000);
    // Page 0 answers: the next request is for where the cursor is now, not for the pages in between.
    let cmds = update(
        &mut app,
        Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok((0..200).map(member).collect()) },
    );
    let offsets: Vec<u64> = cmds
        .iter()
        .filter_map(|c| if let Cmd::LoadMembers { offset, .. } = c { Some(*offset) } else { None })
        .collect();
    assert_eq!(offsets, vec![10_000]);
}

/// A 100,000-member collection opened with its first member page loaded (screen: 10 rows).
fn large_opened() -> App {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(100_000), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    update(
        &mut app,
        Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok((0..200).map(member).collect()) },
    );
    app
}

fn title_requests(cmds: &[Cmd]) -> Vec<usize> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::LoadTrack { id } => id.as_str().strip_prefix("mtrack_").and_then(|n| n.parse().ok()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_screen_below_comes_at_a_slower_pace_and_known_titles_are_never_asked_again() {
    let mut app = large_opened();
    let mut ahead = Vec::new();
    for n in 0..10 {
        ahead.extend(title_requests(&update(&mut app, Msg::TrackLoaded { id: tid(n), result: Ok(track(n)) })));
    }
    // Once the screen's are in, the next screen goes out at most 8 at a time.
    assert_eq!(ahead, (10..18).collect::<Vec<_>>());
    assert!(app.tracks.requested.len() <= AHEAD_TITLE_REQUESTS);
    // Moving within known rows asks for nothing already known.
    let cmds = update(&mut app, ch('j'));
    assert!(title_requests(&cmds).iter().all(|n| *n >= 18), "{cmds:?}");
}

#[test]
fn titles_nearest_the_cursor_go_first() {
    let mut app = large_opened();
    for n in 0..10 {
        update(&mut app, Msg::TrackLoaded { id: tid(n), result: Ok(track(n)) });
    }
    // Jump a page down (rows 10..20 on screen, cursor at the bottom of it).
    let cmds = update(&mut app, key(KeyCode::PageDown));
    let sel = open(&app).cursor.selected;
    let asked = title_requests(&cmds);
    let mut by_distance = asked.clone();
    by_distance.sort_by_key(|n| n.abs_diff(sel));
    assert_eq!(asked, by_distance, "cursor at {sel}: {asked:?}");
}

#[test]
fn rows_scrolled_out_of_reach_call_their_titles_off() {
    let mut app = large_opened();
    assert_eq!(app.tracks.requested.len(), 10);
    let before = app.in_flight;
    // The end of the collection: rows 0..10 are far out of reach.
    let cmds = update(&mut app, ch('G'));
    let forgotten = cmds.iter().find_map(|c| match c {
        Cmd::ForgetTracks(ids) => Some(ids.clone()),
        _ => None,
    });
    let mut forgotten = forgotten.expect("the old screen's requests are called off");
    forgotten.sort();
    let mut want: Vec<_> = (0..10).map(tid).collect();
    want.sort();
    assert_eq!(forgotten, want);
    // The runtime answers for the ones it stopped: they end their requests and free their slots.
    let in_flight = app.in_flight;
    update(&mut app, Msg::TracksForgotten(forgotten));
    assert_eq!(app.in_flight, in_flight - 10);
    assert!(app.tracks.requested.iter().all(|t| !want.contains(t)));
    assert!(before > 0);
}

#[test]
fn a_low_rate_limit_budget_holds_titles_back_for_the_writes() {
    use freddy_api::RateBudget;
    use std::time::Duration;
    let mut app = with_collections(1);
    // 100 a minute, 15 left: under the reserve of 20, browsing asks for nothing.
    update(&mut app, Msg::Budget(RateBudget { limit: 100, remaining: 15, reset_in: Duration::from_secs(40) }));
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(100_000), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    let cmds = update(
        &mut app,
        Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok((0..200).map(member).collect()) },
    );
    assert_eq!(title_requests(&cmds), Vec::<usize>::new());
    // The rows show ids: the status says why, and when titles come back (and `L` keeps it).
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Warning);
    assert!(text.contains("Titles paused by the server's rate limit") && text.contains("resume in 40 s"), "{text}");
    assert!(app.messages.iter().any(|(_, m)| m.contains("Titles paused")));
    // 26 left: six may be spent, the nearest rows first, and nothing ahead.
    let cmds =
        update(&mut app, Msg::Budget(RateBudget { limit: 100, remaining: 26, reset_in: Duration::from_secs(30) }));
    assert_eq!(title_requests(&cmds), (0..6).collect::<Vec<_>>());
    // The window refills: the rest of the screen goes out.
    let cmds = update(&mut app, Msg::Budget(RateBudget { limit: 100, remaining: 100, reset_in: Duration::ZERO }));
    assert_eq!(title_requests(&cmds), (6..10).collect::<Vec<_>>());
    assert!(app.status.is_none(), "the pause is taken back when titles go on: {:?}", app.status);
}

#[test]
fn an_info_message_expires_after_a_few_seconds_and_an_error_stays() {
    let mut app = with_collections(3);
    app.say(Tone::Info, "Done");
    for _ in 0..INFO_SECONDS - 1 {
        update(&mut app, Msg::Tick);
    }
    assert!(app.status.is_some());
    update(&mut app, Msg::Tick);
    assert!(app.status.is_none());
    app.say(Tone::Error, "Broken");
    for _ in 0..INFO_SECONDS * 10 {
        update(&mut app, Msg::Tick);
    }
    assert_eq!(status(&app), ("Broken", Tone::Error));
}

#[test]
fn l_shows_the_recent_messages_and_any_key_closes_them() {
    let mut app = with_collections(3);
    app.say(Tone::Error, "First trouble");
    app.say(Tone::Info, "Then fine");
    update(&mut app, ch('L'));
    assert!(app.showing_messages());
    assert_eq!(app.messages.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(), ["First trouble", "Then fine"]);
    // The key that closes the log does nothing else.
    update(&mut app, ch('j'));
    assert!(!app.showing_messages());
    assert_eq!(app.collections.cursor.selected, 0);
}

#[test]
fn a_failed_collections_load_is_said_in_the_pane_until_a_load_succeeds() {
    let mut app = App::new(header(), "test00");
    start(&mut app);
    update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Err(unauthorized()) });
    assert!(app.collections.error.as_deref().unwrap().contains("API key rejected"));
    update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Ok(vec![collection(1)]) });
    assert!(app.collections.error.is_none());
}

#[test]
fn a_page_or_title_that_failed_for_a_passing_reason_is_tried_again_by_itself_with_backoff() {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Err(server_error(503)) });
    // 2 seconds, then the page goes again (no r needed).
    assert!(update(&mut app, Msg::Tick).is_empty());
    let cmds = update(&mut app, Msg::Tick);
    assert!(cmds.iter().any(|c| matches!(c, Cmd::LoadMembers { offset: 0, .. })), "{cmds:?}");
    // Failing again waits twice as long.
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Err(server_error(503)) });
    for _ in 0..3 {
        assert!(!update(&mut app, Msg::Tick).iter().any(|c| matches!(c, Cmd::LoadMembers { .. })));
    }
    assert!(update(&mut app, Msg::Tick).iter().any(|c| matches!(c, Cmd::LoadMembers { .. })));

    // A large collection's titles (get-track): a 503 is tried again, a missing track is not.
    let mut app = opened(1000);
    let asked: Vec<freddy_api::TrackId> = app.tracks.requested.iter().cloned().collect();
    assert!(asked.len() >= 2, "{asked:?}");
    update(&mut app, Msg::TrackLoaded { id: asked[0].clone(), result: Err(server_error(503)) });
    update(&mut app, Msg::TrackLoaded { id: asked[1].clone(), result: Err(not_found()) });
    let mut again = Vec::new();
    for _ in 0..3 {
        again.extend(update(&mut app, Msg::Tick));
    }
    assert!(again.contains(&Cmd::LoadTrack { id: asked[0].clone() }), "{again:?}");
    assert!(!again.contains(&Cmd::LoadTrack { id: asked[1].clone() }));
}

#[test]
fn a_click_selects_and_focuses_a_second_click_opens_and_the_wheel_scrolls() {
    let mut app = with_collections(30);
    let cmds = update(&mut app, Msg::Click { pane: Pane::Collections, line: Some(3), double: false });
    assert!(cmds.is_empty());
    assert_eq!(app.collections.cursor.selected, 3);
    // A click on the row already selected opens it, as does a double click.
    let cmds = update(&mut app, Msg::Click { pane: Pane::Collections, line: Some(3), double: false });
    assert!(cmds.contains(&Cmd::LoadCollection { id: cid(4), epoch: 1 }), "{cmds:?}");
    assert_eq!(app.focus, Pane::Tracks);
    let cmds = update(&mut app, Msg::Click { pane: Pane::Collections, line: Some(5), double: true });
    assert!(cmds.iter().any(|c| matches!(c, Cmd::LoadCollection { id, .. } if *id == cid(6))), "{cmds:?}");
    // A click below the last row selects nothing; the wheel moves three rows.
    update(&mut app, Msg::Click { pane: Pane::Collections, line: Some(40), double: false });
    assert_eq!(app.collections.cursor.selected, 5);
    update(&mut app, Msg::Scroll { pane: Pane::Collections, down: true });
    assert_eq!(app.collections.cursor.selected, 8);
    // With `[ui] mouse = false`, nothing.
    app.prefs.mouse = false;
    update(&mut app, Msg::Click { pane: Pane::Collections, line: Some(0), double: false });
    assert_eq!(app.collections.cursor.selected, 8);
}

#[test]
fn mark_and_move_in_an_empty_collection_say_it_is_empty() {
    let mut app = with_collections(1);
    update(&mut app, key(KeyCode::Enter));
    let c = Collection { track_count: Some(0), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok(Vec::new()) });
    for (k, verb) in [(' ', "mark"), ('J', "move"), ('d', "remove")] {
        update(&mut app, ch(k));
        let text = status(&app).0;
        assert!(text.contains("is empty") && text.contains(verb) && !text.contains("loading"), "{k}: {text}");
    }
}

#[test]
fn the_collections_pane_stops_at_the_cap_and_says_so() {
    let mut app = with_collections(0);
    let cap = freddy_api::pages::MAX_COLLECTIONS;
    let mut offset = 0;
    let mut asked = true;
    while asked {
        let page: Vec<Collection> = (offset..offset + 100).map(collection).collect();
        let cmds = update(&mut app, Msg::CollectionsLoaded { offset: offset as u64, result: Ok(page) });
        asked = cmds.iter().any(|c| matches!(c, Cmd::LoadCollections { .. }));
        offset += 100;
        assert!(offset <= cap + 100, "still asking for more at {offset}");
    }
    assert_eq!(app.collections.items.len(), cap);
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Warning);
    assert!(text.contains("first 10000 collections"), "{text}");
}

#[test]
fn the_collections_pane_reads_the_counts_of_the_rows_on_screen() {
    let mut app = App::new(header(), "test00");
    update(&mut app, Msg::Resize(Viewport { collection_rows: 3, track_rows: 10 }));
    start(&mut app);
    let cmds = update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Ok((1..=5).map(collection).collect()) });
    assert_eq!(cmds, (1..=3).map(|i| Cmd::LoadCount { id: cid(i) }).collect::<Vec<_>>(), "the three on screen");
    let c = Collection { track_count: Some(42), ..collection(2) };
    assert!(update(&mut app, Msg::CountLoaded { id: cid(2), result: Ok(c) }).is_empty());
    assert_eq!(app.collections.items[1].track_count, Some(42));
    // A failed count is not said (a status error for each would drown the screen) and not asked again
    // until the list is read again.
    assert!(update(&mut app, Msg::CountLoaded { id: cid(1), result: Err(server_error(503)) }).is_empty());
    assert!(app.status.is_none());
    // Scrolling down brings rows 4 and 5 on screen: their counts are asked.
    let cmds: Vec<Cmd> =
        ["j", "j", "j", "j"].iter().flat_map(|k| update(&mut app, ch(k.chars().next().unwrap()))).collect();
    assert!(cmds.contains(&Cmd::LoadCount { id: cid(4) }) && cmds.contains(&Cmd::LoadCount { id: cid(5) }), "{cmds:?}");
}
