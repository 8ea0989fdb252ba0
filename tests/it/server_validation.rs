//! The reference server's validation of collection text and covers (music-api.md §13), one behaviour a
//! test: control characters, description length, `name: null`, and a cover the caller cannot see.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use freddy_music::api::model::{CollectionPatch, NewCollection};
use freddy_music::api::{ApiError, Client};

fn refused_field(r: Result<impl std::fmt::Debug, ApiError>) -> String {
    match r {
        Err(ApiError::Validation(d)) => {
            assert_eq!(d.code, "VALIDATION_ERROR");
            d.details["field"].as_str().unwrap().to_string()
        }
        other => panic!("expected 422, got {other:?}"),
    }
}

fn named(name: &str) -> NewCollection {
    NewCollection { name: name.into(), ..Default::default() }
}

async fn patch(api: &Client, p: CollectionPatch) -> Result<freddy_music::api::model::Collection, ApiError> {
    api.update_collection(&cid(FOCUS), &p).await
}

#[tokio::test]
async fn a_control_character_in_a_name_is_refused_naming_the_field() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    for name in ["Bad\u{1b}[2J", "tab\there", "c1\u{9b}x", "del\u{7f}"] {
        assert_eq!(refused_field(api.create_collection(&named(name)).await), "name", "{name:?}");
    }
    let p = CollectionPatch { name: Some(Some("new\nline".into())), ..Default::default() };
    assert_eq!(refused_field(patch(&api, p).await), "name");
}

#[tokio::test]
async fn a_control_character_in_a_description_is_refused_naming_the_field() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let body = NewCollection { description: Some("x\u{7}".into()), ..named("Fine") };
    assert_eq!(refused_field(api.create_collection(&body).await), "description");
    let p = CollectionPatch { description: Some(Some("\u{85}".into())), ..Default::default() };
    assert_eq!(refused_field(patch(&api, p).await), "description");
}

#[tokio::test]
async fn a_description_over_2000_characters_is_refused() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let ok = NewCollection { description: Some("é".repeat(2000)), ..named("Long but fine") };
    assert!(api.create_collection(&ok).await.is_ok());
    let long = NewCollection { description: Some("é".repeat(2001)), ..named("Too long") };
    assert_eq!(refused_field(api.create_collection(&long).await), "description");
}

#[tokio::test]
async fn name_null_on_update_is_refused_and_description_null_clears() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let before = api.get_collection(&cid(FOCUS)).await.unwrap();
    assert_eq!(refused_field(patch(&api, CollectionPatch { name: Some(None), ..Default::default() }).await), "name");
    assert_eq!(api.get_collection(&cid(FOCUS)).await.unwrap().name, before.name, "nothing changed");
    let cleared = patch(&api, CollectionPatch { description: Some(None), ..Default::default() }).await.unwrap();
    assert_eq!(cleared.description, None);
}

#[tokio::test]
async fn a_cover_must_be_a_track_the_caller_can_see() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let mine = api.all_members(&cid(FOCUS)).await.unwrap()[0].track_id.to_string();
    // A track of the other user's that the listener has not saved.
    let other = s.client(OTHER);
    let theirs = other.all_members(&cid(OTHERS_MIXTAPE)).await.unwrap();
    let mut hidden = None;
    for m in theirs {
        if api.get_track(&m.track_id).await.is_err() {
            hidden = Some(m.track_id.to_string());
            break;
        }
    }
    let hidden = hidden.expect("the demo data has a track only the other user can see");
    for cover in [hidden.as_str(), "mtrack_doesnotexist", "not-an-id"] {
        let body = NewCollection { cover_track_id: Some(cover.into()), ..named("Covered") };
        assert_eq!(refused_field(api.create_collection(&body).await), "cover_track_id", "{cover}");
        let p = CollectionPatch { cover_track_id: Some(Some(cover.into())), ..Default::default() };
        assert_eq!(refused_field(patch(&api, p).await), "cover_track_id", "{cover}");
    }
    let body = NewCollection { cover_track_id: Some(mine.clone()), ..named("Covered") };
    assert_eq!(api.create_collection(&body).await.unwrap().cover_track_id.as_deref(), Some(mine.as_str()));
}

#[tokio::test]
async fn a_control_character_in_a_cover_url_is_refused_naming_the_field() {
    let s = demo_server().await;
    let api = s.client(LISTENER);
    let body = NewCollection { cover_image_url: Some("https://x.example/\u{1b}[2J.png".into()), ..named("Cover") };
    assert_eq!(refused_field(api.create_collection(&body).await), "cover_image_url");
    let p =
        CollectionPatch { cover_image_url: Some(Some("https://x.example/\u{9b}.png".into())), ..Default::default() };
    assert_eq!(refused_field(patch(&api, p).await), "cover_image_url");
}
