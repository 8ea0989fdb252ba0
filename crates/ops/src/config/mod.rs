//! Where the API key, organization and base URL come from, in order: command-line flags, the
//! environment (`FREDDY_API_KEY`, `FREDDY_BASE_URL`, `FREDDY_ORGANIZATION_ID`), the config file, the
//! defaults. Every value remembers its source, for `config show`.

pub mod file;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use file::{Clipboard, ConfigFile, ConfirmRemove, FileError};
use freddy_api::client::{DEFAULT_BASE_URL, check_base_url};
use freddy_api::{ApiKey, ClientConfig, OrganizationId};

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env,
    File,
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Flag => "flag",
            Source::Env => "env",
            Source::File => "file",
            Source::Default => "default",
        })
    }
}

/// A value and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced {
    pub value: String,
    pub source: Source,
}

/// Values given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub base_url: Option<String>,
    pub organization: Option<String>,
    pub api_key: Option<String>,
}

/// Every layer merged, before validation.
#[derive(Debug, Clone)]
pub struct Layers {
    pub path: PathBuf,
    /// The file as read (`None` when there is none).
    pub file: Option<ConfigFile>,
    pub base_url: Sourced,
    pub organization: Option<Sourced>,
    pub api_key: Option<Sourced>,
    pub allow_insecure_http: bool,
    /// `FREDDY_TIMEOUT`, else the file's `request_timeout_secs`, else 20 s.
    pub request_timeout: Sourced,
    pub warnings: Vec<String>,
    /// Where each `[theme]` entry was read (see `file::Loaded::theme_lines`).
    pub theme_lines: std::collections::BTreeMap<String, usize>,
}

/// Everything needed to talk to the API, validated.
#[derive(Debug, Clone)]
pub struct Settings {
    pub base_url: String,
    pub organization: OrganizationId,
    pub api_key: ApiKey,
    pub allow_insecure_http: bool,
    pub request_timeout: Duration,
}

impl Settings {
    pub fn client_config(&self) -> ClientConfig {
        let mut c = ClientConfig::new(self.base_url.clone(), self.organization.clone(), self.api_key.clone());
        c.allow_insecure_http = self.allow_insecure_http;
        c.request_timeout = self.request_timeout;
        c
    }

    /// The config file that holds these settings (other fields of `base` kept).
    pub fn into_file(self, base: Option<ConfigFile>) -> ConfigFile {
        let mut f = base.unwrap_or_default();
        f.api_key = Some(self.api_key.expose().to_string());
        f.organization_id = Some(self.organization.to_string());
        f.base_url = Some(self.base_url).filter(|u| u != DEFAULT_BASE_URL);
        f.allow_insecure_http = self.allow_insecure_http;
        f
    }
}

