//! The config file: `config.toml` in the platform config directory. Reading names the file, line and
//! field of any problem; writing is atomic (temp file in the same directory, fsync, rename) with mode
//! 0600 in a directory created 0700, so a failed write leaves the old file as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What the file may hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Allows a plain-http base URL to a non-loopback host (the key then travels unencrypted).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_insecure_http: bool,
    /// Seconds one request may take before the app gives up on it (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_timeout_secs: Option<f64>,
    #[serde(default, skip_serializing_if = "UiConfig::is_empty")]
    pub ui: UiConfig,
    /// `[keys]`: action name → a key or a list of keys (`"none"` unbinds), over the defaults.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub keys: std::collections::BTreeMap<String, KeySpec>,
    /// `[theme]`: a built-in theme and per-element overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeConfig>,
    /// The line of each `[keys]` entry (filled when the file is read; not part of it).
    #[serde(skip)]
    pub key_lines: std::collections::BTreeMap<String, usize>,
}

/// One action's keys in `[keys]`: one key or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Many(Vec<String>),
}

impl KeySpec {
    pub fn keys(&self) -> Vec<String> {
        match self {
            Self::One(k) => vec![k.clone()],
            Self::Many(ks) => ks.clone(),
        }
    }
}

/// `[theme]`: `name` (dark, light or mono) and element = style overrides (`"bold yellow on #202020"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub elements: std::collections::BTreeMap<String, String>,
}

/// When removing tracks asks first (`[ui] confirm_remove`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfirmRemove {
    /// Never ask: undo is there.
    Never,
    /// Ask before removing two or more marked tracks (the default).
    #[default]
    Bulk,
    /// Ask before every removal.
    Always,
}

impl ConfirmRemove {
    /// The accepted spellings, for error messages.
    pub const VALUES: &str = "never, bulk, always";

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "never" => Some(Self::Never),
            "bulk" => Some(Self::Bulk),
            "always" => Some(Self::Always),
            _ => None,
        }
    }

    /// Whether removing `count` tracks asks first.
    pub fn asks(self, count: usize) -> bool {
        match self {
            Self::Never => false,
            Self::Bulk => count >= 2,
            Self::Always => count >= 1,
        }
    }
}

/// How `y` copies an id (`[ui] clipboard`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Clipboard {
    /// OSC 52 (the one way a terminal app reaches the clipboard over SSH and in tmux).
    #[default]
    Auto,
    Osc52,
    /// Never: the status line shows the id instead.
    Off,
}

impl Clipboard {
    /// The accepted spellings, for error messages.
    pub const VALUES: &str = "auto, osc52, off";

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "auto" => Some(Self::Auto),
            "osc52" => Some(Self::Osc52),
            "off" => Some(Self::Off),
            _ => None,
        }
    }
}

/// The `[ui]` table: how the TUI behaves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UiConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_remove: Option<ConfirmRemove>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Mouse clicks and the wheel in the TUI (default on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mouse: Option<bool>,
    /// How `y` copies an id (default auto: OSC 52).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clipboard: Option<Clipboard>,
    /// Seconds between checks for changes made elsewhere while idle (default 30; 0: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_secs: Option<u32>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub keys: std::collections::BTreeMap<String, String>,
}

impl UiConfig {
    fn is_empty(&self) -> bool {
        self.confirm_remove.is_none()
            && self.theme.is_none()
            && self.keys.is_empty()
            && self.mouse.is_none()
            && self.clipboard.is_none()
            && self.refresh_secs.is_none()
    }
}

const KNOWN: &[&str] =
    &["base_url", "api_key", "organization_id", "allow_insecure_http", "request_timeout_secs", "ui", "keys", "theme"];
const KNOWN_UI: &[&str] = &["confirm_remove", "theme", "keys", "mouse", "clipboard", "refresh_secs"];

/// Why the file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: {what}")]
    Invalid { path: PathBuf, line: usize, what: String },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

/// The default location: `config.toml` in the platform config directory.
pub fn default_path() -> Option<PathBuf> {
    crate::paths::project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// A loaded file and the warnings it gave (unknown fields).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    pub file: ConfigFile,
    pub warnings: Vec<String>,
    /// The line of each `[theme]` entry, `""` for its `name`: the drawing layer checks the theme and names
    /// these lines.
    pub theme_lines: std::collections::BTreeMap<String, usize>,
}

/// Reads the file; `Ok(None)` when there is none.
pub fn load(path: &Path) -> Result<Option<Loaded>, FileError> {
    let text = match read_bounded(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(FileError::Read { path: path.to_path_buf(), source }),
    };
    let mut loaded = parse(path, &text)?;
    // Only a file that holds a key is worth keeping private.
    if loaded.file.api_key.is_some()
        && let Some(w) = permission_warning(path)
    {
        loaded.warnings.insert(0, w);
    }
    Ok(Some(loaded))
}

