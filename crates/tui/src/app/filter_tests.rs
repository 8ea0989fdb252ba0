//! The filter driven through `update`: typing narrows, the cursor moves over matches, Enter keeps,
//! Esc clears (after a range, before marks), and remove, mark and invert act on the matching rows.

use crossterm::event::KeyCode;

use super::fixtures::*;
use super::msg::{Cmd, Msg};
use super::state::*;
use super::update;

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, ch(c));
    }
}

fn selected_track(app: &App) -> freddy_api::TrackId {
    open(app).selected().unwrap().track_id.clone()
}

fn hits(app: &App) -> Vec<usize> {
    app.filter.as_ref().unwrap().hits.clone()
}

#[test]
fn typing_narrows_the_tracks_and_selects_the_first_match() {
    let mut app = opened(40);
    update(&mut app, ch('/'));
    assert!(app.filter.as_ref().unwrap().editing);
    typed(&mut app, "so12");
    assert_eq!(hits(&app), vec![12]);
    assert_eq!(selected_track(&app), tid(12));
    // Backspace widens again; case does not matter.
    update(&mut app, key(KeyCode::Backspace));
    update(&mut app, key(KeyCode::Backspace));
    typed(&mut app, "G 3");
    assert_eq!(hits(&app), vec![3, 13, 23, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
}

#[test]
fn the_cursor_moves_over_matches_and_enter_keeps_the_filter() {
    let mut app = opened(40);
    typed(&mut app, "/3");
    assert_eq!(selected_track(&app), tid(3));
    // While typing, ↓ moves; letters are typed.
    update(&mut app, key(KeyCode::Down));
    assert_eq!(selected_track(&app), tid(13));
    update(&mut app, key(KeyCode::Enter));
    assert!(!app.filter.as_ref().unwrap().editing);
    // Now j is a movement key again, over the matches only.
    update(&mut app, ch('j'));
    assert_eq!(selected_track(&app), tid(23));
    update(&mut app, ch('G'));
    assert_eq!(selected_track(&app), tid(39));
    // Esc clears the filter; the cursor stays on its track.
    update(&mut app, key(KeyCode::Esc));
    assert!(app.filter.is_none());
    assert_eq!(selected_track(&app), tid(39));
    update(&mut app, ch('k'));
    assert_eq!(selected_track(&app), tid(38));
}

#[test]
fn removing_a_filtered_row_removes_that_track_and_selects_the_next_match() {
    let mut app = opened(40);
    typed(&mut app, "/3");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('j'));
    assert_eq!(selected_track(&app), tid(13));
    let cmds = update(&mut app, ch('d'));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Remove { track, .. } if *track == tid(13))), "{cmds:?}");
    // Row 13 left the list: the matches are recomputed and the cursor is on the next one.
    assert_eq!(selected_track(&app), tid(23));
    assert!(!hits(&app).iter().any(|&i| open(&app).member(i).unwrap().track_id == tid(13)));
}

#[test]
fn marks_and_invert_cover_only_the_matching_rows() {
    let mut app = opened(40);
    typed(&mut app, "/3");
    update(&mut app, key(KeyCode::Enter));
    // Space marks and moves to the next match.
    update(&mut app, ch(' '));
    assert_eq!(selected_track(&app), tid(13));
    update(&mut app, ch('*'));
    let marks = app.marks.sets.get(&cid(1)).unwrap();
    assert_eq!(marks.len(), 12, "13 matches, one was marked: inverting leaves 12");
    assert!(!marks.contains(&tid(3)) && marks.contains(&tid(13)) && !marks.contains(&tid(4)));
    // A range over matches marks only the matches inside it.
    update(&mut app, key(KeyCode::Esc)); // clears the filter (before the marks)
    assert!(app.filter.is_none() && app.marks.sets.get(&cid(1)).is_some_and(|m| m.len() == 12));
    update(&mut app, key(KeyCode::Esc)); // then the marks
    assert!(app.open_marks().is_none());
    typed(&mut app, "/3");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('V'));
    update(&mut app, ch('j'));
    update(&mut app, ch('j'));
    update(&mut app, ch('V'));
    let marks = app.marks.sets.get(&cid(1)).unwrap();
    assert_eq!(marks.len(), 3, "rows 3, 13 and 23, not the 21 rows between: {marks:?}");
}

#[test]
fn esc_cancels_a_range_before_the_filter() {
    let mut app = opened(40);
    typed(&mut app, "/3");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('V'));
    update(&mut app, key(KeyCode::Esc));
    assert!(app.marks.range.is_none() && app.filter.is_some());
    update(&mut app, key(KeyCode::Esc));
    assert!(app.filter.is_none());
}

