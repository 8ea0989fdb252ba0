//! Track metadata kept between sessions in the platform cache directory, one file per API host and
//! organization, so a second launch shows known titles with no request. A missing, old or damaged
//! file is simply ignored: it is only a cache.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::api::TrackId;
use crate::app::state::TrackMeta;

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    /// Track id → (title, duration in seconds).
    tracks: HashMap<String, (Option<String>, Option<f64>)>,
}

/// The cache file for one API host and organization (`None` without a cache directory).
pub fn path(base_url: &str, organization: &str) -> Option<PathBuf> {
    let dirs = crate::paths::project_dirs()?;
    let name: String = format!("{base_url}-{organization}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    Some(dirs.cache_dir().join(format!("tracks-{name}.json")))
}

/// Reads the cache; empty when there is none or it cannot be read.
pub fn load(path: &std::path::Path) -> Vec<(TrackId, TrackMeta)> {
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
        .filter_map(|(id, (title, duration))| Some((TrackId::parse(id).ok()?, TrackMeta { title, duration })))
        .collect()
}

/// Writes the cache atomically (a temp file renamed over the old one).
pub fn save(path: &std::path::Path, known: &HashMap<TrackId, TrackMeta>) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("no parent directory"))?;
    std::fs::create_dir_all(dir)?;
    let tracks = known.iter().map(|(id, m)| (id.to_string(), (m.title.clone(), m.duration))).collect();
    let body = serde_json::to_vec(&CacheFile { version: VERSION, tracks }).map_err(std::io::Error::other)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, &body)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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
        assert!(
            path("http://127.0.0.1:8787", "org_demo")
                .unwrap()
                .to_string_lossy()
                .ends_with("tracks-http___127_0_0_1_8787-org_demo.json")
        );
    }
}
