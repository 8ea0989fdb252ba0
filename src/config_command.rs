//! `freddy-music config init | show | path | set`.

use std::io::IsTerminal;
use std::path::Path;

use crate::api::client::{DEFAULT_BASE_URL, check_base_url};
use crate::api::{ApiKey, OrganizationId};
use crate::config::file::{self, ConfigFile};
use crate::config::{Flags, Source, Sourced, layers, merge, validate};
use crate::failure::{CliError, Failure};

/// What `config init` was told.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    pub no_verify: bool,
    pub force: bool,
}

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

fn ask(prompt: &str) -> Result<String, Failure> {
    use std::io::Write;
    print!("{prompt}");
    std::io::stdout().flush().map_err(CliError::Terminal)?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(CliError::Terminal)?;
    Ok(line.trim().to_string())
}

/// Asks for whatever flags and environment did not give (on a terminal only), verifies the values with
/// one cheap call unless told not to, and saves them. Never overwrites a file without `force`.
pub async fn init(path: &Path, flags: &Flags, opts: &InitOptions) -> Result<String, Failure> {
    if path.exists() && !opts.force {
        return Err(CliError::ConfigExists(path.to_path_buf()).into());
    }
    let given = merge(path, flags, None, Vec::new());
    let tty = interactive();
    let key = match given.api_key {
        Some(k) => k,
        None if tty => Sourced {
            value: rpassword::prompt_password("API key (input hidden): ").map_err(CliError::Terminal)?,
            source: Source::Flag,
        },
        None => {
            return Err(CliError::NoKey.into());
        }
    };
    let org = match given.organization {
        Some(o) => o,
        None if tty => Sourced { value: ask("Organization id: ")?, source: Source::Flag },
        None => {
            return Err(CliError::NoOrganization.into());
        }
    };
    let mut base_url = given.base_url;
    if base_url.source == Source::Default && tty {
        let typed = ask(&format!("Base URL [{DEFAULT_BASE_URL}]: "))?;
        if !typed.is_empty() {
            base_url = Sourced { value: typed, source: Source::Flag };
        }
    }
    let mut settings = validate(&key.value, key.source, &org.value, org.source, &base_url, false)?;
    settings.request_timeout = crate::config::timeout(&given.request_timeout)?;
    if !opts.no_verify {
        crate::config::verify(&settings).await.map_err(CliError::Verify)?;
    }
    let masked = settings.api_key.masked();
    let (org, url) = (settings.organization.to_string(), settings.base_url.clone());
    let existing = file::load(path).ok().flatten().map(|l| l.file);
    file::save(path, &settings.into_file(existing))?;
    Ok(format!("Saved {} (API key {masked}, organization {org}, base URL {url})", path.display()))
}

/// The config layers with the theme checked by the drawing layer: its unknown elements join the warnings,
/// and the values it cannot read are returned (the TUI refuses them; a command that draws no TUI warns).
pub fn checked_layers(path: &Path, flags: &Flags) -> Result<(crate::config::Layers, Vec<String>), Failure> {
    let mut l = layers(path, flags)?;
    let theme = l.file.as_ref().and_then(|f| f.theme.as_ref());
    let (warnings, errors) = crate::ui::theme::problems(theme, &l.theme_lines, path);
    l.warnings.extend(warnings);
    Ok((l, errors))
}

/// Each value, masked where secret, with where it came from.
pub fn show(path: &Path, flags: &Flags) -> Result<String, Failure> {
    let (l, _) = checked_layers(path, flags)?;
    let found = if l.file.is_some() { "" } else { "  (not found)" };
    let mut out = format!("config file      {}{found}\n", path.display());
    let row = |name: &str, v: Option<&Sourced>, shown: &dyn Fn(&str) -> String| match v {
        Some(s) => format!("{name:<16} {}  ({})\n", shown(&s.value), s.source),
        None => format!("{name:<16} (not set)\n"),
    };
    out += &row("base_url", Some(&l.base_url), &|v| crate::api::client::hide_userinfo(v));
    out += &row("organization_id", l.organization.as_ref(), &|v| v.to_string());
    out += &row("api_key", l.api_key.as_ref(), &|v| {
        ApiKey::parse(v).map_or_else(|e| format!("(invalid: {e})"), |k| k.masked())
    });
    out += &row("request_timeout", Some(&l.request_timeout), &|v| format!("{v} s"));
    if l.allow_insecure_http {
        out += "allow_insecure_http true  (file)\n";
    }
    // The TUI's settings from `[ui]`, with their defaults when the file says nothing.
    let ui = l.file.as_ref().map(|f| f.ui.clone()).unwrap_or_default();
    let said = |set: bool| if set { "(file)" } else { "(default)" };
    out += &format!(
        "ui.confirm_remove {:?}  {}\n",
        ui.confirm_remove.unwrap_or_default(),
        said(ui.confirm_remove.is_some())
    )
    .to_lowercase();
    out += &format!("ui.mouse         {}  {}\n", ui.mouse.unwrap_or(true), said(ui.mouse.is_some()));
    out += &format!(
        "ui.clipboard     {}  {}\n",
        format!("{:?}", ui.clipboard.unwrap_or_default()).to_lowercase(),
        said(ui.clipboard.is_some())
    );
    out += &format!(
        "ui.refresh_secs  {}  {}\n",
        ui.refresh_secs.unwrap_or(crate::app::state::DEFAULT_REFRESH_SECS),
        said(ui.refresh_secs.is_some())
    );
    for w in &l.warnings {
        out += &format!("warning: {w}\n");
    }
    Ok(out)
}

