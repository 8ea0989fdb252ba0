//! One `Client` with a method for every collection, member and track endpoint (music-api.md §11).
//!
//! Requests that are safe to repeat (GET, add, remove, reorder, delete, save) are retried on 429,
//! 502/503/504, connection errors and timeouts, with exponential backoff and jitter; create is never retried.

use std::time::Duration;

use reqwest::{Method, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::{Host, Url};

use super::error::{ApiError, snippet};
use super::ids::{CollectionId, OrganizationId, TrackId};
use super::key::ApiKey;
use super::model::{
    Ack, AddMember, Collection, CollectionPage, CollectionPatch, LibraryEntry, MemberPage, MemberPlacePage,
    NewCollection, Reorder, Track, TrackFilter, TrackPage,
};
use super::throttle::{Throttle, jitter};

/// The largest response body read: far above the largest page (500 members, 100 tracks), far below
/// what could hurt. A larger one is refused.
pub const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// The documented production host.
pub const DEFAULT_BASE_URL: &str = "https://api.aitronos.com";

/// How hard the client tries again after a transient failure.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `3` means at most four attempts).
    pub max_retries: usize,
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// The longest `Retry-After` the client will wait for; a longer one is cut to this.
    pub max_retry_after: Duration,
    /// The most one request waits on 429s in all before it gives up.
    pub max_rate_limited: Duration,
    /// The most 429s one request takes before it gives up (a server answering `Retry-After: 0` for ever
    /// costs this many requests, not an endless loop).
    pub max_rate_limited_attempts: usize,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            max_rate_limited: Duration::from_secs(60),
            max_rate_limited_attempts: 12,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self { max_retries: 0, max_rate_limited: Duration::ZERO, max_rate_limited_attempts: 0, ..Self::default() }
    }
}

/// Everything needed to build a `Client`.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub base_url: String,
    pub organization: OrganizationId,
    pub api_key: ApiKey,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Allows plain http to a non-loopback host (off unless the user set `allow_insecure_http`).
    pub allow_insecure_http: bool,
}

impl ClientConfig {
    /// A config with the default timeouts (5 s to connect, 20 s a request) and retry policy.
    pub fn new(base_url: impl Into<String>, organization: OrganizationId, api_key: ApiKey) -> Self {
        Self {
            base_url: base_url.into(),
            organization,
            api_key,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
        }
    }
}

/// The Music API client. Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    org: OrganizationId,
    key: ApiKey,
    timeout: Duration,
    retry: RetryPolicy,
    throttle: std::sync::Arc<Throttle>,
}

/// One request, described before it is sent (so a retry can send it again).
struct Call<'a> {
    method: Method,
    path: Vec<&'a str>,
    query: Vec<(&'static str, String)>,
    body: Option<serde_json::Value>,
    retry: bool,
}

impl<'a> Call<'a> {
    fn new(method: Method, path: Vec<&'a str>) -> Self {
        let retry = method != Method::POST;
        Self { method, path, query: Vec::new(), body: None, retry }
    }

    fn page(mut self, page: PageRequest) -> Self {
        self.query.push(("limit", page.limit.to_string()));
        self.query.push(("offset", page.offset.to_string()));
        self
    }

    fn json(mut self, body: &impl Serialize) -> Result<Self, ApiError> {
        let value = serde_json::to_value(body).map_err(|e| ApiError::Decode {
            status: 0,
            reason: e.to_string(),
            snippet: String::new(),
        })?;
        self.body = Some(value);
        Ok(self)
    }

    /// Marks a POST as safe to repeat (add and save are idempotent).
    fn idempotent(mut self) -> Self {
        self.retry = true;
        self
    }
}

/// Whether a URL's host is this machine.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Parses a base URL and refuses plain http to anything but a loopback host.
pub fn check_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url, ApiError> {
    let url = Url::parse(raw.trim()).map_err(|_| ApiError::BadBaseUrl(hide_userinfo(raw)))?;
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(ApiError::BadBaseUrl(hide_userinfo(raw)));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::CredentialsInBaseUrl(hide_userinfo(raw)));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) || allow_insecure_http => Ok(url),
        "http" => Err(ApiError::InsecureTransport { host: url.host_str().unwrap_or_default().to_string() }),
        _ => Err(ApiError::BadBaseUrl(raw.to_string())),
    }
}

