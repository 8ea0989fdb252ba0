//! The CLI in a pipe: a reader that stops early (as `head -1` does) ends a listing quietly with status
//! 0, never a panic; a dry run reads and says, and sends no write.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use common::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_listing_whose_reader_stops_early_ends_quietly_with_status_0() {
    // 3,000 rows: far more than a pipe holds, so the writer meets the closed pipe.
    let s = demo_server_with(3_000, Default::default()).await;
    let home = tempfile::tempdir().unwrap();
    for args in [vec!["tracks", "list", ARCHIVE], vec!["tracks", "list", ARCHIVE, "--json"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_freddy-music"))
            .args(&args)
            .env("FREDDY_API_KEY", LISTENER)
            .env("FREDDY_ORGANIZATION_ID", "org_demo")
            .env("FREDDY_BASE_URL", s.url())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        // The reader is gone (stdout dropped with the BufReader).
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(!first.is_empty());
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_says_what_it_would_remove_and_sends_no_write() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let api = s.client(LISTENER);
    let members = api.all_members(&cid(FOCUS)).await.unwrap();
    let (a, b) = (members[0].track_id.as_str(), members[3].track_id.as_str());
    let title = api.get_track(&members[3].track_id).await.unwrap().title.unwrap();
    let env =
        [("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", &s.url() as &str), ("FREDDY_ORGANIZATION_ID", "org_demo")];
    let writes = s.server.requests().writes();
    let out = run(home.path(), &["tracks", "remove", FOCUS, a, b, "mtrack_notamember", "--dry-run"], &env);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&title) && text.contains("would be removed") && text.contains("not in collection"), "{text}");
    assert!(text.contains("would remove 2 of 3 tracks"), "{text}");
    let json = run(home.path(), &["tracks", "remove", FOCUS, b, "--dry-run", "--json"], &env);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!((doc["dry_run"].as_bool(), doc["tracks"][0]["position"].as_u64()), (Some(true), Some(3)));
    // Not one write reached the server, and nothing was journaled.
    assert_eq!(s.server.requests().writes(), writes);
    assert_eq!(api.all_members(&cid(FOCUS)).await.unwrap().len(), members.len());
    assert!(!journal_path(home.path()).exists());
}
