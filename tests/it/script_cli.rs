//! `collections list`, `tracks list` and `tracks remove` against a reference server: human and JSON
//! output, exit statuses, standard input, bulk removal, and bulk removal under rate limits and faults.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

use crate::common::*;
use freddy_music::server::FaultOptions;
use serde_json::Value;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a command as the listener against `url`.
fn cli(url: &str, args: &[&str], stdin: &str) -> Output {
    let home = tempfile::tempdir().unwrap();
    let env = [("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", url), ("FREDDY_ORGANIZATION_ID", "org_demo")];
    run_with_input(home.path(), args, &env, stdin)
}

#[tokio::test(flavor = "multi_thread")]
async fn collections_list_human_and_json() {
    let s = demo_server().await;
    let out = cli(&s.url(), &["collections", "list"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Piped: tab-separated whole values, no header (as `gh` does).
    let text = stdout(&out);
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 9, "{text}");
    assert_eq!(lines[0][0], "Empty Crate", "newest first: {text}");
    assert!(lines.iter().all(|l| l.len() == 5 && l[1].starts_with("mcoll_")), "{text}");
    // Each collection's track count (the list has none: fetched per collection).
    let focus = lines.iter().find(|l| l[1] == FOCUS).unwrap();
    assert_eq!(focus[2], "12");
    let with_header = stdout(&cli(&s.url(), &["collections", "list", "--header"], ""));
    assert_eq!(with_header.lines().next(), Some("NAME\tID\tTRACKS\tCREATED\tDESCRIPTION"));
    assert_eq!(with_header.lines().count(), 10);

    let out = cli(&s.url(), &["collections", "list", "--json"], "");
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 9);
    assert!(items.iter().any(|c| c["id"] == FOCUS && c["name"] == "Focus Sessions"));
    assert!(items.iter().all(|c| c["track_count"].is_u64() && c.get("created_at").is_some()));
}

