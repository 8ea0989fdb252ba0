//! Reading what a request carries: `limit`/`offset` and filters from the query, JSON bodies with a size
//! cap. Every problem is a 422 (or 413) in the envelope, never axum's plain-text rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

use super::Shared;
use super::errors::ServerError;

/// Largest body accepted by default (`serve --max-body-bytes` changes it).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The query string as name/value pairs.
pub(crate) struct Query(pub Vec<(String, String)>);

impl Query {
    pub(crate) fn parse(raw: Option<&str>) -> Self {
        Self(url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()).into_owned().collect())
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// `limit` (default `default`, within `1..=max`) and `offset` (default 0, not negative).
    pub(crate) fn page(&self, default: u32, max: u32) -> Result<(u32, u64), ServerError> {
        let limit = match self.get("limit") {
            None => default,
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| ServerError::validation("limit", &format!("must be an integer from 1 to {max}")))?,
        };
        let offset = match self.get("offset") {
            None => 0,
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| i64::try_from(*n).is_ok())
                .ok_or_else(|| ServerError::validation("offset", "must be a non-negative integer"))?,
        };
        Ok((limit, offset))
    }
}

/// How long a request body may take to arrive: a client sending a byte every few seconds would otherwise
/// hold its connection (and a file descriptor) for as long as it likes.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A JSON body, read with a size cap and a time bound, and parsed into `T`.
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<Shared> for JsonBody<T> {
    type Rejection = ServerError;

    async fn from_request(req: Request, state: &Shared) -> Result<Self, ServerError> {
        let max = state.max_body_bytes;
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ServerError::validation("body", "must be JSON sent with Content-Type: application/json"));
        }
        let read = axum::body::to_bytes(req.into_body(), max);
        let bytes: Bytes = tokio::time::timeout(state.body_timeout, read)
            .await
            .map_err(|_| ServerError::body_timeout(state.body_timeout.as_secs()))?
            .map_err(|_| ServerError::too_large(max))?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            let text = e.to_string();
            let field = text.split('`').nth(1).filter(|_| text.contains("field")).unwrap_or("body");
            ServerError::validation(field, "missing, of the wrong type, or not valid JSON")
        })
    }
}

/// Checks a collection name: 1–512 characters.
pub(crate) fn check_name(name: &str) -> Result<(), ServerError> {
    let n = name.chars().count();
    if n == 0 || n > 512 {
        return Err(ServerError::validation("name", "must be 1 to 512 characters"));
    }
    check_text("name", name)
}

/// Checks a description: at most 2,000 characters, no control characters.
pub(crate) fn check_description(text: Option<&str>) -> Result<(), ServerError> {
    let Some(text) = text else { return Ok(()) };
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(ServerError::validation("description", "must be at most 2000 characters"));
    }
    check_text("description", text)
}

/// The longest description accepted (music-api.md §13).
pub(crate) const MAX_DESCRIPTION: usize = 2000;

/// Control characters (U+0000–U+001F, U+007F–U+009F) are refused in text fields (§13).
fn check_text(field: &str, text: &str) -> Result<(), ServerError> {
    if text.chars().any(|c| matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')) {
        return Err(ServerError::validation(field, "must not contain control characters"));
    }
    Ok(())
}

/// Checks a cover image URL: at most 1024 characters, no control characters.
pub(crate) fn check_cover_url(url: Option<&str>) -> Result<(), ServerError> {
    let Some(url) = url else { return Ok(()) };
    if url.chars().count() > 1024 {
        return Err(ServerError::validation("cover_image_url", "must be at most 1024 characters"));
    }
    check_text("cover_image_url", url)
}