/// Why there are no usable settings; each says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("no API key: run `freddy-music config init`, set FREDDY_API_KEY, or try `freddy-music --demo`")]
    NoKey,
    #[error(
        "no organization: run `freddy-music config init`, set FREDDY_ORGANIZATION_ID or pass --organization, or try `freddy-music --demo`"
    )]
    NoOrganization,
    #[error("invalid {field} (from {from}): {reason}")]
    Invalid { field: &'static str, from: Source, reason: String },
    #[error(transparent)]
    File(#[from] FileError),
    #[error("no config directory could be found: pass --config PATH or set FREDDY_CONFIG")]
    NoConfigDir,
}

impl ConfigError {
    /// Whether the first-run setup screen can mend this (a value is missing, nothing is wrong).
    pub fn is_missing(&self) -> bool {
        matches!(self, ConfigError::NoKey | ConfigError::NoOrganization)
    }
}

/// The config file in use: `--config` / `FREDDY_CONFIG`, else the platform default.
pub fn path(explicit: Option<&Path>) -> Result<PathBuf, ConfigError> {
    match explicit {
        Some(p) => Ok(p.to_path_buf()),
        None => file::default_path().ok_or(ConfigError::NoConfigDir),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn pick(flag: Option<&String>, env_name: &str, file: Option<&String>) -> Option<Sourced> {
    let sourced = |value: &String, source| Sourced { value: value.clone(), source };
    flag.map(|v| sourced(v, Source::Flag))
        .or_else(|| env(env_name).map(|v| Sourced { value: v, source: Source::Env }))
        .or_else(|| file.map(|v| sourced(v, Source::File)))
}

/// Reads the file at `path` and merges it under the flags and the environment.
pub fn layers(path: &Path, flags: &Flags) -> Result<Layers, ConfigError> {
    let Some(l) = file::load(path)? else { return Ok(merge(path, flags, None, Vec::new())) };
    Ok(Layers { theme_lines: l.theme_lines, ..merge(path, flags, Some(l.file), l.warnings) })
}

/// Merges the flags, the environment and a file already read (`None`: flags and environment only).
pub fn merge(path: &Path, flags: &Flags, file: Option<ConfigFile>, warnings: Vec<String>) -> Layers {
    let f = file.clone().unwrap_or_default();
    let base_url = pick(flags.base_url.as_ref(), "FREDDY_BASE_URL", f.base_url.as_ref())
        .unwrap_or(Sourced { value: DEFAULT_BASE_URL.to_string(), source: Source::Default });
    Layers {
        path: path.to_path_buf(),
        base_url,
        organization: pick(flags.organization.as_ref(), "FREDDY_ORGANIZATION_ID", f.organization_id.as_ref()),
        api_key: pick(flags.api_key.as_ref(), "FREDDY_API_KEY", f.api_key.as_ref()),
        allow_insecure_http: f.allow_insecure_http,
        request_timeout: pick(None, "FREDDY_TIMEOUT", f.request_timeout_secs.map(|t| t.to_string()).as_ref())
            .unwrap_or(Sourced { value: DEFAULT_TIMEOUT_SECS.to_string(), source: Source::Default }),
        file,
        warnings,
        theme_lines: Default::default(),
    }
}

impl Layers {
    /// Validates the merged values.
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        let key = self.api_key.as_ref().ok_or(ConfigError::NoKey)?;
        let org = self.organization.as_ref().ok_or(ConfigError::NoOrganization)?;
        let mut settings =
            validate(&key.value, key.source, &org.value, org.source, &self.base_url, self.allow_insecure_http)?;
        settings.request_timeout = timeout(&self.request_timeout)?;
        Ok(settings)
    }
}

/// The request timeout when nothing sets one.
pub const DEFAULT_TIMEOUT_SECS: u64 = 20;

/// A timeout in seconds (fractions allowed), from 0.1 s to an hour.
pub fn timeout(raw: &Sourced) -> Result<Duration, ConfigError> {
    let secs: f64 = raw.value.trim().parse().map_err(|_| ConfigError::Invalid {
        field: "request_timeout_secs",
        from: raw.source,
        reason: format!("`{}` is not a number of seconds", raw.value),
    })?;
    if !(0.1..=3600.0).contains(&secs) {
        return Err(ConfigError::Invalid {
            field: "request_timeout_secs",
            from: raw.source,
            reason: "give a number of seconds from 0.1 to 3600".to_string(),
        });
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Checks a key, an organization and a base URL together.
pub fn validate(
    key: &str,
    key_source: Source,
    org: &str,
    org_source: Source,
    base_url: &Sourced,
    allow_insecure_http: bool,
) -> Result<Settings, ConfigError> {
    let api_key = ApiKey::parse(key.trim_end_matches(['\n', '\r'])).map_err(|e| ConfigError::Invalid {
        field: "api_key",
        from: key_source,
        reason: e.to_string(),
    })?;
    let organization = OrganizationId::parse(org.trim()).map_err(|e| ConfigError::Invalid {
        field: "organization_id",
        from: org_source,
        reason: e.to_string(),
    })?;
    let url = base_url.value.trim().to_string();
    check_base_url(&url, allow_insecure_http).map_err(|e| ConfigError::Invalid {
        field: "base_url",
        from: base_url.source,
        reason: format!(
            "{e}{}",
            if url.starts_with("http://") { " (or set allow_insecure_http = true in the config file)" } else { "" }
        ),
    })?;
    let request_timeout = Duration::from_secs(DEFAULT_TIMEOUT_SECS);
    Ok(Settings { base_url: url, organization, api_key, allow_insecure_http, request_timeout })
}

/// One cheap call (list collections, limit 1) that shows whether the server accepts the values.
pub async fn verify(settings: &Settings) -> Result<(), freddy_api::ApiError> {
    let mut cfg = settings.client_config();
    // The request timeout is the one configured (what `config show` says), not one of its own.
    cfg.retry = freddy_api::RetryPolicy::none();
    freddy_api::Client::new(cfg)?.list_collections(freddy_api::PageRequest::new(1, 0)).await.map(|_| ())
}
