//! Entry point: parse the command line, pick the mode, nothing else.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use freddy_music::api::Client;
use freddy_music::app::setup::SetupForm;
use freddy_music::cli::{Cli, CollectionsCommand, Command, ConfigCommand, TracksCommand};
use freddy_music::config::{self, Flags};
use freddy_music::config_command::{self as config_cmd, InitOptions};
use freddy_music::failure::{CliError, Failure};
use freddy_music::launch::{self, Start};
use freddy_music::script::history::Which;
use freddy_music::{logging, script, serve};

fn main() -> ExitCode {
    let cli = Cli::command().color(clap_color()).get_matches();
    let cli = match Cli::from_arg_matches(&cli) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // crossterm leaves colours out by itself when NO_COLOR is set: `always` overrides that.
    if cli.color == freddy_music::cli::ColorWhen::Always {
        crossterm::style::force_color_output(true);
    }
    // One async thread for the scripting commands (one client, one connection pool) and for `serve`
    // (light requests are answered on it; long reads and writes go to blocking threads, see
    // `server::db`): no hand-offs between threads. The TUI and the demo get a thread per core.
    let one_thread = matches!(
        cli.command,
        Some(
            Command::Serve(_)
                | Command::Tracks(_)
                | Command::Collections(_)
                | Command::History { .. }
                | Command::Restore { .. }
        )
    );
    let mut builder = if one_thread {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(&CliError::Runtime(e).into()),
    };
    let result = runtime.block_on(run(cli));
    // What still runs on a blocking thread is not waited for: a journal write waiting for another
    // process's lock after a Ctrl-C, say (its tracks were not sent). Everything the commands need written
    // they await themselves.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => fail(&f),
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let console = script::Console::new(cli.quiet, cli.header);
    let flags = Flags { base_url: cli.base_url.clone(), organization: cli.organization.clone(), api_key: None };
    match cli.command {
        Some(Command::Serve(args)) => {
            logging::to_stderr(stderr_colour(cli.color));
            Ok(serve::run(args).await?)
        }
        Some(Command::Config(cmd)) => {
            let path = config::path(cli.config.as_deref())?;
            // What was saved is said (stderr); what is shown is data (stdout).
            let out = match cmd {
                ConfigCommand::Init { api_key, no_verify, force } => {
                    let flags = Flags { api_key, ..flags };
                    script::Out::note(config_cmd::init(&path, &flags, &InitOptions { no_verify, force }).await?)
                }
                ConfigCommand::Show => script::Out::data(config_cmd::show(&path, &flags)?),
                ConfigCommand::Path => script::Out::data(path.display().to_string()),
                ConfigCommand::Set { key, value } => script::Out::note(config_cmd::set(&path, &key, &value)?),
            };
            print(out)
        }
        Some(Command::Collections(CollectionsCommand::List { json })) => {
            let client = scripting_client(&cli, &console, &flags, false)?;
            print(script::list::collections(&console, &client, json).await?)
        }
        Some(Command::Collections(CollectionsCommand::Create { ref name, ref description, json })) => {
            let client = scripting_client(&cli, &console, &flags, true)?;
            let journal = script::journal()?;
            print(script::collections::create(&console, &client, &journal, name, description.clone(), json).await?)
        }
        Some(Command::Collections(CollectionsCommand::Rename { ref collection, ref name, ref description, json })) => {
            let client = scripting_client(&cli, &console, &flags, true)?;
            let id = script::collection_arg(&client, collection).await?;
            let journal = script::journal()?;
            print(script::collections::rename(&client, &journal, &id, name, description.clone(), json).await?)
        }
        Some(Command::Collections(CollectionsCommand::Delete { ref collection, yes, json })) => {
            let client = scripting_client(&cli, &console, &flags, true)?;
            let id = script::collection_arg(&client, collection).await?;
            let journal = script::journal()?;
            print(script::collections::delete(&client, &journal, &id, yes, json).await?)
        }
        Some(Command::Tracks(TracksCommand::List { ref collection, json, ref fields, no_header, offline })) => {
            let client = scripting_client(&cli, &console, &flags, false)?;
            let how = script::list::Listing { as_json: json, fields, no_header, offline };
            print(script::list::tracks(&console, &client, collection, how).await?)
        }
        Some(Command::Tracks(TracksCommand::Remove {
            ref collection,
            ref tracks,
            json,
            concurrency,
            dry_run,
            no_journal,
        })) => {
            let ids = script::remove::track_args(tracks, &mut std::io::stdin().lock())?;
            let client = scripting_client(&cli, &console, &flags, true)?;
            let journal = script::journal()?;
            print(
                script::remove::remove(
                    &console,
                    &client,
                    collection,
                    ids,
                    (!no_journal).then_some(&journal),
                    script::remove::Flags { concurrency: usize::from(concurrency), as_json: json, dry_run },
                )
                .await?,
            )
        }
        Some(Command::Tracks(TracksCommand::Add { ref collection, ref tracks, json })) => {
            let ids = script::remove::track_args(tracks, &mut std::io::stdin().lock())?;
            let client = scripting_client(&cli, &console, &flags, true)?;
            let journal = script::journal()?;
            print(script::edit::add(&console, &client, &journal, collection, ids, json).await?)
        }
        Some(Command::Tracks(TracksCommand::Move { ref collection, ref track, to, json })) => {
            let track = freddy_music::api::TrackId::parse(track.clone())?;
            let client = scripting_client(&cli, &console, &flags, true)?;
            let journal = script::journal()?;
            print(script::edit::move_to(&console, &client, &journal, collection, track, to, json).await?)
        }
        Some(Command::Find { ref text, json, offline }) => {
            let client = scripting_client(&cli, &console, &flags, false)?;
            print(script::find::find(&console, &client, text, json, offline).await?)
        }
        Some(Command::Tracks(TracksCommand::Where { ref track, json, offline })) => {
            let track = freddy_music::api::TrackId::parse(track.clone())?;
            let client = scripting_client(&cli, &console, &flags, false)?;
            print(script::find::holding(&console, &client, &track, json, offline).await?)
        }
        Some(Command::Completions { shell }) => print(script::docs::completions(shell)?),
        Some(Command::Man) => print(script::docs::man()?),
        Some(Command::History { json, limit }) => print(script::history::history(
            &console,
            &script::journal()?,
            usize::try_from(limit).unwrap_or(usize::MAX),
            json,
        )?),
        Some(Command::Restore { ref batches, last, dry_run, json }) => {
            let client = scripting_client(&cli, &console, &flags, true)?;
            let which = if last { Which::Last } else { Which::Ids(batches.clone()) };
            print(script::history::run(&console, &client, &script::journal()?, which, dry_run, json).await?)
        }
        None => {
            let _ = logging::to_file();
            let start = if cli.demo { Start::Demo } else { configured_start(&cli, &flags)? };
            launch::tui(start, tui_colour(cli.color)).await.map_err(Failure::from)
        }
    }
}

