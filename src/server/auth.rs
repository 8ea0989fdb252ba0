//! Who is calling: the key from `X-API-Key` or `Authorization: Bearer`, its user, and membership of the
//! organization in the path (401 before 403 before anything else).

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use super::Shared;
use super::errors::ServerError;
use super::store::{self, Caller};

/// The key a request presents, if any.
pub fn presented_key(headers: &HeaderMap) -> Option<String> {
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
        let params: Path<HashMap<String, String>> =
            Path::from_request_parts(parts, state).await.map_err(|_| ServerError::no_route())?;
        let org = params.get("org").cloned().unwrap_or_default();
        state
            .db(move |conn| {
                let user = store::user_by_key(conn, &key)?.ok_or_else(ServerError::unauthenticated)?;
                if !store::is_member(conn, &user, &org)? {
                    return Err(ServerError::org_denied(&org));
                }
                Ok(Caller { user_id: user, org_id: org })
            })
            .await
    }
}
