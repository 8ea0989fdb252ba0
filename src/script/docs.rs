//! `completions SHELL` and `man`: both generated from the one clap definition of the command line.

use clap::CommandFactory;

use crate::failure::{CliError, Failure};

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<String, Failure> {
    let mut cmd = crate::cli::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "freddy-music", &mut out);
    let script = String::from_utf8(out)
        .map_err(|e| CliError::Generated { what: "the completion script", why: e.to_string() })?;
    // clap_complete's bash script names the states of a hyphenated binary two ways: the loop over the
    // words builds `freddy__music__subcmd__tracks`, the case labels read `freddy__subcmd__music__subcmd__tracks`,
    // so nothing past the first word ever completed. One spelling for both.
    Ok(match shell {
        clap_complete::Shell::Bash => script.replace("freddy__subcmd__music__", "freddy__music__"),
        _ => script,
    })
}

/// The manual page: the command itself, then a section for every subcommand (and theirs).
pub fn man() -> Result<String, Failure> {
    let cmd = crate::cli::Cli::command();
    let mut out = Vec::new();
    let fail = |e: std::io::Error| CliError::Generated { what: "the manual page", why: e.to_string() };
    clap_mangen::Man::new(cmd.clone()).render(&mut out).map_err(fail)?;
    let children = |c: &clap::Command, path: &str| -> Vec<(String, clap::Command)> {
        let mut v: Vec<_> = c.get_subcommands().map(|s| (format!("{path} {}", s.get_name()), s.clone())).collect();
        v.reverse();
        v
    };
    let mut stack = children(&cmd, "freddy-music");
    while let Some((path, sub)) = stack.pop() {
        out.extend_from_slice(format!(".SH \"{}\"\n", path.to_uppercase()).as_bytes());
        let page = clap_mangen::Man::new(sub.clone().bin_name(path.clone()).display_name(path.clone()));
        page.render_description_section(&mut out).map_err(fail)?;
        page.render_synopsis_section(&mut out).map_err(fail)?;
        page.render_options_section(&mut out).map_err(fail)?;
        stack.extend(children(&sub, &path));
    }
    Ok(String::from_utf8(out).map_err(|e| CliError::Generated { what: "the manual page", why: e.to_string() })?)
}
