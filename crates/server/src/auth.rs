//! Who is calling: the key from `X-API-Key` or `Authorization: Bearer`, its user, and membership of the
//! organization in the path (401 before 403 before anything else). Keys and memberships are read once
//! at start (`store::callers`): no endpoint changes them.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use super::Shared;
use super::errors::ServerError;
use super::store::Caller;

/// The key a request presents, if any.
pub(crate) fn presented_key(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Some(v.trim().to_string()).filter(|k| !k.is_empty());
    }
    let auth = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = auth.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string()).filter(|k| !k.is_empty())
}

impl FromRequestParts<Shared> for Caller {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, ServerError> {
        let key = presented_key(&parts.headers).ok_or_else(ServerError::unauthenticated)?;
        // The raw captures, not a map of them: this runs for every request.
        let params = RawPathParams::from_request_parts(parts, state).await.map_err(|_| ServerError::no_route())?;
        let org = params.iter().find(|(name, _)| *name == "org").map(|(_, v)| v.to_string()).unwrap_or_default();
        if !seed_independent(parts) {
            state.seeded().await;
        }
        match state.callers.get(&key) {
            None => Err(ServerError::unauthenticated()),
            Some((_, orgs)) if !orgs.contains(&org) => Err(ServerError::org_denied(&org)),
            Some((user, _)) => Ok(Caller { user_id: user.clone(), org_id: org, at: state.clock.now() }),
        }
    }
}

/// Requests answered before the demo Archive is seeded: the collections list and creating a collection
/// (the Archive's row is there from the start; its members and tracks are written in the background).
fn seed_independent(parts: &Parts) -> bool {
    parts.uri.path().ends_with("/collections")
}
