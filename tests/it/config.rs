//! The config file and the `config` commands, with `XDG_CONFIG_HOME` pointed at a temp dir (never the
//! real one), and the first-run setup screen in a pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

use crate::common::pty::{ENTER, Pty};
use crate::common::*;
use freddy_music::config::file::{self, ConfigFile};

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn config_file(home: &Path) -> std::path::PathBuf {
    home.join("config/freddy-music/config.toml")
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn round_trip_with_private_modes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/freddy-music/config.toml");
    let mut f = ConfigFile {
        base_url: Some("https://api.example.com".into()),
        api_key: Some("ak_round_trip_0001".into()),
        organization_id: Some("org_abc123".into()),
        ..ConfigFile::default()
    };
    f.theme = Some(file::ThemeConfig { name: Some("light".into()), ..Default::default() });
    f.ui.mouse = Some(false);
    file::save(&path, &f).unwrap();
    assert_eq!(file::load(&path).unwrap().unwrap().file, f);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    // Overwriting keeps the mode.
    f.organization_id = Some("org_other".into());
    file::save(&path, &f).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(file::load(&path).unwrap().unwrap().file.organization_id.as_deref(), Some("org_other"));
}

#[test]
fn an_interrupted_write_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let old = ConfigFile { api_key: Some("ak_old_key_1234".into()), ..ConfigFile::default() };
    file::save(&path, &old).unwrap();
    let before = std::fs::read(&path).unwrap();
    let new = ConfigFile { api_key: Some("ak_new_key_5678".into()), ..ConfigFile::default() };
    let err = file::save_with(&path, &new, |tmp| {
        assert!(tmp.exists() && tmp.parent() == path.parent(), "temp file in the same directory");
        Err(std::io::Error::other("simulated crash before rename"))
    });
    assert!(err.unwrap_err().to_string().contains("simulated crash"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "no temp file left behind: {left:?}");
}

#[test]
fn invalid_toml_names_file_line_and_field_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(dir.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "base_url = \"https://api.aitronos.com\"\napi_key = 42\n").unwrap();
    let out = run(dir.path(), &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    let msg = text(&out);
    assert!(msg.contains(&format!("{}:2", path.display())) && msg.contains("api_key"), "{msg}");
    std::fs::write(&path, "organization_id = \"org_demo\"\napi_key = \"unterminated\n").unwrap();
    let out = run(dir.path(), &["config", "show"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains(":2"), "{}", text(&out));
}

#[test]
fn unknown_fields_warn_and_bad_values_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(dir.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "api_key = \"ak_demo_listener\"\norganization_id = \"org_demo\"\ncolour = \"red\"\n")
        .unwrap();
    let out = run(dir.path(), &["config", "show"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).contains("unknown field `colour`") && text(&out).contains(":3"), "{}", text(&out));

    // Plain http to a remote host: refused, unless allow_insecure_http = true.
    let body =
        "api_key = \"ak_demo_listener\"\norganization_id = \"org_demo\"\nbase_url = \"http://music.example.com\"\n";
    std::fs::write(&path, body).unwrap();
    let out = run(dir.path(), &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("plain http") && text(&out).contains("allow_insecure_http"), "{}", text(&out));
    std::fs::write(&path, format!("{body}allow_insecure_http = true\n")).unwrap();
    let out = run(dir.path(), &["config", "show"], &[]);
    assert!(text(&out).contains("allow_insecure_http true"), "{}", text(&out));

    // A key with whitespace or control characters.
    for bad in ["ak_with space", "ak_tab\there"] {
        std::fs::write(&path, format!("api_key = \"{bad}\"\norganization_id = \"org_demo\"\n")).unwrap();
        let out = run(dir.path(), &[], &[]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(text(&out).contains("whitespace or control"), "{}", text(&out));
        assert!(!text(&out).contains(bad), "the key is not echoed");
    }
    let out = run(dir.path(), &["config", "set", "api_key", "ak_bad key"], &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn precedence_flag_over_env_over_file_and_the_key_is_masked() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(dir.path());
    let f = ConfigFile {
        api_key: Some("ak_file_key_AAAA1111".into()),
        organization_id: Some("org_file".into()),
        base_url: Some("https://file.example.com".into()),
        ..ConfigFile::default()
    };
    file::save(&path, &f).unwrap();
    let show = |args: &[&str], env: &[(&str, &str)]| text(&run(dir.path(), args, env));
    let line = |out: &str, name: &str| out.lines().find(|l| l.starts_with(name)).unwrap().to_string();

    let out = show(&["config", "show"], &[]);
    assert!(line(&out, "organization_id").contains("org_file") && line(&out, "organization_id").ends_with("(file)"));
    assert!(line(&out, "api_key").contains("ak_…1111") && !out.contains("ak_file_key_AAAA1111"), "{out}");

    let env = [
        ("FREDDY_ORGANIZATION_ID", "org_env"),
        ("FREDDY_API_KEY", "ak_env_key_BBBB2222"),
        ("FREDDY_BASE_URL", "https://env.example.com"),
    ];
    let out = show(&["config", "show"], &env);
    assert!(line(&out, "organization_id").contains("org_env") && line(&out, "organization_id").ends_with("(env)"));
    assert!(line(&out, "api_key").contains("ak_…2222") && !out.contains("BBBB2222"));
    assert!(line(&out, "base_url").contains("env.example.com"));

    let out = show(&["config", "show", "--organization", "org_flag", "--base-url", "https://flag.example.com"], &env);
    assert!(line(&out, "organization_id").contains("org_flag") && line(&out, "organization_id").ends_with("(flag)"));
    assert!(line(&out, "base_url").contains("flag.example.com") && line(&out, "base_url").ends_with("(flag)"));

    // --config / FREDDY_CONFIG select another file.
    let other = dir.path().join("elsewhere.toml");
    let out = run(dir.path(), &["config", "path"], &[("FREDDY_CONFIG", other.to_str().unwrap())]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), other.to_str().unwrap());
    let out = run(dir.path(), &["--config", other.to_str().unwrap(), "config", "path"], &[]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), other.to_str().unwrap());
}

