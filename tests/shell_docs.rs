//! Completions, the manual page and `--version`, all from the one clap definition; and the messages a
//! script meets first (a mistyped command, `config init` without a terminal).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

const SUBCOMMANDS: [&str; 9] =
    ["serve", "config", "collections", "tracks", "history", "restore", "completions", "man", "create"];

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(home.path(), &["completions", shell], &[]);
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.len() > 500, "{shell}: {} bytes", text.len());
        for sub in SUBCOMMANDS {
            assert!(text.contains(sub), "{shell} completions do not mention {sub}");
        }
    }
    let bad = run(home.path(), &["completions", "tcsh"], &[]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_man_page_has_a_title_and_every_subcommand() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["man"], &[]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH freddy-music 1"), "{}", &page[..200.min(page.len())]);
    for section in [
        "FREDDY-MUSIC SERVE",
        "FREDDY-MUSIC COLLECTIONS LIST",
        "FREDDY-MUSIC COLLECTIONS DELETE",
        "FREDDY-MUSIC TRACKS REMOVE",
        "FREDDY-MUSIC CONFIG INIT",
        "FREDDY-MUSIC HISTORY",
        "FREDDY-MUSIC RESTORE",
    ] {
        assert!(page.contains(&format!(".SH \"{section}\"")), "no section for {section}");
    }
}

#[test]
fn the_command_line_definition_is_consistent() {
    use clap::CommandFactory;
    freddy_music::cli::Cli::command().debug_assert();
    for sub in freddy_music::cli::Cli::command().get_subcommands() {
        sub.clone().debug_assert();
    }
}

#[test]
fn version_names_the_version() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["--version"], &[]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(&format!("freddy-music {}", env!("CARGO_PKG_VERSION"))), "{text}");
}

#[test]
fn a_mistyped_command_suggests_the_right_one() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["colections", "list"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("collections"));
}

#[test]
fn config_init_without_a_terminal_names_both_ways_to_give_the_key() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["config", "init", "--organization", "org_demo"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("FREDDY_API_KEY") && err.contains("--api-key"), "{err}");
}
