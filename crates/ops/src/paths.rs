//! Where the app keeps its files: the platform config, data, state and cache directories.

use directories::ProjectDirs;

/// The project's directories (`~/.config/freddy-music`, `~/.local/share/freddy-music`, … on Linux).
pub fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("com", "aitronos", "freddy-music")
}

/// Creates a directory (and its parents) with mode 0700 when missing; an existing one is left as it is.
pub fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