/// Prints a command's output (data to standard output, sentences to standard error); server text in it
/// can never steer the terminal.
fn print(out: impl Into<script::Out>) -> Result<(), Failure> {
    out.into().print()
}

/// The config layers in use; their warnings (unknown fields) go to standard error and the log.
fn load_layers(cli: &Cli, flags: &Flags) -> Result<(config::Layers, Vec<String>), Failure> {
    let (layers, theme_errors) = config_cmd::checked_layers(&config::path(cli.config.as_deref())?, flags)?;
    for w in &layers.warnings {
        eprintln!("freddy-music: warning: {}", freddy_music::text::clean_lines(w));
        tracing::warn!("{w}");
    }
    Ok((layers, theme_errors))
}

/// The config for a command that draws no TUI: a theme it cannot read is a warning here (the TUI refuses it).
fn scripting_layers(cli: &Cli, flags: &Flags) -> Result<config::Layers, Failure> {
    // A file named with --config must be there for a command (the TUI's setup screen writes a new one):
    // a slip in its path would otherwise go unnoticed.
    if let Some(named) = cli.config.as_deref().filter(|p| !p.exists()) {
        return Err(CliError::NoConfigAt(named.to_path_buf()).into());
    }
    let (layers, theme_errors) = load_layers(cli, flags)?;
    for e in &theme_errors {
        let line = format!("freddy-music: warning: {e} (only the TUI draws the theme; it will refuse this)");
        eprintln!("{}", freddy_music::text::clean_lines(&line));
    }
    Ok(layers)
}

