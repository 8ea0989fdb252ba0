//! Offset pagination (music-api.md §5): follow `limit`/`offset` until a page comes back short.

use std::collections::HashSet;

use futures::Stream;
use futures::stream;

use super::client::{Client, PageRequest};
use super::error::ApiError;
use super::ids::CollectionId;
use super::model::{Collection, Member, MemberPlace, Track, TrackFilter};

/// Largest page sizes the API allows.
pub const MAX_COLLECTIONS_LIMIT: u32 = 100;
pub const MAX_MEMBERS_LIMIT: u32 = 500;
pub const MAX_TRACKS_LIMIT: u32 = 100;
/// Pages in flight at once when the number of pages is known.
const READ_AHEAD: usize = 4;
/// The most members a whole-order read makes room for before it has seen them.
const MAX_PRESIZE: u64 = 200_000;

/// Something a list page holds, with the id that tells items apart.
trait Keyed {
    fn key(&self) -> &str;
    /// For members: the position the server gave (it must continue from the page's offset).
    fn position(&self) -> Option<u64> {
        None
    }
}

impl Keyed for Collection {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl Keyed for Track {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl Keyed for Member {
    fn key(&self) -> &str {
        self.track_id.as_str()
    }
    fn position(&self) -> Option<u64> {
        Some(self.position)
    }
}

/// Checks a page against what came before: no more items than asked for, positions that continue from
/// the offset, and something new on every full page. A server that repeats pages or never ends a list
/// is stopped here (no page cap: a real collection may have 100,000 members).
fn check_page<T: Keyed>(offset: u64, limit: u32, items: &[T], seen: &mut HashSet<String>) -> Result<(), ApiError> {
    if items.len() > limit as usize {
        return Err(ApiError::BadPaging(format!("{} items on a page of {limit} at offset {offset}", items.len())));
    }
    for (i, item) in items.iter().enumerate() {
        if let Some(p) = item.position().filter(|p| *p != offset + i as u64) {
            return Err(ApiError::BadPaging(format!("position {p} where {} was due", offset + i as u64)));
        }
    }
    let new = items.iter().filter(|item| seen.insert(item.key().to_string())).count();
    if new == 0 && !items.is_empty() {
        return Err(ApiError::BadPaging(format!("the page at offset {offset} repeats items already listed")));
    }
    Ok(())
}

/// Turns a page fetcher into a stream of pages that ends after the first short (or empty) page and never
/// asks for the one past it; a page that makes no progress ends it with an error.
fn paginate<T: Keyed, F, Fut>(limit: u32, fetch: F) -> impl Stream<Item = Result<Vec<T>, ApiError>>
where
    F: Fn(PageRequest) -> Fut,
    Fut: Future<Output = Result<Vec<T>, ApiError>>,
{
    stream::try_unfold((Some(0u64), HashSet::new()), move |(next, mut seen)| {
        let fut = next.map(|offset| fetch(PageRequest::new(limit, offset)));
        async move {
            let Some(fut) = fut else { return Ok(None) };
            let offset = next.unwrap_or(0);
            let items = fut.await?;
            check_page(offset, limit, &items, &mut seen)?;
            let full = items.len() >= limit as usize && limit > 0;
            let following = full.then(|| offset + items.len() as u64);
            Ok(Some((items, (following, seen))))
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

    /// All members of a collection whose size is known (from get-collection): the pages that size
    /// implies are fetched `READ_AHEAD` at a time, in order, and checked as `all_members` checks them. A
    /// short page ends the list (the rest are dropped); if the collection grew past it, the rest is
    /// followed a page at a time.
    pub async fn all_members_counted(&self, id: &CollectionId, count: u64) -> Result<Vec<Member>, ApiError> {
        self.all_members_counted_with(id, count, |_| ()).await
    }

    /// `all_members_counted`, telling `on_page` how many members each page brought.
    pub async fn all_members_counted_with(
        &self,
        id: &CollectionId,
        count: u64,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<Member>, ApiError> {
        self.members_while(id, count, |page| {
            on_page(page.len());
            true
        })
        .await
    }

    /// Members from position 0: the pages the first `count` take, `READ_AHEAD` at a time, then a page at
    /// a time, each checked as `all_members` checks them. The read ends at the list's end, or after a page
    /// for which `more` (told each page in order) says no more are needed.
    pub async fn members_while(
        &self,
        id: &CollectionId,
        count: u64,
        mut more: impl FnMut(&[Member]) -> bool,
    ) -> Result<Vec<Member>, ApiError> {
        use futures::StreamExt;
        let limit = MAX_MEMBERS_LIMIT;
        let pages = count / u64::from(limit) + 1;
        let mut ahead = stream::iter(0..pages)
            .map(|p| self.list_members(id, PageRequest::new(limit, p * u64::from(limit))))
            .buffered(READ_AHEAD);
        // Sized for the count given (bounded: it comes from the server).
        let expected = usize::try_from(count.min(MAX_PRESIZE)).unwrap_or(0);
        let mut seen = HashSet::with_capacity(expected);
        let mut out = Vec::with_capacity(expected);
        loop {
            let offset = out.len() as u64;
            let items = match ahead.next().await {
                Some(page) => page?.items,
                None => self.list_members(id, PageRequest::new(limit, offset)).await?.items,
            };
            check_page(offset, limit, &items, &mut seen)?;
            let full = items.len() >= limit as usize;
            let wanted = more(&items);
            out.extend(items);
            if !full || !wanted {
                return Ok(out);
            }
        }
    }

    /// The ids and positions of a collection of `count` members (from get-collection), read from its end
    /// backwards, `READ_AHEAD` pages at a time: first the short page at the end (at offset `count` less
    /// `count % limit`, which must hold exactly that many: it shows the count still holds), then full pages
    /// down to offset 0. Removing members already read does not move the ones before them, so a caller
    /// may remove as it reads. A page that does not hold what the count implies, at the positions asked
    /// for, ends the read with `BadPaging` (the collection changed while it was read).
    pub fn member_places_from_the_end<'a>(
        &'a self,
        id: &'a CollectionId,
        count: u64,
    ) -> impl Stream<Item = Result<Vec<MemberPlace>, ApiError>> + 'a {
        use futures::StreamExt;
        let limit = MAX_MEMBERS_LIMIT;
        let end = count - count % u64::from(limit);
        // The short page at the end, then every full one: `pages_from_the_end(count)` pages.
        let pages = std::iter::once((end, count - end))
            .chain((0..end / u64::from(limit)).rev().map(move |p| (p * u64::from(limit), u64::from(limit))));
        stream::iter(pages)
            .map(move |(offset, expected)| async move {
                let items = self.list_member_places(id, PageRequest::new(limit, offset)).await?.items;
                let in_place = items.iter().enumerate().all(|(i, m)| m.position == offset + i as u64);
                if items.len() as u64 != expected || !in_place {
                    return Err(ApiError::BadPaging(format!(
                        "{} members at offset {offset} where {expected} were due: the collection changed while it was read",
                        items.len()
                    )));
                }
                Ok(items)
            })
            .buffered(READ_AHEAD)
    }

    /// All of the caller's collections, newest first.
    pub async fn all_collections(&self) -> Result<Vec<Collection>, ApiError> {
        use futures::StreamExt;
        // A server inventing collections page after page must not grow the list without end.
        let mut seen = 0usize;
        let pages = self.collection_pages(MAX_COLLECTIONS_LIMIT).take_while(move |page| {
            let go = seen < MAX_COLLECTIONS;
            seen += page.as_ref().map_or(0, Vec::len);
            std::future::ready(go)
        });
        let mut all = collect(pages).await?;
        all.truncate(MAX_COLLECTIONS);
        Ok(all)
    }
}

/// The most collections read: a list this long is said to be cut there (no account of a person's has as
/// many; a server that never ends its list would otherwise grow memory without bound).
pub const MAX_COLLECTIONS: usize = 10_000;

/// How many pages `member_places_from_the_end` reads for `count` members: the short one at the end
/// (empty when `count` is a multiple of the page size), then every full one.
pub fn pages_from_the_end(count: u64) -> u64 {
    count / u64::from(MAX_MEMBERS_LIMIT) + 1
}

async fn collect<T>(pages: impl Stream<Item = Result<Vec<T>, ApiError>>) -> Result<Vec<T>, ApiError> {
    use futures::TryStreamExt;
    let pages: Vec<Vec<T>> = pages.try_collect().await?;
    Ok(pages.into_iter().flatten().collect())
}
