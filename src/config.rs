//! Where the API key, organization and base URL come from: command-line flags, then the environment
//! (`FREDDY_API_KEY`, `FREDDY_BASE_URL`, `FREDDY_ORGANIZATION_ID`), then defaults.

use crate::api::client::{DEFAULT_BASE_URL, check_base_url};
use crate::api::{ApiKey, ClientConfig, OrganizationId};
use crate::cli::Cli;

/// Everything needed to talk to the API, validated.
#[derive(Debug, Clone)]
pub struct Settings {
    pub base_url: String,
    pub organization: OrganizationId,
    pub api_key: ApiKey,
}

impl Settings {
    pub fn client_config(&self) -> ClientConfig {
        ClientConfig::new(
            self.base_url.clone(),
            self.organization.clone(),
            self.api_key.clone(),
        )
    }
}

/// Why there are no usable settings; each says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("no API key: set FREDDY_API_KEY (or try `freddy-music --demo`)")]
    NoKey,
    #[error(
        "no organization: set FREDDY_ORGANIZATION_ID or pass --organization (or try `freddy-music --demo`)"
    )]
    NoOrganization,
    #[error("{0}")]
    Invalid(String),
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Resolves the settings from flags and environment.
pub fn resolve(cli: &Cli) -> Result<Settings, ConfigError> {
    let key = env("FREDDY_API_KEY").ok_or(ConfigError::NoKey)?;
    let api_key = ApiKey::parse(key).map_err(|e| ConfigError::Invalid(e.to_string()))?;
    let org = cli
        .organization
        .clone()
        .or_else(|| env("FREDDY_ORGANIZATION_ID"))
        .ok_or(ConfigError::NoOrganization)?;
    let organization =
        OrganizationId::parse(org).map_err(|e| ConfigError::Invalid(e.to_string()))?;
    let base_url = cli
        .base_url
        .clone()
        .or_else(|| env("FREDDY_BASE_URL"))
        .unwrap_or_else(|| DEFAULT_BASE_URL.into());
    check_base_url(&base_url, false).map_err(|e| ConfigError::Invalid(e.to_string()))?;
    Ok(Settings {
        base_url,
        organization,
        api_key,
    })
}
