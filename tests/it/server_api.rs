//! The reference server against music-api.md: every endpoint through `api::Client`, and raw `reqwest`
//! where the exact bytes or statuses matter.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use freddy_music::api::model::{CollectionPatch, NewCollection, TrackFilter};
use freddy_music::api::{ApiError, PageRequest};
use serde_json::{Value, json};

const SEED: &str = include_str!("../fixtures/seed_remove_collection_track.txt");

fn seed_block(fence: &str) -> Value {
    let start = SEED.find(fence).unwrap();
    let body = &SEED[start + fence.len()..];
    serde_json::from_str(&body[..body.find("```").unwrap()]).unwrap()
}

/// Checks an error body against the seed's, field for field, except `trace_id` and `timestamp`,
/// which must only have the documented form.
fn assert_same_envelope(got: &Value, want: &Value) {
    let (mut g, mut w) = (got.clone(), want.clone());
    for v in [&mut g, &mut w] {
        let e = v["error"].as_object_mut().unwrap();
        e.remove("trace_id");
        e.remove("timestamp");
    }
    assert_eq!(g, w);
    let trace = got["error"]["trace_id"].as_str().unwrap();
    assert!(trace.starts_with("req_") && trace.len() > 4, "{trace}");
    let ts = got["error"]["timestamp"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(ts).is_ok() && ts.ends_with('Z'), "{ts}");
}

fn raw(key: Option<&str>, method: reqwest::Method, url: String) -> reqwest::RequestBuilder {
    let req = reqwest::Client::new().request(method, url);
    match key {
        Some(k) => req.header("X-API-Key", k),
        None => req,
    }
}

#[tokio::test]
async fn seed_page_curl_answers_exactly_as_documented() {
    let s = demo_server().await;
    let url = format!("{}/v1/music/org_demo/collections/{FOCUS}/tracks/mtrack_8d2e1f6a3c9b", s.url());
    let ok = raw(Some(LISTENER), reqwest::Method::DELETE, url.clone()).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<Value>().await.unwrap(), seed_block("```json 200 OK"));

    let unauth = raw(None, reqwest::Method::DELETE, url.clone()).send().await.unwrap();
    assert_eq!(unauth.status(), 401);
    assert_same_envelope(&unauth.json().await.unwrap(), &seed_block("```json 401 Unauthorized"));

    // The seed's 404 names mcoll_4a1f9c7e2b8d: as the other user, that collection is not theirs.
    let not_owned = raw(Some(OTHER), reqwest::Method::DELETE, url).send().await.unwrap();
    assert_eq!(not_owned.status(), 404);
    assert_same_envelope(&not_owned.json().await.unwrap(), &seed_block("```json 404 Not Found"));
}

#[tokio::test]
async fn bearer_auth_wrong_key_and_foreign_org() {
    let s = demo_server().await;
    let url = format!("{}/v1/music/org_demo/collections", s.url());
    let bearer = reqwest::Client::new().get(&url).bearer_auth(LISTENER).send().await.unwrap();
    assert_eq!(bearer.status(), 200);
    let wrong = raw(Some("ak_nobody"), reqwest::Method::GET, url).send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let foreign = raw(Some(LISTENER), reqwest::Method::GET, format!("{}/v1/music/org_elsewhere/collections", s.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    let body: Value = foreign.json().await.unwrap();
    assert_eq!(body["error"]["code"], "ORGANIZATION_ACCESS_DENIED");
    assert_eq!(body["error"]["type"], "client_error");
}

#[tokio::test]
async fn list_collections_is_newest_first_own_only_with_null_counts() {
    let s = demo_server().await;
    let list = s.client(LISTENER).list_collections(PageRequest::new(50, 0)).await.unwrap();
    let names: Vec<_> = list.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"Empty Crate"), "newest first: {names:?}");
    assert!(names.contains(&"Archive") && !names.contains(&"Other's Mixtape"));
    assert!(list.items.iter().all(|c| c.track_count.is_none()));
    assert_eq!((list.limit, list.offset), (50, 0));
}

