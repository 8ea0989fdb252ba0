//! What the server knows, in SQLite: one function per operation, each a single transaction.
//!
//! Ownership is enforced here: a collection that is missing, deleted or someone else's is the same 404.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::cursors::{Change, PageCursors, STRIDE};
use super::errors::ServerError;
use super::ranks;
use freddy_wire::model::{Ack, Collection, CollectionPatch, LibraryEntry, NewCollection, Track, TrackPage};

type Result<T> = std::result::Result<T, ServerError>;

/// Who is calling, and when: a user acting in one organization, at the server clock's time of the
/// request (every write of one request carries the same time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    pub user_id: String,
    pub org_id: String,
    pub at: String,
}

/// Which ids a value may take (malformed ones are answered like missing ones).
fn well_formed(id: &str, prefix: &str) -> bool {
    id.len() > prefix.len()
        && id.len() <= freddy_wire::ids::MAX_ID_LEN
        && id.starts_with(prefix)
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// One row of a query, prepared once per connection and kept.
fn one<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

/// One statement, prepared once per connection and kept.
fn exec(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
    Ok(conn.prepare_cached(sql)?.execute(params)?)
}

fn random_id(prefix: &str) -> String {
    format!("{prefix}{:012x}", rand::random::<u64>() & 0xffff_ffff_ffff)
}

/// Each API key's user and the organizations that user belongs to.
pub(crate) type Callers = HashMap<String, (String, HashSet<String>)>;

/// Every key with its user and the organizations that user belongs to. Users and memberships are
/// written only by the seed (no endpoint changes them), so the server reads them once.
pub(crate) fn callers(conn: &Connection) -> Result<Callers> {
    let mut stmt = conn
        .prepare_cached("SELECT u.api_key, u.id, m.org_id FROM users u LEFT JOIN memberships m ON m.user_id = u.id")?;
    let mut out: HashMap<String, (String, HashSet<String>)> = HashMap::new();
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?;
    for row in rows {
        let (key, user, org) = row?;
        let entry = out.entry(key).or_insert_with(|| (user, HashSet::new()));
        entry.1.extend(org);
    }
    Ok(out)
}

// ----- collections -----

const COLLECTION_COLUMNS: &str = "id, name, description, cover_track_id, cover_image_url, created_at, updated_at";

fn collection_row(r: &Row<'_>) -> rusqlite::Result<Collection> {
    let id: String = r.get(0)?;
    Ok(Collection {
        id: freddy_wire::CollectionId::parse(id.clone())
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?,
        name: r.get(1)?,
        description: r.get(2)?,
        cover_track_id: r.get(3)?,
        cover_image_url: r.get(4)?,
        track_count: None,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// The version (see `touch`) of the caller's live collection with this id, or the documented 404: the
/// ownership check where the collection itself is not needed.
fn owned_version(conn: &Connection, caller: &Caller, id: &str) -> Result<i64> {
    if !well_formed(id, "mcoll_") {
        return Err(ServerError::collection_not_found(id));
    }
    conn.prepare_cached(
        "SELECT version FROM collections WHERE id = ?1 AND owner_id = ?2 AND org_id = ?3 AND deleted_at IS NULL",
    )?
    .query_row(params![id, caller.user_id, caller.org_id], |r| r.get(0))
    .optional()?
    .ok_or_else(|| ServerError::collection_not_found(id))
}

/// The caller's live collection with this id, or the documented 404.
fn owned(conn: &Connection, caller: &Caller, id: &str) -> Result<Collection> {
    if !well_formed(id, "mcoll_") {
        return Err(ServerError::collection_not_found(id));
    }
    let sql = format!(
        "SELECT {COLLECTION_COLUMNS} FROM collections
         WHERE id = ?1 AND owner_id = ?2 AND org_id = ?3 AND deleted_at IS NULL"
    );
    one(conn, &sql, params![id, caller.user_id, caller.org_id], collection_row)
        .optional()?
        .ok_or_else(|| ServerError::collection_not_found(id))
}

/// The member count kept with the collection (schema migration 5), not counted.
fn member_count(conn: &Connection, id: &str) -> Result<u64> {
    let n: i64 =
        conn.prepare_cached("SELECT member_count FROM collections WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn with_count(conn: &Connection, mut c: Collection) -> Result<Collection> {
    c.track_count = Some(member_count(conn, c.id.as_str())?);
    Ok(c)
}

/// Marks the collection changed: `updated_at`, and the `version` that member-page cursors are kept by
/// (`updated_at` is to the second), with what the change did to them. A removal is marked by its
/// DELETE's trigger instead (schema migration 8: one row write, not two), so `remove_member` only
/// carries the places.
fn touch(conn: &Connection, id: &str, at: &str, cursors: &PageCursors, change: Change) -> Result<()> {
    let to: i64 = conn
        .prepare_cached(
            "UPDATE collections SET updated_at = ?2, version = version + 1 WHERE id = ?1 RETURNING version",
        )?
        .query_row(params![id, at], |r| r.get(0))?;
    cursors.changed(id, to - 1, to, change);
    Ok(())
}

/// list-collections: the caller's own, newest first, `track_count` null.
pub(crate) fn list_collections(conn: &Connection, caller: &Caller, limit: u32, offset: u64) -> Result<Vec<Collection>> {
    let sql = format!(
        "SELECT {COLLECTION_COLUMNS} FROM collections
         WHERE owner_id = ?1 AND org_id = ?2 AND deleted_at IS NULL
         ORDER BY created_at DESC, rowid DESC LIMIT ?3 OFFSET ?4"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![caller.user_id, caller.org_id, limit, offset], collection_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// create-collection.
pub(crate) fn create_collection(conn: &Connection, caller: &Caller, body: &NewCollection) -> Result<Collection> {
    if let Some(cover) = &body.cover_track_id {
        check_cover_track(conn, caller, cover)?;
    }
    let id = random_id("mcoll_");
    let ts = &caller.at;
    exec(
        conn,
        "INSERT INTO collections (id, org_id, owner_id, name, description, cover_track_id, cover_image_url,
                                  created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            id,
            caller.org_id,
            caller.user_id,
            body.name,
            body.description,
            body.cover_track_id,
            body.cover_image_url,
            ts
        ],
    )?;
    let c = owned(conn, caller, &id)?;
    Ok(Collection { track_count: Some(0), ..c })
}

/// A cover must be a track the caller can see (created or saved by them), else 422 naming the field.
fn check_cover_track(conn: &Connection, caller: &Caller, track: &str) -> Result<()> {
    if well_formed(track, "mtrack_") && track_visible(conn, caller, track)? {
        Ok(())
    } else {
        Err(ServerError::validation("cover_track_id", "must be a track you created or saved"))
    }
}

/// get-collection, with `track_count`.
pub(crate) fn get_collection(conn: &Connection, caller: &Caller, id: &str) -> Result<Collection> {
    let c = owned(conn, caller, id)?;
    with_count(conn, c)
}

/// update-collection: only the fields present change; an explicit null clears.
pub(crate) fn update_collection(
    conn: &Connection,
    caller: &Caller,
    id: &str,
    patch: &CollectionPatch,
    cursors: &PageCursors,
) -> Result<Collection> {
    owned(conn, caller, id)?;
    if let Some(Some(name)) = &patch.name {
        exec(conn, "UPDATE collections SET name = ?2 WHERE id = ?1", params![id, name])?;
    }
    if let Some(Some(cover)) = &patch.cover_track_id {
        check_cover_track(conn, caller, cover)?;
    }
    for (column, value) in [
        ("description", &patch.description),
        ("cover_track_id", &patch.cover_track_id),
        ("cover_image_url", &patch.cover_image_url),
    ] {
        if let Some(v) = value {
            exec(conn, &format!("UPDATE collections SET {column} = ?2 WHERE id = ?1"), params![id, v])?;
        }
    }
    touch(conn, id, &caller.at, cursors, Change::Same)?;
    let c = with_count(conn, owned(conn, caller, id)?)?;
    Ok(c)
}

/// delete-collection: a soft delete; the member rows and the tracks stay.
pub(crate) fn delete_collection(conn: &Connection, caller: &Caller, id: &str) -> Result<Ack> {
    owned(conn, caller, id)?;
    exec(conn, "UPDATE collections SET deleted_at = ?2 WHERE id = ?1", params![id, caller.at])?;
    Ok(ack(id, "Collection deleted."))
}

fn ack(id: &str, detail: &str) -> Ack {
    Ack { success: true, id: id.to_string(), detail: detail.to_string() }
}

// ----- members -----

/// list-collection-tracks: by position, as the JSON body itself. Positions are the members' places in
/// rank order, so they are always `0..n-1` with no compaction step. A page starts at the nearest place
/// kept in `cursors` (an index seek) and walks fewer than `STRIDE` members instead of `offset`. Each row
/// is written into the body as it is read (no copy of its strings): a whole-order read of a large
/// collection is mostly this.
pub(crate) fn list_members(
    conn: &Connection,
    caller: &Caller,
    id: &str,
    limit: u32,
    offset: u64,
    cursors: &PageCursors,
) -> Result<Vec<u8>> {
    let version = owned_version(conn, caller, id)?;
    let mut start = cursors.nearest(id, version, offset);
    if offset - start.map_or(0, |(o, _)| o) >= STRIDE && !cursors.sampled(id, version) {
        cursors.put_sample(id, version, sample_ranks(conn, id)?);
        start = cursors.nearest(id, version, offset);
    }
    let (from, rank) = start.unwrap_or((0, i64::MIN));
    let mut stmt = conn.prepare_cached(MEMBER_PAGE)?;
    let mut rows = stmt.query(params![id, rank, i64::from(limit) + 1, offset - from])?;
    let mut body = Vec::with_capacity(64 + 96 * limit.min(500) as usize);
    body.extend_from_slice(b"{\"collection_id\":");
    serde_json::to_writer(&mut body, id).map_err(ServerError::internal)?;
    body.extend_from_slice(b",\"items\":[");
    let mut n = 0u64;
    while let Some(row) = rows.next()? {
        if n == u64::from(limit) {
            // The one more row: where the next page starts.
            cursors.put(id, version, offset + n, row.get(2)?);
            break;
        }
        if n > 0 {
            body.push(b',');
        }
        // A member as list-collection-tracks writes it (`api::model::Member`), field by field from the row.
        body.extend_from_slice(b"{\"track_id\":");
        push_json_str(&mut body, row.get_ref(0)?.as_str().map_err(ServerError::internal)?)?;
        body.extend_from_slice(b",\"position\":");
        body.extend_from_slice(itoa::Buffer::new().format(offset + n).as_bytes());
        body.extend_from_slice(b",\"added_at\":");
        push_json_str(&mut body, row.get_ref(1)?.as_str().map_err(ServerError::internal)?)?;
        body.push(b'}');
        n += 1;
    }
    body.extend_from_slice(format!("],\"limit\":{limit},\"offset\":{offset}}}").as_bytes());
    Ok(body)
}

/// One page of members from a known place: the member at `rank` ?2 or after, skipping ?4.
const MEMBER_PAGE: &str = "SELECT track_id, added_at, rank FROM members WHERE collection_id = ?1 AND rank >= ?2
     ORDER BY rank LIMIT ?3 OFFSET ?4";

/// Appends `s` as a JSON string: as it is when nothing in it needs escaping (ids and timestamps never
/// do), else escaped by serde_json (the same bytes either way).
fn push_json_str(body: &mut Vec<u8>, s: &str) -> Result<()> {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        body.push(b'"');
        body.extend_from_slice(s.as_bytes());
        body.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(&mut *body, s).map_err(ServerError::internal)
    }
}

/// The ranks of every `STRIDE`-th member in order (one walk of the rank index, done inside SQLite: each
/// step skips `STRIDE - 1` members with `OFFSET` instead of handing every row out).
fn sample_ranks(conn: &Connection, id: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rank FROM members WHERE collection_id = ?1 AND rank >= ?2 ORDER BY rank LIMIT 1 OFFSET ?3",
    )?;
    let mut ranks: Vec<i64> = Vec::new();
    loop {
        // The first member, then every `STRIDE`-th after the last one found.
        let (from, skip) = match ranks.last() {
            None => (i64::MIN, 0),
            Some(&r) => match r.checked_add(1) {
                Some(next) => (next, STRIDE - 1),
                None => return Ok(ranks),
            },
        };
        match stmt.query_row(params![id, from, skip as i64], |r| r.get(0)).optional()? {
            Some(rank) => ranks.push(rank),
            None => return Ok(ranks),
        }
    }
}

/// Whether the caller may see (and so add) this track: same organization, not deleted, and created or
/// saved by the caller.
fn track_visible(conn: &Connection, caller: &Caller, track: &str) -> Result<bool> {
    if !well_formed(track, "mtrack_") {
        return Ok(false);
    }
    let n: i64 = one(
        conn,
        "SELECT COUNT(*) FROM tracks t WHERE t.id = ?1 AND t.org_id = ?2 AND t.deleted_at IS NULL
           AND (t.creator_id = ?3 OR EXISTS (SELECT 1 FROM library l WHERE l.track_id = t.id AND l.user_id = ?3))",
        params![track, caller.org_id, caller.user_id],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// add-collection-track: appends; a present member is left where it is.
pub(crate) fn add_member(
    conn: &Connection,
    caller: &Caller,
    id: &str,
    track: &str,
    cursors: &PageCursors,
) -> Result<Ack> {
    owned_version(conn, caller, id)?;
    if !track_visible(conn, caller, track)? {
        return Err(ServerError::track_not_found(track));
    }
    let inserted = exec(
        conn,
        "INSERT OR IGNORE INTO members (collection_id, track_id, rank, added_at)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(rank) + ?4, 0) FROM members WHERE collection_id = ?1), ?3)",
        params![id, track, caller.at, ranks::GAP],
    )?;
    if inserted > 0 {
        // Appended after the last member: every kept place still holds.
        touch(conn, id, &caller.at, cursors, Change::Same)?;
    }
    Ok(ack(track, "Track added to collection."))
}

/// remove-collection-track: idempotent; one DELETE (the members after it move up, as positions are
/// derived from rank order).
pub(crate) fn remove_member(
    conn: &Connection,
    caller: &Caller,
    id: &str,
    track: &str,
    cursors: &PageCursors,
) -> Result<Ack> {
    // A malformed track id is a 404 like a missing resource (§13), after the collection's own check.
    if !well_formed(track, "mtrack_") {
        owned_version(conn, caller, id)?;
        return Err(ServerError::track_not_found(track));
    }
    // The ownership check rides in the DELETE (one statement for the usual case); only when nothing was
    // removed is it asked on its own, to tell a 404 from a track that is not a member.
    let removed: Option<i64> = conn
        .prepare_cached(
            "DELETE FROM members WHERE collection_id = ?1 AND track_id = ?2 AND EXISTS (SELECT 1 FROM collections
               WHERE id = ?1 AND owner_id = ?3 AND org_id = ?4 AND deleted_at IS NULL)
             RETURNING rank",
        )?
        .query_row(params![id, track, caller.user_id, caller.org_id], |r| r.get(0))
        .optional()?;
    match removed {
        Some(rank) => {
            // The DELETE's trigger bumped the version and updated_at (schema migration 8).
            let to: i64 = one(conn, "SELECT version FROM collections WHERE id = ?1", [id], |r| r.get(0))?;
            cursors.changed(id, to - 1, to, Change::Removed(rank));
        }
        None => {
            owned_version(conn, caller, id)?;
        }
    }
    Ok(ack(track, "Track removed from collection."))
}

/// reorder-collection: listed members first in the order given (a repeated id counts at its first place,
/// unknown ids are ignored), then the unlisted ones in their previous order. Only the members that move
/// get a new rank (see `ranks`); reading stops at the first unlisted member, so the work follows the
/// length of the list, not of the collection.
pub(crate) fn reorder(
    conn: &Connection,
    caller: &Caller,
    id: &str,
    order: &[String],
    cursors: &PageCursors,
) -> Result<Ack> {
    owned(conn, caller, id)?;
    // The top of the collection, as far as the list is long (and one more): a list from the app names
    // these, so one index walk finds their ranks and the first unlisted member.
    let top: Vec<(String, i64)> = {
        let mut stmt =
            conn.prepare_cached("SELECT track_id, rank FROM members WHERE collection_id = ?1 ORDER BY rank LIMIT ?2")?;
        stmt.query_map(params![id, order.len() as i64 + 1], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let top_rank: HashMap<&str, i64> = top.iter().map(|(t, r)| (t.as_str(), *r)).collect();
    let mut mentioned = HashSet::new();
    let mut listed: Vec<(&str, i64)> = Vec::new();
    for t in order.iter().map(String::as_str) {
        if !mentioned.insert(t) {
            continue;
        }
        let rank = match top_rank.get(t) {
            Some(r) => Some(*r),
            None => {
                one(conn, "SELECT rank FROM members WHERE collection_id = ?1 AND track_id = ?2", params![id, t], |r| {
                    r.get::<_, i64>(0)
                })
                .optional()?
            }
        };
        if let Some(rank) = rank {
            listed.push((t, rank));
        }
    }
    let is_listed: HashSet<&str> = listed.iter().map(|(t, _)| *t).collect();
    // Every member before the first unlisted one is listed, so it is within the first `listed + 1`.
    let first_unlisted = top.iter().find(|(t, _)| !is_listed.contains(t.as_str())).map(|(_, r)| *r);
    match ranks::plan(&listed, first_unlisted) {
        Some(moves) => {
            for (at, rank) in moves {
                set_rank(conn, id, listed[at].0, rank)?;
            }
        }
        None => renumber(conn, id, &listed)?,
    }
    touch(conn, id, &caller.at, cursors, Change::Reordered)?;
    Ok(ack(id, "Collection reordered."))
}

fn set_rank(conn: &Connection, id: &str, track: &str, rank: i64) -> Result<()> {
    exec(conn, "UPDATE members SET rank = ?3 WHERE collection_id = ?1 AND track_id = ?2", params![id, track, rank])?;
    Ok(())
}

/// Spaces every member `ranks::GAP` apart in the new order (the listed ones, then the rest as they were):
/// the rare case where a gap ran out of room.
fn renumber(conn: &Connection, id: &str, listed: &[(&str, i64)]) -> Result<()> {
    let current: Vec<(String, i64)> = {
        let mut stmt =
            conn.prepare_cached("SELECT track_id, rank FROM members WHERE collection_id = ?1 ORDER BY rank")?;
        stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
    };
    let is_listed: HashSet<&str> = listed.iter().map(|(t, _)| *t).collect();
    let rest = current.iter().filter(|(t, _)| !is_listed.contains(t.as_str())).map(|(t, r)| (t.as_str(), *r));
    for (i, (t, old)) in listed.iter().copied().chain(rest).enumerate() {
        let rank = i as i64 * ranks::GAP;
        if rank != old {
            set_rank(conn, id, t, rank)?;
        }
    }
    Ok(())
}

// ----- tracks and library -----

const TRACK_COLUMNS: &str =
    "t.id, t.title, t.engine, t.mode, t.duration, t.instrumental, t.licence_class, t.created_at";

fn track_row(r: &Row<'_>) -> rusqlite::Result<Track> {
    let id: String = r.get(0)?;
    Ok(Track {
        id: freddy_wire::TrackId::parse(id)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?,
        title: r.get(1)?,
        engine: r.get(2)?,
        mode: r.get(3)?,
        measured_duration_seconds: r.get(4)?,
        instrumental: r.get(5)?,
        licence_class: r.get(6)?,
        created_at: r.get(7)?,
        playback_url: None,
        stem_urls: None,
    })
}

/// The filters of list-tracks, already validated.
#[derive(Debug, Default)]
pub(crate) struct LibraryQuery {
    pub collection_id: Option<String>,
    pub mode: Option<String>,
    pub engine: Option<String>,
}

/// Up to this many members, list-tracks filtered by a collection sorts the members; above it, it walks
/// the library in order.
const MEMBERS_FIRST_UP_TO: u64 = 2_000;

/// list-tracks: the caller's saved tracks (own ones are saved at creation), newest save first.
pub(crate) fn list_tracks(
    conn: &Connection,
    caller: &Caller,
    q: &LibraryQuery,
    limit: u32,
    offset: u64,
) -> Result<TrackPage> {
    let size = match &q.collection_id {
        Some(c) => Some(with_count(conn, owned(conn, caller, c)?)?.track_count.unwrap_or(0)),
        None => None,
    };
    // A small collection: start from its members and sort them (CROSS JOIN fixes that order: left to
    // itself, SQLite walks the library index to save a sort). A large one: walk the library newest
    // first and keep its members, so a page costs its offset, not a sort of every member.
    let from = match size {
        Some(n) if n <= MEMBERS_FIRST_UP_TO => {
            "members m CROSS JOIN library l CROSS JOIN tracks t
             WHERE l.track_id = m.track_id AND l.user_id = ?1 AND t.id = m.track_id AND m.collection_id = ?3"
        }
        Some(_) => {
            "library l CROSS JOIN tracks t
             WHERE t.id = l.track_id AND l.user_id = ?1
               AND EXISTS (SELECT 1 FROM members m WHERE m.collection_id = ?3 AND m.track_id = l.track_id)"
        }
        None => "library l JOIN tracks t ON t.id = l.track_id WHERE l.user_id = ?1 AND ?3 IS NULL",
    };
    let sql = format!(
        "SELECT {TRACK_COLUMNS} FROM {from}
           AND t.org_id = ?2 AND t.deleted_at IS NULL
           AND (?4 IS NULL OR t.mode = ?4)
           AND (?5 IS NULL OR t.engine = ?5)
         ORDER BY l.created_at DESC, l.rowid DESC LIMIT ?6 OFFSET ?7"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![caller.user_id, caller.org_id, q.collection_id, q.mode, q.engine, limit, offset],
        track_row,
    )?;
    let items = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(TrackPage { items, limit, offset })
}

/// get-track, with a fresh (fake, local) playback URL.
pub(crate) fn get_track(conn: &Connection, caller: &Caller, id: &str) -> Result<Track> {
    if !track_visible(conn, caller, id)? {
        return Err(ServerError::track_not_found(id));
    }
    let sql = format!("SELECT {TRACK_COLUMNS} FROM tracks t WHERE t.id = ?1");
    let mut t = one(conn, &sql, [id], track_row)?;
    t.playback_url = Some(format!("/media/{id}.mp3?sig={:016x}", rand::random::<u64>()));
    Ok(t)
}

/// save-track: idempotent; saving again returns the same entry.
pub(crate) fn save_track(conn: &Connection, caller: &Caller, id: &str) -> Result<LibraryEntry> {
    if !track_visible(conn, caller, id)? {
        return Err(ServerError::track_not_found(id));
    }
    exec(
        conn,
        "INSERT OR IGNORE INTO library (id, user_id, track_id, source, created_at) VALUES (?1, ?2, ?3, 'own', ?4)",
        params![random_id("mlib_"), caller.user_id, id, caller.at],
    )?;
    let (lib_id, source, created_at): (String, String, String) = one(
        conn,
        "SELECT id, source, created_at FROM library WHERE user_id = ?1 AND track_id = ?2",
        params![caller.user_id, id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(LibraryEntry {
        id: freddy_wire::ids::LibraryEntryId::parse(lib_id).map_err(ServerError::internal)?,
        track_id: freddy_wire::TrackId::parse(id).map_err(ServerError::internal)?,
        source,
        created_at,
        saved: true,
        share_link_id: None,
    })
}

/// delete-track: a soft delete, creator only (403 for someone who merely saved it).
pub(crate) fn delete_track(conn: &Connection, caller: &Caller, id: &str) -> Result<Ack> {
    if !track_visible(conn, caller, id)? {
        return Err(ServerError::track_not_found(id));
    }
    let creator: String = one(conn, "SELECT creator_id FROM tracks WHERE id = ?1", [id], |r| r.get(0))?;
    if creator != caller.user_id {
        let mut e = ServerError::org_denied(&caller.org_id);
        e.code = "INSUFFICIENT_PERMISSIONS";
        e.message = "Only the track's creator can delete it.".to_string();
        e.system_message = "Caller is not the creator of the track".to_string();
        e.details = serde_json::json!({ "track_id": id });
        return Err(e);
    }
    exec(conn, "UPDATE tracks SET deleted_at = ?2 WHERE id = ?1", params![id, caller.at])?;
    Ok(ack(id, "Track deleted."))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database in `dir` with the demo data and an Archive of `size`.
    fn demo(dir: &tempfile::TempDir, size: usize) -> Connection {
        let mut conn = crate::schema::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
        let tx = conn.transaction().unwrap();
        crate::seed::seed_base(&tx).unwrap();
        tx.commit().unwrap();
        crate::seed::seed_archive(&conn, size).unwrap();
        conn
    }

    #[test]
    fn member_pages_with_new_bindings_reuse_the_parsed_statement() {
        let dir = tempfile::tempdir().unwrap();
        let conn = demo(&dir, 2_000);
        let (user, _) = callers(&conn).unwrap().remove("ak_demo_listener").unwrap();
        let caller = Caller { user_id: user, org_id: "org_demo".to_string(), at: crate::clock::Clock::default().now() };
        let cursors = PageCursors::default();
        for (limit, offset) in [(500, 0), (500, 500), (200, 1_500), (1, 1_999), (500, 1_000)] {
            let page = list_members(&conn, &caller, "mcoll_0a0a0a0a0a0a", limit, offset, &cursors).unwrap();
            let page: freddy_wire::model::MemberPage = serde_json::from_slice(&page).unwrap();
            assert_eq!(page.items.first().map(|m| m.position), Some(offset));
        }
        let stmt = conn.prepare_cached(MEMBER_PAGE).unwrap();
        assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0, "a new LIMIT binding re-parsed it");
    }

    #[test]
    fn a_sample_holds_every_stride_th_rank_of_a_walk_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let conn = demo(&dir, 1_001);
        let id = "mcoll_0a0a0a0a0a0a";
        // Ranks with gaps, and the first at the lowest rank there is.
        conn.execute("UPDATE members SET rank = rank * 7 + (1 << 40) WHERE collection_id = ?1", [id]).unwrap();
        conn.execute(
            "UPDATE members SET rank = -9223372036854775808 WHERE collection_id = ?1
               AND rank = (SELECT MIN(rank) FROM members WHERE collection_id = ?1)",
            [id],
        )
        .unwrap();
        let stride = STRIDE as usize;
        for size in [1_001, 2 * stride + 1, 2 * stride, 1, 0] {
            // The first `size` members stay.
            conn.execute(
                "DELETE FROM members WHERE collection_id = ?1 AND rank NOT IN
                   (SELECT rank FROM members WHERE collection_id = ?1 ORDER BY rank LIMIT ?2)",
                params![id, size as i64],
            )
            .unwrap();
            let mut stmt = conn.prepare("SELECT rank FROM members WHERE collection_id = ?1 ORDER BY rank").unwrap();
            let walk: Vec<i64> = stmt.query_map([id], |r| r.get(0)).unwrap().map(rusqlite::Result::unwrap).collect();
            assert_eq!(walk.len(), size);
            let every: Vec<i64> = walk.iter().copied().step_by(stride).collect();
            assert_eq!(sample_ranks(&conn, id).unwrap(), every, "{size} members");
        }
    }

    #[test]
    fn a_json_string_is_written_as_serde_json_writes_it() {
        for s in
            ["mtrack_arc000001", "2026-11-30T10:00:00Z", "", "a \"quoted\" \\ back", "tab\there\nnew", "é ✓ \u{7f}"]
        {
            let mut ours = Vec::new();
            push_json_str(&mut ours, s).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }
}
