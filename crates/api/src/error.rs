//! One error type for every way a Music API call can fail, each with a message a person can act on.

use std::time::Duration;

use super::ids::IdError;
use super::model::ErrorBody;

/// The fields of the API's error envelope a caller may want: kept on every API error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApiDetail {
    pub code: String,
    pub message: String,
    pub trace_id: String,
    pub details: serde_json::Value,
}

impl From<ErrorBody> for ApiDetail {
    fn from(b: ErrorBody) -> Self {
        Self { code: b.code, message: b.message, trace_id: b.trace_id, details: b.details }
    }
}

impl ApiDetail {
    /// The envelope's `details` as ` (collection_id mcoll_…)`, when it names anything.
    fn about(&self) -> String {
        let Some(map) = self.details.as_object().filter(|m| !m.is_empty()) else { return String::new() };
        let parts: Vec<String> = map
            .iter()
            .map(|(k, v)| format!("{k} {}", v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect();
        format!(" ({})", parts.join(", "))
    }

    fn suffix(&self) -> String {
        match (self.code.is_empty(), self.trace_id.is_empty()) {
            (true, _) => String::new(),
            (false, true) => format!(" [{}]", self.code),
            (false, false) => format!(" [{}, trace {}]", self.code, self.trace_id),
        }
    }
}

/// Why a call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    #[error("API key rejected: {}{} (run `freddy-music config init` or set FREDDY_API_KEY)", .0.message, .0.suffix())]
    Unauthorized(ApiDetail),
    #[error("not permitted: {}{} (is the key a member of this organization?)", .0.message, .0.suffix())]
    Forbidden(ApiDetail),
    #[error("not found: {}{}{}", .0.message, .0.about(), .0.suffix())]
    NotFound(ApiDetail),
    #[error("request refused as invalid: {}{}", .0.message, .0.suffix())]
    Validation(ApiDetail),
    #[error("rate limited by the server{}; try again in {}s", .detail.suffix(), .retry_after.map_or(1, |d| d.as_secs().max(1)))]
    RateLimited { retry_after: Option<Duration>, detail: ApiDetail },
    #[error("server error {status}: {}{} (try again later)", .detail.message, .detail.suffix())]
    Server { status: u16, detail: ApiDetail },
    #[error("unexpected HTTP status {status}: {}{}", .detail.message, .detail.suffix())]
    Status { status: u16, detail: ApiDetail },
    #[error("cannot reach the API: {0} (check the base URL and your network)")]
    Network(String),
    /// The request was never sent: the journal line it must follow could not be written.
    #[error("not sent: {0}")]
    NotSent(String),
    /// The server took the track, but it could not be put where it belongs (restore's report says why).
    #[error("not placed: {0}")]
    NotPlaced(String),
    #[error("the API did not answer within {} (try again; the server may be overloaded, or raise request_timeout_secs)", seconds(*.0))]
    Timeout(Duration),
    #[error("the API sent a response that could not be read (HTTP {status}): {reason}; body starts: {snippet:?}")]
    Decode { status: u16, reason: String, snippet: String },
    #[error("refusing to send the API key over plain http to {host}: use https, or a loopback host for a local server")]
    InsecureTransport { host: String },
    #[error(
        "the API answered with a redirect to {0}; check base_url (freddy-music follows no redirect, so the key never leaves the configured address)"
    )]
    Redirect(String),
    #[error("the API sent a response larger than {} MiB; refused (is base_url pointing at the API?)", .0 / (1024 * 1024))]
    TooLarge(usize),
    #[error("the API sent pages that do not add up ({0}); stopped reading the list")]
    BadPaging(String),
    #[error("invalid base URL `{0}`: give an absolute http(s) URL such as https://api.aitronos.com")]
    BadBaseUrl(String),
    #[error(
        "base URL `{0}` holds a user name or password: remove the part before `@` (the API authenticates with the API key alone, and a password there would be written to logs and the journal)"
    )]
    CredentialsInBaseUrl(String),
    #[error(transparent)]
    BadId(#[from] IdError),
}

impl ApiError {
    /// The HTTP status behind this error, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Unauthorized(_) => Some(401),
            Self::Forbidden(_) => Some(403),
            Self::NotFound(_) => Some(404),
            Self::Validation(_) => Some(422),
            Self::RateLimited { .. } => Some(429),
            Self::Server { status, .. } | Self::Status { status, .. } | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The envelope's fields, when the server sent one.
    pub fn detail(&self) -> Option<&ApiDetail> {
        match self {
            Self::Unauthorized(d) | Self::Forbidden(d) | Self::NotFound(d) | Self::Validation(d) => Some(d),
            Self::RateLimited { detail, .. } | Self::Server { detail, .. } | Self::Status { detail, .. } => {
                Some(detail)
            }
            _ => None,
        }
    }

    /// Whether a request that is safe to repeat should be tried again after this error.
    pub fn is_transient(&self) -> bool {
        match self {
            // A timeout is not: retrying a silent server only multiplies the wait.
            Self::RateLimited { .. } | Self::Network(_) => true,
            Self::Server { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }

    /// Builds the error for a non-success status from the response body.
    pub(crate) fn from_status(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Self {
        let detail = match serde_json::from_slice::<super::model::ErrorEnvelope>(body) {
            Ok(env) => ApiDetail::from(env.error),
            Err(_) => ApiDetail { message: describe_body(body), ..ApiDetail::default() },
        };
        match status {
            401 => Self::Unauthorized(detail),
            403 => Self::Forbidden(detail),
            404 => Self::NotFound(detail),
            400 | 422 => Self::Validation(detail),
            429 => Self::RateLimited { retry_after, detail },
            500..=599 => Self::Server { status, detail },
            _ => Self::Status { status, detail },
        }
    }
}

/// `20 s`, or `0.5 s` for a fraction.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 { format!("{} s", d.as_secs()) } else { format!("{:.1} s", d.as_secs_f64()) }
}

/// A short, printable description of a body that is not the JSON envelope (an HTML proxy page, say).
fn describe_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() { "(empty body)".to_string() } else { snippet(&flat) }
}

/// The first characters of a body, for error messages.
pub(crate) fn snippet(text: &str) -> String {
    const MAX: usize = 120;
    let mut s: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        s.push('…');
    }
    s
}
