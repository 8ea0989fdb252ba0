//! `freddy-music serve` as a process: it prints where it listens, an acknowledged write survives
//! `kill -9`, and SIGTERM shuts it down cleanly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::BufRead;
use std::process::Command;

use crate::common::*;

#[tokio::test]
async fn acknowledged_writes_survive_kill_9_and_sigterm_is_graceful() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db").to_string_lossy().into_owned();
    let (mut child, url, mut out) = spawn_serve(&db, 50);
    let mut banner = String::new();
    out.read_line(&mut banner).unwrap();
    out.read_line(&mut banner).unwrap();
    assert!(banner.contains("org_demo") && banner.contains("ak_demo_listener"), "{banner}");

    let c = client_for(&url, LISTENER);
    let members = c.all_members(&cid(FOCUS)).await.unwrap();
    c.remove_member(&cid(FOCUS), &members[1].track_id).await.unwrap();
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let (mut child, url, mut out) = spawn_serve(&db, 50);
    let c = client_for(&url, LISTENER);
    let after = c.all_members(&cid(FOCUS)).await.unwrap();
    assert_eq!(after.len(), members.len() - 1);
    assert!(!after.iter().any(|m| m.track_id == members[1].track_id));

    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let code = child.wait().unwrap();
    assert!(code.success(), "{code:?}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    assert!(rest.contains("shutting down"), "{rest}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_freddy-music"))
        .args(["serve", "--addr", &addr, "--db", ":memory:", "--seed", "empty"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot listen on") && err.contains(&addr), "{err}");
}

#[tokio::test]
async fn memory_is_a_temporary_file_shared_by_every_connection_and_removed_on_exit() {
    let (mut child, url, mut out) = spawn_serve(":memory:", 50);
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let file = line.split(", ").nth(1).unwrap().to_string();
    assert!(line.starts_with("database: :memory:") && std::path::Path::new(&file).exists(), "{line}");
    // A write on the writer's connection is seen by reads on the others.
    let c = client_for(&url, LISTENER);
    let members = c.all_members(&cid(FOCUS)).await.unwrap();
    c.remove_member(&cid(FOCUS), &members[0].track_id).await.unwrap();
    assert_eq!(c.all_members(&cid(FOCUS)).await.unwrap().len(), members.len() - 1);
    assert_eq!(c.get_collection(&cid(FOCUS)).await.unwrap().track_count, Some(members.len() as u64 - 1));
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
    let dir = std::path::Path::new(&file).parent().unwrap();
    assert!(!dir.exists(), "{} is left behind", dir.display());
}
