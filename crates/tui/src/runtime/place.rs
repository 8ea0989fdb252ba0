//! The remembered place on disk: one small file per API host, organization and key (by its one-way
//! fingerprint), in the platform state directory, written atomically at quit (mode 0600). A missing,
//! damaged, foreign or too large file is ignored: the app then starts at the top, as before.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::app::state::Place;
use freddy_api::{CollectionId, TrackId};

const VERSION: u32 = 1;
/// A place file is a few hundred bytes; anything larger is not one.
const MAX_FILE_BYTES: u64 = 64 * 1024;

#[derive(Serialize, Deserialize)]
struct PlaceFile {
    version: u32,
    collection: String,
    track: Option<String>,
    position: usize,
    top: usize,
    filter: Option<String>,
}

/// The file for one API host, organization and key (`None` without a state directory).
pub fn path(base_url: &str, organization: &str, key_fingerprint: &str) -> Option<PathBuf> {
    let dirs = freddy_ops::paths::project_dirs()?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf();
    let name: String = format!("{base_url}-{organization}-{key_fingerprint}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    Some(dir.join(format!("place-{name}.json")))
}

/// The place saved last time, if the file is there and is one.
pub fn load(path: &Path) -> Option<Place> {
    if std::fs::metadata(path).map_or(true, |m| !m.is_file() || m.len() > MAX_FILE_BYTES) {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let Ok(file) = serde_json::from_slice::<PlaceFile>(&bytes) else {
        tracing::warn!(path = %path.display(), "ignoring an unreadable place file");
        return None;
    };
    if file.version != VERSION {
        return None;
    }
    Some(Place {
        collection: CollectionId::parse(file.collection).ok()?,
        track: match file.track {
            Some(t) => Some(TrackId::parse(t).ok()?),
            None => None,
        },
        position: file.position.min(crate::app::state::MAX_ROWS),
        top: file.top.min(crate::app::state::MAX_ROWS),
        filter: file.filter.map(|f| f.chars().take(200).collect()),
    })
}

/// Writes the place atomically (a private temp file renamed over the old one), in a private directory.
pub fn save(path: &Path, place: &Place) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("no parent directory"))?;
    freddy_ops::paths::create_private_dir(dir)?;
    let file = PlaceFile {
        version: VERSION,
        collection: place.collection.to_string(),
        track: place.track.as_ref().map(TrackId::to_string),
        position: place.position,
        top: place.top,
        filter: place.filter.clone(),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut tmp, &file).map_err(std::io::Error::other)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_saved_reads_back_and_a_damaged_or_foreign_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("place.json");
        let place = Place {
            collection: CollectionId::parse("mcoll_0a0a0a0a0a0a").unwrap(),
            track: Some(TrackId::parse("mtrack_1").unwrap()),
            position: 12_344,
            top: 12_330,
            filter: Some("north lights".into()),
        };
        save(&path, &place).unwrap();
        assert_eq!(load(&path), Some(place));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&path, b"{\"version\":1,\"collection\":\"not an id\",\"track\":null,\"position\":0,\"top\":0}")
            .unwrap();
        assert_eq!(load(&path), None, "a foreign id is not trusted");
        std::fs::write(&path, b"\x00garbage").unwrap();
        assert_eq!(load(&path), None);
        std::fs::write(&path, vec![b' '; 70_000]).unwrap();
        assert_eq!(load(&path), None, "too large to be one");
    }
}
