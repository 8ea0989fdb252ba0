//! The journal file: JSON lines in the platform data directory, mode 0600, shared by every running
//! freddy-music (a TUI and a CLI at once) through an exclusive `flock` around each append. It stays
//! bounded: past `MAX_BYTES` the oldest batches are dropped until it is under `KEEP_BYTES`.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::record::Record;

/// Past this size an append trims the journal…
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;
/// …down to the newest whole batches that fit in this. The newest batch, and any batch still being
/// written, are kept whole whatever their size.
pub const KEEP_BYTES: usize = 2 * 1024 * 1024;

/// The journal at one path.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    /// The size below which no trim is tried again: after a trim that could drop nothing (every batch
    /// still being written), the file must grow by `RETRIM_BYTES` first, so appends do not each re-read it.
    next_trim: Arc<AtomicU64>,
}

/// How much a journal that could not be trimmed grows before a trim is tried again.
const RETRIM_BYTES: u64 = 1024 * 1024;

impl PartialEq for Journal {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
    }
}

impl Eq for Journal {}

/// What a read found: the lines that parsed, and a warning for each that did not.
#[derive(Debug, Default)]
pub struct Contents {
    pub records: Vec<Record>,
    pub warnings: Vec<String>,
}

impl Journal {
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), next_trim: Arc::new(AtomicU64::new(0)) }
    }

    /// `journal.jsonl` in the platform data directory (`None` without a home directory).
    pub fn default_location() -> Option<Self> {
        crate::paths::project_dirs().map(|d| Self::at(d.data_dir().join("journal.jsonl")))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends the records in one write, under the lock; then trims if the file grew past `MAX_BYTES`.
    /// A write that fails part-way (a full disk) is cut off again, so no partial line is left behind; a
    /// partial line left by something else (a crash) is ended before this one starts.
    pub fn append(&self, records: &[Record]) -> std::io::Result<()> {
        self.append_telling_waits(records, &|| {})
    }

    /// `append`, calling `waiting` first when another process holds the lock (so a person can be told
    /// why nothing happens yet).
    pub fn append_telling_waits(&self, records: &[Record], waiting: &dyn Fn()) -> std::io::Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut text = Vec::new();
        for r in records {
            serde_json::to_writer(&mut text, r).map_err(std::io::Error::other)?;
            text.push(b'\n');
        }
        let file = self.open_locked(waiting)?;
        let len = file.metadata()?.len();
        if len > 0 && last_byte(&file, len)? != b'\n' {
            text.insert(0, b'\n');
        }
        if let Err(e) = (&file).write_all(&text) {
            let _ = file.set_len(len);
            return Err(e);
        }
        // A batch's opening lines reach the disk before its first request; outcome and undo lines need not
        // wait for it (the system writes them out; a lost one reads as "pending", which restore handles).
        if records.iter().any(|r| matches!(r, Record::Op(_) | Record::Collection(_))) {
            file.sync_data()?;
        }
        let len = file.metadata()?.len();
        if len > MAX_BYTES && len >= self.next_trim.load(Ordering::Relaxed) {
            let writing: HashSet<&str> = records.iter().map(Record::batch).collect();
            // When the oldest line belongs to a batch being written, nothing older can be dropped: no trim
            // (a batch larger than the cap would otherwise re-read the file at every append).
            if !first_batch(&file)?.is_some_and(|b| writing.contains(b.as_str())) {
                let trimmed = self.trim(&file, &writing)?;
                self.next_trim.store(if trimmed { 0 } else { len + RETRIM_BYTES }, Ordering::Relaxed);
            }
        }
        Ok(())
    }

    /// Every record, oldest first. A missing file is an empty journal; a damaged line (not JSON, not a
    /// record, or not UTF-8) is skipped with a warning that names it.
    pub fn read(&self) -> std::io::Result<Contents> {
        let file = match open_no_follow(OpenOptions::new().read(true), &self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Contents::default()),
            Err(e) => return Err(e),
        };
        file.lock_shared()?;
        let mut bytes = Vec::new();
        (&file).read_to_end(&mut bytes)?;
        Ok(parse(&self.path, &bytes))
    }

    /// Every line in order, read a line at a time (the file is never held whole): each record, or for a
    /// damaged line the warning that names it. A missing file has no lines.
    pub fn for_each(&self, mut f: impl FnMut(Result<Record, DamagedLine>)) -> std::io::Result<()> {
        use std::io::BufRead;
        let file = match open_no_follow(OpenOptions::new().read(true), &self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        file.lock_shared()?;
        let mut reader = std::io::BufReader::with_capacity(256 * 1024, &file);
        let mut line = Vec::new();
        let mut n = 0usize;
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                return Ok(());
            }
            n += 1;
            if line.trim_ascii().is_empty() {
                continue;
            }
            f(record(&self.path, n, line.trim_ascii_end()));
        }
    }

    /// Opens the file for appending (created 0600, its directory 0700) and takes the exclusive lock. If
    /// another process replaced the file (a trim) while we waited, the new one is opened instead. A
    /// journal that is a symbolic link is refused; one readable by others is made private again.
    fn open_locked(&self, waiting: &dyn Fn()) -> std::io::Result<File> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::paths::create_private_dir(dir)?;
        }
        loop {
            let file = open_append(&self.path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    waiting();
                    file.lock()?;
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            if same_file(&file, &self.path)? {
                make_private(&file, &self.path)?;
                return Ok(file);
            }
        }
    }

    /// Keeps the newest whole batches within `KEEP_BYTES` (the newest one and those in `writing` whatever
    /// their size), written to a new file renamed over the old one while the lock is held (so no append is
    /// lost or interleaved). The new file opens with a line that says how many batches were dropped.
    /// Whether anything was dropped.
    fn trim(&self, locked: &File, writing: &HashSet<&str>) -> std::io::Result<bool> {
        let mut bytes = Vec::new();
        let mut reader = locked.try_clone()?;
        reader.rewind()?;
        reader.read_to_end(&mut bytes)?;
        let Some(kept) = newest_batches(&bytes, KEEP_BYTES, writing) else { return Ok(false) };
        let dir = self.path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut tmp = tempfile::Builder::new().prefix(".journal.").tempfile_in(dir)?;
        tmp.write_all(&kept)?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        tracing::info!(path = %self.path.display(), "journal trimmed to its newest batches");
        Ok(true)
    }
}

