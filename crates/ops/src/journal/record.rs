//! The journal's lines: one JSON object each. A write batch is written as one `op` line per track (all
//! of them in one write, before the first request); the answers follow as `outcome` lines; an undo of a
//! batch is an `undo` line, and a redo is a new batch that names the one it redoes.

use serde::{Deserialize, Serialize};

/// Which account a line belongs to: the API host, the organization and a one-way fingerprint of the key
/// (never the key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub host: String,
    pub organization: String,
    pub key_fingerprint: String,
}

impl Account {
    /// The account a client works as.
    pub fn of(client: &freddy_api::Client) -> Self {
        Self {
            host: client.base_url().as_str().trim_end_matches('/').to_string(),
            organization: client.organization().to_string(),
            key_fingerprint: client.key_fingerprint(),
        }
    }
}

/// What a batch did to its collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    /// Taken out (undone by adding it back at `index`).
    Remove,
    /// Added at the end by `tracks add` (undone by removing it again).
    Add,
    /// Moved from `index` by `tracks move` or J/K (undone by moving it back there).
    Move,
}

/// How one track of a batch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Written, no answer yet (or the app ended before it came).
    Pending,
    /// The server confirmed it.
    Done,
    /// The track was not in the collection (nothing to undo).
    NotMember,
    /// The server refused or the request failed; nothing changed.
    Failed,
    /// Never sent: the batch was stopped (undo during the batch, or a forced quit).
    Cancelled,
    /// Sent, but the app quit before the answer came: it may or may not have happened.
    Unconfirmed,
}

impl Outcome {
    /// Whether the server may hold the change (so an undo should put it back).
    pub fn may_have_happened(self) -> bool {
        matches!(self, Self::Pending | Self::Done | Self::Unconfirmed)
    }
}

/// One track of a batch, as written before any request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub kind: OpKind,
    pub time: String,
    #[serde(flatten)]
    pub account: Account,
    pub batch: String,
    /// The batch this one redoes, if it is a redo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redo_of: Option<String>,
    pub collection_id: String,
    pub collection_name: String,
    pub track_id: String,
    /// The title, when it was already known (never fetched just for the journal).
    pub title: Option<String>,
    /// The track's zero-based position when the batch began.
    pub index: u64,
    /// For a move from the TUI: the position it was moved to (a redo moves it there again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<u64>,
    /// The track right after it when the batch began (`tracks remove` writes it): a restore puts it back
    /// before that track, so edits made above it meanwhile cannot misplace it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    pub outcome: Outcome,
}

/// What was done to a collection itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Created (undone by deleting it while it is still empty).
    Create,
    /// Renamed or its description changed (undone by setting them back).
    Rename,
    /// Deleted (undone by recreating it, with a new id, from the name, description and members kept).
    Delete,
}

/// A collection's name and description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub name: String,
    pub description: Option<String>,
}

/// A change to a collection itself, written before its request (`pending`); its answer follows as an
/// `outcome` line whose `track_id` is the collection's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub time: String,
    #[serde(flatten)]
    pub account: Account,
    pub batch: String,
    pub collection_id: String,
    /// The name and description after the change (for a delete: what it had).
    #[serde(flatten)]
    pub now: Named,
    /// For a rename: the name and description before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Named>,
    /// For a delete: the members, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    pub outcome: Outcome,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Op(Op),
    /// A collection created, renamed or deleted.
    Collection(Change),
    Outcome {
        batch: String,
        track_id: String,
        outcome: Outcome,
        time: String,
    },
    /// The batch was put back (its tracks restored); `redo_of` batches bring it forward again.
    Undo {
        batch: String,
        time: String,
    },
    /// The journal passed its size cap and its oldest batches were dropped (`dropped` counts every batch
    /// dropped so far, this trim's and earlier ones'): the first line of a trimmed journal.
    Trimmed {
        dropped: u64,
        time: String,
    },
}

impl Record {
    /// The batch a line belongs to.
    pub fn batch(&self) -> &str {
        match self {
            Record::Op(op) => &op.batch,
            Record::Collection(c) => &c.batch,
            Record::Outcome { batch, .. } | Record::Undo { batch, .. } => batch,
            Record::Trimmed { .. } => "",
        }
    }
}

/// The lines that open a removal batch: one per track, all `pending`.
pub struct RemoveBatch<'a> {
    pub account: &'a Account,
    pub batch: &'a str,
    pub redo_of: Option<&'a str>,
    pub collection_id: &'a str,
    pub collection_name: &'a str,
}

