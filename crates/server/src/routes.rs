//! The HTTP surface: documented paths, methods and statuses (music-api.md §7–9 and §13).

use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};

use super::Shared;
use super::db::Weight;
use super::errors::ServerError;
use super::input::{JsonBody, Query, check_cover_url, check_description, check_name};
use super::store::{self, Caller, LibraryQuery};
use freddy_wire::model::{AddMember, CollectionPage, CollectionPatch, NewCollection, Reorder};

type Answer = Result<Response, ServerError>;

#[expect(clippy::unnecessary_wraps, reason = "a handler's every answer, this one too, is an `Answer`")]
fn ok<T: serde::Serialize>(value: T) -> Answer {
    Ok(Json(value).into_response())
}

/// Every route of the reference server.
pub(crate) fn router(state: Shared) -> Router {
    Router::new()
        .route("/v1/music/{org}/collections", get(list_collections).post(create_collection))
        .route(
            "/v1/music/{org}/collections/{cid}",
            get(get_collection).patch(update_collection).delete(delete_collection),
        )
        .route("/v1/music/{org}/collections/{cid}/tracks", get(list_members).post(add_member))
        .route("/v1/music/{org}/collections/{cid}/tracks/{tid}", delete(remove_member))
        .route("/v1/music/{org}/collections/{cid}/order", patch(reorder))
        .route("/v1/music/{org}/tracks", get(list_tracks))
        .route("/v1/music/{org}/tracks/{tid}", get(get_track).delete(delete_track))
        .route("/v1/music/{org}/tracks/{tid}/save", post(save_track))
        .fallback(|| async { ServerError::no_route() })
        .method_not_allowed_fallback(|| async {
            let mut e = ServerError::no_route();
            e.status = StatusCode::METHOD_NOT_ALLOWED;
            e.code = "METHOD_NOT_ALLOWED";
            e.message = "This method is not allowed on this path.".to_string();
            e
        })
        .with_state(state)
}

async fn list_collections(State(s): State<Shared>, caller: Caller, RawQuery(q): RawQuery) -> Answer {
    let (limit, offset) = Query::parse(q.as_deref()).page(50, 100)?;
    let items = s.db.read(|c| store::list_collections(c, &caller, limit, offset))?;
    ok(CollectionPage { items, limit, offset })
}

async fn create_collection(State(s): State<Shared>, caller: Caller, JsonBody(body): JsonBody<NewCollection>) -> Answer {
    check_name(&body.name)?;
    check_description(body.description.as_deref())?;
    check_cover_url(body.cover_image_url.as_deref())?;
    let c = s.db.write(Weight::Light, move |c| store::create_collection(c, &caller, &body)).await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

async fn get_collection(State(s): State<Shared>, caller: Caller, Path((_, cid)): Path<(String, String)>) -> Answer {
    ok(s.db.read(|c| store::get_collection(c, &caller, &cid))?)
}

async fn update_collection(
    State(s): State<Shared>,
    caller: Caller,
    Path((_, cid)): Path<(String, String)>,
    JsonBody(patch): JsonBody<CollectionPatch>,
) -> Answer {
    match &patch.name {
        Some(Some(name)) => check_name(name)?,
        Some(None) => {
            return Err(ServerError::validation("name", "cannot be null (give a name of 1 to 512 characters)"));
        }
        None => {}
    }
    check_description(patch.description.as_ref().and_then(|d| d.as_deref()))?;
    check_cover_url(patch.cover_image_url.as_ref().and_then(|u| u.as_deref()))?;
    let cursors = s.cursors.clone();
    ok(s.db.write(Weight::Light, move |c| store::update_collection(c, &caller, &cid, &patch, &cursors)).await?)
}

async fn delete_collection(State(s): State<Shared>, caller: Caller, Path((_, cid)): Path<(String, String)>) -> Answer {
    ok(s.db.write(Weight::Light, move |c| store::delete_collection(c, &caller, &cid)).await?)
}

async fn list_members(
    State(s): State<Shared>,
    caller: Caller,
    Path((_, cid)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Answer {
    let (limit, offset) = Query::parse(q.as_deref()).page(200, 500)?;
    let body = s.db.read(|c| store::list_members(c, &caller, &cid, limit, offset, &s.cursors))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn add_member(
    State(s): State<Shared>,
    caller: Caller,
    Path((_, cid)): Path<(String, String)>,
    JsonBody(body): JsonBody<AddMember>,
) -> Answer {
    let cursors = s.cursors.clone();
    ok(s.db.write(Weight::Light, move |c| store::add_member(c, &caller, &cid, &body.track_id, &cursors)).await?)
}

async fn remove_member(
    State(s): State<Shared>,
    caller: Caller,
    Path((_, cid, tid)): Path<(String, String, String)>,
) -> Answer {
    let cursors = s.cursors.clone();
    ok(s.db.write(Weight::Light, move |c| store::remove_member(c, &caller, &cid, &tid, &cursors)).await?)
}

async fn reorder(
    State(s): State<Shared>,
    caller: Caller,
    Path((_, cid)): Path<(String, String)>,
    JsonBody(body): JsonBody<Reorder>,
) -> Answer {
    let cursors = s.cursors.clone();
    ok(s.db.write(Weight::Heavy, move |c| store::reorder(c, &caller, &cid, &body.ordered_track_ids, &cursors)).await?)
}

async fn list_tracks(State(s): State<Shared>, caller: Caller, RawQuery(q): RawQuery) -> Answer {
    let q = Query::parse(q.as_deref());
    let (limit, offset) = q.page(50, 100)?;
    let filter = LibraryQuery {
        collection_id: q.get("collection_id").map(str::to_string),
        mode: q.get("mode").map(str::to_string),
        engine: q.get("engine").map(str::to_string),
    };
    ok(s.db.read_heavy(move |c| store::list_tracks(c, &caller, &filter, limit, offset)).await?)
}

async fn get_track(State(s): State<Shared>, caller: Caller, Path((_, tid)): Path<(String, String)>) -> Answer {
    ok(s.db.read(|c| store::get_track(c, &caller, &tid))?)
}

async fn save_track(State(s): State<Shared>, caller: Caller, Path((_, tid)): Path<(String, String)>) -> Answer {
    ok(s.db.write(Weight::Light, move |c| store::save_track(c, &caller, &tid)).await?)
}

async fn delete_track(State(s): State<Shared>, caller: Caller, Path((_, tid)): Path<(String, String)>) -> Answer {
    ok(s.db.write(Weight::Light, move |c| store::delete_track(c, &caller, &tid)).await?)
}
