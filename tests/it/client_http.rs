//! The client against `wiremock`: error mapping, retries, timeouts and pagination, for the responses the
//! reference server cannot be made to produce on demand.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use freddy_music::api::model::{NewCollection, TrackFilter};
use freddy_music::api::{
    ApiError, ApiKey, Client, ClientConfig, CollectionId, OrganizationId, PageRequest, RetryPolicy, TrackId,
};
use futures::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG: &str = "org_abc123";
const COLL: &str = "mcoll_4a1f9c7e2b8d";

fn client(server: &MockServer) -> Client {
    let mut cfg = ClientConfig::new(
        server.uri(),
        OrganizationId::parse(ORG).unwrap(),
        ApiKey::parse("ak_test_key_0123456789").unwrap(),
    );
    cfg.request_timeout = Duration::from_millis(800);
    cfg.retry = RetryPolicy {
        max_retries: 3,
        min_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(2),
        max_rate_limited: Duration::from_secs(5),
        max_rate_limited_attempts: 6,
    };
    Client::new(cfg).unwrap()
}

fn coll() -> CollectionId {
    CollectionId::parse(COLL).unwrap()
}

fn envelope(status: u16, code: &str, details: serde_json::Value) -> serde_json::Value {
    json!({"success": false, "error": {"code": code, "message": format!("message {code}"),
        "system_message": "sys", "type": "client_error", "status": status, "details": details,
        "trace_id": "req_trace1", "timestamp": "2026-06-28T10:30:00Z"}})
}

fn members_path() -> String {
    format!("/v1/music/{ORG}/collections/{COLL}/tracks")
}

#[tokio::test]
async fn sends_key_and_user_agent_and_decodes_ack() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("{}/mtrack_8d2e1f6a3c9b", members_path())))
        .and(header("x-api-key", "ak_test_key_0123456789"))
        .and(header("user-agent", concat!("freddy-music/", env!("CARGO_PKG_VERSION"))))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"success": true, "id": "mtrack_8d2e1f6a3c9b", "detail": "Track removed from collection."}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let ack = client(&server).remove_member(&coll(), &TrackId::parse("mtrack_8d2e1f6a3c9b").unwrap()).await.unwrap();
    assert_eq!(ack.detail, "Track removed from collection.");
}

#[tokio::test]
async fn maps_each_error_status() {
    let cases: [(u16, &str, serde_json::Value); 4] = [
        (401, "AUTHENTICATION_REQUIRED", json!({})),
        (403, "ORGANIZATION_ACCESS_DENIED", json!({})),
        (404, "RESOURCE_NOT_FOUND", json!({"collection_id": COLL})),
        (422, "VALIDATION_ERROR", json!({"field": "limit"})),
    ];
    for (status, code, details) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_json(envelope(status, code, details.clone())))
            .expect(1) // never retried
            .mount(&server)
            .await;
        let err = client(&server).get_collection(&coll()).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        let d = err.detail().unwrap();
        assert_eq!((d.code.as_str(), d.trace_id.as_str()), (code, "req_trace1"));
        assert_eq!(d.details, details);
        assert_eq!(d.message, format!("message {code}"));
        match (status, &err) {
            (401, ApiError::Unauthorized(_)) => assert!(err.to_string().contains("config init")),
            (403, ApiError::Forbidden(_)) | (404, ApiError::NotFound(_)) | (422, ApiError::Validation(_)) => {}
            _ => panic!("status {status} mapped to {err:?}"),
        }
    }
}

#[tokio::test]
async fn retries_429_honouring_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1").set_body_json(envelope(
            429,
            "RATE_LIMIT_EXCEEDED",
            json!({}),
        )))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"collection_id": COLL, "items": [], "limit": 200, "offset": 0})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let page = client(&server).list_members(&coll(), PageRequest::new(200, 0)).await.unwrap();
    assert!(page.items.is_empty());
    // The client waited for the server's Retry-After, not its own 5 ms backoff.
    assert!(started.elapsed() >= Duration::from_millis(900), "waited only {:?}", started.elapsed());
}

#[tokio::test]
async fn retries_503_twice_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503).set_body_json(envelope(503, "SERVICE_UNAVAILABLE", json!({}))))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "id": "mtrack_1", "detail": "Track removed from collection."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let ack = client(&server).remove_member(&coll(), &TrackId::parse("mtrack_1").unwrap()).await.unwrap();
    assert_eq!(ack.id, "mtrack_1");
}

#[tokio::test]
async fn gives_up_after_bounded_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string("bad gateway"))
        .expect(4) // one attempt and three retries
        .mount(&server)
        .await;
    let err = client(&server).get_collection(&coll()).await.unwrap_err();
    assert!(matches!(err, ApiError::Server { status: 502, .. }), "{err:?}");
}

