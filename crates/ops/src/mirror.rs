//! A local mirror of the account's collections: each collection's fields, its member order and its
//! tracks' titles and lengths, one file per collection in the platform cache directory (per host,
//! organization and key fingerprint; files 0600, written atomically). It makes `find` and `tracks where`
//! cheap: a sync lists the collections (one page per 100) and reads again only those whose `updated_at`
//! moved. It is never the truth for a write.
//!
//! Rules: an `updated_at` in the same second as the mirror's last read of that collection counts as
//! changed (the API's times have whole seconds, and a reorder keeps the count); a damaged or foreign file
//! (another version, another collection) is ignored and read again, never trusted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use futures::StreamExt;
use serde::{Deserialize, Serialize};

use freddy_api::model::{Collection, TrackFilter};
use freddy_api::pages::{MAX_MEMBERS_LIMIT, MAX_TRACKS_LIMIT};
use freddy_api::{ApiError, Client, CollectionId, TrackId};

const VERSION: u32 = 1;
/// The largest collection file read (a 100,000-track collection with long titles is well under it).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// One collection as mirrored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mirrored {
    version: u32,
    pub collection: Collection,
    /// When it was read (the server's clock is not ours: the time the list said it was updated is kept
    /// in `collection.updated_at`; this is our own, RFC 3339 UTC to the second).
    pub read_at: String,
    /// Members in order: track id and date added.
    pub members: Vec<(TrackId, String)>,
    /// Title and length in seconds of the tracks, as far as the library list gave them.
    pub tracks: HashMap<TrackId, (Option<String>, Option<f64>)>,
}

impl Mirrored {
    /// The title of a track, if known.
    pub fn title(&self, t: &TrackId) -> Option<&str> {
        self.tracks.get(t).and_then(|(title, _)| title.as_deref())
    }
}

/// The mirror of one account.
pub struct Mirror {
    dir: PathBuf,
}

/// What the last finished sync saw: when, and the collections in the list's order, each with the
/// `updated_at` it was read at and when (so the next sync tells the stale ones apart without opening a
/// file). A sync that did not finish leaves the one before in place, so `--offline` can say the mirror is
/// incomplete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    version: u32,
    pub synced_at: String,
    pub collections: Vec<Stamp>,
}

/// One collection as the index knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    pub id: CollectionId,
    updated_at: String,
    read_at: String,
}

impl Stamp {
    fn of(m: &Mirrored) -> Self {
        Self { id: m.collection.id.clone(), updated_at: m.collection.updated_at.clone(), read_at: m.read_at.clone() }
    }
}

/// The file holding the `Index` (its name is no collection id).
const INDEX: &str = "index.json";

/// How far a sync has come: collections looked at, of how many, and requests sent so far.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

impl Mirror {
    /// The mirror of the account `client` speaks for, in the cache directory (`None` without one).
    pub fn of(client: &Client) -> Option<Self> {
        let dirs = crate::paths::project_dirs()?;
        let name: String = format!("{}-{}-{}", client.base_url(), client.organization(), client.key_fingerprint())
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .collect();
        Some(Self::at(dirs.cache_dir().join("mirror").join(name)))
    }

    pub fn at(dir: PathBuf) -> Self {
        Self { dir }
    }