/// Opens `path` with `options`, refusing a symbolic link (the journal is never written through one).
fn open_no_follow(options: &mut OpenOptions, path: &Path) -> std::io::Result<File> {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(options, libc::O_NOFOLLOW);
    options.open(path).map_err(|e| {
        let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if link {
            std::io::Error::other(format!(
                "{} is a symbolic link; the journal must be a plain file: remove the link",
                path.display()
            ))
        } else {
            e
        }
    })
}

fn open_append(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).append(true).read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    open_no_follow(&mut o, path)
}

/// Takes group and other permissions off a journal that has them (it names your collections and tracks).
#[cfg(unix)]
fn make_private(file: &File, path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file.metadata()?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        tracing::warn!(path = %path.display(), mode = format!("{mode:o}"), "journal readable by others: made 0600");
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_file: &File, _path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (a, b) = (file.metadata()?, std::fs::symlink_metadata(path));
    Ok(b.is_ok_and(|b| a.ino() == b.ino() && a.dev() == b.dev()))
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> std::io::Result<bool> {
    Ok(true)
}

/// The file's byte at `len - 1`.
fn last_byte(file: &File, len: u64) -> std::io::Result<u8> {
    let mut reader = file.try_clone()?;
    reader.seek(SeekFrom::Start(len - 1))?;
    let mut b = [0u8; 1];
    reader.read_exact(&mut b)?;
    Ok(b[0])
}

/// The batch of the file's first batch line (read no further than its first 64 KiB).
fn first_batch(file: &File) -> std::io::Result<Option<String>> {
    let mut reader = file.try_clone()?;
    reader.rewind()?;
    let mut head = Vec::with_capacity(4096);
    reader.take(64 * 1024).read_to_end(&mut head)?;
    // The first line that names a batch (a trimmed journal opens with a marker that names none).
    let first = head.split(|&b| b == b'\n').find_map(batch_of);
    Ok(first.map(|b| String::from_utf8_lossy(b).into_owned()))
}

/// A journal line that is not a record: where it is and why.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: damaged journal line skipped ({why})", path.display())]
pub struct DamagedLine {
    pub path: std::path::PathBuf,
    /// 1-based.
    pub line: usize,
    pub why: Damage,
}

/// What is wrong with a damaged line.
#[derive(Debug, thiserror::Error)]
pub enum Damage {
    #[error("not UTF-8: {0}")]
    NotUtf8(#[from] std::str::Utf8Error),
    #[error("{0}")]
    NotARecord(#[from] serde_json::Error),
}

/// Line `n` (1-based) of the journal at `path`, as a record.
fn record(path: &Path, n: usize, line: &[u8]) -> Result<Record, DamagedLine> {
    let parsed = std::str::from_utf8(line).map_err(Damage::from).and_then(|l| Ok(serde_json::from_str::<Record>(l)?));
    parsed.map_err(|why| DamagedLine { path: path.to_path_buf(), line: n, why })
}

/// Parses the lines of a journal, skipping (with a warning) any that is not a record.
pub fn parse(path: &Path, bytes: &[u8]) -> Contents {
    let mut out = Contents::default();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.trim_ascii().is_empty() {
            continue;
        }
        match record(path, i + 1, line) {
            Ok(r) => out.records.push(r),
            Err(e) => out.warnings.push(e.to_string()),
        }
    }
    out
}

/// How long a batch with unanswered tracks counts as still being written (a batch left so by a crash is
/// dropped by a later trim once it is older than this).
const WRITING_FOR_SECS: i64 = 3600;

/// What a trim knows of one batch.
#[derive(Default)]
struct Seen<'a> {
    bytes: usize,
    /// `op` lines written pending, less `outcome` lines: above zero, answers are still to come.
    open: isize,
    /// The time of its newest line.
    last_time: &'a [u8],
}

/// A marker line and the lines of the newest batches whose total length fits in `budget` (whole batches
/// only), or `None` when no batch would be dropped. Always kept, whatever their size: the newest batch,
/// the batches in `writing`, and any batch still waiting for answers that had a line in the last hour (a
/// TUI's removal still under way while a CLI batch began).
fn newest_batches(bytes: &[u8], budget: usize, writing: &HashSet<&str>) -> Option<Vec<u8>> {
    let mut order: Vec<&[u8]> = Vec::new();
    let mut seen: HashMap<&[u8], Seen<'_>> = HashMap::new();
    for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let Some(batch) = batch_of(line) else { continue };
        let s = seen.entry(batch).or_insert_with(|| {
            order.push(batch);
            Seen::default()
        });
        s.bytes += line.len() + 1;
        if has(line, b"\"type\":\"op\"") && has(line, b"\"outcome\":\"pending\"") {
            s.open += 1;
        } else if has(line, b"\"type\":\"outcome\"") {
            s.open -= 1;
        }
        if let Some(t) = field(line, b"\"time\":\"") {
            s.last_time = t;
        }
    }
    let cutoff = (chrono::Utc::now() - chrono::Duration::seconds(WRITING_FOR_SECS))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let still_open = |b: &&[u8]| seen[b].open > 0 && seen[b].last_time >= cutoff.as_bytes();
    let must: HashSet<&[u8]> = writing
        .iter()
        .map(|b| b.as_bytes())
        .chain(order.last().copied())
        .chain(order.iter().copied().filter(still_open))
        .collect();
    let mut keep: HashSet<&[u8]> = HashSet::new();
    let mut size = 0;
    for batch in order.iter().filter(|b| must.contains(*b)) {
        size += seen[batch].bytes;
        keep.insert(batch);
    }
    for batch in order.iter().rev().filter(|b| !must.contains(*b)) {
        let n = seen[batch].bytes;
        if size + n > budget {
            break;
        }
        size += n;
        keep.insert(batch);
    }
    if keep.len() == order.len() {
        return None;
    }
    let earlier: u64 = bytes
        .split(|&b| b == b'\n')
        .filter(|l| batch_of(l).is_none())
        .filter_map(|l| match serde_json::from_slice::<Record>(l) {
            Ok(Record::Trimmed { dropped, .. }) => Some(dropped),
            _ => None,
        })
        .sum();
    let marker = Record::Trimmed { dropped: earlier + (order.len() - keep.len()) as u64, time: super::record::now() };
    let mut out = Vec::with_capacity(size + 64);
    serde_json::to_writer(&mut out, &marker).ok()?;
    out.push(b'\n');
    for line in bytes.split(|&b| b == b'\n') {
        if batch_of(line).is_some_and(|b| keep.contains(b)) {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    Some(out)
}

fn has(line: &[u8], pattern: &[u8]) -> bool {
    line.windows(pattern.len()).any(|w| w == pattern)
}

/// The string value after `key` (which ends with its opening quote), without parsing the line.
fn field<'a>(line: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let start = line.windows(key.len()).position(|w| w == key)? + key.len();
    let len = line[start..].iter().position(|&b| b == b'"')?;
    Some(&line[start..start + len])
}

/// The batch id of a line, without parsing all of it (a damaged line has none and is dropped by a trim).
fn batch_of(line: &[u8]) -> Option<&[u8]> {
    field(line, b"\"batch\":\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::record::Outcome;

    fn outcome(batch: &str, n: usize) -> Record {
        Record::Outcome {
            batch: batch.to_string(),
            track_id: format!("mtrack_{n:06}"),
            outcome: Outcome::Done,
            time: "2026-11-30T00:00:00Z".to_string(),
        }
    }

    #[test]
    fn appends_and_reads_back_with_mode_0600_and_skips_damage() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("data/journal.jsonl"));
        assert!(j.read().unwrap().records.is_empty());
        j.append(&[outcome("b_1", 1), outcome("b_1", 2)]).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(j.path()).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            let dmode = std::fs::metadata(j.path().parent().unwrap()).unwrap().permissions().mode() & 0o777;
            assert_eq!(dmode, 0o700);
        }
        let mut f = OpenOptions::new().append(true).open(j.path()).unwrap();
        f.write_all(b"{\"type\":\"op\", this is not json\n").unwrap();
        j.append(&[outcome("b_2", 3)]).unwrap();
        let c = j.read().unwrap();
        assert_eq!(c.records, vec![outcome("b_1", 1), outcome("b_1", 2), outcome("b_2", 3)]);
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("journal.jsonl:3"), "{}", c.warnings[0]);
    }

    #[test]
    fn a_journal_past_its_cap_keeps_only_its_newest_whole_batches() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("journal.jsonl"));
        // About 110 bytes a line: 50 batches of 1,000 lines are well past MAX_BYTES.
        for b in 0..50 {
            let batch = format!("b_{b:04}");
            let lines: Vec<Record> = (0..1000).map(|n| outcome(&batch, n)).collect();
            j.append(&lines).unwrap();
        }
        let size = std::fs::metadata(j.path()).unwrap().len();
        assert!(size <= MAX_BYTES, "{size}");
        let c = j.read().unwrap();
        assert!(c.warnings.is_empty());
        let batches: std::collections::BTreeSet<&str> =
            c.records.iter().map(Record::batch).filter(|b| !b.is_empty()).collect();
        assert!(batches.contains("b_0049"), "the newest batch is kept");
        assert!(!batches.contains("b_0000"), "the oldest batch is dropped");
        for b in &batches {
            assert_eq!(c.records.iter().filter(|r| r.batch() == *b).count(), 1000, "{b} kept whole");
        }
    }

    fn op(batch: &str, n: usize) -> Record {
        let account = crate::journal::Account {
            host: "http://127.0.0.1:8787".into(),
            organization: "org_demo".into(),
            key_fingerprint: "0123456789abcdef".into(),
        };
        let b = crate::journal::RemoveBatch {
            account: &account,
            batch,
            redo_of: None,
            collection_id: "mcoll_archive",
            collection_name: "Archive",
        };
        let id = format!("mtrack_arc{n:06}");
        b.ops([(id.as_str(), Some("A title of some length"), n)]).remove(0)
    }

    fn batch_sizes(c: &Contents) -> std::collections::BTreeMap<String, usize> {
        let mut out = std::collections::BTreeMap::new();
        for r in &c.records {
            if !r.batch().is_empty() {
                *out.entry(r.batch().to_string()).or_default() += 1;
            }
        }
        out
    }

    #[test]
    fn a_batch_larger_than_the_keep_budget_survives_trims_whole_and_older_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("journal.jsonl"));
        j.append(&(0..100).map(|n| op("b_old", n)).collect::<Vec<_>>()).unwrap();
        let done: Vec<Record> =
            (0..100).map(|n| Record::outcome("b_old", &format!("mtrack_arc{n:06}"), Outcome::Done)).collect();
        j.append(&done).unwrap();
        // 20,000 op lines (about 7 MB, past MAX_BYTES on their own), then an outcome line per track as the
        // answers come, 50 at a time, as `tracks remove` writes them.
        let ops: Vec<Record> = (0..20_000).map(|n| op("b_big", n)).collect();
        j.append(&ops).unwrap();
        for chunk in (0..20_000).collect::<Vec<_>>().chunks(50) {
            let lines: Vec<Record> =
                chunk.iter().map(|&n| Record::outcome("b_big", &format!("mtrack_arc{n:06}"), Outcome::Done)).collect();
            j.append(&lines).unwrap();
        }
        let c = j.read().unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        let sizes = batch_sizes(&c);
        assert_eq!(sizes.get("b_big"), Some(&40_000), "every op and outcome line of the newest batch is kept");
        assert!(j.next_trim.load(Ordering::Relaxed) == 0, "the one trim dropped b_old; none was tried after it");
        assert!(!sizes.contains_key("b_old"), "the older batch is dropped whole");
        assert!(
            matches!(c.records.first(), Some(Record::Trimmed { dropped: 1, .. })),
            "the trim says what it dropped: {:?}",
            c.records.first()
        );
        let all = crate::journal::batches(&c.records);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].restorable().count(), 20_000);
        assert!(all[0].tracks.iter().enumerate().all(|(i, t)| t.index == i as u64), "restorable in order");
    }

    #[test]
    fn a_batch_still_being_written_is_kept_when_a_newer_one_starts() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("journal.jsonl"));
        j.append(&(0..100).map(|n| op("b_a", n)).collect::<Vec<_>>()).unwrap();
        j.append(
            &(0..100).map(|n| Record::outcome("b_a", &format!("mtrack_arc{n:06}"), Outcome::Done)).collect::<Vec<_>>(),
        )
        .unwrap();
        j.append(&(0..15_000).map(|n| op("b_writing", n)).collect::<Vec<_>>()).unwrap();
        j.append(&(0..10).map(|n| op("b_newer", n)).collect::<Vec<_>>()).unwrap();
        // b_writing's answers arrive after b_newer began (the TUI and the CLI at once).
        j.append(&[Record::outcome("b_writing", "mtrack_arc000001", Outcome::Done)]).unwrap();
        let sizes = batch_sizes(&j.read().unwrap());
        assert_eq!(sizes.get("b_writing"), Some(&15_001));
        assert_eq!(sizes.get("b_newer"), Some(&10));
        assert!(!sizes.contains_key("b_a"));
        // Once both are answered, a newer batch past the cap drops them; trims add up what they dropped.
        let answers = |b: &str, n: usize| -> Vec<Record> {
            (0..n).map(|i| Record::outcome(b, &format!("mtrack_arc{i:06}"), Outcome::Done)).collect()
        };
        j.append(&answers("b_writing", 15_000)).unwrap();
        j.append(&answers("b_newer", 10)).unwrap();
        j.append(&(0..15_000).map(|n| op("b_c", n)).collect::<Vec<_>>()).unwrap();
        let c = j.read().unwrap();
        assert!(matches!(c.records.first(), Some(Record::Trimmed { dropped: 3, .. })), "{:?}", c.records.first());
        assert_eq!(batch_sizes(&c).keys().collect::<Vec<_>>(), ["b_c"]);
    }

    /// A journal of one line, then `raw` written as it is (a damaged or cut line), then `next` appended.
    fn with_raw_line(raw: &[u8], next: Record) -> Contents {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("journal.jsonl"));
        j.append(&[outcome("b_1", 1)]).unwrap();
        OpenOptions::new().append(true).open(j.path()).unwrap().write_all(raw).unwrap();
        j.append(&[next]).unwrap();
        j.read().unwrap()
    }

    #[test]
    fn a_line_that_is_not_utf8_is_skipped_with_a_warning_and_the_rest_read() {
        let c = with_raw_line(b"{\"type\":\"undo\",\"batch\":\"b_\xff\",\"time\":\"x\"}\n", outcome("b_2", 2));
        assert_eq!(c.records, vec![outcome("b_1", 1), outcome("b_2", 2)]);
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("journal.jsonl:2") && c.warnings[0].contains("UTF-8"), "{}", c.warnings[0]);
    }

    #[test]
    fn a_partial_line_left_behind_does_not_swallow_the_next_append() {
        let c = with_raw_line(b"{\"type\":\"outcome\",\"batch\":\"b_1\",\"tra", op("b_2", 200));
        assert_eq!(c.records, vec![outcome("b_1", 1), op("b_2", 200)]);
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_journal_is_refused_and_a_loose_one_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        std::fs::write(&target, "keep me\n").unwrap();
        let link = dir.path().join("journal.jsonl");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let j = Journal::at(&link);
        let e = j.append(&[outcome("b_1", 1)]).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(j.read().unwrap_err().to_string().contains("symbolic link"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");

        let loose = Journal::at(dir.path().join("loose.jsonl"));
        std::fs::write(loose.path(), "").unwrap();
        std::fs::set_permissions(loose.path(), std::fs::Permissions::from_mode(0o666)).unwrap();
        loose.append(&[outcome("b_1", 1)]).unwrap();
        assert_eq!(std::fs::metadata(loose.path()).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn two_writers_at_once_lose_no_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let j = Journal::at(&path);
                std::thread::spawn(move || {
                    for n in 0..50 {
                        j.append(&[outcome(&format!("b_{t}"), n), outcome(&format!("b_{t}"), n + 1000)]).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let c = Journal::at(&path).read().unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(c.records.len(), 400);
    }
}