/// `raw` with whatever stands between `://` and an `@` before the path shown as `***` (a user name and
/// password in a URL are never printed, logged or recorded), and control characters made visible.
pub fn hide_userinfo(raw: &str) -> String {
    let shown = match raw.find("://") {
        Some(i) => {
            let rest = &raw[i + 3..];
            let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) => format!("{}://***{}", &raw[..i], &rest[at..]),
                None => raw.to_string(),
            }
        }
        None => raw.to_string(),
    };
    crate::text::clean(&shown).into_owned()
}

impl Client {
    /// Builds a client; fails on a bad base URL or plain http to a non-loopback host.
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let base = check_base_url(&config.base_url, config.allow_insecure_http)?;
        // TLS on ring: rustls's process-wide provider, installed by the first client (a later call
        // changes nothing; reqwest builds its TLS from it).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut http = reqwest::Client::builder()
            .user_agent(concat!("freddy-music/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            // A redirect would replay the key (and a DELETE) to whatever host it names: follow none.
            .redirect(reqwest::redirect::Policy::none());
        if base.scheme() == "http" {
            // No request leaves for https (no redirects are followed), so the system's certificates are
            // not read: a third of a short command's start-up.
            http = http.tls_certs_only([]);
        }
        let http = http.build().map_err(|e| ApiError::Network(e.to_string()))?;
        Ok(Self {
            http,
            base,
            org: config.organization,
            key: config.api_key,
            timeout: config.request_timeout,
            retry: config.retry,
            throttle: std::sync::Arc::new(Throttle::default()),
        })
    }

    /// The organization every call is scoped to.
    pub fn organization(&self) -> &OrganizationId {
        &self.org
    }

    /// A one-way fingerprint of the key (for telling accounts apart in the journal).
    pub fn key_fingerprint(&self) -> String {
        self.key.fingerprint()
    }

    /// The base URL (never carries the key).
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    // ----- collections (§7) -----

    /// list-collections: one page, newest first; `track_count` is null here.
    pub async fn list_collections(&self, page: PageRequest) -> Result<CollectionPage, ApiError> {
        let mut page: CollectionPage = self.send(Call::new(Method::GET, vec!["collections"]).page(page)).await?;
        page.items = page.items.into_iter().map(Collection::capped).collect();
        Ok(page)
    }

    /// create-collection (201). Never retried: a repeat could create a second collection.
    pub async fn create_collection(&self, body: &NewCollection) -> Result<Collection, ApiError> {
        self.send(Call::new(Method::POST, vec!["collections"]).json(body)?).await
    }

    /// get-collection, with `track_count` populated.
    pub async fn get_collection(&self, id: &CollectionId) -> Result<Collection, ApiError> {
        self.send::<Collection>(Call::new(Method::GET, vec!["collections", id.as_str()])).await.map(Collection::capped)
    }

    /// update-collection: only the fields set in `patch` change.
    pub async fn update_collection(&self, id: &CollectionId, patch: &CollectionPatch) -> Result<Collection, ApiError> {
        self.send(Call::new(Method::PATCH, vec!["collections", id.as_str()]).json(patch)?).await
    }

    /// delete-collection (soft delete).
    pub async fn delete_collection(&self, id: &CollectionId) -> Result<Ack, ApiError> {
        self.send(Call::new(Method::DELETE, vec!["collections", id.as_str()])).await
    }

    // ----- members (§8) -----

    /// list-collection-tracks: one page of members, by position.
    pub async fn list_members(&self, id: &CollectionId, page: PageRequest) -> Result<MemberPage, ApiError> {
        self.send(Call::new(Method::GET, vec!["collections", id.as_str(), "tracks"]).page(page)).await
    }

    /// list-collection-tracks, read for ids and positions only.
    pub async fn list_member_places(&self, id: &CollectionId, page: PageRequest) -> Result<MemberPlacePage, ApiError> {
        self.send(Call::new(Method::GET, vec!["collections", id.as_str(), "tracks"]).page(page)).await
    }

    /// add-collection-track: appends; idempotent, so it is retried.
    pub async fn add_member(&self, id: &CollectionId, track: &TrackId) -> Result<Ack, ApiError> {
        let body = AddMember { track_id: track.to_string() };
        self.send(Call::new(Method::POST, vec!["collections", id.as_str(), "tracks"]).json(&body)?.idempotent()).await
    }

    /// remove-collection-track: idempotent; removing a non-member succeeds.
    pub async fn remove_member(&self, id: &CollectionId, track: &TrackId) -> Result<Ack, ApiError> {
        self.send(Call::new(Method::DELETE, vec!["collections", id.as_str(), "tracks", track.as_str()])).await
    }

    /// reorder-collection: listed members take positions `0..k-1`.
    pub async fn reorder(&self, id: &CollectionId, order: &[TrackId]) -> Result<Ack, ApiError> {
        let body = Reorder { ordered_track_ids: order.iter().map(ToString::to_string).collect() };
        self.send(Call::new(Method::PATCH, vec!["collections", id.as_str(), "order"]).json(&body)?).await
    }

    // ----- tracks and library (§9) -----

    /// list-tracks: one page of the caller's library, newest save first.
    pub async fn list_tracks(&self, filter: &TrackFilter, page: PageRequest) -> Result<TrackPage, ApiError> {
        let mut call = Call::new(Method::GET, vec!["tracks"]).page(page);
        if let Some(c) = &filter.collection_id {
            call.query.push(("collection_id", c.to_string()));
        }
        if let Some(m) = &filter.mode {
            call.query.push(("mode", m.clone()));
        }
        if let Some(e) = &filter.engine {
            call.query.push(("engine", e.clone()));
        }
        let mut page: TrackPage = self.send(call).await?;
        page.items = page.items.into_iter().map(Track::capped).collect();
        Ok(page)
    }

    /// get-track.
    pub async fn get_track(&self, id: &TrackId) -> Result<Track, ApiError> {
        self.send::<Track>(Call::new(Method::GET, vec!["tracks", id.as_str()])).await.map(Track::capped)
    }

    /// save-track: idempotent.
    pub async fn save_track(&self, id: &TrackId) -> Result<LibraryEntry, ApiError> {
        self.send(Call::new(Method::POST, vec!["tracks", id.as_str(), "save"]).idempotent()).await
    }

    /// delete-track (creator only).
    pub async fn delete_track(&self, id: &TrackId) -> Result<Ack, ApiError> {
        self.send(Call::new(Method::DELETE, vec!["tracks", id.as_str()])).await
    }

    // ----- transport -----

    /// Sends a call; one that is safe to repeat is tried again after a passing fault: a 429 after its
    /// `Retry-After` (with jitter, capped, shared by every request of this client, and for at most
    /// `max_rate_limited` in all and `max_rate_limited_attempts` times; a zero or missing `Retry-After`
    /// waits at least an exponential backoff from `min_delay`), a 502/503/504 or a refused connection with exponential backoff and
    /// jitter (`max_retries` times). A timeout is not retried: a silent server is given up on after one
    /// request timeout.
    async fn send<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, ApiError> {
        let mut retries = 0;
        let mut limited = 0;
        let mut waited = Duration::ZERO;
        loop {
            self.throttle.ready().await;
            let err = match self.attempt::<T>(&call).await {
                Ok(v) => {
                    self.throttle.succeeded();
                    return Ok(v);
                }
                Err(e) => e,
            };
            if !call.retry {
                return Err(err);
            }
            let wait = match &err {
                ApiError::RateLimited { retry_after, .. } => {
                    // The server's word, but never less than a backoff that doubles with each 429 in a row.
                    let floor = self.retry.min_delay.saturating_mul(1 << limited.min(16));
                    let asked = retry_after.unwrap_or_default().max(floor);
                    let wait = jitter(asked.min(self.retry.max_retry_after));
                    if limited >= self.retry.max_rate_limited_attempts || waited + wait > self.retry.max_rate_limited {
                        return Err(err);
                    }
                    limited += 1;
                    waited += wait;
                    self.throttle.limited(wait);
                    wait
                }
                e if e.is_transient() && retries < self.retry.max_retries => {
                    retries += 1;
                    let exp = self.retry.min_delay.saturating_mul(1 << retries.min(16));
                    jitter(exp.min(self.retry.max_delay))
                }
                _ => return Err(err),
            };
            tracing::debug!(error = %err, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// The rate-limit state shared by this client's requests (for a bulk job's window and wait notices).
    pub fn throttle(&self) -> &Throttle {
        &self.throttle
    }

    fn url(&self, call: &Call<'_>) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut segs) = url.path_segments_mut() {
            segs.pop_if_empty().extend(["v1", "music", self.org.as_str()]).extend(call.path.iter());
        }
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(call.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    async fn attempt<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T, ApiError> {
        let url = self.url(call);
        let mut key = header::HeaderValue::from_str(self.key.expose())
            .map_err(|_| ApiError::Network("the API key cannot be sent as a header".to_string()))?;
        key.set_sensitive(true);
        let mut req = self
            .http
            .request(call.method.clone(), url.clone())
            .header("X-API-Key", key)
            .header(header::ACCEPT, "application/json");
        if let Some(body) = &call.body {
            req = req.json(body);
        }
        let resp = req.send().await.map_err(|e| self.transport_error(e))?;
        let status = resp.status();
        tracing::debug!(method = %call.method, path = url.path(), query = url.query().unwrap_or(""), status = status.as_u16(), "request");
        if status.is_redirection() {
            return Err(ApiError::Redirect(redirect_origin(&url, resp.headers())));
        }
        let retry_after = retry_after(resp.headers());
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if let Some(budget) = super::throttle::RateBudget::from_headers(resp.headers(), now) {
            self.throttle.observed(budget);
        }
        let bytes = self.read_body(resp).await?;
        if !status.is_success() {
            return Err(ApiError::from_status(status.as_u16(), retry_after, &bytes));
        }
        decode(status, &bytes)
    }

    /// The body, refused past `MAX_RESPONSE_BYTES` without reading the rest (an endless stream is cut off
    /// there; the request timeout bounds a slow one).
    async fn read_body(&self, mut resp: reqwest::Response) -> Result<Vec<u8>, ApiError> {
        if resp.content_length().is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
            return Err(ApiError::TooLarge(MAX_RESPONSE_BYTES));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.transport_error(e))? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(ApiError::TooLarge(MAX_RESPONSE_BYTES));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn transport_error(&self, e: reqwest::Error) -> ApiError {
        if e.is_timeout() {
            ApiError::Timeout(self.timeout)
        } else {
            // Strip the URL from the message: it is shown separately and keeps the text short.
            ApiError::Network(describe_transport(&e.without_url()))
        }
    }
}

/// The innermost cause of a transport error: "Connection refused" reads better than "error sending request".
fn describe_transport(e: &(dyn std::error::Error + 'static)) -> String {
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg = s.to_string();
        src = s.source();
    }
    // TLS spoken to a server that answers in plain http: say what that means.
    if msg.contains("InvalidContentType") || msg.contains("corrupt message") {
        msg.push_str(
            " (the server answered without TLS: if it serves plain http on loopback, the base URL starts with http://)",
        );
    }
    msg
}

/// Where a redirect points, as an origin (`https://host:port`): the rest of it is not ours to show.
fn redirect_origin(from: &Url, headers: &header::HeaderMap) -> String {
    let target = headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).and_then(|l| from.join(l).ok());
    match target {
        Some(t) => crate::text::clean(&t.origin().ascii_serialization()).into_owned(),
        None => "an address it did not give".to_string(),
    }
}

fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    let v = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    v.trim().parse::<u64>().ok().map(Duration::from_secs)
}

fn decode<T: DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::Decode {
        status: status.as_u16(),
        reason: e.to_string(),
        snippet: snippet(&String::from_utf8_lossy(bytes)),
    })
}

/// Which page to ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    pub offset: u64,
}

