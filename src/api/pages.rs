//! Offset pagination (music-api.md §5): follow `limit`/`offset` until a page comes back short.

use futures::Stream;
use futures::stream;

use super::client::Client;
use super::error::ApiError;
use super::ids::CollectionId;
use super::model::{Collection, Member, Track, TrackFilter};

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

/// Largest page sizes the API allows.
pub const MAX_COLLECTIONS_LIMIT: u32 = 100;
pub const MAX_MEMBERS_LIMIT: u32 = 500;
pub const MAX_TRACKS_LIMIT: u32 = 100;

/// Turns a page fetcher into a stream of pages that ends after the first short (or empty) page and never
/// asks for the one past it.
fn paginate<T, F, Fut>(limit: u32, fetch: F) -> impl Stream<Item = Result<Vec<T>, ApiError>>
where
    F: Fn(PageRequest) -> Fut,
    Fut: Future<Output = Result<Vec<T>, ApiError>>,
{
    stream::try_unfold(Some(0u64), move |next| {
        let fut = next.map(|offset| fetch(PageRequest::new(limit, offset)));
        async move {
            let Some(fut) = fut else { return Ok(None) };
            let offset = next.unwrap_or(0);
            let items = fut.await?;
            let full = items.len() >= limit as usize && limit > 0;
            let following = full.then(|| offset + items.len() as u64);
            Ok(Some((items, following)))
        }
    })
}

impl Client {
    /// Every collection, a page at a time.
    pub fn collection_pages(&self, limit: u32) -> impl Stream<Item = Result<Vec<Collection>, ApiError>> + '_ {
        paginate(limit, move |p| async move { self.list_collections(p).await.map(|pg| pg.items) })
    }

    /// Every member of a collection, a page at a time, in position order.
    pub fn member_pages<'a>(
        &'a self,
        id: &'a CollectionId,
        limit: u32,
    ) -> impl Stream<Item = Result<Vec<Member>, ApiError>> + 'a {
        paginate(limit, move |p| async move { self.list_members(id, p).await.map(|pg| pg.items) })
    }

    /// Every library track matching `filter`, a page at a time.
    pub fn track_pages<'a>(
        &'a self,
        filter: &'a TrackFilter,
        limit: u32,
    ) -> impl Stream<Item = Result<Vec<Track>, ApiError>> + 'a {
        paginate(limit, move |p| async move { self.list_tracks(filter, p).await.map(|pg| pg.items) })
    }

    /// All members of a collection, in order (follows every page).
    pub async fn all_members(&self, id: &CollectionId) -> Result<Vec<Member>, ApiError> {
        collect(self.member_pages(id, MAX_MEMBERS_LIMIT)).await
    }

    /// All of the caller's collections, newest first.
    pub async fn all_collections(&self) -> Result<Vec<Collection>, ApiError> {
        collect(self.collection_pages(MAX_COLLECTIONS_LIMIT)).await
    }
}

async fn collect<T>(pages: impl Stream<Item = Result<Vec<T>, ApiError>>) -> Result<Vec<T>, ApiError> {
    use futures::TryStreamExt;
    let pages: Vec<Vec<T>> = pages.try_collect().await?;
    Ok(pages.into_iter().flatten().collect())
}
