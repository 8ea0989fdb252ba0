//! Collections themselves from the shell: `collections create | rename | delete` against the reference
//! server, each journaled and listed by `history`, and each taken back by `restore` (a deleted collection
//! comes back with a new id, its name, description and the same order).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use crate::common::*;
use freddy_music::api::{CollectionId, TrackId};

fn cli(home: &Path, url: &str, args: &[&str]) -> Output {
    let env = [("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", url), ("FREDDY_ORGANIZATION_ID", "org_demo")];
    run(home, args, &env)
}

fn ok_json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_rename_and_restore_take_each_other_back() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);

    let made = ok_json(&cli(
        home.path(),
        &s.url(),
        &["collections", "create", "Road Trip", "--description", "long drives", "--json"],
    ));
    let id = cid(made["collection"]["id"].as_str().unwrap());
    let create_batch = made["batch_id"].as_str().unwrap().to_string();
    let c = api.get_collection(&id).await.unwrap();
    assert_eq!((c.name.as_str(), c.description.as_deref(), c.track_count), ("Road Trip", Some("long drives"), Some(0)));

    let renamed =
        ok_json(&cli(home.path(), &s.url(), &["collections", "rename", id.as_str(), "Night Drive", "--json"]));
    let rename_batch = renamed["batch_id"].as_str().unwrap().to_string();
    assert_eq!(api.get_collection(&id).await.unwrap().name, "Night Drive");
    assert_eq!(api.get_collection(&id).await.unwrap().description.as_deref(), Some("long drives"));

    let history = cli(home.path(), &s.url(), &["history"]);
    let listed = String::from_utf8_lossy(&history.stdout);
    assert!(listed.contains("\trename\t") && listed.contains("Road Trip → Night Drive"), "{listed}");
    assert!(listed.contains("\tcreate\t"), "{listed}");

    // restore --last takes the rename back; the create's restore deletes the (still empty) collection.
    let out = cli(home.path(), &s.url(), &["restore", "--last"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Renamed “Night Drive” (")
            && String::from_utf8_lossy(&out.stderr).contains("back to “Road Trip”")
    );
    assert_eq!(api.get_collection(&id).await.unwrap().name, "Road Trip");
    // Twice is a no-op.
    let again = cli(home.path(), &s.url(), &["restore", &rename_batch]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already taken back"));

    let out = cli(home.path(), &s.url(), &["restore", &create_batch]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(matches!(api.get_collection(&id).await, Err(freddy_music::api::ApiError::NotFound(_))));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_collection_is_recreated_in_the_same_order() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let focus = cid(FOCUS);
    // A custom order first, so "the same order" is not just the seed's.
    let mut before = order(&api, &focus).await;
    before.reverse();
    api.reorder(&focus, &before).await.unwrap();
    let before = order(&api, &focus).await;
    let old = api.get_collection(&focus).await.unwrap();

    // Without a terminal, deleting needs --yes: nothing is deleted.
    let refused = cli(home.path(), &s.url(), &["collections", "delete", FOCUS]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    assert!(api.get_collection(&focus).await.is_ok());

    let deleted = ok_json(&cli(home.path(), &s.url(), &["collections", "delete", FOCUS, "--yes", "--json"]));
    let batch = deleted["batch_id"].as_str().unwrap().to_string();
    assert!(api.get_collection(&focus).await.is_err());
    // The journal kept the members in order before the delete went out.
    let text = std::fs::read_to_string(journal_path(home.path())).unwrap();
    assert!(text.contains("\"type\":\"collection\"") && text.contains("\"kind\":\"delete\""), "{text}");
    assert!(text.contains(before[0].as_str()));

    let dry = cli(home.path(), &s.url(), &["restore", &batch, "--dry-run"]);
    assert!(String::from_utf8_lossy(&dry.stderr).contains("Would recreate"));
    let requests_before = s.server.requests().post;

    let out = ok_json(&cli(home.path(), &s.url(), &["restore", &batch, "--json"]));
    assert!(s.server.requests().post > requests_before);
    let new_id = cid(out[0]["recreated_as"].as_str().unwrap());
    assert_ne!(new_id, focus);
    let recreated = api.get_collection(&new_id).await.unwrap();
    assert_eq!((recreated.name, recreated.description), (old.name, old.description));
    assert_eq!(order(&api, &new_id).await, before);
    // A second restore does not make a second copy.
    let again = cli(home.path(), &s.url(), &["restore", &batch]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already taken back"));
    let all = api.all_collections().await.unwrap();
    assert_eq!(all.iter().filter(|c| c.name == recreated_name(&all, &new_id)).count(), 1);
}

fn recreated_name(all: &[freddy_music::api::model::Collection], id: &CollectionId) -> String {
    all.iter().find(|c| &c.id == id).unwrap().name.clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_create_is_the_servers_validation_error() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    // A blank name is refused before sending (cli_words); a name over 512 characters only the server refuses.
    let long = "x".repeat(600);
    let out = cli(home.path(), &s.url(), &["collections", "create", &long]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("name"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_collection_can_be_named_by_its_exact_name() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    // Unique: the same as the id.
    let by_name = cli(home.path(), &s.url(), &["tracks", "list", "Focus Sessions", "--json"]);
    let by_id = cli(home.path(), &s.url(), &["tracks", "list", FOCUS, "--json"]);
    assert!(by_name.status.success(), "{}", String::from_utf8_lossy(&by_name.stderr));
    assert_eq!(by_name.stdout, by_id.stdout);
    // Unknown: exit 2, and the near names offered.
    let unknown = cli(home.path(), &s.url(), &["tracks", "list", "focus"]);
    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(err.contains("no collection is named") && err.contains("Focus Sessions") && err.contains(FOCUS), "{err}");
    // Ambiguous: both ids listed, nothing done.
    let api = s.client(LISTENER);
    for _ in 0..2 {
        api.create_collection(&freddy_music::api::model::NewCollection { name: "Twins".into(), ..Default::default() })
            .await
            .unwrap();
    }
    let twins: Vec<String> = api
        .all_collections()
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.name == "Twins")
        .map(|c| c.id.to_string())
        .collect();
    let ambiguous = cli(home.path(), &s.url(), &["collections", "delete", "Twins", "--yes"]);
    assert_eq!(ambiguous.status.code(), Some(2));
    let err = String::from_utf8_lossy(&ambiguous.stderr);
    assert!(err.contains("2 collections are named") && twins.iter().all(|t| err.contains(t.as_str())), "{err}");
    assert_eq!(api.all_collections().await.unwrap().iter().filter(|c| c.name == "Twins").count(), 2);
    // A malformed id is refused before anything is sent.
    let gets = s.server.requests().get;
    let bad = cli(home.path(), &s.url(), &["tracks", "list", "mcoll_../x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(s.server.requests().get, gets);
}

#[tokio::test(flavor = "multi_thread")]
async fn tracks_add_and_move_are_journaled_and_taken_back() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let focus = cid(FOCUS);
    let before = order(&api, &focus).await;
    let archive = order(&api, &cid(ARCHIVE)).await;
    let (a, b) = (archive[0].as_str(), archive[1].as_str());

    // Add: in the order given, one already a member, one unknown.
    let out = cli(
        home.path(),
        &s.url(),
        &["tracks", "add", "Focus Sessions", b, a, before[0].as_str(), "mtrack_nosuchone", "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "the unknown track fails the command");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((doc["added"].as_u64(), doc["already"].as_u64(), doc["failed"].as_u64()), (Some(2), Some(1), Some(1)));
    let after_add = order(&api, &focus).await;
    assert_eq!(&after_add[..before.len()], &before[..]);
    assert_eq!(&after_add[before.len()..], &[tid(b), tid(a)]);
    let add_batch = doc["batch_id"].as_str().unwrap().to_string();

    // Move: the last track to position 2 (1-based).
    let moved = ok_json(&cli(home.path(), &s.url(), &["tracks", "move", FOCUS, a, "--to", "2", "--json"]));
    assert_eq!((moved["from"].as_u64(), moved["to"].as_u64()), (Some(after_add.len() as u64), Some(2)));
    let after_move = order(&api, &focus).await;
    assert_eq!(after_move[1], tid(a));
    // Not a member: a usage error, nothing sent.
    let stray = cli(home.path(), &s.url(), &["tracks", "move", FOCUS, archive[5].as_str(), "--to", "1"]);
    assert_eq!(stray.status.code(), Some(2));

    // restore --last moves it back; restoring the add removes the two added tracks again.
    let out = cli(home.path(), &s.url(), &["restore", "--last"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(order(&api, &focus).await, after_add);
    let out = cli(home.path(), &s.url(), &["restore", &add_batch]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("added to Focus Sessions again"));
    assert_eq!(order(&api, &focus).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn tracks_added_at_once_end_in_the_order_given() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let mut picked: Vec<TrackId> = order(&api, &cid(ARCHIVE)).await.into_iter().take(40).collect();
    picked.reverse();
    let stdin = picked.iter().map(|t| t.to_string()).collect::<Vec<_>>().join("\n");
    let env =
        [("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", &s.url() as &str), ("FREDDY_ORGANIZATION_ID", "org_demo")];
    let out = run_with_input(home.path(), &["tracks", "add", EMPTY_CRATE, "-"], &env, &stdin);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(order(&api, &cid(EMPTY_CRATE)).await, picked);
}

/// A second collection with an existing name is warned about at creation, and the CLI tells the two apart
/// as NAME#1 (oldest) and NAME#2; an exact name that itself holds `#` wins.
#[tokio::test(flavor = "multi_thread")]
async fn two_collections_of_one_name_are_named_apart_as_name_hash_n() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let first = cli(home.path(), &s.url(), &["collections", "create", "Road Trip"]);
    assert!(first.status.success() && !String::from_utf8_lossy(&first.stderr).contains("warning"));
    let first = String::from_utf8_lossy(&first.stdout).trim().to_string();
    // The server's created_at has whole seconds: the second is made a second later, so the order is told.
    s.clock().advance(std::time::Duration::from_secs(1));
    let second = cli(home.path(), &s.url(), &["collections", "create", "Road Trip"]);
    let warned = String::from_utf8_lossy(&second.stderr).into_owned();
    assert!(warned.contains("already named") && warned.contains("Road Trip#2"), "{warned}");
    let second = String::from_utf8_lossy(&second.stdout).trim().to_string();
    assert_ne!(first, second);

    let ambiguous = cli(home.path(), &s.url(), &["tracks", "list", "Road Trip"]);
    assert_eq!(ambiguous.status.code(), Some(2));
    let said = String::from_utf8_lossy(&ambiguous.stderr).into_owned();
    assert!(
        said.contains(&format!("Road Trip#1 = {first}")) && said.contains(&format!("Road Trip#2 = {second}")),
        "{said}"
    );
    for (n, id) in [("Road Trip#1", &first), ("Road Trip#2", &second)] {
        let out = cli(home.path(), &s.url(), &["collections", "rename", n, "Road Trip", "--description", n, "--json"]);
        assert!(out.status.success(), "{n}: {}", String::from_utf8_lossy(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["collection"]["id"].as_str(), Some(id.as_str()), "{n}");
    }
    let none = cli(home.path(), &s.url(), &["tracks", "list", "Road Trip#3"]);
    assert_eq!(none.status.code(), Some(2));
    // An exact name with a `#` in it is that collection, not a number.
    let hash = cli(home.path(), &s.url(), &["collections", "create", "Road Trip#2"]);
    let hash = String::from_utf8_lossy(&hash.stdout).trim().to_string();
    let out = cli(home.path(), &s.url(), &["collections", "rename", "Road Trip#2", "Exact", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["collection"]["id"].as_str(), Some(hash.as_str()));
}