#[tokio::test]
async fn create_answers_201_with_a_zero_count_and_lists_it_first() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let resp = raw(Some(LISTENER), reqwest::Method::POST, format!("{}/v1/music/org_demo/collections", s.url()))
        .json(&json!({"name": "New One", "description": "d"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let created: Value = resp.json().await.unwrap();
    assert_eq!(created["track_count"], 0);
    assert!(created["id"].as_str().unwrap().starts_with("mcoll_"));
    assert!(created["cover_image_url"].is_null());
    let again = c.create_collection(&NewCollection { name: "Second".into(), ..Default::default() }).await.unwrap();
    assert_eq!(c.list_collections(PageRequest::new(1, 0)).await.unwrap().items[0].id, again.id);
    let got = c.get_collection(&cid(FOCUS)).await.unwrap();
    assert_eq!((got.name.as_str(), got.track_count), ("Focus Sessions", Some(12)));
}

#[tokio::test]
async fn update_is_partial_and_an_explicit_null_clears() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let id = c
        .create_collection(&NewCollection { name: "N".into(), description: Some("d".into()), ..Default::default() })
        .await
        .unwrap()
        .id;
    let patch = CollectionPatch { name: Some(Some("Renamed".into())), description: Some(None), ..Default::default() };
    let updated = c.update_collection(&id, &patch).await.unwrap();
    assert_eq!(
        (updated.name.as_str(), updated.description.as_deref(), updated.track_count),
        ("Renamed", None, Some(0))
    );
    let patch = CollectionPatch { cover_image_url: Some(Some("https://img/x.png".into())), ..Default::default() };
    let updated = c.update_collection(&id, &patch).await.unwrap();
    assert_eq!(updated.name, "Renamed", "an omitted field is untouched");
    assert_eq!(updated.cover_image_url.as_deref(), Some("https://img/x.png"));
}

#[tokio::test]
async fn delete_acks_then_the_collection_is_404_everywhere() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let id = c.create_collection(&NewCollection { name: "Doomed".into(), ..Default::default() }).await.unwrap().id;
    let ack = c.delete_collection(&id).await.unwrap();
    assert_eq!((ack.id.as_str(), ack.detail.as_str()), (id.as_str(), "Collection deleted."));
    assert!(matches!(c.get_collection(&id).await, Err(ApiError::NotFound(_))));
    assert!(matches!(c.delete_collection(&id).await, Err(ApiError::NotFound(_))));
    assert!(!c.all_collections().await.unwrap().iter().any(|x| x.id == id));
}

#[tokio::test]
async fn another_user_cannot_see_change_or_delete_a_collection() {
    let s = demo_server().await;
    let o = s.client(OTHER);
    assert!(matches!(o.get_collection(&cid(FOCUS)).await, Err(ApiError::NotFound(_))));
    let patch = CollectionPatch { name: Some(Some("Mine now".into())), ..Default::default() };
    assert!(matches!(o.update_collection(&cid(FOCUS), &patch).await, Err(ApiError::NotFound(_))));
    assert!(matches!(o.delete_collection(&cid(FOCUS)).await, Err(ApiError::NotFound(_))));
    assert_eq!(s.client(LISTENER).get_collection(&cid(FOCUS)).await.unwrap().name, "Focus Sessions");
}

/// The collection's `updated_at`, with the server's clock (second resolution) then moved a second on, so
/// a change made next must show as a later stamp.
async fn stamp_then_tick(
    s: &TestServer,
    c: &freddy_music::api::Client,
    id: &freddy_music::api::CollectionId,
) -> String {
    let before = c.get_collection(id).await.unwrap().updated_at;
    s.clock().advance(std::time::Duration::from_secs(1));
    before
}

