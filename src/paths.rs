//! Where the app keeps its files: the platform config, data, state and cache directories.

use directories::ProjectDirs;

/// The project's directories (`~/.config/freddy-music`, `~/.local/share/freddy-music`, … on Linux).
pub fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("com", "aitronos", "freddy-music")
}