#[tokio::test(flavor = "multi_thread")]
async fn tracks_list_human_and_json() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let members = api.all_members(&cid(FOCUS)).await.unwrap();
    let first = api.get_track(&members[0].track_id).await.unwrap();

    let out = cli(&s.url(), &["tracks", "list", FOCUS, "--json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["collection_id"], FOCUS);
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 12);
    for (i, (item, m)) in items.iter().zip(&members).enumerate() {
        assert_eq!((item["track_id"].as_str(), item["position"].as_u64()), (Some(m.track_id.as_str()), Some(i as u64)));
        assert!(
            item["title"].is_string() && item["measured_duration_seconds"].is_number() && item["added_at"].is_string()
        );
    }
    assert_eq!(items[0]["title"].as_str(), first.title.as_deref());

    let out = cli(&s.url(), &["tracks", "list", FOCUS], "");
    let text = stdout(&out);
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 12, "{text}");
    // Positions count from 1, as in the TUI (the JSON keeps the API's 0-based `position`).
    assert_eq!(lines[0][0], "1");
    assert_eq!(lines[11][0], "12");
    assert_eq!(lines[0][1], first.title.as_deref().unwrap());
    assert_eq!(lines[0][4], members[0].track_id.as_str());

    // The columns a script asks for, in its order.
    let picked = stdout(&cli(&s.url(), &["tracks", "list", FOCUS, "--fields", "id,position"], ""));
    assert_eq!(picked.lines().next(), Some(format!("{}\t1", members[0].track_id).as_str()));
    let with_header = stdout(&cli(&s.url(), &["tracks", "list", FOCUS, "--fields", "title", "--header"], ""));
    assert_eq!(with_header.lines().next(), Some("TITLE"));
    let bad = cli(&s.url(), &["tracks", "list", FOCUS, "--fields", "tempo"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("position"), "{}", stderr(&bad));
    let both = stdout(&cli(&s.url(), &["tracks", "list", FOCUS, "--fields", "title", "--header", "--no-header"], ""));
    assert_eq!(both.lines().count(), 12, "--no-header wins: {both}");

    let out = cli(&s.url(), &["tracks", "list", EMPTY_CRATE, "--json"], "");
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["items"].as_array().unwrap().len(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn remove_reports_each_track_and_reads_stdin() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let members = api.all_members(&cid(FOCUS)).await.unwrap();
    let (a, b) = (members[0].track_id.to_string(), members[5].track_id.to_string());

    let out = cli(&s.url(), &["tracks", "remove", FOCUS, &a, "mtrack_notamember"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().any(|l| l.starts_with(&a) && l.contains("removed")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("mtrack_notamember") && l.contains("not in collection")), "{text}");
    // The summary is a sentence: standard error, and it names the collection as the dry run does.
    assert!(
        stderr(&out).contains("Removed 1 from Focus Sessions; 1 not in the collection; 0 failed."),
        "{}",
        stderr(&out)
    );
    assert!(!text.contains("Removed 1"), "{text}");

    // `-` reads ids from stdin; a repeat of the same command reports them as already gone.
    let input = format!("{b}\n\n{a}\n");
    let out = cli(&s.url(), &["tracks", "remove", FOCUS, "-", "--json"], &input);
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (doc["removed"].as_u64(), doc["not_member"].as_u64(), doc["failed"].as_u64()),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(doc["results"][0]["track_id"].as_str(), Some(b.as_str()));
    assert_eq!(doc["results"][0]["status"], "removed");
    assert_eq!(doc["results"][1]["status"], "not_member");

    let left: Vec<String> =
        api.all_members(&cid(FOCUS)).await.unwrap().iter().map(|m| m.track_id.to_string()).collect();
    let want: Vec<String> = members.iter().map(|m| m.track_id.to_string()).filter(|t| *t != a && *t != b).collect();
    assert_eq!(left, want);
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_statuses() {
    let s = demo_server().await;
    // The API refuses: another user's collection is a 404, with its code and trace id on stderr.
    let out = cli(&s.url(), &["tracks", "remove", OTHERS_MIXTAPE, "mtrack_x"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("RESOURCE_NOT_FOUND") && err.contains("trace req_") && err.contains(OTHERS_MIXTAPE), "{err}");
    // Usage: a malformed id sends nothing.
    let before = s.client(LISTENER).all_members(&cid(FOCUS)).await.unwrap();
    let good = before[0].track_id.to_string();
    let out = cli(&s.url(), &["tracks", "remove", FOCUS, &good, "mtrack_a/../b"], "");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(s.client(LISTENER).all_members(&cid(FOCUS)).await.unwrap(), before);
    let out = cli(&s.url(), &["tracks", "list", "not-a-collection"], "");
    assert_eq!(out.status.code(), Some(2));
    // Config: nothing configured.
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["collections", "list"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("config init"));
    // The network: nobody listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = cli(&format!("http://127.0.0.1:{port}"), &["collections", "list"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot reach the API"));
}

/// Removes `count` archive members in one command and checks each went exactly once and the rest stayed
/// in order.
async fn bulk(s: &TestServer, count: usize, concurrency: &str) {
    let api = s.client(LISTENER);
    let before: Vec<String> =
        api.all_members(&cid(ARCHIVE)).await.unwrap().iter().map(|m| m.track_id.to_string()).collect();
    let victims: Vec<String> = before.iter().step_by(2).take(count).cloned().collect();
    let input = victims.join("\n");
    let out = cli(&s.url(), &["tracks", "remove", ARCHIVE, "-", "--json", "--concurrency", concurrency], &input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((doc["removed"].as_u64(), doc["failed"].as_u64()), (Some(count as u64), Some(0)));
    let reported: Vec<&str> =
        doc["results"].as_array().unwrap().iter().map(|r| r["track_id"].as_str().unwrap()).collect();
    assert_eq!(reported, victims.iter().map(String::as_str).collect::<Vec<_>>());
    let after = api.all_members(&cid(ARCHIVE)).await.unwrap();
    let want: Vec<&String> = before.iter().filter(|t| !victims.contains(t)).collect();
    assert_eq!(
        after.iter().map(|m| m.track_id.to_string()).collect::<Vec<_>>(),
        want.into_iter().cloned().collect::<Vec<_>>()
    );
    assert_eq!(after.iter().map(|m| m.position).collect::<Vec<_>>(), (0..after.len() as u64).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_removal_of_500() {
    let s = demo_server_with(1_000, FaultOptions::default()).await;
    bulk(&s, 500, "8").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_removal_under_a_rate_limit() {
    // 120 a minute with a burst of 120: the last 60 of 180 wait for tokens (one every half second),
    // honouring Retry-After with the window backing off; every one is removed, none fails.
    let s = demo_server_with(1_000, FaultOptions { rate_limit: 120, ..FaultOptions::default() }).await;
    bulk(&s, 180, "8").await;
    assert!(s.server.injected().rate_limited > 0, "the limit was never reached: the test proved nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_removal_under_injected_failures() {
    let s = demo_server_with(1_000, FaultOptions { fail_rate: 0.2, ..FaultOptions::default() }).await;
    bulk(&s, 200, "8").await;
    assert!(s.server.injected().failed > 0, "no failure was injected: the test proved nothing");
}
