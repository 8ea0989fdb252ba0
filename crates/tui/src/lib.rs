//! The terminal app. `app` is the pure core (state, `update`, the key table; no tokio, files, environment
//! or clock: time arrives as messages), `ui` draws it (pure functions of the state), and `runtime` is where
//! terminal, time and network meet (the one event loop, commands run as tasks, the journal's writer).
//! `app` imports neither `ui` nor `runtime`, and `ui` does not import `runtime` (a test checks both).

// A dependency no code uses is an error in the library's own build (a test build sees the
// dev-dependencies too, where the lint misfires, so it is off there).
#![cfg_attr(not(test), deny(unused_crate_dependencies))]

pub mod app;
pub mod runtime;
pub mod ui;

/// The layers inside this crate, which cannot be crates of their own (they share `App`), checked here as
/// the compiler checks the crates: each module's source is read and its imports and calls are held against
/// what it may not use.
#[cfg(test)]
mod layers {
    use std::path::{Path, PathBuf};

    /// Every `.rs` file under `dir`, except tests (which may use anything).
    fn sources(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                out.extend(sources(&path));
            } else if name.ends_with(".rs") && !name.ends_with("tests.rs") && name != "fixtures.rs" {
                out.push(path);
            }
        }
        out
    }

    /// The lines of `module`'s code (comments and `#[cfg(test)]` modules left out) that name any of `banned`.
    fn offences(module: &str, banned: &[&str]) -> Vec<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(module);
        let mut found = Vec::new();
        for path in sources(&dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            // Up to the test module (a `#[cfg(test)]` on one import does not end the code).
            let code = text.split("#[cfg(test)]\nmod ").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                let line = line.trim_start();
                if line.starts_with("//") {
                    continue;
                }
                for b in banned.iter().filter(|b| line.contains(**b)) {
                    found.push(format!("{}:{}: `{b}` in: {line}", path.display(), n + 1));
                }
            }
        }
        found
    }

    /// What no layer here may hold: state shared by the whole process.
    const GLOBAL_STATE: &[&str] = &["thread_local!", "static mut", "OnceLock", "AtomicU", "AtomicBool", "LazyLock"];

    #[test]
    fn app_is_pure_it_imports_neither_ui_nor_runtime_nor_any_io_or_clock() {
        let mut banned = vec![
            "crate::ui",
            "crate::runtime",
            "tokio",
            "std::fs",
            "std::env",
            "std::thread",
            "std::net",
            "Instant::now",
            "SystemTime",
            "Utc::now",
            "Local::now",
            "ratatui::",
        ];
        banned.extend(GLOBAL_STATE);
        let found = offences("app", &banned);
        assert!(found.is_empty(), "the pure core reaches out:\n{}", found.join("\n"));
    }

    /// The state is below the features: `app/state/` holds data and pure methods, and imports none of the
    /// features, `update` or `history`; no feature calls up into `update` or `history` (which dispatch to
    /// them). The structure has no circle for this.
    #[test]
    fn the_state_is_below_the_features_and_no_feature_calls_up() {
        let features = [
            "collection_edits",
            "filter",
            "history",
            "marks",
            "moves",
            "msg",
            "open",
            "picker",
            "setup",
            "sort",
            "titles",
            "transfer",
            "update",
            "writes",
        ];
        let mut banned: Vec<String> = features.iter().map(|f| format!("crate::app::{f}")).collect();
        banned.push("super::super::".to_string());
        let banned: Vec<&str> = banned.iter().map(String::as_str).collect();
        let found = offences("app/state", &banned);
        assert!(found.is_empty(), "the state reaches up into a feature:\n{}", found.join("\n"));
        let up: Vec<String> = offences("app", &["super::update", "super::history", "history::", "update::"])
            .into_iter()
            .filter(|f| !["/update.rs:", "/history.rs:", "/mod.rs:"].iter().any(|top| f.contains(top)))
            .collect();
        assert!(up.is_empty(), "a feature calls up:\n{}", up.join("\n"));
    }

    /// A key reaches a handler as an action of the one key table; only the table reads key codes (a text
    /// field reads the character typed through `keymap::typed_char`).
    #[test]
    fn app_handlers_dispatch_on_actions_not_key_codes() {
        let found: Vec<String> =
            offences("app", &["KeyCode::", "KeyModifiers::"]).into_iter().filter(|f| !f.contains("/keymap/")).collect();
        assert!(found.is_empty(), "a handler reads a key code:\n{}", found.join("\n"));
    }

    #[test]
    fn ui_draws_from_the_state_alone_it_imports_no_runtime_and_reads_no_environment() {
        let mut banned = vec!["crate::runtime", "tokio", "std::fs", "std::env", "std::thread", "Instant::now"];
        banned.extend(GLOBAL_STATE);
        let found = offences("ui", &banned);
        assert!(found.is_empty(), "drawing reaches out:\n{}", found.join("\n"));
    }
}
