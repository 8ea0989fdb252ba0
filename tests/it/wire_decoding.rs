//! Every example body of music-api.md, and the seed page's 200/401/404 bodies verbatim, decode into the
//! wire types with the documented values and nullability.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use freddy_music::api::model::{
    Ack, Collection, CollectionPage, ErrorEnvelope, LibraryEntry, MemberPage, Track, TrackPage,
};

const SEED: &str = include_str!("../fixtures/seed_remove_collection_track.txt");

/// The JSON block that follows the fence line starting with `fence` in the seed page.
fn seed_block(fence: &str) -> String {
    let start = SEED.find(fence).unwrap_or_else(|| panic!("no block {fence}"));
    let body = &SEED[start + fence.len()..];
    let end = body.find("```").unwrap();
    body[..end].to_string()
}

#[test]
fn seed_200_ack() {
    let ack: Ack = serde_json::from_str(&seed_block("```json 200 OK")).unwrap();
    assert_eq!(
        ack,
        Ack { success: true, id: "mtrack_8d2e1f6a3c9b".into(), detail: "Track removed from collection.".into() }
    );
}

#[test]
fn seed_401_envelope() {
    let env: ErrorEnvelope = serde_json::from_str(&seed_block("```json 401 Unauthorized")).unwrap();
    assert!(!env.success);
    assert_eq!(env.error.code, "AUTHENTICATION_REQUIRED");
    assert_eq!(env.error.message, "Authentication required. Please provide a valid API key.");
    assert_eq!(env.error.system_message, "Missing or invalid authorization header");
    assert_eq!(env.error.kind, "authentication_error");
    assert_eq!(env.error.status, 401);
    assert_eq!(env.error.details, serde_json::json!({}));
    assert_eq!(env.error.trace_id, "req_abc123xyz");
    assert_eq!(env.error.timestamp, "2026-06-28T10:30:00Z");
}

#[test]
fn seed_404_envelope() {
    let env: ErrorEnvelope = serde_json::from_str(&seed_block("```json 404 Not Found")).unwrap();
    assert_eq!(env.error.code, "RESOURCE_NOT_FOUND");
    assert_eq!(env.error.kind, "client_error");
    assert_eq!(env.error.status, 404);
    assert_eq!(env.error.system_message, "Music collection not found or not owned by caller");
    assert_eq!(env.error.details["collection_id"], "mcoll_4a1f9c7e2b8d");
    assert_eq!(env.error.trace_id, "req_jkl012abc");
}

#[test]
fn collection_example() {
    let c: Collection = serde_json::from_str(
        r#"{ "id": "mcoll_4a1f9c7e2b8d", "name": "Focus Sessions",
    "description": "Instrumental tracks for deep work",
    "cover_track_id": "mtrack_8d2e1f6a3c9b", "cover_image_url": null,
    "track_count": 12,
    "created_at": "2026-06-28T10:30:00Z", "updated_at": "2026-06-28T11:15:00Z" }"#,
    )
    .unwrap();
    assert_eq!(c.id.as_str(), "mcoll_4a1f9c7e2b8d");
    assert_eq!(c.description.as_deref(), Some("Instrumental tracks for deep work"));
    assert_eq!(c.cover_image_url, None);
    assert_eq!(c.track_count, Some(12));
    // Round trip keeps nullable fields present as null.
    let back = serde_json::to_value(&c).unwrap();
    assert!(back.get("cover_image_url").is_some_and(|v| v.is_null()));
}

#[test]
fn collection_list_has_null_track_count() {
    let page: CollectionPage = serde_json::from_str(
        r#"{ "items": [ { "id": "mcoll_4a1f9c7e2b8d", "name": "Focus Sessions", "description": null,
        "cover_track_id": null, "cover_image_url": null, "track_count": null,
        "created_at": "2026-06-28T10:30:00Z", "updated_at": "2026-06-28T11:15:00Z" } ], "limit": 50, "offset": 0 }"#,
    )
    .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].track_count, None);
    assert_eq!((page.limit, page.offset), (50, 0));
}

