//! Shared by the end-to-end tests: a reference server on an ephemeral loopback port with a temp SQLite
//! file, and clients for the demo users.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod hostile;
pub mod pty;

use std::io::Write;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use freddy_music::api::{ApiKey, Client, ClientConfig, CollectionId, OrganizationId, RetryPolicy, TrackId};
use freddy_music::server::{self, FaultOptions, RunningServer, ServeOptions};
use tempfile::TempDir;

pub const LISTENER: &str = "ak_demo_listener";
pub const OTHER: &str = "ak_demo_other";
pub const FOCUS: &str = "mcoll_4a1f9c7e2b8d";
pub const OTHERS_MIXTAPE: &str = "mcoll_6b9d3e2c4a7f";
pub const EMPTY_CRATE: &str = "mcoll_1e7b5c9a2f8d";
pub const ARCHIVE: &str = "mcoll_0a0a0a0a0a0a";

/// A running reference server and the temp dir holding its database.
pub struct TestServer {
    pub server: RunningServer,
    pub dir: TempDir,
}

impl TestServer {
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// The server's clock: `advance` it instead of waiting for a real second.
    pub fn clock(&self) -> &freddy_music::server::clock::Clock {
        self.server.clock()
    }

    pub fn db_path(&self) -> String {
        self.dir.path().join("server.db").to_string_lossy().into_owned()
    }

    /// The order of a collection as the listener reads it.
    pub async fn order(&self, collection: &str) -> Vec<TrackId> {
        order(&self.client(LISTENER), &cid(collection)).await
    }

    pub fn client(&self, key: &str) -> Client {
        client_for(&self.url(), key)
    }
}

/// The demo data set with a small archive (fast to seed), no faults.
pub async fn demo_server() -> TestServer {
    demo_server_with(200, FaultOptions::default()).await
}

pub async fn demo_server_with(archive_size: usize, faults: FaultOptions) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServeOptions::demo(dir.path().join("server.db").to_string_lossy().into_owned());
    opts.archive_size = archive_size;
    opts.faults = faults;
    let server = server::start(opts).await.unwrap();
    TestServer { server, dir }
}

pub fn client_for(url: &str, key: &str) -> Client {
    let mut cfg = ClientConfig::new(url, OrganizationId::parse("org_demo").unwrap(), ApiKey::parse(key).unwrap());
    cfg.retry = RetryPolicy { min_delay: Duration::from_millis(10), ..RetryPolicy::default() };
    Client::new(cfg).unwrap()
}

/// A collection's track ids in order, read whole; every page's positions must run on from 0.
pub async fn order(api: &Client, id: &CollectionId) -> Vec<TrackId> {
    let members = api.all_members(id).await.unwrap();
    assert_eq!(members.iter().map(|m| m.position).collect::<Vec<_>>(), (0..members.len() as u64).collect::<Vec<_>>());
    members.into_iter().map(|m| m.track_id).collect()
}

pub fn cid(s: &str) -> CollectionId {
    CollectionId::parse(s).unwrap()
}

pub fn tid(s: &str) -> TrackId {
    TrackId::parse(s).unwrap()
}

/// Starts the binary on an ephemeral port and returns it with its URL (read from its first line).
pub fn spawn_serve(db: &str, archive_size: usize) -> (Child, String, BufReader<std::process::ChildStdout>) {
    spawn_serve_with(db, archive_size, &[])
}

/// `spawn_serve` with more `serve` flags (fault knobs).
pub fn spawn_serve_with(
    db: &str,
    archive_size: usize,
    extra: &[&str],
) -> (Child, String, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_freddy-music"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", db, "--archive-size", &archive_size.to_string()])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    (child, url, out)
}

/// Runs the binary with a private config and state home, none of the caller's FREDDY_* variables,
/// and `stdin` as standard input.
pub fn run_with_input(home: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_freddy-music"));
    cmd.args(args)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"));
    for var in
        ["FREDDY_API_KEY", "FREDDY_BASE_URL", "FREDDY_ORGANIZATION_ID", "FREDDY_CONFIG", "FREDDY_LOG", "FREDDY_TIMEOUT"]
    {
        cmd.env_remove(var);
    }
    let mut child = cmd
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// The journal file of a private home (as `run_with_input` and `tui_against` lay it out).
pub fn journal_path(home: &Path) -> std::path::PathBuf {
    home.join("data/freddy-music/journal.jsonl")
}

/// `run_with_input` with nothing on standard input.
pub fn run(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    run_with_input(home, args, env, "")
}

/// The `request` lines the client logged: (path, query, status).
pub fn requests(log: &Path) -> Vec<(String, String, u16)> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter(|l| l.contains(" request ") && l.contains("path="))
        .map(|l| {
            let field = |name: &str| {
                l.split_whitespace().find_map(|w| w.strip_prefix(name)).unwrap_or("").trim_matches('"').to_string()
            };
            (field("path="), field("query="), field("status=").parse().unwrap_or(0))
        })
        .collect()
}

/// Whether the tracks table shows only titled rows (no ids standing in, no placeholders).
pub fn all_titled(p: &pty::Pty) -> bool {
    // A table row reads `│ collections │││    12  Title …│`: the third cell is the tracks table.
    let cells: Vec<String> = p.rows(3, 21).iter().filter_map(|r| r.split('│').nth(3).map(str::to_string)).collect();
    let numbered = cells.iter().filter(|c| c.trim_start().starts_with(|ch: char| ch.is_ascii_digit())).count();
    numbered >= 15 && cells.iter().all(|c| !c.contains("mtrack_") && !c.contains(" … "))
}

/// Starts the TUI in a pseudo-terminal as the listener against `url`, with every XDG directory inside
/// `home` and debug logging on; returns it with the path of its log file.
pub fn tui_against(url: &str, home: &Path) -> (pty::Pty, std::path::PathBuf) {
    tui_against_with(url, home, &[])
}

/// `tui_against` with more environment (a short `FREDDY_TIMEOUT`, say).
pub fn tui_against_with(url: &str, home: &Path, extra: &[(&str, &str)]) -> (pty::Pty, std::path::PathBuf) {
    let dir = |p: &str| home.join(p).to_string_lossy().into_owned();
    let (state, cache, config, data) = (dir("state"), dir("cache"), dir("config"), dir("data"));
    let env = [
        ("FREDDY_API_KEY", LISTENER),
        ("FREDDY_BASE_URL", url),
        ("FREDDY_ORGANIZATION_ID", "org_demo"),
        ("FREDDY_LOG", "debug"),
        ("XDG_STATE_HOME", state.as_str()),
        ("XDG_CACHE_HOME", cache.as_str()),
        ("XDG_CONFIG_HOME", config.as_str()),
        ("XDG_DATA_HOME", data.as_str()),
    ];
    let env: Vec<(&str, &str)> = env.iter().chain(extra).copied().collect();
    (pty::Pty::spawn(&[], &env), home.join("state/freddy-music/freddy-music.log"))
}