/// A client from the configured settings (no setup screen: scripts get an error that says what to do).
fn scripting_client(cli: &Cli, console: &script::Console, flags: &Flags, bulk: bool) -> Result<Client, Failure> {
    let layers = scripting_layers(cli, flags)?;
    let mut cfg = layers.settings()?.client_config();
    if bulk {
        cfg.retry = script::remove::bulk_retry();
    }
    let client = Client::new(cfg)?;
    client.throttle().on_wait(script::rate_limit_notice(console));
    Ok(client)
}

/// The configured settings, or the setup screen when a value is missing and a person is at the terminal.
fn configured_start(cli: &Cli, flags: &Flags) -> Result<Start, Failure> {
    let (layers, theme_errors) = load_layers(cli, flags)?;
    if !theme_errors.is_empty() {
        return Err(CliError::Theme(theme_errors).into());
    }
    match layers.settings() {
        Ok(settings) => {
            let prefs = launch::prefs_of(layers.file.as_ref());
            // Problems in `[keys]` go to standard error as well as the TUI's status line.
            for e in &prefs.key_errors {
                let line = format!("freddy-music: error: {}: {e}", layers.path.display());
                eprintln!("{}", freddy_music::text::clean_lines(&line));
            }
            let theme = layers.file.and_then(|f| f.theme);
            Ok(Start::Api { settings, warnings: layers.warnings, prefs, theme })
        }
        Err(e) if e.is_missing() && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() => {
            let path = layers.path.clone();
            let form = SetupForm::new(
                path.display().to_string(),
                layers.api_key.as_ref().map(|s| s.value.as_str()),
                layers.organization.as_ref().map(|s| s.value.as_str()),
                Some(layers.base_url.value.as_str()),
            );
            Ok(Start::Setup { form: Box::new(form), path, existing: layers.file })
        }
        Err(e) => Err(e.into()),
    }
}

fn fail(f: &Failure) -> ExitCode {
    eprintln!("freddy-music: {}", freddy_music::text::clean_lines(f.message()));
    ExitCode::from(f.code())
}

/// Whether the TUI draws in colour: `--color`, then `NO_COLOR` (no-color.org: set and not empty means none).
/// Read once here; drawing reads no environment.
fn tui_colour(when: freddy_music::cli::ColorWhen) -> bool {
    use freddy_music::cli::ColorWhen;
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => no_color_unset(),
    }
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether standard error gets colour: `--color always`, or `auto` on a terminal without NO_COLOR.
fn stderr_colour(when: freddy_music::cli::ColorWhen) -> bool {
    use freddy_music::cli::ColorWhen;
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::io::stderr().is_terminal() && no_color_unset(),
    }
}

/// Colour for clap's own help and errors: `--color` as written on the command line (read before parsing,
/// which is what those messages come from), else clap's `auto` (which honours NO_COLOR).
fn clap_color() -> clap::ColorChoice {
    let args: Vec<String> = std::env::args().collect();
    let value = args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--color") {
        Some(rest) if rest.starts_with('=') => Some(rest[1..].to_string()),
        Some("") => args.get(i + 1).cloned(),
        _ => None,
    });
    match value.as_deref() {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
}
