//! The journal file: JSON lines in the platform data directory, mode 0600, shared by every running
//! freddy-music (a TUI and a CLI at once) through an exclusive `flock` around each append. It stays
//! bounded: past `MAX_BYTES` the oldest batches are dropped until it is under `KEEP_BYTES`.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::record::Record;

/// Past this size an append trims the journal…
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;
/// …down to the newest whole batches that fit in this.
pub const KEEP_BYTES: usize = 2 * 1024 * 1024;

/// The journal at one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    path: PathBuf,
}

/// What a read found: the lines that parsed, and a warning for each that did not.
#[derive(Debug, Default)]
pub struct Contents {
    pub records: Vec<Record>,
    pub warnings: Vec<String>,
}

impl Journal {
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// `journal.jsonl` in the platform data directory (`None` without a home directory).
    pub fn default_location() -> Option<Self> {
        crate::paths::project_dirs().map(|d| Self::at(d.data_dir().join("journal.jsonl")))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends the records in one write, under the lock; then trims if the file grew past `MAX_BYTES`.
    pub fn append(&self, records: &[Record]) -> std::io::Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut text = String::new();
        for r in records {
            text.push_str(&serde_json::to_string(r).map_err(std::io::Error::other)?);
            text.push('\n');
        }
        let file = self.open_locked()?;
        (&file).write_all(text.as_bytes())?;
        // A batch's opening lines reach the disk before its first request; outcome and undo lines need not
        // wait for it (the system writes them out; a lost one reads as "pending", which restore handles).
        if records.iter().any(|r| matches!(r, Record::Op(_) | Record::Collection(_))) {
            file.sync_data()?;
        }
        if file.metadata()?.len() > MAX_BYTES {
            self.trim(&file)?;
        }
        Ok(())
    }

    /// Every record, oldest first. A missing file is an empty journal; a damaged line is skipped with a
    /// warning that names it.
    pub fn read(&self) -> std::io::Result<Contents> {
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Contents::default()),
            Err(e) => return Err(e),
        };
        file.lock_shared()?;
        let mut text = String::new();
        (&file).read_to_string(&mut text)?;
        Ok(parse(&self.path, &text))
    }

    /// Opens the file for appending (created 0600, its directory 0700) and takes the exclusive lock. If
    /// another process replaced the file (a trim) while we waited, the new one is opened instead.
    fn open_locked(&self) -> std::io::Result<File> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::paths::create_private_dir(dir)?;
        }
        loop {
            let file = open_append(&self.path)?;
            file.lock()?;
            if same_file(&file, &self.path)? {
                return Ok(file);
            }
        }
    }

    /// Keeps the newest whole batches within `KEEP_BYTES`, written to a new file renamed over the old
    /// one while the lock is held (so no append is lost or interleaved).
    fn trim(&self, locked: &File) -> std::io::Result<()> {
        let mut text = String::new();
        let mut reader = locked.try_clone()?;
        std::io::Seek::rewind(&mut reader)?;
        reader.read_to_string(&mut text)?;
        let kept = newest_batches(&text, KEEP_BYTES);
        let dir = self.path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut tmp = tempfile::Builder::new().prefix(".journal.").tempfile_in(dir)?;
        tmp.write_all(kept.as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        tracing::info!(path = %self.path.display(), "journal trimmed to its newest batches");
        Ok(())
    }
}

fn open_append(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).append(true).read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (a, b) = (file.metadata()?, std::fs::metadata(path));
    Ok(b.is_ok_and(|b| a.ino() == b.ino() && a.dev() == b.dev()))
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> std::io::Result<bool> {
    Ok(true)
}

/// Parses the lines of a journal, skipping (with a warning) any that is not a record.
pub fn parse(path: &Path, text: &str) -> Contents {
    let mut out = Contents::default();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) => out.records.push(r),
            Err(e) => out.warnings.push(format!("{}:{}: damaged journal line skipped ({e})", path.display(), i + 1)),
        }
    }
    out
}

/// The lines of the newest batches whose total length fits in `budget` (whole batches only).
fn newest_batches(text: &str, budget: usize) -> String {
    let mut order: Vec<&str> = Vec::new();
    let mut lines: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for line in text.lines() {
        let Some(batch) = batch_of(line) else { continue };
        let entry = lines.entry(batch).or_default();
        if entry.is_empty() {
            order.push(batch);
        }
        entry.push(line);
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut size = 0;
    for batch in order.iter().rev() {
        let ls = &lines[batch];
        let n: usize = ls.iter().map(|l| l.len() + 1).sum();
        if size + n > budget {
            break;
        }
        size += n;
        kept.push(batch);
    }
    let keep: std::collections::HashSet<&str> = kept.into_iter().collect();
    let mut out = String::with_capacity(size);
    for line in text.lines() {
        if batch_of(line).is_some_and(|b| keep.contains(b)) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The batch id of a line, without parsing all of it (a damaged line has none and is dropped by a trim).
fn batch_of(line: &str) -> Option<&str> {
    let start = line.find("\"batch\":\"")? + "\"batch\":\"".len();
    let len = line[start..].find('"')?;
    Some(&line[start..start + len])
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
        let batches: std::collections::BTreeSet<&str> = c.records.iter().map(Record::batch).collect();
        assert!(batches.contains("b_0049"), "the newest batch is kept");
        assert!(!batches.contains("b_0000"), "the oldest batch is dropped");
        for b in &batches {
            assert_eq!(c.records.iter().filter(|r| r.batch() == *b).count(), 1000, "{b} kept whole");
        }
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