#[test]
fn the_collections_filter_and_open() {
    let mut app = with_collections(30);
    typed(&mut app, "/n 2");
    // "Collection 2", "Collection 12", "Collection 20".."29": in list order.
    let h = hits(&app);
    assert_eq!(h[0], 1);
    assert!(h.iter().all(|&i| app.collections.items[i].collection.name.contains('2')));
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('j'));
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert!(cmds.contains(&Cmd::LoadCollection { id: cid(12), epoch: 1 }), "{cmds:?}");
}

#[test]
fn a_tracks_filter_ends_when_another_collection_opens() {
    let mut app = opened(40);
    typed(&mut app, "/3");
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('h'));
    update(&mut app, ch('j'));
    update(&mut app, key(KeyCode::Enter));
    assert!(app.filter.is_none());
}

#[test]
fn q_is_typed_while_filtering_and_an_empty_enter_clears() {
    let mut app = opened(40);
    typed(&mut app, "/q");
    assert!(!app.quit);
    assert_eq!(app.filter.as_ref().unwrap().query, "q");
    assert!(hits(&app).is_empty());
    update(&mut app, key(KeyCode::Backspace));
    update(&mut app, key(KeyCode::Enter));
    assert!(app.filter.is_none());
}

#[test]
fn a_filter_over_part_of_a_large_collection_says_so_and_ctrl_a_loads_the_rest() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let mut app = opened(1000);
    typed(&mut app, "/song 9");
    // Rows whose titles are not known yet cannot match (an id would match by accident): none is.
    assert_eq!(app.filter.as_ref().unwrap().unloaded, 1000, "no title is known yet");
    update(&mut app, Msg::TracksCached((0..200).map(|i| (tid(i), TrackMeta::from(&track(i)))).collect()));
    let f = app.filter.as_ref().unwrap();
    assert_eq!(f.unloaded, 800, "only the first page of 200 is titled");
    let before = f.hits.len();
    let cmds = update(&mut app, Msg::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL)));
    assert_eq!(cmds, vec![Cmd::LoadOrder { collection: cid(1) }]);
    assert_eq!(app.filter.as_ref().unwrap().query, "song 9", "Ctrl-a is not typed");
    let read = super::state::OrderRead {
        updated_at: "2026-07-01T00:00:00Z".into(),
        members: (0..1000).map(member).collect(),
        tracks: (0..1000).map(track).collect(),
    };
    update(&mut app, Msg::OrderLoaded { collection: cid(1), result: Ok(read) });
    let f = app.filter.as_ref().unwrap();
    assert_eq!(f.unloaded, 0);
    assert!(f.hits.len() > before, "{} -> {}", before, f.hits.len());
    assert!(f.hits.iter().any(|&i| open(&app).member(i).unwrap().track_id == tid(999)));
}

#[test]
fn ctrl_a_says_how_far_its_read_has_come() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let mut app = opened(1000);
    let cmds = update(&mut app, Msg::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL)));
    assert_eq!(cmds, vec![Cmd::LoadOrder { collection: cid(1) }]);
    update(&mut app, Msg::OrderProgress { collection: cid(1), rows: 500, total: 1000, titles: 0 });
    assert!(status(&app).0.contains("500 of 1,000 rows, 0 titles"), "{}", status(&app).0);
    update(&mut app, Msg::OrderProgress { collection: cid(1), rows: 1000, total: 1000, titles: 300 });
    assert!(status(&app).0.contains("1,000 of 1,000 rows, 300 titles"), "{}", status(&app).0);
    // A sort's read (no Ctrl-a under way) says nothing of this kind.
    let mut other = opened(1000);
    update(&mut other, Msg::OrderProgress { collection: cid(1), rows: 500, total: 1000, titles: 0 });
    assert!(!other.status.as_ref().is_some_and(|s| s.text.contains("rows,")));
}