/// The keys `config set` takes.
pub const SETTABLE: &str = "api_key, organization_id, base_url, allow_insecure_http, request_timeout_secs, ui.confirm_remove, ui.mouse, ui.clipboard, ui.refresh_secs, theme.name";

/// Sets one value in the file, validated like `init`; `-` reads the value from standard input.
pub fn set(path: &Path, key: &str, value: &str) -> Result<String, Failure> {
    let value = if value == "-" {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(CliError::Stdin)?;
        line.trim_end_matches(['\n', '\r']).to_string()
    } else {
        value.to_string()
    };
    let loaded = file::load(path)?;
    let theme_errors = loaded
        .as_ref()
        .map(|l| crate::ui::theme::problems(l.file.theme.as_ref(), &l.theme_lines, path).1)
        .unwrap_or_default();
    if let Some(e) = theme_errors.first() {
        return Err(CliError::ThemeToMend(e.clone()).into());
    }
    let mut f: ConfigFile = loaded.map(|l| l.file).unwrap_or_default();
    let bad = |e: &dyn std::fmt::Display| {
        Failure::from(CliError::InvalidSetting { key: key.to_string(), why: e.to_string() })
    };
    let shown = match key {
        "api_key" => {
            let k = ApiKey::parse(value.clone()).map_err(|e| bad(&e))?;
            f.api_key = Some(value);
            k.masked()
        }
        "organization_id" | "organization" => {
            OrganizationId::parse(value.clone()).map_err(|e| bad(&e))?;
            f.organization_id = Some(value.clone());
            value
        }
        "base_url" => {
            check_base_url(&value, f.allow_insecure_http).map_err(|e| bad(&e))?;
            f.base_url = Some(value.clone());
            value
        }
        "request_timeout_secs" => {
            let secs: f64 = value.parse().map_err(|_| bad(&"give a number of seconds"))?;
            if !(0.1..=3600.0).contains(&secs) {
                return Err(bad(&"give a number of seconds from 0.1 to 3600"));
            }
            f.request_timeout_secs = Some(secs);
            value
        }
        "allow_insecure_http" => {
            f.allow_insecure_http = value.parse().map_err(|_| bad(&"give true or false"))?;
            value
        }
        "ui.confirm_remove" => {
            let v = file::ConfirmRemove::parse(&value)
                .ok_or_else(|| bad(&format!("give one of: {}", file::ConfirmRemove::VALUES)))?;
            f.ui.confirm_remove = Some(v);
            value
        }
        "ui.clipboard" => {
            let v = file::Clipboard::parse(&value)
                .ok_or_else(|| bad(&format!("give one of: {}", file::Clipboard::VALUES)))?;
            f.ui.clipboard = Some(v);
            value
        }
        "ui.refresh_secs" => {
            f.ui.refresh_secs = Some(value.trim().parse().map_err(|_| bad(&"give whole seconds (0: never)"))?);
            value
        }
        "ui.mouse" => {
            f.ui.mouse = Some(value.parse().map_err(|_| bad(&"give true or false"))?);
            value
        }
        "theme.name" | "ui.theme" => {
            if crate::ui::theme::Theme::named(&value).is_none() {
                return Err(bad(&"give one of: dark, light, mono"));
            }
            f.theme.get_or_insert_with(Default::default).name = Some(value.clone());
            value
        }
        _ => return Err(CliError::UnknownSetting { key: key.to_string(), settable: SETTABLE }.into()),
    };
    file::save(path, &f)?;
    Ok(format!("Set {key} = {shown} in {}", path.display()))
}