#[tokio::test]
async fn updated_at_moves_on_every_change_and_not_on_a_no_op() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let id = cid(FOCUS);
    let first = c.all_members(&id).await.unwrap()[0].track_id.clone();
    let outsider = c.all_members(&cid(ARCHIVE)).await.unwrap()[0].track_id.clone();
    let later = |before: &str, after: &str, what: &str| assert!(after > before, "{what}: {before} -> {after}");

    let before = stamp_then_tick(&s, &c, &id).await;
    c.remove_member(&id, &first).await.unwrap();
    later(&before, &c.get_collection(&id).await.unwrap().updated_at, "remove");

    let before = stamp_then_tick(&s, &c, &id).await;
    c.add_member(&id, &outsider).await.unwrap();
    later(&before, &c.get_collection(&id).await.unwrap().updated_at, "add");

    let before = stamp_then_tick(&s, &c, &id).await;
    c.reorder(&id, std::slice::from_ref(&outsider)).await.unwrap();
    later(&before, &c.get_collection(&id).await.unwrap().updated_at, "reorder");

    let before = stamp_then_tick(&s, &c, &id).await;
    c.update_collection(&id, &CollectionPatch { description: Some(None), ..Default::default() }).await.unwrap();
    later(&before, &c.get_collection(&id).await.unwrap().updated_at, "update");

    // No-ops (removing a non-member, adding a present member) leave it alone.
    let before = stamp_then_tick(&s, &c, &id).await;
    c.remove_member(&id, &first).await.unwrap();
    c.add_member(&id, &outsider).await.unwrap();
    assert_eq!(c.get_collection(&id).await.unwrap().updated_at, before);
}

#[tokio::test]
async fn remove_is_idempotent_and_compacts_positions() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let before = c.all_members(&cid(FOCUS)).await.unwrap();
    let victim = before[3].track_id.clone();
    let first = c.remove_member(&cid(FOCUS), &victim).await.unwrap();
    let second = c.remove_member(&cid(FOCUS), &victim).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(first.detail, "Track removed from collection.");
    let after = c.all_members(&cid(FOCUS)).await.unwrap();
    let expected: Vec<_> = before.iter().filter(|m| m.track_id != victim).map(|m| m.track_id.clone()).collect();
    assert_eq!(after.iter().map(|m| m.track_id.clone()).collect::<Vec<_>>(), expected);
    assert_eq!(after.iter().map(|m| m.position).collect::<Vec<_>>(), (0..11).collect::<Vec<u64>>());
    // The track itself still exists.
    assert_eq!(c.get_track(&victim).await.unwrap().id, victim);
    // From another user's collection: 404 with details.collection_id, and nothing changed.
    let theirs = s.client(OTHER).all_members(&cid(OTHERS_MIXTAPE)).await.unwrap();
    let err = c.remove_member(&cid(OTHERS_MIXTAPE), &theirs[0].track_id).await.unwrap_err();
    let d = err.detail().unwrap();
    assert_eq!((err.status(), d.code.as_str()), (Some(404), "RESOURCE_NOT_FOUND"));
    assert_eq!(d.details["collection_id"], OTHERS_MIXTAPE);
    assert_eq!(s.client(OTHER).all_members(&cid(OTHERS_MIXTAPE)).await.unwrap(), theirs);
    assert_eq!(c.get_collection(&cid(FOCUS)).await.unwrap().track_count, Some(11));
}

#[tokio::test]
async fn add_is_idempotent_appends_and_checks_the_track() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let empty = cid(EMPTY_CRATE);
    let focus = c.all_members(&cid(FOCUS)).await.unwrap();
    for m in focus.iter().take(3) {
        let ack = c.add_member(&empty, &m.track_id).await.unwrap();
        assert_eq!(ack.id, m.track_id.as_str());
    }
    c.add_member(&empty, &focus[0].track_id).await.unwrap();
    let members = c.all_members(&empty).await.unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(members.iter().map(|m| m.position).collect::<Vec<_>>(), vec![0, 1, 2]);
    let before = c.get_collection(&empty).await.unwrap().updated_at;
    assert!(!before.is_empty());
    // Unknown track, and another user's track: 404 with details.track_id.
    let err = c.add_member(&empty, &tid("mtrack_doesnotexist")).await.unwrap_err();
    assert_eq!(err.detail().unwrap().details["track_id"], "mtrack_doesnotexist");
    let theirs = s.client(OTHER).all_members(&cid(OTHERS_MIXTAPE)).await.unwrap();
    assert!(matches!(c.add_member(&empty, &theirs[0].track_id).await, Err(ApiError::NotFound(_))));
}