/// A removal made with a filter on, then undone: the filter covers the restored rows (it said
/// "0 of 1,000" and "No track matches" until r).
#[test]
fn undoing_a_filtered_removal_keeps_the_filter_right() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    use freddy_api::restore::{Placed, Report};
    let mut app = opened(1000);
    update(&mut app, Msg::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL)));
    let read = super::state::OrderRead {
        updated_at: "2026-07-01T00:00:00Z".into(),
        members: (0..1000).map(member).collect(),
        tracks: (0..1000).map(track).collect(),
    };
    update(&mut app, Msg::OrderLoaded { collection: cid(1), result: Ok(read) });
    typed(&mut app, "/song 99");
    update(&mut app, key(KeyCode::Enter));
    let matching = hits(&app).len();
    assert!(matching >= 10, "{matching}");
    update(&mut app, ch('*'));
    let mut cmds = update(&mut app, ch('d'));
    if app.confirm().is_some() {
        cmds = update(&mut app, ch('y'));
    }
    // The removals go out a few at a time: each answer lets the next out.
    let removals_in = |cmds: &[Cmd]| -> Vec<(String, freddy_api::TrackId)> {
        cmds.iter()
            .filter_map(|c| match c {
                Cmd::Remove { batch, track, .. } => Some((batch.clone(), track.clone())),
                _ => None,
            })
            .collect()
    };
    let ack = freddy_api::model::Ack { success: true, id: String::new(), detail: String::new() };
    let mut pending = removals_in(&cmds);
    let mut answered = 0;
    while let Some((batch, track)) = pending.pop() {
        let more = update(&mut app, Msg::Removed { batch, collection: cid(1), track, result: Ok(ack.clone()) });
        pending.extend(removals_in(&more));
        answered += 1;
    }
    assert_eq!(answered, matching);
    let cmds = update(&mut app, ch('u'));
    let (batch, tracks) = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Restore { batch, tracks, .. } => Some((batch.clone(), tracks.clone())),
            _ => None,
        })
        .expect("u restores");
    let report = Report {
        tracks: tracks.iter().map(|w| (w.track.clone(), Placed::At(w.index))).collect(),
        absent: Vec::new(),
        readded: Some(tracks.len()),
        reorders: 1,
        moved: true,
        verified: true,
    };
    let cmds = update(&mut app, Msg::Restored { batch, collection: cid(1), result: Ok(report) });
    // The restored rows are back on screen at once, and the filter covers them.
    assert_eq!(hits(&app).len(), matching, "the filter covers the restored rows at once");
    assert_eq!(open(&app).row_count(), 1000);
    // The re-read of the open collection: its count, then its pages as the app asks for them.
    let epoch = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::LoadCollection { epoch, .. } => Some(*epoch),
            _ => None,
        })
        .expect("the collection is read again");
    let c = freddy_api::model::Collection { track_count: Some(1000), ..collection(1) };
    let mut asks = update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch, result: Ok(c) });
    for _ in 0..10 {
        let pages: Vec<(u64, u32)> = asks
            .iter()
            .filter_map(|c| match c {
                Cmd::LoadMembers { offset, limit, .. } => Some((*offset, *limit)),
                _ => None,
            })
            .collect();
        if pages.is_empty() {
            break;
        }
        asks = Vec::new();
        for (offset, limit) in pages {
            let items = (offset as usize..(offset as usize + limit as usize).min(1000)).map(member).collect();
            asks.extend(update(&mut app, Msg::MembersLoaded { id: cid(1), epoch, offset, result: Ok(items) }));
        }
    }
    let f = app.filter.as_ref().unwrap();
    let shown = format!("{} of {} (unloaded {})", f.hits.len(), open(&app).row_count(), f.unloaded);
    assert!(f.hits.len() == matching || f.unloaded > 0, "the filter lost the restored rows: {shown}");
    assert!(!f.hits.is_empty() || f.unloaded > 0, "{shown}");
}

#[test]
fn a_kept_filter_counts_as_the_pane_title_does() {
    let mut app = opened(1000);
    update(&mut app, Msg::TracksCached((0..200).map(|i| (tid(i), TrackMeta::from(&track(i)))).collect()));
    typed(&mut app, "/song 9");
    update(&mut app, key(KeyCode::Enter));
    let text = status(&app).0.to_string();
    assert!(text.starts_with("Filter kept: ") && text.contains(" of 200 loaded"), "{text}");
}

/// A kept filter that matches nothing hides every row: Delete, Space and J act on none of them (the row the
/// cursor was on is hidden; it was removed, marked or moved unseen).
#[test]
fn a_filter_matching_nothing_leaves_no_row_for_a_key_to_act_on() {
    let mut app = opened(40);
    app.prefs.confirm_remove = freddy_ops::config::ConfirmRemove::Never;
    for _ in 0..17 {
        update(&mut app, ch('j'));
    }
    update(&mut app, ch('/'));
    typed(&mut app, "zzq");
    update(&mut app, key(KeyCode::Enter));
    assert!(hits(&app).is_empty());
    let cmds = update(&mut app, key(KeyCode::Delete));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Remove { .. } | Cmd::Journal(_))), "{cmds:?}");
    assert_eq!(status(&app).0, "No track matches the filter: there is nothing to remove");
    update(&mut app, ch(' '));
    assert!(app.open_marks().is_none(), "nothing marked");
    let cmds = update(&mut app, ch('J'));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(status(&app).0, "No track matches the filter: there is nothing to move");
    assert!(!matches!(app.status.as_ref().map(|s| s.tone), Some(Tone::Error)));
}
