//! What a new user met on the command line, each said plainly with the right exit status: a blank name,
//! a bare id prefix, `--limit 0`, a negative fail rate, and a key from the environment that is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

use crate::common::*;

fn cli(home: &std::path::Path, url: &str, args: &[&str]) -> Output {
    run(home, args, &[("FREDDY_API_KEY", LISTENER), ("FREDDY_BASE_URL", url), ("FREDDY_ORGANIZATION_ID", "org_demo")])
}

fn said(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blank_name_is_refused_before_anything_is_sent() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let before = s.server.requests().post;
    let out = cli(home.path(), &s.url(), &["collections", "create", "  "]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("a collection needs a name"), "{}", said(&out));
    assert_eq!(s.server.requests().post, before, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bare_prefix_says_it_is_only_the_prefix() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let out = cli(home.path(), &s.url(), &["tracks", "list", "mcoll_"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(said(&out).contains("`mcoll_` is only the prefix"), "{}", said(&out));
}

#[test]
fn limit_zero_and_a_negative_fail_rate_are_refused_with_their_reason() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["history", "--limit", "0"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("--limit"), "{}", said(&out));
    let out = run(home.path(), &["serve", "--fail-rate", "-0.5", "--db", ":memory:"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("give a share from 0.0 to 1.0"), "{}", said(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_key_from_the_environment_gives_no_advice_about_the_file() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let env = [
        ("FREDDY_API_KEY", "ak_wrong_key_123"),
        ("FREDDY_BASE_URL", &s.url() as &str),
        ("FREDDY_ORGANIZATION_ID", "org_demo"),
    ];
    let out = run(home.path(), &["collections", "list"], &env);
    assert_eq!(out.status.code(), Some(1));
    let said = said(&out);
    assert!(said.contains("FREDDY_API_KEY, which overrides the config file"), "{said}");
    assert!(!said.contains("config init"), "{said}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_name_with_a_slip_of_the_fingers_is_offered_the_near_one() {
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    for typed in ["Focus Sesions", "Sleep  Sounds", "focus sessions"] {
        let out = cli(home.path(), &s.url(), &["tracks", "list", typed]);
        assert_eq!(out.status.code(), Some(2));
        assert!(said(&out).contains("did you mean"), "{typed}: {}", said(&out));
    }
}

#[test]
fn a_config_file_named_and_missing_is_an_error_not_ignored() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("nope.toml");
    let env = [
        ("FREDDY_API_KEY", LISTENER),
        ("FREDDY_BASE_URL", "http://127.0.0.1:9"),
        ("FREDDY_ORGANIZATION_ID", "org_demo"),
    ];
    let out = run(home.path(), &["--config", missing.to_str().unwrap(), "collections", "list"], &env);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("there is no config file at"), "{}", said(&out));
}

/// A config file holding only `[ui]` holds no key: no warning about its mode; `config show` lists the
/// `[ui]` settings with their defaults.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_file_without_a_key_gets_no_key_warning_and_show_lists_the_ui_settings() {
    use std::os::unix::fs::PermissionsExt;
    let s = demo_server().await;
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config/freddy-music");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(&file, "[ui]\nrefresh_secs = 5\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = cli(home.path(), &s.url(), &["collections", "list"]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(!said(&out).contains("holds your API key"), "{}", said(&out));
    let shown = cli(home.path(), &s.url(), &["config", "show"]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("ui.refresh_secs  5  (file)") && text.contains("ui.clipboard     auto  (default)"), "{text}");
}
