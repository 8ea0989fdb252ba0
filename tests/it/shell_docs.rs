//! Completions, the manual page and `--version`, all from the one clap definition; and the messages a
//! script meets first (a mistyped command, `config init` without a terminal).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

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

/// The completion script of `shell`, written to a file in `dir`.
fn script_file(dir: &std::path::Path, shell: &str) -> std::path::PathBuf {
    let out = run(dir, &["completions", shell], &[]);
    assert!(out.status.success(), "{shell}");
    let path = dir.join(format!("freddy-music.{shell}"));
    std::fs::write(&path, out.stdout).unwrap();
    path
}

/// Whether `program` runs here; when it does not, the test says it is skipped and why.
fn installed(program: &str) -> bool {
    let found = std::process::Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!(
            "skipped: {program} is not installed here, so its completion script cannot be run (apt-get install {program})"
        );
    }
    found
}

/// The words each line of completion asks for, and what must be among the candidates.
const CASES: [(&str, &[&str]); 3] = [
    ("freddy-music tracks ", &["list", "remove", "add", "move"]),
    ("freddy-music tracks list --", &["--json", "--fields", "--no-header"]),
    ("freddy-music collections ", &["list", "create", "rename", "delete"]),
];

/// Asserts that every word of `want` is among the candidates a shell offered for `line`.
fn offered(shell: &str, line: &str, want: &[&str], candidates: &[&str], stderr: &[u8]) {
    for w in want {
        assert!(
            candidates.contains(w),
            "{shell}, {line:?}: {w} missing from {candidates:?} ({})",
            String::from_utf8_lossy(stderr)
        );
    }
}

/// Bash: the script is sourced, `complete -p` names its function, and the function is driven as bash
/// drives it (`COMP_WORDS`, `COMP_CWORD`, the word and the one before). It used to complete nothing past
/// the first word.
#[test]
fn bash_completes_past_the_first_word() {
    if !installed("bash") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = script_file(dir.path(), "bash");
    for (line, want) in CASES {
        let words: Vec<&str> = line.split(' ').collect();
        let cword = words.len() - 1;
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let program = format!(
            "source '{}'; f=$(complete -p freddy-music | sed 's/.*-F \\([^ ]*\\).*/\\1/'); COMP_WORDS=({}); COMP_CWORD={cword}; \"$f\" freddy-music '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display(),
            quoted.join(" "),
            words[cword],
            words[cword - 1],
        );
        let out = std::process::Command::new("bash").arg("-c").arg(&program).output().unwrap();
        let got = String::from_utf8_lossy(&out.stdout);
        offered("bash", line, want, &got.lines().collect::<Vec<_>>(), &out.stderr);
    }
}

/// Fish: `complete -C` lists the candidates for a command line.
#[test]
fn fish_completes_past_the_first_word() {
    if !installed("fish") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = script_file(dir.path(), "fish");
    for (line, want) in CASES {
        let program = format!("source '{}'; complete -C '{line}'", script.display());
        let out = std::process::Command::new("fish").arg("--no-config").arg("-c").arg(&program).output().unwrap();
        let got = String::from_utf8_lossy(&out.stdout);
        let candidates: Vec<&str> = got.lines().map(|l| l.split('\t').next().unwrap_or_default()).collect();
        offered("fish", line, want, &candidates, &out.stderr);
    }
}

/// Zsh: an interactive zsh in a `zpty` loads the script through compinit (it is an `fpath` function),
/// `compadd` is wrapped to print what it is given, and a Tab after each line asks for completion.
#[test]
fn zsh_completes_past_the_first_word() {
    if !installed("zsh") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["completions", "zsh"], &[]);
    std::fs::write(dir.path().join("_freddy-music"), out.stdout).unwrap();
    for (line, want) in CASES {
        let program = format!(
            r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT=''; fpath=('{dir}' \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () {{ local -a h; builtin compadd -O h "$@"; (( $#h )) && print -r -- "<<${{(j: :)h}}>>"; builtin compadd "$@" }}'
zpty -w z 'zstyle ":completion:*" list-prompt ""; zstyle ":completion:*" menu no'
zpty -n -w z "{line}"$'\t'
seen=0; quiet=0
for i in {{1..400}}; do
  if zpty -r -t z l; then print -r -- "$l"; quiet=0; [[ $l == *'<<'[a-z-]* ]] && seen=1
  elif (( seen && ++quiet > 4 )); then break
  else sleep 0.05; fi
done
zpty -d z"#,
            dir = dir.path().display()
        );
        let out = std::process::Command::new("zsh").arg("-f").arg("-c").arg(&program).output().unwrap();
        let got = String::from_utf8_lossy(&out.stdout);
        let candidates: Vec<&str> =
            got.split("<<").skip(1).filter_map(|s| s.split(">>").next()).flat_map(|s| s.split(' ')).collect();
        offered("zsh", line, want, &candidates, &out.stderr);
    }
}

/// `serve --help` lists the server's options and the global ones that mean something to it, not the
/// client's; `restore` without arguments shows both ways to call it.
#[test]
fn serve_help_lists_no_client_flags_and_restore_usage_names_last() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["serve", "--help"], &[]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for client in ["--base-url", "--organization", "--header"] {
        assert!(!help.contains(client), "serve --help lists {client}:\n{help}");
    }
    for global in ["--color", "--config", "--quiet", "--addr"] {
        assert!(help.contains(global), "serve --help lacks {global}");
    }
    let out = run(home.path(), &["restore"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("restore --last"), "{err}");
}

/// The TUI with no terminal says it needs one and names the commands for scripts, instead of an OS error.
#[test]
fn the_tui_without_a_terminal_names_the_scripting_commands() {
    let home = tempfile::tempdir().unwrap();
    let env = [
        ("FREDDY_API_KEY", LISTENER),
        ("FREDDY_BASE_URL", "http://127.0.0.1:9"),
        ("FREDDY_ORGANIZATION_ID", "org_demo"),
    ];
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_freddy-music"));
    cmd.env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .envs(env)
        .stdin(std::process::Stdio::null());
    // No controlling terminal either: a new session.
    use std::os::unix::process::CommandExt;
    // SAFETY: setsid is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| nix::unistd::setsid().map(|_| ()).map_err(std::io::Error::from));
    }
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs an interactive terminal") && err.contains("freddy-music collections list"), "{err}");
}

/// `serve` with its log redirected writes no colour escapes into it.
#[test]
fn serve_writes_no_colour_into_a_redirected_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_freddy-music"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", ":memory:", "--archive-size", "10"])
        .env_remove("NO_COLOR")
        .env("XDG_DATA_HOME", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut first).unwrap();
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGTERM).unwrap();
    let out = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("listening"), "{log}");
    assert!(!out.stderr.contains(&0x1b), "escape sequences in the log: {log:?}");
}
