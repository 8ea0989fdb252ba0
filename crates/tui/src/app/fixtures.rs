//! Test fixtures shared by the `app` and `ui` tests: ids, API objects and apps in known states.
#![allow(clippy::unwrap_used)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::msg::{Cmd, Msg};
use super::state::Viewport;
use super::state::*;
use super::{start, update};
use freddy_api::model::{Collection, Member, Track};
use freddy_api::{ApiDetail, ApiError, CollectionId, TrackId};

pub(crate) fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub(crate) fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

pub(crate) fn ctrl_c() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
}

pub(crate) fn cid(n: usize) -> CollectionId {
    CollectionId::parse(format!("mcoll_{n}")).unwrap()
}

pub(crate) fn tid(n: usize) -> TrackId {
    TrackId::parse(format!("mtrack_{n}")).unwrap()
}

pub(crate) fn collection(n: usize) -> Collection {
    Collection {
        id: cid(n),
        name: format!("Collection {n}"),
        description: None,
        cover_track_id: None,
        cover_image_url: None,
        track_count: None,
        created_at: "2026-06-28T10:30:00Z".into(),
        updated_at: "2026-06-28T10:30:00Z".into(),
    }
}

pub(crate) fn member(n: usize) -> Member {
    Member { track_id: tid(n), position: n as u64, added_at: "2026-06-28T10:35:00Z".into() }
}

pub(crate) fn track(n: usize) -> Track {
    Track {
        id: tid(n),
        title: Some(format!("Song {n}")),
        engine: "studio".into(),
        mode: "creation".into(),
        measured_duration_seconds: Some(180.0),
        instrumental: false,
        licence_class: "unclear".into(),
        created_at: "2026-06-28T10:30:00Z".into(),
        playback_url: None,
        stem_urls: None,
    }
}

pub(crate) fn server_error(status: u16) -> ApiError {
    ApiError::Server { status, detail: ApiDetail { message: "boom".into(), ..ApiDetail::default() } }
}

pub(crate) fn not_found() -> ApiError {
    ApiError::NotFound(ApiDetail { code: "RESOURCE_NOT_FOUND".into(), ..ApiDetail::default() })
}

pub(crate) fn unauthorized() -> ApiError {
    ApiError::Unauthorized(ApiDetail { message: "Authentication required.".into(), ..ApiDetail::default() })
}

pub(crate) fn header() -> Header {
    Header { organization: "org_demo".into(), host: "127.0.0.1:8787".into(), demo: true }
}

/// An app showing `n` collections, 10 track rows high.
pub(crate) fn with_collections(n: usize) -> App {
    let mut app = App::new(header(), "test00");
    update(&mut app, Msg::Resize(Viewport { collection_rows: 10, track_rows: 10 }));
    assert_eq!(start(&mut app), vec![Cmd::LoadCollections { offset: 0 }]);
    let mut cmds =
        update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Ok((1..=n).map(collection).collect()) });
    // The pane asks for the counts of the rows on screen; answered here with none (as the list has none),
    // so each test starts from a quiet app.
    loop {
        let asked: Vec<CollectionId> = cmds
            .iter()
            .map(|c| match c {
                Cmd::LoadCount { id } => id.clone(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        if asked.is_empty() {
            break;
        }
        cmds = Vec::new();
        for id in asked {
            let c = Collection { id: id.clone(), ..collection(0) };
            cmds.extend(update(&mut app, Msg::CountLoaded { id, result: Ok(c) }));
        }
    }
    app
}

/// Opens collection 1 holding `len` members and answers what the app asks for: count, the first member
/// page and (small collections) the library.
pub(crate) fn opened(len: usize) -> App {
    let mut app = with_collections(3);
    let cmds = update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        cmds,
        vec![
            Cmd::LoadCollection { id: cid(1), epoch: 1 },
            Cmd::LoadMembers { id: cid(1), epoch: 1, offset: 0, limit: MEMBER_PAGE }
        ]
    );
    assert_eq!(app.focus, Pane::Tracks);
    let c = Collection { track_count: Some(len as u64), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    let first: Vec<Member> = (0..len.min(MEMBER_PAGE as usize)).map(member).collect();
    let cmds = update(&mut app, Msg::MembersLoaded { id: cid(1), epoch: 1, offset: 0, result: Ok(first) });
    if len > 0 && len <= LIBRARY_THRESHOLD {
        assert_eq!(cmds, vec![Cmd::LoadLibrary { id: cid(1), offset: 0 }]);
        let tracks: Vec<Track> = (0..len.min(LIBRARY_PAGE as usize)).map(track).collect();
        update(&mut app, Msg::LibraryLoaded { id: cid(1), offset: 0, result: Ok(tracks) });
    }
    app
}

pub(crate) fn open(app: &App) -> &OpenCollection {
    app.open.as_ref().unwrap()
}

pub(crate) fn open_mut(app: &mut App) -> &mut OpenCollection {
    app.open.as_mut().unwrap()
}

pub(crate) fn status(app: &App) -> (&str, Tone) {
    let s = app.status.as_ref().unwrap();
    (s.text.as_str(), s.tone)
}
