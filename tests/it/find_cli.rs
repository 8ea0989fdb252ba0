//! `find` and `tracks where` against the reference server: answered from the local mirror, which a
//! second run brings up to date with one list page when nothing changed, and which `--offline` reads
//! with no request.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

use crate::common::*;
use freddy_music::server::FaultOptions;

fn cli(home: &std::path::Path, url: &str, args: &[&str]) -> Output {
    run(home, args, &[("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", url), ("FREDDY_ORGANIZATION_ID", "org_demo")])
}

fn doc(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn find_reads_every_collection_once_then_only_what_changed() {
    let s = demo_server_with(300, FaultOptions { record: true, ..FaultOptions::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let focus = s.order(FOCUS).await;
    let title = api.get_track(&focus[2]).await.unwrap().title.unwrap();

    let found = doc(&cli(home.path(), &s.url(), &["find", &title, "--json"]));
    let items = found["items"].as_array().unwrap();
    let hit = items.iter().find(|i| i["track_id"] == focus[2].as_str()).expect("the track is found");
    assert_eq!((hit["collection_name"].as_str(), hit["position"].as_u64()), (Some("Focus Sessions"), Some(3)));

    // Nothing changed: one list page and nothing else.
    let before = s.server.request_log().len();
    doc(&cli(home.path(), &s.url(), &["find", &title, "--json"]));
    let log: Vec<String> = s.server.request_log().into_iter().skip(before).map(|r| r.path).collect();
    assert_eq!(log, vec!["/v1/music/org_demo/collections".to_string()], "{log:?}");

    // A collection changed elsewhere is read again (a second later: the server's clock moves on).
    s.clock().advance(std::time::Duration::from_secs(2));
    api.remove_member(&cid(FOCUS), &focus[2]).await.unwrap();
    let before = s.server.request_log().len();
    let found = doc(&cli(home.path(), &s.url(), &["find", &title, "--json"]));
    assert!(
        !found["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["collection_id"] == FOCUS && i["track_id"] == focus[2].as_str())
    );
    let read: Vec<String> = s.server.request_log().into_iter().skip(before).map(|r| r.path).collect();
    assert!(read.iter().any(|p| p.contains(FOCUS)), "Focus Sessions was read again: {read:?}");
    assert!(!read.iter().any(|p| p.contains(ARCHIVE)), "the unchanged Archive was not: {read:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn tracks_where_names_every_collection_holding_a_track_and_offline_asks_nothing() {
    let s = demo_server_with(200, FaultOptions { record: true, ..FaultOptions::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let track = s.order(FOCUS).await[0].clone();
    api.add_member(&cid(EMPTY_CRATE), &track).await.unwrap();
    let held = doc(&cli(home.path(), &s.url(), &["tracks", "where", track.as_str(), "--json"]));
    let names: Vec<&str> =
        held["items"].as_array().unwrap().iter().map(|i| i["collection_name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Focus Sessions") && names.contains(&"Empty Crate"), "{names:?}");

    let before = s.server.request_log().len();
    let out = cli(home.path(), &s.url(), &["tracks", "where", track.as_str(), "--offline"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(s.server.request_log().len(), before, "--offline sends nothing");
    assert!(String::from_utf8_lossy(&out.stderr).contains("From the mirror as synced at"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Empty Crate"));

    // No mirror yet: --offline says how to make one.
    let fresh = tempfile::tempdir().unwrap();
    let out = cli(fresh.path(), &s.url(), &["find", "x", "--offline"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no mirror yet"));
}

#[tokio::test(flavor = "multi_thread")]
async fn tracks_list_offline_reads_the_mirror_by_name_with_no_request() {
    let s = demo_server_with(200, FaultOptions { record: true, ..FaultOptions::default() }).await;
    let home = tempfile::tempdir().unwrap();
    doc(&cli(home.path(), &s.url(), &["find", "x", "--json"]));
    let online = cli(home.path(), &s.url(), &["tracks", "list", "Focus Sessions"]);
    let before = s.server.request_log().len();
    let offline = cli(home.path(), &s.url(), &["tracks", "list", "Focus Sessions", "--offline"]);
    assert!(offline.status.success(), "{}", String::from_utf8_lossy(&offline.stderr));
    assert_eq!(s.server.request_log().len(), before, "--offline sends nothing");
    assert_eq!(offline.stdout, online.stdout, "the same rows as the server's");
    assert!(String::from_utf8_lossy(&offline.stderr).contains("From the mirror as read at"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_query_is_refused_and_an_incomplete_mirror_is_said_so_offline() {
    let s = demo_server_with(200, FaultOptions::default()).await;
    let home = tempfile::tempdir().unwrap();
    let out = cli(home.path(), &s.url(), &["find", "  "]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give some text to find"));
    doc(&cli(home.path(), &s.url(), &["find", "x", "--json"]));
    // A collection's file lost (as when a sync is stopped half way): --offline says the mirror is incomplete.
    let mirror =
        std::fs::read_dir(home.path().join("cache/freddy-music/mirror")).unwrap().next().unwrap().unwrap().path();
    std::fs::remove_file(mirror.join(format!("{ARCHIVE}.json"))).unwrap();
    let out = cli(home.path(), &s.url(), &["find", "Echo", "--offline"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the mirror is incomplete"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