#[tokio::test]
async fn reorder_follows_section_13() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let id = cid(FOCUS);
    let ids: Vec<String> = c.all_members(&id).await.unwrap().iter().map(|m| m.track_id.to_string()).collect();
    // Partial list with an unknown id and a duplicate: listed first (duplicate at its first place),
    // unknown ignored, unlisted follow in their previous order.
    let order = [ids[5].clone(), "mtrack_unknown".into(), ids[2].clone(), ids[5].clone(), ids[0].clone()];
    let ack = c.reorder(&id, &order.iter().map(|t| tid(t)).collect::<Vec<_>>()).await.unwrap();
    assert_eq!((ack.id.as_str(), ack.detail.as_str()), (FOCUS, "Collection reordered."));
    let head = [ids[5].clone(), ids[2].clone(), ids[0].clone()];
    let want: Vec<String> = head.iter().chain(ids.iter().filter(|t| !head.contains(t))).cloned().collect();
    let got = c.all_members(&id).await.unwrap();
    assert_eq!(got.iter().map(|m| m.track_id.to_string()).collect::<Vec<_>>(), want);
    assert_eq!(got.iter().map(|m| m.position).collect::<Vec<_>>(), (0..12).collect::<Vec<u64>>());
    // Empty list: nothing moves.
    c.reorder(&id, &[]).await.unwrap();
    assert_eq!(c.all_members(&id).await.unwrap(), got);
}