impl PageRequest {
    pub fn new(limit: u32, offset: u64) -> Self {
        Self { limit, offset }
    }
}

#[cfg(test)]
mod tests {
    /// TLS is rustls on ring, installed by the client itself: a client for an https host builds (without
    /// a provider, reqwest would panic here).
    #[test]
    fn a_client_for_an_https_host_builds_its_tls() {
        let config = super::ClientConfig::new(
            "https://api.aitronos.com",
            crate::OrganizationId::parse("org_demo").unwrap(),
            crate::ApiKey::parse("ak_demo_listener").unwrap(),
        );
        assert!(super::Client::new(config).is_ok());
    }

    #[test]
    fn userinfo_in_a_base_url_is_refused_and_never_shown() {
        let e = super::check_base_url("http://alice:s3cr3tPW@127.0.0.1:8787", false).unwrap_err();
        let said = e.to_string();
        assert!(said.contains("http://***@127.0.0.1:8787") && !said.contains("s3cr3tPW"), "{said}");
        let e = super::check_base_url("https://alice@api.example.com/v1", false).unwrap_err();
        assert!(!e.to_string().contains("alice"), "{e}");
        let e = super::check_base_url("http://a:pw@[bad", false).unwrap_err();
        assert!(!e.to_string().contains("pw"), "{e}");
        assert_eq!(super::hide_userinfo("https://x.example/a@b"), "https://x.example/a@b");
    }
}