#[tokio::test]
async fn create_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/music/{ORG}/collections")))
        .respond_with(ResponseTemplate::new(503).set_body_json(envelope(503, "SERVICE_UNAVAILABLE", json!({}))))
        .expect(1)
        .mount(&server)
        .await;
    let body = NewCollection { name: "x".into(), ..NewCollection::default() };
    let err = client(&server).create_collection(&body).await.unwrap_err();
    assert!(matches!(err, ApiError::Server { status: 503, .. }), "{err:?}");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"items": [ oops"#, "application/json"))
        .mount(&server)
        .await;
    let err = client(&server).list_collections(PageRequest::new(50, 0)).await.unwrap_err();
    match err {
        ApiError::Decode { status: 200, snippet, .. } => assert!(snippet.contains("oops")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_hung_response_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let mut cfg = ClientConfig::new(server.uri(), OrganizationId::parse(ORG).unwrap(), ApiKey::parse("ak_x").unwrap());
    cfg.request_timeout = Duration::from_millis(300);
    cfg.retry = RetryPolicy::none();
    let err = Client::new(cfg).unwrap().get_collection(&coll()).await.unwrap_err();
    assert!(matches!(err, ApiError::Timeout(_)), "{err:?}");
    assert!(!err.is_transient(), "a silent server is not asked again");
}

#[tokio::test]
async fn an_html_proxy_page_is_reported_readably() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw("<html><body><h1>502 Bad Gateway</h1>\n</body></html>", "text/html"),
        )
        .mount(&server)
        .await;
    let err = client(&server).get_collection(&coll()).await.unwrap_err();
    match &err {
        ApiError::Server { status: 502, detail } => {
            assert!(detail.message.contains("502 Bad Gateway"), "{detail:?}");
            assert!(detail.code.is_empty());
        }
        other => panic!("{other:?}"),
    }
    // A 200 that is HTML is a decode error, not a panic.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html"))
        .mount(&server)
        .await;
    let err = client(&server).get_collection(&coll()).await.unwrap_err();
    assert!(matches!(err, ApiError::Decode { status: 200, .. }), "{err:?}");
}

#[tokio::test]
async fn pagination_stops_on_a_short_page() {
    let server = MockServer::start().await;
    let member = |i: u64| json!({"track_id": format!("mtrack_{i}"), "position": i, "added_at": "2026-06-28T10:35:00Z"});
    Mock::given(method("GET"))
        .and(path(members_path()))
        .and(query_param("offset", "0"))
        .and(query_param("limit", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"collection_id": COLL, "items": [member(0), member(1), member(2)], "limit": 3, "offset": 0}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(members_path()))
        .and(query_param("offset", "3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"collection_id": COLL, "items": [member(3)], "limit": 3, "offset": 3})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(members_path()))
        .and(query_param("offset", "4"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0) // never asked for
        .mount(&server)
        .await;
    let c = client(&server);
    let id = coll();
    let pages: Vec<_> = c.member_pages(&id, 3).try_collect().await.unwrap();
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), vec![3, 1]);
    assert_eq!(pages[1][0].position, 3);
}

#[tokio::test]
async fn pagination_of_an_exact_multiple_ends_on_the_empty_page() {
    let server = MockServer::start().await;
    let track = |i: u64| {
        json!({"id": format!("mtrack_{i}"), "title": null, "engine": "studio", "mode": "creation",
        "measured_duration_seconds": null, "instrumental": false, "licence_class": "unclear",
        "created_at": "2026-06-28T10:30:00Z", "playback_url": null, "stem_urls": null})
    };
    Mock::given(method("GET"))
        .and(query_param("offset", "0"))
        .and(query_param("collection_id", COLL))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"items": [track(0), track(1)], "limit": 2, "offset": 0})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [], "limit": 2, "offset": 2})))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let filter = TrackFilter { collection_id: Some(coll()), ..TrackFilter::default() };
    let pages: Vec<_> = c.track_pages(&filter, 2).try_collect().await.unwrap();
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 0]);
}

#[test]
fn refuses_plain_http_to_a_remote_host() {
    let cfg = |url: &str| {
        ClientConfig::new(url, OrganizationId::parse(ORG).unwrap(), ApiKey::parse("ak_secret_123456").unwrap())
    };
    let err = Client::new(cfg("http://api.aitronos.com")).unwrap_err();
    assert!(matches!(err, ApiError::InsecureTransport { ref host } if host == "api.aitronos.com"), "{err:?}");
    assert!(!err.to_string().contains("ak_secret"));
    for ok in ["https://api.aitronos.com", "http://127.0.0.1:8787", "http://localhost:1", "http://[::1]:8080"] {
        assert!(Client::new(cfg(ok)).is_ok(), "{ok}");
    }
    for bad in ["ftp://x", "not a url", "http://"] {
        assert!(Client::new(cfg(bad)).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn an_unreachable_host_is_a_network_error() {
    // Bind then drop a listener so the port is (almost certainly) closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut cfg = ClientConfig::new(
        format!("http://127.0.0.1:{port}"),
        OrganizationId::parse(ORG).unwrap(),
        ApiKey::parse("ak_x").unwrap(),
    );
    cfg.retry = RetryPolicy::none();
    let err = Client::new(cfg).unwrap().get_collection(&coll()).await.unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    assert!(err.to_string().contains("cannot reach the API"));
}

/// A server that answers 429 with `Retry-After: 0`, or with none, for ever: each request gives up after
/// its cap of 429s (it used to retry without end, since zero waits never reached the time budget).
#[tokio::test]
async fn endless_429s_with_a_zero_or_missing_retry_after_stop_at_the_attempt_cap() {
    for retry_after in [Some("0"), None] {
        let server = MockServer::start().await;
        let mut answer = ResponseTemplate::new(429).set_body_json(envelope(429, "RATE_LIMIT_EXCEEDED", json!({})));
        if let Some(v) = retry_after {
            answer = answer.insert_header("Retry-After", v);
        }
        Mock::given(method("GET")).respond_with(answer).mount(&server).await;
        let api = client(&server);
        let got = tokio::time::timeout(Duration::from_secs(60), api.get_collection(&coll())).await;
        let err = got.expect("the client gave up by itself").unwrap_err();
        assert!(matches!(err, ApiError::RateLimited { .. }), "{err:?}");
        let sent = server.received_requests().await.unwrap().len();
        assert_eq!(sent, 7, "the first request and 6 retries ({retry_after:?})");
    }
}
