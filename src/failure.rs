//! A failed command and its exit status: 1 when the API refused or failed, 2 for usage or config errors.

use crate::api::ApiError;
use crate::config::{ConfigError, FileError};

/// What went wrong, and the exit status that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    /// Exit status 2: the command line or the config is wrong.
    pub fn usage(message: impl Into<String>) -> Self {
        Self { code: 2, message: message.into() }
    }

    /// Exit status 1: the API (or the network) refused or failed.
    pub fn api(message: impl Into<String>) -> Self {
        Self { code: 1, message: message.into() }
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Self::usage(e.to_string())
    }
}

impl From<FileError> for Failure {
    fn from(e: FileError) -> Self {
        Self::usage(e.to_string())
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::InsecureTransport { .. }
            | ApiError::BadBaseUrl(_)
            | ApiError::CredentialsInBaseUrl(_)
            | ApiError::BadId(_)
            | ApiError::Redirect(_) => Self::usage(e.to_string()),
            // A key from the environment overrides the file: advice about the file alone would not help.
            ApiError::Unauthorized(_) if std::env::var_os("FREDDY_API_KEY").is_some_and(|v| !v.is_empty()) => {
                Self::api(format!(
                    "{e}; the key in use comes from the environment variable FREDDY_API_KEY, which overrides the config file: unset it or set it to a valid key"
                ))
            }
            _ => Self::api(e.to_string()),
        }
    }
}
