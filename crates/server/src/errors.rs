//! The server's errors, rendered in the documented envelope (music-api.md §3 and §13).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use freddy_wire::model::{ErrorBody, ErrorEnvelope};

/// One error answer, boxed so `Result<_, ServerError>` stays small.
#[derive(Debug, Clone)]
pub struct ServerError(Box<Problem>);

impl std::ops::Deref for ServerError {
    type Target = Problem;
    fn deref(&self) -> &Problem {
        &self.0
    }
}

impl std::ops::DerefMut for ServerError {
    fn deref_mut(&mut self) -> &mut Problem {
        &mut self.0
    }
}

/// What an error answer says: status, code, type and texts, plus `details` and an optional `Retry-After`.
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    pub code: &'static str,
    pub kind: &'static str,
    pub message: String,
    pub system_message: String,
    pub details: Value,
    pub retry_after: Option<u64>,
}

impl ServerError {
    fn new(status: StatusCode, code: &'static str, kind: &'static str, message: &str, system: &str) -> Self {
        Self(Box::new(Problem {
            status,
            code,
            kind,
            message: message.to_string(),
            system_message: system.to_string(),
            details: json!({}),
            retry_after: None,
        }))
    }

    /// 401: no key, or a key nobody holds (text as in the seed page).
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_REQUIRED",
            "authentication_error",
            "Authentication required. Please provide a valid API key.",
            "Missing or invalid authorization header",
        )
    }

    /// 403: the caller is not a member of the organization in the path.
    pub fn org_denied(org: &str) -> Self {
        let mut e = Self::new(
            StatusCode::FORBIDDEN,
            "ORGANIZATION_ACCESS_DENIED",
            "client_error",
            "You do not have access to this organization.",
            "Caller is not a member of the organization in the path",
        );
        e.details = json!({ "organization_id": org });
        e
    }

    /// 404 for a collection that is missing, deleted or someone else's (text as in the seed page).
    pub fn collection_not_found(id: &str) -> Self {
        let mut e = Self::new(
            StatusCode::NOT_FOUND,
            "RESOURCE_NOT_FOUND",
            "client_error",
            "The requested resource was not found.",
            "Music collection not found or not owned by caller",
        );
        e.details = json!({ "collection_id": id });
        e
    }

    /// 404 for a track that is missing or not visible to the caller.
    pub fn track_not_found(id: &str) -> Self {
        let mut e = Self::new(
            StatusCode::NOT_FOUND,
            "RESOURCE_NOT_FOUND",
            "client_error",
            "The requested resource was not found.",
            "Music track not found or not accessible to caller",
        );
        e.details = json!({ "track_id": id });
        e
    }

    /// 404 for a path no route serves.
    pub fn no_route() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "RESOURCE_NOT_FOUND",
            "client_error",
            "The requested resource was not found.",
            "No route for this method and path",
        )
    }

    /// 422 naming the offending field.
    pub fn validation(field: &str, problem: &str) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
            "client_error",
            &format!("Invalid value for `{field}`: {problem}."),
            &format!("Request validation failed on field {field}"),
        );
        e.details = json!({ "field": field });
        e
    }

    /// 413: a body over the size limit.
    pub fn too_large(limit: usize) -> Self {
        let mut e = Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "client_error",
            "The request body is too large.",
            "Request body exceeds the size limit",
        );
        e.details = json!({ "max_bytes": limit });
        e
    }

    /// 408 for a request body that did not arrive within the bound (a slow body holds a connection).
    pub fn body_timeout(seconds: u64) -> Self {
        let mut e = Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "REQUEST_TIMEOUT",
            "client_error",
            "The request body did not arrive in time.",
            "Request body not received within the time limit",
        );
        e.details = json!({ "timeout_seconds": seconds });
        e
    }

    /// 429 for a key with too many requests under way at once.
    pub fn too_many_at_once(limit: usize) -> Self {
        let mut e = Self::rate_limited(1);
        e.details = json!({ "retry_after_seconds": 1, "max_in_flight": limit });
        e
    }

    /// 429 with `Retry-After`.
    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMIT_EXCEEDED",
            "rate_limit_error",
            "Too many requests. Please slow down and retry later.",
            "Rate limit exceeded for this API key",
        );
        e.retry_after = Some(retry_after);
        e.details = json!({ "retry_after_seconds": retry_after });
        e
    }

    /// 503, as the `--fail-rate` knob answers.
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
            "server_error",
            "The service is temporarily unavailable. Please retry.",
            "Injected failure (--fail-rate)",
        )
    }

    /// 500 for a fault inside the server (the cause goes to the log, not to the caller).
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "server_error",
            "An internal error occurred. Please retry.",
            "Internal server error",
        )
    }

    /// The envelope this error is sent as.
    pub fn envelope(&self) -> ErrorEnvelope {
        ErrorEnvelope {
            success: false,
            error: ErrorBody {
                code: self.code.to_string(),
                message: self.message.clone(),
                system_message: self.system_message.clone(),
                kind: self.kind.to_string(),
                status: self.status.as_u16(),
                details: self.details.clone(),
                trace_id: trace_id(),
                // The system's time: an error is made where the server's state does not reach.
                timestamp: super::clock::Clock::default().now(),
            },
        }
    }
}

impl From<rusqlite::Error> for ServerError {
    fn from(e: rusqlite::Error) -> Self {
        Self::internal(e)
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let mut resp = (self.status, axum::Json(self.envelope())).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}

/// `req_` and 16 random hex digits.
fn trace_id() -> String {
    format!("req_{:016x}", rand::random::<u64>())
}