#[tokio::test]
async fn pagination_boundaries() {
    let s = demo_server().await;
    let base = format!("{}/v1/music/org_demo/collections/{FOCUS}/tracks", s.url());
    for q in ["limit=0", "limit=501", "limit=abc", "offset=-1", "offset=x", "limit=1.5"] {
        let r = raw(Some(LISTENER), reqwest::Method::GET, format!("{base}?{q}")).send().await.unwrap();
        assert_eq!(r.status(), 422, "{q}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
        assert!(body["error"]["details"]["field"].is_string());
    }
    let ok = raw(Some(LISTENER), reqwest::Method::GET, format!("{base}?limit=500")).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let c = s.client(LISTENER);
    let page = c.list_members(&cid(FOCUS), PageRequest::new(5, 10)).await.unwrap();
    assert_eq!(page.items.len(), 2, "short last page");
    assert_eq!(page.items[0].position, 10);
    assert!(c.list_members(&cid(FOCUS), PageRequest::new(5, 12)).await.unwrap().items.is_empty());
    assert!(c.list_members(&cid(FOCUS), PageRequest::new(5, 9999)).await.unwrap().items.is_empty());
    let defaults: Value = raw(Some(LISTENER), reqwest::Method::GET, base).send().await.unwrap().json().await.unwrap();
    assert_eq!((defaults["limit"].as_u64(), defaults["offset"].as_u64()), (Some(200), Some(0)));
    let r = raw(Some(LISTENER), reqwest::Method::GET, format!("{}/v1/music/org_demo/collections?limit=101", s.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = raw(Some(LISTENER), reqwest::Method::GET, format!("{}/v1/music/org_demo/tracks?limit=101", s.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn the_library_filtered_by_collection_lists_its_members_without_urls() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let filter = TrackFilter { collection_id: Some(cid(FOCUS)), ..Default::default() };
    let page = c.list_tracks(&filter, PageRequest::new(100, 0)).await.unwrap();
    let members = c.all_members(&cid(FOCUS)).await.unwrap();
    let mut listed: Vec<_> = page.items.iter().map(|t| t.id.clone()).collect();
    let mut want: Vec<_> = members.iter().map(|m| m.track_id.clone()).collect();
    listed.sort();
    want.sort();
    assert_eq!(listed, want);
    assert!(page.items.iter().all(|t| t.playback_url.is_none() && t.stem_urls.is_none() && t.title.is_some()));
    let focus_mode = TrackFilter { mode: Some("focus".into()), ..Default::default() };
    let focus = c.list_tracks(&focus_mode, PageRequest::new(100, 0)).await.unwrap();
    assert!(focus.items.iter().all(|t| t.mode == "focus"));
    // Filtered by another user's collection: 404.
    let theirs = TrackFilter { collection_id: Some(cid(OTHERS_MIXTAPE)), ..Default::default() };
    assert!(matches!(c.list_tracks(&theirs, PageRequest::new(10, 0)).await, Err(ApiError::NotFound(_))));
}

#[tokio::test]
async fn get_track_mints_a_playback_url_for_its_owner_and_is_404_to_others() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let track = c.all_members(&cid(FOCUS)).await.unwrap()[0].track_id.clone();
    let t = c.get_track(&track).await.unwrap();
    assert!(t.playback_url.is_some() && t.measured_duration_seconds.is_some());
    // The other user can neither see it nor save it.
    let o = s.client(OTHER);
    assert!(matches!(o.get_track(&track).await, Err(ApiError::NotFound(_))));
    assert!(matches!(o.save_track(&track).await, Err(ApiError::NotFound(_))));
}

#[tokio::test]
async fn save_is_idempotent() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let track = c.all_members(&cid(FOCUS)).await.unwrap()[0].track_id.clone();
    let e1 = c.save_track(&track).await.unwrap();
    let e2 = c.save_track(&track).await.unwrap();
    assert_eq!(e1, e2);
    assert!(e1.saved && e1.id.as_str().starts_with("mlib_"));
}

#[tokio::test]
async fn delete_track_removes_it_from_the_library() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let track = c.all_members(&cid(FOCUS)).await.unwrap()[0].track_id.clone();
    let ack = c.delete_track(&track).await.unwrap();
    assert_eq!(ack.detail, "Track deleted.");
    assert!(matches!(c.get_track(&track).await, Err(ApiError::NotFound(_))));
    let filter = TrackFilter { collection_id: Some(cid(FOCUS)), ..Default::default() };
    let after = c.list_tracks(&filter, PageRequest::new(100, 0)).await.unwrap();
    assert!(!after.items.iter().any(|t| t.id == track));
}

#[tokio::test]
async fn malformed_requests_get_the_envelope_never_a_crash() {
    let s = demo_server().await;
    let colls = format!("{}/v1/music/org_demo/collections", s.url());
    let post = |body: reqwest::Body, ct: &str| {
        raw(Some(LISTENER), reqwest::Method::POST, colls.clone()).header("content-type", ct.to_string()).body(body)
    };
    let cases: Vec<(reqwest::RequestBuilder, u16)> = vec![
        (post("{not json".into(), "application/json"), 422),
        (post(r#"{"name": 5}"#.into(), "application/json"), 422),
        (post(r#"{}"#.into(), "application/json"), 422),
        (post(r#"{"name": ""}"#.into(), "application/json"), 422),
        (post(json!({"name": "x".repeat(513)}).to_string().into(), "application/json"), 422),
        (post(r#"{"name": "ok"}"#.into(), "text/plain"), 422),
        (post(r#"name=ok"#.into(), "application/x-www-form-urlencoded"), 422),
        (post(vec![b' '; 2 * 1024 * 1024].into(), "application/json"), 413),
    ];
    for (i, (req, status)) in cases.into_iter().enumerate() {
        let r = req.send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "case {i}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["success"], false, "case {i}");
        assert_eq!(body["error"]["status"], status, "case {i}");
    }
    let missing_field: Value = post(r#"{}"#.into(), "application/json").send().await.unwrap().json().await.unwrap();
    assert_eq!(missing_field["error"]["details"]["field"], "name");

    // Bad ids in the path: 404 in the envelope, like a missing resource.
    for path in [
        "collections/mcoll_%2E%2E",
        "collections/not_a_collection",
        "collections/mcoll_a%20b/tracks",
        "tracks/mtrack_%3F",
    ] {
        let r = raw(Some(LISTENER), reqwest::Method::GET, format!("{}/v1/music/org_demo/{path}", s.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "RESOURCE_NOT_FOUND", "{path}");
    }
    // Unknown route and wrong method: envelope too.
    let r = raw(Some(LISTENER), reqwest::Method::GET, format!("{}/v2/nothing", s.url())).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["success"], false);
    let r = raw(Some(LISTENER), reqwest::Method::PUT, colls.clone()).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.json::<Value>().await.unwrap()["success"], false);
    // The server still answers.
    assert_eq!(s.client(LISTENER).get_collection(&cid(FOCUS)).await.unwrap().track_count, Some(12));
}

#[tokio::test]
async fn concurrent_adds_and_removes_keep_positions_dense() {
    let s = demo_server().await;
    let c = s.client(LISTENER);
    let target = cid(EMPTY_CRATE);
    // Pool: the archive's tracks. Add 40 first, then race 25 adds of new ones against 25 removes.
    let pool: Vec<_> = c.all_members(&cid(ARCHIVE)).await.unwrap().into_iter().map(|m| m.track_id).collect();
    for t in &pool[..40] {
        c.add_member(&target, t).await.unwrap();
    }
    let mut tasks = Vec::new();
    for i in 0..25 {
        let (c1, c2, t) = (c.clone(), c.clone(), target.clone());
        let add = pool[40 + i].clone();
        let rm = pool[i].clone();
        let t2 = t.clone();
        tasks.push(tokio::spawn(async move { c1.add_member(&t, &add).await.map(|_| ()) }));
        tasks.push(tokio::spawn(async move { c2.remove_member(&t2, &rm).await.map(|_| ()) }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let members = c.all_members(&target).await.unwrap();
    assert_eq!(members.len(), 40);
    assert_eq!(members.iter().map(|m| m.position).collect::<Vec<_>>(), (0..40).collect::<Vec<u64>>());
    let mut ids: Vec<_> = members.iter().map(|m| m.track_id.clone()).collect();
    ids.sort();
    let mut want: Vec<_> = pool[25..65].to_vec();
    want.sort();
    assert_eq!(ids, want);
}

#[tokio::test]
async fn data_survives_a_restart_on_the_same_db() {
    let s = demo_server().await;
    let path = s.db_path();
    let c = s.client(LISTENER);
    let victim = c.all_members(&cid(FOCUS)).await.unwrap()[0].track_id.clone();
    c.remove_member(&cid(FOCUS), &victim).await.unwrap();
    let made = c.create_collection(&NewCollection { name: "Kept".into(), ..Default::default() }).await.unwrap();
    let TestServer { server, dir } = s;
    server.stop().await;
    let mut opts = freddy_music::server::ServeOptions::demo(path);
    opts.archive_size = 200;
    let again = freddy_music::server::start(opts).await.unwrap();
    let c = client_for(&again.url(), LISTENER);
    let members = c.all_members(&cid(FOCUS)).await.unwrap();
    assert_eq!(members.len(), 11);
    assert!(!members.iter().any(|m| m.track_id == victim));
    assert_eq!(c.get_collection(&made.id).await.unwrap().name, "Kept");
    again.stop().await;
    drop(dir);
}

#[tokio::test]
async fn the_demo_set_is_as_documented() {
    let s = demo_server_with(20_000, Default::default()).await;
    let c = s.client(LISTENER);
    let all = c.all_collections().await.unwrap();
    let mut sizes = Vec::new();
    for col in &all {
        sizes.push((col.name.clone(), c.get_collection(&col.id).await.unwrap().track_count.unwrap()));
    }
    let archive = sizes.iter().find(|(n, _)| n == "Archive").unwrap();
    assert_eq!(archive.1, 20_000);
    assert_eq!(sizes.iter().filter(|(_, n)| *n == 0).count(), 1, "{sizes:?}");
    let regular: Vec<_> = sizes.iter().filter(|(n, c)| n != "Archive" && *c > 0).collect();
    assert!(regular.len() >= 6 && regular.iter().all(|(_, c)| (5..=60).contains(c)), "{sizes:?}");
    assert_eq!(s.client(OTHER).all_collections().await.unwrap().len(), 1);
    // Deterministic ids: the documented example collection exists for the listener.
    assert!(all.iter().any(|c| c.id.as_str() == FOCUS));
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_per_key() {
    use freddy_music::server::FaultOptions;
    let s = demo_server_with(10, FaultOptions { rate_limit: 3, ..Default::default() }).await;
    let url = format!("{}/v1/music/org_demo/collections", s.url());
    for _ in 0..3 {
        assert_eq!(raw(Some(LISTENER), reqwest::Method::GET, url.clone()).send().await.unwrap().status(), 200);
    }
    let limited = raw(Some(LISTENER), reqwest::Method::GET, url.clone()).send().await.unwrap();
    assert_eq!(limited.status(), 429);
    let wait: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    let body: Value = limited.json().await.unwrap();
    assert_eq!(
        (body["error"]["code"].as_str(), body["error"]["type"].as_str()),
        (Some("RATE_LIMIT_EXCEEDED"), Some("rate_limit_error"))
    );
    assert_eq!(s.server.injected().rate_limited, 1);
    // Per key: the other user still has their budget.
    assert_eq!(raw(Some(OTHER), reqwest::Method::GET, url).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn the_fail_rate_answers_503s_in_the_envelope_from_a_fixed_seed() {
    use freddy_music::server::FaultOptions;
    // --fail-rate: some 503s in the envelope, the same sequence from the fixed seed on every start.
    let sequence = |url: String| async move {
        let mut v = Vec::new();
        for _ in 0..20 {
            let r = raw(Some(LISTENER), reqwest::Method::GET, url.clone()).send().await.unwrap();
            let status = r.status().as_u16();
            if status == 503 {
                let body: Value = r.json().await.unwrap();
                assert_eq!(body["error"]["code"], "SERVICE_UNAVAILABLE");
                assert_eq!(body["error"]["type"], "server_error");
            }
            v.push(status);
        }
        v
    };
    let failing = || demo_server_with(10, FaultOptions { fail_rate: 0.5, ..Default::default() });
    let (s1, s2) = (failing().await, failing().await);
    let a = sequence(format!("{}/v1/music/org_demo/collections", s1.url())).await;
    let b = sequence(format!("{}/v1/music/org_demo/collections", s2.url())).await;
    assert_eq!(a, b);
    assert!(a.contains(&503) && a.contains(&200), "{a:?}");
    let s = s1;
    // The client's retries ride out the failures.
    assert_eq!(s.client(LISTENER).get_collection(&cid(FOCUS)).await.unwrap().track_count, Some(12));
}

/// A DELETE whose track id is malformed (a NUL, a path climbing out, a wrong prefix) is a 404 like a
/// missing resource (§13), never a 200 that echoes the id.
#[tokio::test]
async fn a_malformed_track_id_in_a_delete_is_a_404() {
    let s = demo_server().await;
    for bad in ["mtrack_%00x", "..%2F..%2Fx", "mcoll_notatrack", "mtrack_a%20b"] {
        let url = format!("{}/v1/music/org_demo/collections/{FOCUS}/tracks/{bad}", s.url());
        let r = raw(Some(LISTENER), reqwest::Method::DELETE, url).send().await.unwrap();
        assert_eq!(r.status(), 404, "{bad}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "RESOURCE_NOT_FOUND", "{bad}: {body}");
    }
    // Another's collection is still its own 404 first.
    let url = format!("{}/v1/music/org_demo/collections/{FOCUS}/tracks/mtrack_%00x", s.url());
    let r = raw(Some(OTHER), reqwest::Method::DELETE, url).send().await.unwrap();
    let body: Value = r.json().await.unwrap();
    assert!(body["error"]["details"]["collection_id"].is_string(), "{body}");
}

/// The server's database holds every API key: it is created 0600.
#[cfg(unix)]
#[tokio::test]
async fn the_server_database_is_created_private() {
    use std::os::unix::fs::PermissionsExt;
    let s = demo_server().await;
    let mode = std::fs::metadata(s.db_path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