    fn file(&self, id: &CollectionId) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// One mirrored collection, if its file is there and is one of this collection.
    pub fn load(&self, id: &CollectionId) -> Option<Mirrored> {
        let path = self.file(id);
        if std::fs::metadata(&path).map_or(true, |m| !m.is_file() || m.len() > MAX_FILE_BYTES) {
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        let m: Mirrored = serde_json::from_slice(&bytes).ok()?;
        (m.version == VERSION && &m.collection.id == id).then_some(m)
    }

    /// The last finished sync, if there was one and its file reads.
    pub fn index(&self) -> Option<Index> {
        let bytes = std::fs::read(self.dir.join(INDEX)).ok()?;
        serde_json::from_slice::<Index>(&bytes).ok().filter(|i| i.version == VERSION)
    }

    /// Every collection mirrored, in the order of the last finished sync's list (others after, by name).
    pub fn all(&self) -> Vec<Mirrored> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut out: Vec<Mirrored> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().strip_suffix(".json")?.to_string();
                self.load(&CollectionId::parse(name).ok()?)
            })
            .collect();
        let order = self.index().map(|i| i.collections).unwrap_or_default();
        let rank = |m: &Mirrored| order.iter().position(|s| s.id == m.collection.id).unwrap_or(usize::MAX);
        out.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.collection.name.cmp(&b.collection.name)));
        out
    }

    /// Whether the mirror holds a file for every collection its last finished sync listed (and there was
    /// one); a file that no longer reads is found when it is read.
    pub fn complete(&self) -> bool {
        self.index().is_some_and(|i| i.collections.iter().all(|s| self.file(&s.id).is_file()))
    }

    fn save(&self, m: &Mirrored) -> std::io::Result<()> {
        crate::paths::create_private_dir(&self.dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        serde_json::to_writer(std::io::BufWriter::new(&mut tmp), m).map_err(std::io::Error::other)?;
        tmp.persist(self.file(&m.collection.id)).map_err(|e| e.error)?;
        Ok(())
    }

    /// Brings the mirror up to date: lists the collections, reads again those that changed since their
    /// last read (or were never read), and drops those that are gone. Returns every collection.
    /// `progress` hears (read so far, to read) as changed collections are read.
    pub async fn sync(&self, client: &Client, progress: Progress<'_>) -> Result<Vec<Mirrored>, SyncError> {
        let listed = client.all_collections().await?;
        let before: HashMap<CollectionId, Stamp> =
            self.index().map(|i| i.collections.into_iter().map(|s| (s.id.clone(), s)).collect()).unwrap_or_default();
        // The unchanged ones from their files (each read once); the rest, or a file that does not read,
        // from the server.
        let mut all: Vec<Option<Mirrored>> = listed
            .iter()
            .map(|c| before.get(&c.id).filter(|s| !changed(s, c)).and_then(|_| self.load(&c.id)))
            .collect();
        let total = all.iter().filter(|m| m.is_none()).count();
        progress(0, total);
        let mut done = 0;
        for (slot, c) in all.iter_mut().zip(&listed).filter(|(m, _)| m.is_none()) {
            let m = read(client, c).await?;
            self.save(&m).map_err(SyncError::Write)?;
            *slot = Some(m);
            done += 1;
            progress(done, total);
        }
        let all: Vec<Mirrored> = all.into_iter().flatten().collect();
        // Collections deleted elsewhere leave the mirror.
        let keep: std::collections::HashSet<String> = listed.iter().map(|c| format!("{}.json", c.id)).collect();
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") && name != INDEX && !keep.contains(&name) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        let index = Index { version: VERSION, synced_at: now(), collections: all.iter().map(Stamp::of).collect() };
        self.save_index(&index).map_err(SyncError::Write)?;
        Ok(all)
    }

    fn save_index(&self, index: &Index) -> std::io::Result<()> {
        crate::paths::create_private_dir(&self.dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        serde_json::to_writer(&mut tmp, index).map_err(std::io::Error::other)?;
        tmp.persist(self.dir.join(INDEX)).map_err(|e| e.error)?;
        Ok(())
    }

    /// When the mirror was last brought up to date: the last finished sync.
    pub fn age(&self) -> Option<String> {
        self.index().map(|i| i.synced_at)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Whether the list's `collection` may differ from what was mirrored: its `updated_at` moved, or falls in
/// the second the mirror read it (a change that second may not have been seen).
fn changed(s: &Stamp, listed: &Collection) -> bool {
    listed.updated_at != s.updated_at || listed.updated_at >= s.read_at
}

/// Reads one collection whole: its members in order, then its tracks' titles from the library list
/// filtered by it (100 a page; no request per track).
async fn read(client: &Client, c: &Collection) -> Result<Mirrored, ApiError> {
    let read_at = now();
    let mut members = Vec::new();
    let mut pages = std::pin::pin!(client.member_pages(&c.id, MAX_MEMBERS_LIMIT));
    while let Some(page) = pages.next().await {
        members.extend(page?.into_iter().map(|m| (m.track_id, m.added_at)));
    }
    let filter = TrackFilter { collection_id: Some(c.id.clone()), ..TrackFilter::default() };
    let mut tracks = HashMap::new();
    let mut pages = std::pin::pin!(client.track_pages(&filter, MAX_TRACKS_LIMIT));
    while let Some(page) = pages.next().await {
        for t in page? {
            tracks.insert(t.id, (t.title, t.measured_duration_seconds));
        }
    }
    let collection = Collection { track_count: Some(members.len() as u64), ..c.clone() };
    Ok(Mirrored { version: VERSION, collection, read_at, members, tracks })
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("cannot write the mirror: {0}")]
    Write(#[source] std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(updated_at: &str) -> Collection {
        serde_json::from_value(serde_json::json!({
            "id": "mcoll_0a0a0a0a0a0a", "name": "Archive", "description": null, "cover_track_id": null,
            "cover_image_url": null, "track_count": null, "created_at": "2026-06-01T10:00:00Z",
            "updated_at": updated_at
        }))
        .unwrap()
    }

    fn mirrored(updated_at: &str, read_at: &str) -> Mirrored {
        Mirrored {
            version: VERSION,
            collection: collection(updated_at),
            read_at: read_at.into(),
            members: Vec::new(),
            tracks: HashMap::new(),
        }
    }

    #[test]
    fn a_change_in_the_second_of_the_read_counts_as_changed() {
        let s = Stamp::of(&mirrored("2026-06-28T10:00:00Z", "2026-06-28T10:00:05Z"));
        assert!(!changed(&s, &collection("2026-06-28T10:00:00Z")), "unchanged since well before the read");
        assert!(changed(&s, &collection("2026-06-28T10:00:07Z")), "moved on");
        let s = Stamp::of(&mirrored("2026-06-28T10:00:05Z", "2026-06-28T10:00:05Z"));
        assert!(changed(&s, &collection("2026-06-28T10:00:05Z")), "a second change in the read's second may be unseen");
    }

    #[test]
    fn a_damaged_or_foreign_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mirror = Mirror::at(dir.path().to_path_buf());
        let m = mirrored("2026-06-28T10:00:00Z", "2026-06-28T10:00:05Z");
        mirror.save(&m).unwrap();
        let id = m.collection.id.clone();
        assert_eq!(mirror.load(&id), Some(m.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(mirror.file(&id)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        // Another collection's file under this one's name.
        let other = CollectionId::parse("mcoll_1e7b5c9a2f8d").unwrap();
        std::fs::copy(mirror.file(&id), mirror.file(&other)).unwrap();
        assert_eq!(mirror.load(&other), None);
        std::fs::write(mirror.file(&id), b"{ damaged").unwrap();
        assert_eq!(mirror.load(&id), None);
    }
}
