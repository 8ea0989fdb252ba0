//! Rules of the whole workspace that no compiler checks, read from the sources (see ARCHITECTURE.md).

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, tests included.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source roots of every crate of the workspace.
fn workspace_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    if let Ok(crates) = std::fs::read_dir(root.join("crates")) {
        for c in crates.flatten() {
            sources(&c.path().join("src"), &mut files);
        }
    }
    files
}

/// No process-wide mutable state: settings travel as values. The one exception is the abort guard's
/// saved terminal settings, since a signal handler can reach nothing else.
#[test]
fn no_crate_holds_global_mutable_state() {
    const INTERIOR: &[&str] = &["Atomic", "Mutex", "RwLock", "OnceLock", "LazyLock", "Cell<", "OnceCell"];
    let files = workspace_sources();
    assert!(files.len() > 50, "the sources were not found: {files:?}");
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("runtime/abort_guard.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start().trim_start_matches("pub(crate) ").trim_start_matches("pub ");
            let global = code.starts_with("thread_local!")
                || code.starts_with("static mut ")
                || code.starts_with("static ") && INTERIOR.iter().any(|t| code.contains(t));
            if global {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "global mutable state:\n{}", found.join("\n"));
}