/// The most a config file may hold.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The file's text, if it is a regular file of at most `MAX_FILE_BYTES` (a device such as /dev/zero
/// would be read until memory runs out, and a FIFO would wait for ever: both are refused before opening).
fn read_bounded(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file (a config file is plain text)"));
    }
    let too_large = || std::io::Error::other(format!("larger than {} MiB; not a config file", MAX_FILE_BYTES >> 20));
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let mut text = String::new();
    std::fs::File::open(path)?.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(text)
}

/// A warning when the file (which holds the API key) can be read by group or others.
fn permission_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then(|| {
            format!(
                "{} is readable by others (mode {mode:o}) and holds your API key: run `chmod 600 {}`",
                path.display(),
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Parses the text of a config file.
pub fn parse(path: &Path, text: &str) -> Result<Loaded, FileError> {
    let invalid = |e: toml::de::Error| {
        let (line, field) = locate(text, e.span());
        let what = match field {
            Some(f) => format!("field `{f}`: {}", e.message()),
            None => e.message().to_string(),
        };
        FileError::Invalid { path: path.to_path_buf(), line, what }
    };
    let table: toml::Table = toml::from_str(text).map_err(invalid)?;
    let mut warnings = Vec::new();
    for key in table.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
        warnings.push(format!("unknown field `{key}` ignored ({}:{})", path.display(), line_of_key(text, key)));
    }
    if let Some(toml::Value::Table(ui)) = table.get("ui") {
        for key in ui.keys().filter(|k| !KNOWN_UI.contains(&k.as_str())) {
            warnings.push(format!("unknown field `ui.{key}` ignored ({}:{})", path.display(), line_of_key(text, key)));
        }
    }
    let mut file: ConfigFile = toml::from_str(text).map_err(invalid)?;
    let at = |key: &str| line_of_key(text, key);
    // The old spellings are read once more, with a warning that names the new ones.
    if let Some(old) = file.ui.theme.take() {
        warnings.push(format!(
            "`[ui] theme` is the old spelling of `[theme] name` ({}:{}): read as that; please move it",
            path.display(),
            at("theme")
        ));
        file.theme.get_or_insert_with(ThemeConfig::default).name.get_or_insert(old);
    }
    if !file.ui.keys.is_empty() {
        warnings.push(format!(
            "`[ui.keys]` is the old spelling of `[keys]` ({}): read as that; please move it",
            path.display()
        ));
        for (action, key) in std::mem::take(&mut file.ui.keys) {
            file.keys.entry(action).or_insert(KeySpec::One(key));
        }
    }
    file.key_lines = file.keys.keys().map(|k| (k.clone(), at(k))).collect();
    let theme_lines = file.theme.as_ref().map_or_else(Default::default, |theme| {
        let entries = theme.elements.keys().map(|k| (k.clone(), at(k)));
        std::iter::once((String::new(), at("name"))).chain(entries).collect()
    });
    Ok(Loaded { file, warnings, theme_lines })
}

/// The 1-based line of a byte span, and the key written on that line, if any.
fn locate(text: &str, span: Option<std::ops::Range<usize>>) -> (usize, Option<String>) {
    let Some(span) = span else { return (1, None) };
    let start = span.start.min(text.len());
    let line = text[..start].matches('\n').count() + 1;
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    let key = line_text.split_once('=').map(|(k, _)| k.trim().trim_matches('"').to_string()).filter(|k| !k.is_empty());
    (line, key)
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')))
        .map_or(1, |i| i + 1)
}

/// Writes the file atomically with mode 0600.
pub fn save(path: &Path, file: &ConfigFile) -> Result<(), FileError> {
    save_with(path, file, |_| Ok(()))
}

/// `save`, with a hook that runs on the written temp file just before the rename (tests use it to fail
/// there and check the old file survives).
pub fn save_with(
    path: &Path,
    file: &ConfigFile,
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), FileError> {
    let err = |source| FileError::Write { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::paths::create_private_dir(dir).map_err(err)?;
    let text = toml::to_string_pretty(file).map_err(|e| err(std::io::Error::other(e)))?;
    // NamedTempFile is created with mode 0600 on Unix and removed if anything below fails.
    let mut tmp = tempfile::Builder::new().prefix(".config.toml.").tempfile_in(dir).map_err(err)?;
    tmp.write_all(text.as_bytes()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    before_rename(tmp.path()).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
