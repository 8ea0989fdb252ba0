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

/// The dependencies a manifest section lists, by the name code uses (`ratatui-textarea` as
/// `ratatui_textarea`).
fn listed(manifest: &str, section: &str) -> Vec<String> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == section;
            continue;
        }
        if !inside || line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.split(['.', '=', ' ']).next().filter(|n| !n.is_empty()) {
            out.push(name.replace('-', "_"));
        }
    }
    out
}

/// Whether any of these files names `krate` in code (`krate::…`, `krate!`, `use krate`).
fn named_in(files: &[PathBuf], krate: &str) -> bool {
    let needles = [format!("{krate}::"), format!("{krate}!"), format!("use {krate}"), format!("{krate} as ")];
    files.iter().any(|f| std::fs::read_to_string(f).is_ok_and(|t| needles.iter().any(|n| t.contains(n.as_str()))))
}

/// Every dependency a package lists is used by its code, the binary's included (where the compiler's
/// `unused_crate_dependencies` misfires: the binary links the library and sees its dependencies too);
/// every dev-dependency by its tests or benches.
#[test]
fn every_listed_dependency_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut packages = vec![root.to_path_buf()];
    packages.extend(std::fs::read_dir(root.join("crates")).unwrap().flatten().map(|e| e.path()));
    let mut unused = Vec::new();
    for package in packages {
        let manifest = std::fs::read_to_string(package.join("Cargo.toml")).unwrap();
        let mut code = Vec::new();
        sources(&package.join("src"), &mut code);
        let mut tests = code.clone();
        for dir in ["tests", "benches"] {
            sources(&package.join(dir), &mut tests);
        }
        for (section, files) in [("[dependencies]", &code), ("[dev-dependencies]", &tests)] {
            for krate in listed(&manifest, section) {
                if !named_in(files, &krate) {
                    unused.push(format!("{}: {section} {krate}", package.join("Cargo.toml").display()));
                }
            }
        }
    }
    assert!(unused.is_empty(), "listed and never used:\n{}", unused.join("\n"));
}
