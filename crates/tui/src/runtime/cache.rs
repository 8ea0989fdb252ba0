//! Track metadata kept between sessions in the platform cache directory, one file per API host and
//! organization, so a second launch shows known titles with no request. A missing, old or damaged
//! file is simply ignored: it is only a cache.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::app::state::TrackMeta;
use freddy_api::TrackId;

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    /// Track id → (title, duration in seconds).
    tracks: HashMap<String, (Option<String>, Option<f64>)>,
}

/// The cache file for one API host and organization (`None` without a cache directory).
pub fn path(base_url: &str, organization: &str) -> Option<PathBuf> {
    let dirs = freddy_ops::paths::project_dirs()?;
    let name: String = format!("{base_url}-{organization}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    Some(dirs.cache_dir().join(format!("tracks-{name}.json")))
}

/// The most tracks the file keeps, and the largest file read: with titles capped at 512 characters the
/// file stays under about 64 MiB, and a larger one (damaged, or not ours) is not read at all.
pub const MAX_TRACKS: usize = 100_000;
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the cache; empty when there is none, it cannot be read, or it is larger than it can be.
pub fn load(path: &std::path::Path) -> Vec<(TrackId, TrackMeta)> {
    if std::fs::metadata(path).map_or(true, |m| !m.is_file() || m.len() > MAX_FILE_BYTES) {
        return Vec::new();
    }
    let Ok(bytes) = std::fs::read(path) else { return Vec::new() };
    let Ok(file) = serde_json::from_slice::<CacheFile>(&bytes) else {
        tracing::warn!(path = %path.display(), "ignoring an unreadable track cache");
        return Vec::new();
    };
    if file.version != VERSION {
        return Vec::new();
    }
    file.tracks
        .into_iter()
        .take(MAX_TRACKS)
        .filter_map(|(id, (title, duration))| {
            let title = title.as_deref().map(crate::app::state::capped_title);
            Some((TrackId::parse(id).ok()?, TrackMeta { title, duration }))
        })
        .collect()
}

/// Writes the cache atomically (a temp file renamed over the old one), streamed from `known` (its titles
/// are capped as they were learned): no copy of the titles is made, so writing 30,000 long titles costs
/// no more memory than holding them.
pub fn save(path: &std::path::Path, known: &HashMap<TrackId, TrackMeta>) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("no parent directory"))?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = std::io::BufWriter::new(&mut tmp);
    serde_json::to_writer(&mut out, &CacheOut { version: VERSION, tracks: Known(known) })
        .map_err(std::io::Error::other)?;
    std::io::Write::flush(&mut out)?;
    drop(out);
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `CacheFile` as it is written: borrowed from the app's map.
#[derive(Serialize)]
struct CacheOut<'a> {
    version: u32,
    tracks: Known<'a>,
}

struct Known<'a>(&'a HashMap<TrackId, TrackMeta>);

impl Serialize for Known<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().take(MAX_TRACKS).map(|(id, m)| (id.as_str(), (m.title.as_deref(), m.duration))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/tracks.json");
        let mut known = HashMap::new();
        known.insert(TrackId::parse("mtrack_a").unwrap(), TrackMeta { title: Some("A".into()), duration: Some(61.0) });
        known.insert(TrackId::parse("mtrack_b").unwrap(), TrackMeta { title: None, duration: None });
        save(&p, &known).unwrap();
        let back: HashMap<_, _> = load(&p).into_iter().collect();
        assert_eq!(back, known);
        std::fs::write(&p, b"{not json").unwrap();
        assert!(load(&p).is_empty());
        assert!(load(&dir.path().join("missing.json")).is_empty());
        // Huge titles and too many tracks: the file keeps a bounded amount, and a file past the size cap is
        // not read at all.
        let huge: HashMap<TrackId, TrackMeta> = (0..MAX_TRACKS + 10)
            .map(|i| {
                let title = if i < 100 { Some("x".repeat(30_000)) } else { Some(format!("T{i}")) };
                (TrackId::parse(format!("mtrack_{i}")).unwrap(), TrackMeta { title, duration: None })
            })
            .collect();
        save(&p, &huge).unwrap();
        let back = load(&p);
        assert_eq!(back.len(), MAX_TRACKS);
        assert!(back.iter().all(|(_, m)| m.title.as_ref().is_none_or(|t| t.chars().count() <= 513)));
        assert!(std::fs::metadata(&p).unwrap().len() < 8 * 1024 * 1024, "bounded file");
        std::fs::File::create(&p).unwrap().set_len(MAX_FILE_BYTES + 1).unwrap();
        assert!(load(&p).is_empty(), "a file past the cap is not read");
        assert!(
            path("http://127.0.0.1:8787", "org_demo")
                .unwrap()
                .to_string_lossy()
                .ends_with("tracks-http___127_0_0_1_8787-org_demo.json")
        );
    }
}