#[test]
fn config_set_validates_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(dir.path());
    let out = run(dir.path(), &["config", "set", "organization_id", "org_demo"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = run(dir.path(), &["config", "set", "api_key", "ak_set_key_CCCC3333"], &[]);
    assert!(text(&out).contains("ak_…3333") && !text(&out).contains("CCCC"));
    assert_eq!(mode(&path), 0o600);
    let out = run(dir.path(), &["config", "set", "base_url", "http://remote.example.com"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(dir.path(), &["config", "set", "ui.confirm_remove", "sometimes"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never, bulk, always"));
    let out = run(dir.path(), &["config", "set", "ui.confirm_remove", "never"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let saved = file::load(&config_file(dir.path())).unwrap().unwrap().file;
    assert_eq!(saved.ui.confirm_remove, Some(freddy_music::config::ConfirmRemove::Never));
    let out = run(dir.path(), &["config", "set", "colour", "red"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("unknown key"));
    let f = file::load(&path).unwrap().unwrap().file;
    assert_eq!(
        (f.organization_id.as_deref(), f.api_key.as_deref(), f.base_url),
        (Some("org_demo"), Some("ak_set_key_CCCC3333"), None)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn config_init_saves_an_accepted_key_and_not_a_rejected_one() {
    let s = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(dir.path());
    let url = s.url();
    let init = |key: &str, extra: &[&str]| {
        let mut args =
            vec!["config", "init", "--api-key", key, "--organization", "org_demo", "--base-url", url.as_str()];
        args.extend_from_slice(extra);
        run(dir.path(), &args, &[])
    };
    let out = init("ak_rejected_9999", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("AUTHENTICATION_REQUIRED") && text(&out).contains("nothing was saved"),
        "{}",
        text(&out)
    );
    assert!(!path.exists());
    let out = init(LISTENER, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains(LISTENER));
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let saved = std::fs::read_to_string(&path).unwrap();
    // Never overwritten without --force.
    let out = init(OTHER, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
    let out = init(OTHER, &["--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&path).unwrap().contains(OTHER));
    // --no-verify saves without asking the server.
    let out = init("ak_unchecked_0000", &["--force", "--no-verify"]);
    assert_eq!(out.status.code(), Some(0));
    // Without a terminal and without flags, init asks nothing and says what is missing.
    let out = run(dir.path(), &["config", "init", "--force"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("--api-key"));
}

#[tokio::test(flavor = "multi_thread")]
async fn then_a_plain_start_opens_on_the_listeners_collections() {
    let s = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let url = s.url();
    let out = run(
        dir.path(),
        &["config", "init", "--api-key", LISTENER, "--organization", "org_demo", "--base-url", &url],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // An unknown field does not stop the app; its warning shows in the status line.
    let path = config_file(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}colour = \"red\"\n")).unwrap();
    let home = dir.path().to_str().unwrap();
    let config = format!("{home}/config");
    let state = format!("{home}/state");
    let mut tui = Pty::spawn(&[], &[("XDG_CONFIG_HOME", &config), ("XDG_STATE_HOME", &state)]);
    tui.wait_for_text("Focus Sessions");
    assert!(tui.rows(22, 23)[0].contains("unknown field `colour` ignored"), "{}", tui.screen());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_setup_screen_verifies_saves_and_opens_the_collections() {
    let s = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_str().unwrap();
    let config = format!("{home}/config");
    let state = format!("{home}/state");
    let mut tui = Pty::spawn(&[], &[("XDG_CONFIG_HOME", &config), ("XDG_STATE_HOME", &state), ("FREDDY_LOG", "debug")]);
    tui.wait_for_text("Set up freddy-music");
    // A wrong key first: the server's answer shows and nothing is saved.
    tui.send("ak_wrong_key_00");
    tui.send("\t");
    tui.send("org_demo\t");
    tui.send("\x01\x0b"); // Ctrl-A, Ctrl-K: clear the prefilled base URL
    tui.send(&s.url());
    tui.send("\t");
    tui.send(ENTER);
    tui.wait_for_text("API key rejected");
    assert!(!config_file(dir.path()).exists());
    assert!(!tui.screen().contains("ak_wrong_key_00"), "the key field is masked");
    // The refusal put the focus on the key field: mend the key (Ctrl-U clears it) and save.
    tui.send("\x15");
    tui.send(LISTENER);
    tui.send("\t\t\t");
    tui.send(ENTER);
    tui.wait_for_text("Focus Sessions");
    // Where the settings went is said.
    tui.wait_for_text("Saved to");
    assert_eq!(mode(&config_file(dir.path())), 0o600);
    let saved = file::load(&config_file(dir.path())).unwrap().unwrap().file;
    assert_eq!((saved.api_key.as_deref(), saved.organization_id.as_deref()), (Some(LISTENER), Some("org_demo")));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let log = std::fs::read_to_string(dir.path().join("state/freddy-music/freddy-music.log")).unwrap();
    assert!(log.contains("request") && !log.contains(LISTENER));
}

#[test]
fn the_example_config_documents_every_field_and_parses() {
    let text = include_str!("../../assets/config.example.toml");
    let loaded = file::parse(Path::new("config.example.toml"), text).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    for field in ["base_url", "api_key", "organization_id", "allow_insecure_http", "[ui]", "theme"] {
        assert!(text.contains(field), "{field}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn config_init_on_a_terminal_asks_with_the_key_hidden() {
    let s = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let url = s.url();
    let env = [("XDG_CONFIG_HOME", config.to_str().unwrap())];
    let mut tui = Pty::spawn(&["config", "init", "--base-url", url.as_str()], &env);
    tui.wait_for_text("API key (input hidden):");
    // The prompt is printed just before echo goes off: type only once it is off, as a person would.
    tui.wait_for("echo off", |p| !p.echoes());
    tui.send(LISTENER);
    tui.send("\r");
    tui.wait_for_text("Organization id:");
    assert!(!tui.screen().contains(LISTENER), "the key was echoed");
    tui.send("org_demo\r");
    tui.wait_for_text("Saved");
    assert_eq!(tui.wait_exit(), 0);
    assert!(tui.screen().contains("ak_…ener") && !tui.screen().contains(LISTENER));
    let saved = file::load(&config_file(dir.path())).unwrap().unwrap().file;
    assert_eq!((saved.api_key.as_deref(), saved.organization_id.as_deref()), (Some(LISTENER), Some("org_demo")));
    assert_eq!(saved.base_url.as_deref(), Some(url.as_str()));
}

#[test]
fn a_config_file_readable_by_others_is_warned_about_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(dir.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "api_key = \"ak_demo_listener\"\norganization_id = \"org_demo\"\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    // Any command that reads the file says so on standard error (here one that then fails to connect).
    let closed = [("FREDDY_BASE_URL", "http://127.0.0.1:9")];
    let out = run(dir.path(), &["collections", "list"], &closed);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("readable by others (mode 644)") && err.contains(&format!("chmod 600 {}", path.display())),
        "{err}"
    );
    assert!(text(&run(dir.path(), &["config", "show"], &[])).contains("chmod 600"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run(dir.path(), &["collections", "list"], &closed);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("readable by others"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_log_file_is_created_0600() {
    let s = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let (mut tui, log) = tui_against(&s.url(), dir.path());
    tui.wait_for_text("Focus Sessions");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(mode(&log), 0o600);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_request_timeout_is_a_setting_and_a_silent_server_is_given_up_on_once() {
    // A server that accepts and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((c, _)) = silent.accept().await {
            open.push(c);
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("FREDDY_API_KEY", LISTENER),
        ("FREDDY_BASE_URL", url.as_str()),
        ("FREDDY_ORGANIZATION_ID", "org_demo"),
        ("FREDDY_TIMEOUT", "0.5"),
    ];
    let (home, env_owned): (std::path::PathBuf, Vec<(String, String)>) =
        (dir.path().to_path_buf(), env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    let out = tokio::task::spawn_blocking(move || {
        let env: Vec<(&str, &str)> = env_owned.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run(&home, &["collections", "list"], &env)
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("did not answer within"), "{}", text(&out));
    // Setting up checks the key with the same timeout `config show` names (it used one of 10 s of its own).
    let (home, env_owned): (std::path::PathBuf, Vec<(String, String)>) =
        (dir.path().to_path_buf(), env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    let init = tokio::task::spawn_blocking(move || {
        let env: Vec<(&str, &str)> = env_owned.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run(&home, &["config", "init"], &env)
    })
    .await
    .unwrap();
    assert!(text(&init).contains("did not answer within 0.5 s"), "{}", text(&init));
    let shown = run(dir.path(), &["config", "show"], &[("FREDDY_TIMEOUT", "0.5")]);
    assert!(text(&shown).contains("request_timeout  0.5 s  (env)"), "{}", text(&shown));
    let bad = run(
        dir.path(),
        &["collections", "list"],
        &[("FREDDY_TIMEOUT", "soon"), ("FREDDY_API_KEY", LISTENER), ("FREDDY_ORGANIZATION_ID", "org_demo")],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad).contains("request_timeout_secs"), "{}", text(&bad));
    held.abort();
}

#[test]
fn old_spellings_are_read_with_a_warning_and_theme_problems_name_their_line() {
    let path = Path::new("/tmp/x/config.toml");
    let text = "[ui]\ntheme = \"mono\"\n\n[ui.keys]\nremove = \"x\"\n";
    let loaded = file::parse(path, text).unwrap();
    assert_eq!(loaded.file.theme.as_ref().and_then(|t| t.name.as_deref()), Some("mono"));
    assert!(matches!(loaded.file.keys.get("remove"), Some(file::KeySpec::One(k)) if k == "x"));
    assert!(
        loaded.warnings.iter().any(|w| w.contains("`[ui] theme` is the old spelling of `[theme] name`")),
        "{:?}",
        loaded.warnings
    );
    assert!(loaded.warnings.iter().any(|w| w.contains("`[ui.keys]` is the old spelling of `[keys]`")));

    // An unknown element is a warning with its line; a colour that cannot be read is an error with its line.
    let text = "[theme]\nname = \"dark\"\nsparkle = \"red\"\nselected = \"bold black on #00afff\"\n";
    // The drawing layer checks the theme, naming the lines the config layer read.
    let problems = |text: &str| {
        let l = file::parse(path, text).unwrap();
        freddy_music::ui::theme::problems(l.file.theme.as_ref(), &l.theme_lines, path)
    };
    let (warnings, _) = problems(text);
    assert!(warnings.iter().any(|w| w.contains("sparkle") && w.contains(":3")), "{warnings:?}");
    let e = problems("[theme]\nname = \"dark\"\n\nselected = \"bold blurple\"\n").1.join("\n");
    assert!(e.contains(":4:") && e.contains("blurple"), "{e}");
    let e = problems("[theme]\nname = \"sepia\"\n").1.join("\n");
    assert!(e.contains(":2:") && e.contains("sepia") && e.contains("dark, light or mono"), "{e}");
}

#[test]
fn keys_in_the_config_report_each_bad_entry_with_its_line_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config_file(dir.path());
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(
        &cfg,
        "api_key = \"ak_demo_listener\"\norganization_id = \"org_demo\"\nbase_url = \"http://127.0.0.1:9\"\n\n[keys]\nremove = \"x\"\nlaunch = \"z\"\nrefresh = \"j\"\n",
    )
    .unwrap();
    let loaded = file::load(&cfg).unwrap().unwrap();
    let prefs = freddy_music::launch::prefs_of(Some(&loaded.file));
    assert_eq!(prefs.key_errors.len(), 2, "{:?}", prefs.key_errors);
    assert!(
        prefs.key_errors[0].starts_with("line 7:") && prefs.key_errors[0].contains("launch"),
        "{:?}",
        prefs.key_errors
    );
    assert!(
        prefs.key_errors[1].starts_with("line 8:") && prefs.key_errors[1].contains("already bound"),
        "{:?}",
        prefs.key_errors
    );
}

/// Escape sequences written into `[keys]` (an action name, a key) are printed made visible, never raw:
/// `ESC]52;…` would write the clipboard, `ESC[2J` clear the screen.
#[test]
fn escapes_in_the_keys_table_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config_file(dir.path());
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(
        &cfg,
        "api_key = \"ak_demo_listener\"\norganization_id = \"org_demo\"\nbase_url = \"http://127.0.0.1:9\"\n\n[keys]\n\"\\u001b]52;c;SGVsbG8=\\u0007\" = \"x\"\nremove = \"\\u001b[2J\\u001b[6n\"\n",
    )
    .unwrap();
    let out = run(dir.path(), &[], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has no action") && err.contains("line 7"), "both entries are reported: {err}");
    assert!(!out.stderr.contains(&0x1b) && !out.stdout.contains(&0x1b), "a raw ESC was printed: {err:?}");
}

/// A user name and password in `base_url` are refused with a clear error, and never printed or written:
/// not by the refusal, not by `config show`, not into any file under the home.
#[test]
fn a_password_in_the_base_url_is_refused_and_never_printed_or_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("FREDDY_API_KEY", "ak_demo_listener"),
        ("FREDDY_ORGANIZATION_ID", "org_demo"),
        ("FREDDY_BASE_URL", "http://alice:s3cr3tPW@127.0.0.1:9"),
    ];
    let out = run(dir.path(), &["collections", "list"], &env);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("user name or password") && text(&out).contains("http://***@127.0.0.1:9"));
    let out = run(dir.path(), &["config", "show"], &env);
    assert!(text(&out).contains("http://***@127.0.0.1:9"), "{}", text(&out));
    let out = run(dir.path(), &["history", "--json"], &env);
    assert!(!text(&out).contains("s3cr3tPW"), "{}", text(&out));
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("s3cr3tPW"), "{} holds the password", entry.display());
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

/// A config path that is a device (endless), a FIFO (would wait for ever) or a file over 1 MiB is
/// refused at once with a clear error, nothing read.
#[test]
fn a_config_that_is_not_a_small_regular_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let big = dir.path().join("big.toml");
    std::fs::File::create(&big).unwrap().set_len(2 * 1024 * 1024).unwrap();
    for (path, says) in [
        ("/dev/zero", "not a regular file"),
        (fifo.to_str().unwrap(), "not a regular file"),
        (big.to_str().unwrap(), "larger than 1 MiB"),
    ] {
        let out = run(dir.path(), &["--config", path, "config", "show"], &[]);
        assert!(!out.status.success(), "{path}");
        assert!(text(&out).contains(says), "{path}: {}", text(&out));
    }
}

/// A rejected key that came from FREDDY_API_KEY is said to come from there (it overrides the file), not
/// only "run config init".
#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_key_from_the_environment_says_the_environment_overrides_the_file() {
    let s = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let url = s.url();
    let out = tokio::task::spawn_blocking(move || {
        let env = [
            ("FREDDY_API_KEY", "ak_wrong_key_000000"),
            ("FREDDY_BASE_URL", url.as_str()),
            ("FREDDY_ORGANIZATION_ID", "org_demo"),
        ];
        run(dir.path(), &["collections", "list"], &env)
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out);
    assert!(err.contains("FREDDY_API_KEY") && err.contains("overrides the config file"), "{err}");
    assert!(!err.contains("ak_wrong_key_000000"), "the key is never printed: {err}");
}

/// A colour that cannot be read in `[theme]` is a warning for commands that draw no TUI (they used to
/// exit 2), and still an error, with its line, for the TUI and for `config set`.
#[tokio::test(flavor = "multi_thread")]
async fn a_bad_theme_colour_warns_the_cli_and_stops_the_tui_and_config_set() {
    let s = demo_server().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config_file(dir.path());
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    let body = format!(
        "api_key = \"{LISTENER}\"\norganization_id = \"org_demo\"\nbase_url = \"{}\"\n\n[theme]\nselected = \"bold pink\"\n",
        s.url()
    );
    std::fs::write(&cfg, body).unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o600)).unwrap();
    let home = dir.path().to_path_buf();
    let (list, set, tui) = tokio::task::spawn_blocking(move || {
        (
            run(&home, &["collections", "list"], &[]),
            run(&home, &["config", "set", "ui.mouse", "false"], &[]),
            run(&home, &[], &[]),
        )
    })
    .await
    .unwrap();
    assert!(list.status.success(), "{}", text(&list));
    let err = String::from_utf8_lossy(&list.stderr);
    assert!(err.contains("warning") && err.contains(":6:") && err.contains("pink"), "{err}");
    assert!(String::from_utf8_lossy(&list.stdout).contains("Focus Sessions"));
    assert_eq!(set.status.code(), Some(2), "{}", text(&set));
    assert!(text(&set).contains(":6:") && text(&set).contains("pink"), "{}", text(&set));
    assert_eq!(tui.status.code(), Some(2), "{}", text(&tui));
    assert!(text(&tui).contains(":6:") && text(&tui).contains("pink"), "{}", text(&tui));
}

/// Leaving the setup screen with nothing saved says how to come back and exits 1 (it exited 0, silently).
#[test]
fn leaving_the_setup_screen_says_how_to_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_str().unwrap();
    let (config, state) = (format!("{home}/config"), format!("{home}/state"));
    let mut tui = Pty::spawn(&[], &[("XDG_CONFIG_HOME", &config), ("XDG_STATE_HOME", &state)]);
    tui.wait_for_text("Set up freddy-music");
    tui.wait_for_text("from your Aitronos account");
    tui.send("\x1b");
    assert_eq!(tui.wait_exit(), 1);
    let said = String::from_utf8_lossy(&tui.output()).into_owned();
    assert!(said.contains("nothing was saved") && said.contains("config init") && said.contains("--demo"), "{said}");
    assert!(!config_file(dir.path()).exists());
}