impl RemoveBatch<'_> {
    /// One `op` line per (track, title, index).
    pub fn ops<'t>(&self, tracks: impl IntoIterator<Item = (&'t str, Option<&'t str>, usize)>) -> Vec<Record> {
        self.ops_of(OpKind::Remove, tracks)
    }

    /// One `op` line of `kind` per (track, title, index).
    pub fn ops_of<'t>(
        &self,
        kind: OpKind,
        tracks: impl IntoIterator<Item = (&'t str, Option<&'t str>, usize)>,
    ) -> Vec<Record> {
        self.lines(kind, tracks.into_iter().map(|(t, title, i)| (t, title, i, None)))
    }

    /// One removal `op` line per (track, title, index, the track right after it).
    pub fn removals_with_next<'t>(
        &self,
        tracks: impl IntoIterator<Item = (&'t str, Option<&'t str>, usize, Option<&'t str>)>,
    ) -> Vec<Record> {
        tracks
            .into_iter()
            .flat_map(|(track, title, index, next)| {
                let mut lines = self.ops([(track, title, index)]);
                if let Some(Record::Op(op)) = lines.first_mut() {
                    op.next = next.map(str::to_string);
                }
                lines
            })
            .collect()
    }

    /// One `move` line per (track, title, from, to).
    pub fn moves<'t>(&self, tracks: impl IntoIterator<Item = (&'t str, Option<&'t str>, usize, usize)>) -> Vec<Record> {
        self.lines(OpKind::Move, tracks.into_iter().map(|(t, title, from, to)| (t, title, from, Some(to as u64))))
    }

    fn lines<'t>(
        &self,
        kind: OpKind,
        tracks: impl Iterator<Item = (&'t str, Option<&'t str>, usize, Option<u64>)>,
    ) -> Vec<Record> {
        let time = now();
        tracks
            .map(|(track, title, index, to)| {
                Record::Op(Op {
                    kind,
                    time: time.clone(),
                    account: self.account.clone(),
                    batch: self.batch.to_string(),
                    redo_of: self.redo_of.map(str::to_string),
                    collection_id: self.collection_id.to_string(),
                    collection_name: self.collection_name.to_string(),
                    track_id: track.to_string(),
                    title: title.map(str::to_string),
                    index: index as u64,
                    to,
                    next: None,
                    outcome: Outcome::Pending,
                })
            })
            .collect()
    }
}

impl Record {
    /// The line that says how one track of a batch ended.
    pub fn outcome(batch: &str, track: &str, outcome: Outcome) -> Self {
        Record::Outcome { batch: batch.to_string(), track_id: track.to_string(), outcome, time: now() }
    }

    /// The line that says a batch was put back.
    pub fn undo(batch: &str) -> Self {
        Record::Undo { batch: batch.to_string(), time: now() }
    }
}

/// The current time as the journal writes it (RFC 3339, UTC, seconds).
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A new batch id: `b_` and ten random hex digits, short enough to type.
pub fn new_batch_id() -> String {
    let n: u64 = rand::random::<u64>() & 0xff_ffff_ffff;
    format!("b_{n:010x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_op_line_has_every_documented_field_and_no_key() {
        let op = Record::Op(Op {
            kind: OpKind::Remove,
            time: "2026-11-30T01:00:00Z".into(),
            account: Account {
                host: "http://127.0.0.1:8787".into(),
                organization: "org_demo".into(),
                key_fingerprint: "0123456789abcdef".into(),
            },
            batch: "b_0000000001".into(),
            redo_of: None,
            collection_id: "mcoll_a".into(),
            collection_name: "Focus".into(),
            track_id: "mtrack_a".into(),
            title: Some("Deep".into()),
            index: 3,
            to: None,
            next: None,
            outcome: Outcome::Pending,
        });
        let line = serde_json::to_string(&op).unwrap();
        for field in [
            "\"type\":\"op\"",
            "\"kind\":\"remove\"",
            "\"time\"",
            "\"host\"",
            "\"organization\"",
            "\"key_fingerprint\"",
            "\"batch\"",
            "\"collection_id\"",
            "\"collection_name\"",
            "\"track_id\"",
            "\"title\"",
            "\"index\":3",
            "\"outcome\":\"pending\"",
        ] {
            assert!(line.contains(field), "{field} missing from {line}");
        }
        assert_eq!(serde_json::from_str::<Record>(&line).unwrap(), op);
        assert!(new_batch_id().starts_with("b_") && new_batch_id().len() == 12);
    }
}