#[test]
fn member_page_example() {
    let page: MemberPage = serde_json::from_str(
        r#"{ "collection_id": "mcoll_4a1f9c7e2b8d",
    "items": [ { "track_id": "mtrack_8d2e1f6a3c9b", "position": 0, "added_at": "2026-06-28T10:35:00Z" },
               { "track_id": "mtrack_1b9c4e7f2a6d", "position": 1, "added_at": "2026-06-28T10:40:00Z" } ],
    "limit": 200, "offset": 0 }"#,
    )
    .unwrap();
    assert_eq!(page.collection_id.as_str(), "mcoll_4a1f9c7e2b8d");
    assert_eq!(page.items[1].track_id.as_str(), "mtrack_1b9c4e7f2a6d");
    assert_eq!(page.items[1].position, 1);
    assert_eq!(page.limit, 200);
}

#[test]
fn ack_examples() {
    for (id, detail) in [
        ("mcoll_4a1f9c7e2b8d", "Collection deleted."),
        ("mtrack_8d2e1f6a3c9b", "Track removed from collection."),
        ("mcoll_4a1f9c7e2b8d", "Collection reordered."),
        ("mtrack_8d2e1f6a3c9b", "Track deleted."),
    ] {
        let raw = format!(r#"{{"success": true, "id": "{id}", "detail": "{detail}"}}"#);
        let ack: Ack = serde_json::from_str(&raw).unwrap();
        assert!(ack.success);
        assert_eq!((ack.id.as_str(), ack.detail.as_str()), (id, detail));
    }
}

#[test]
fn track_with_nulls_and_stems() {
    let t: Track = serde_json::from_str(
        r#"{"id": "mtrack_8d2e1f6a3c9b", "title": null, "engine": "studio", "mode": "creation",
            "measured_duration_seconds": null, "instrumental": true, "licence_class": "commercial_cleared",
            "created_at": "2026-06-28T10:30:00Z", "playback_url": "https://cdn/x.mp3",
            "stem_urls": {"drums": "https://cdn/d.mp3"}}"#,
    )
    .unwrap();
    assert_eq!(t.title, None);
    assert_eq!(t.measured_duration_seconds, None);
    assert_eq!(t.stem_urls.unwrap()["drums"], "https://cdn/d.mp3");
    let page: TrackPage = serde_json::from_str(
        r#"{"items": [{"id": "mtrack_1b9c4e7f2a6d", "title": "Tides", "engine": "studio", "mode": "focus",
            "measured_duration_seconds": 187.4, "instrumental": false, "licence_class": "personal_only",
            "created_at": "2026-06-28T10:30:00Z", "playback_url": null, "stem_urls": null}],
            "limit": 50, "offset": 0}"#,
    )
    .unwrap();
    assert_eq!(page.items[0].measured_duration_seconds, Some(187.4));
    assert_eq!(page.items[0].playback_url, None);
}

#[test]
fn library_entry() {
    let e: LibraryEntry = serde_json::from_str(
        r#"{"id": "mlib_9f8e7d6c5b4a", "track_id": "mtrack_8d2e1f6a3c9b", "source": "own",
            "created_at": "2026-06-28T10:30:00Z", "saved": true}"#,
    )
    .unwrap();
    assert!(e.saved);
    assert_eq!(e.share_link_id, None);
    let shared: LibraryEntry = serde_json::from_str(
        r#"{"id": "mlib_1", "track_id": "mtrack_2", "source": "shared", "created_at": "2026-06-28T10:30:00Z",
            "saved": true, "share_link_id": "mslink_3"}"#,
    )
    .unwrap();
    assert_eq!(shared.share_link_id.as_deref(), Some("mslink_3"));
}

#[test]
fn generic_error_envelope() {
    let env: ErrorEnvelope = serde_json::from_str(
        r#"{"success": false, "error": {"code": "ERROR_CODE", "message": "user-facing text",
            "system_message": "developer/log text", "type": "client_error", "status": 404, "details": {},
            "trace_id": "uuid", "timestamp": "2025-01-15T10:30:00Z"}}"#,
    )
    .unwrap();
    assert_eq!(env.error.code, "ERROR_CODE");
    assert_eq!(env.error.kind, "client_error");
}

#[test]
fn a_malformed_id_in_a_response_is_refused() {
    let bad = r#"{"track_id": "mtrack_../../etc", "position": 0, "added_at": "x"}"#;
    assert!(serde_json::from_str::<freddy_music::api::model::Member>(bad).is_err());
}
