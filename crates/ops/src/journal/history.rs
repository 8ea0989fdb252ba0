//! Reading the journal back: its lines folded into batches (for `history` and `restore`), and the undo
//! and redo stacks of one account (for the TUI after a restart).

use std::collections::HashMap;

use super::record::{Account, Change, OpKind, Outcome, Record};

/// One track of a batch, with its latest outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchTrack {
    pub track_id: String,
    pub title: Option<String>,
    pub index: u64,
    /// For a move from the TUI: where it was moved to.
    pub to: Option<u64>,
    /// The track right after it when the batch began, when journaled (`tracks remove`).
    pub next: Option<String>,
    pub outcome: Outcome,
}

/// A write batch as the journal tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: String,
    pub kind: OpKind,
    pub time: String,
    pub account: Account,
    pub collection_id: String,
    pub collection_name: String,
    pub redo_of: Option<String>,
    pub tracks: Vec<BatchTrack>,
    /// Whether an undo line followed it.
    pub undone: bool,
}

impl Batch {
    /// The tracks an undo or restore should put back: those the server may have removed.
    pub fn restorable(&self) -> impl Iterator<Item = &BatchTrack> {
        self.tracks.iter().filter(|t| t.outcome.may_have_happened())
    }
}

/// Folds the records into batches, oldest first. Outcome and undo lines for a batch the journal no
/// longer holds (trimmed away) are ignored.
pub fn batches(records: &[Record]) -> Vec<Batch> {
    let mut out: Vec<Batch> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for r in records {
        match r {
            Record::Op(op) => {
                let i = *at.entry(op.batch.clone()).or_insert_with(|| {
                    out.push(Batch {
                        id: op.batch.clone(),
                        kind: op.kind,
                        time: op.time.clone(),
                        account: op.account.clone(),
                        collection_id: op.collection_id.clone(),
                        collection_name: op.collection_name.clone(),
                        redo_of: op.redo_of.clone(),
                        tracks: Vec::new(),
                        undone: false,
                    });
                    out.len() - 1
                });
                out[i].tracks.push(BatchTrack {
                    track_id: op.track_id.clone(),
                    title: op.title.clone(),
                    index: op.index,
                    to: op.to,
                    next: op.next.clone(),
                    outcome: op.outcome,
                });
            }
            Record::Outcome { batch, track_id, outcome, .. } => {
                if let Some(t) = at
                    .get(batch)
                    .and_then(|&i| out[i].tracks.iter_mut().find(|t| &t.track_id == track_id && t.outcome != *outcome))
                {
                    t.outcome = *outcome;
                }
            }
            Record::Undo { batch, .. } => {
                if let Some(&i) = at.get(batch) {
                    out[i].undone = true;
                }
            }
            Record::Collection(_) | Record::Trimmed { .. } => {}
        }
    }
    // A removal journals its tracks as it finds them (the order is read from the end): listed by position.
    for b in out.iter_mut().filter(|b| b.kind == OpKind::Remove) {
        b.tracks.sort_by_key(|t| t.index);
    }
    out
}

/// A change to a collection itself, with its latest outcome and whether it was undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEntry {
    pub change: Change,
    pub undone: bool,
}

/// Folds the records into collection changes, oldest first.
pub fn changes(records: &[Record]) -> Vec<ChangeEntry> {
    let mut out: Vec<ChangeEntry> = Vec::new();
    for r in records {
        match r {
            Record::Collection(c) => out.push(ChangeEntry { change: c.clone(), undone: false }),
            Record::Outcome { batch, outcome, .. } => {
                if let Some(e) = out.iter_mut().rev().find(|e| &e.change.batch == batch) {
                    e.change.outcome = *outcome;
                }
            }
            Record::Undo { batch, .. } => {
                if let Some(e) = out.iter_mut().rev().find(|e| &e.change.batch == batch) {
                    e.undone = true;
                }
            }
            Record::Op(_) | Record::Trimmed { .. } => {}
        }
    }
    out
}

/// The undo and redo stacks of one account after replaying its lines in order (newest last): a new
/// batch pushes onto undo (and, unless it is a redo, clears redo); an undo line moves its batch to redo;
/// a redo batch takes the batch it redoes off the redo stack.
pub fn stacks(records: &[Record], account: &Account) -> (Vec<Batch>, Vec<Batch>) {
    let all = batches(records);
    let by_id: HashMap<&str, &Batch> = all.iter().map(|b| (b.id.as_str(), b)).collect();
    let mut undo: Vec<&str> = Vec::new();
    let mut redo: Vec<&str> = Vec::new();
    for r in records {
        match r {
            // Every kind of batch is a TUI step: removals, moves and adds (the CLI's too).
            Record::Op(op) if &op.account == account && !undo.contains(&op.batch.as_str()) => {
                match &op.redo_of {
                    Some(of) => redo.retain(|b| b != of),
                    None => redo.clear(),
                }
                undo.push(&op.batch);
            }
            Record::Undo { batch, .. } => {
                if let Some(i) = undo.iter().position(|b| b == batch) {
                    undo.remove(i);
                    redo.push(batch);
                }
            }
            _ => {}
        }
    }
    let pick = |ids: Vec<&str>| -> Vec<Batch> {
        ids.into_iter().filter_map(|id| by_id.get(id).map(|b| (*b).clone())).collect()
    };
    let undo = pick(undo).into_iter().filter(|b| b.restorable().next().is_some()).collect();
    (undo, pick(redo))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::record::Op;

    fn account(key: &str) -> Account {
        Account { host: "http://127.0.0.1:1".into(), organization: "org_demo".into(), key_fingerprint: key.into() }
    }

    fn op(batch: &str, track: &str, index: u64, key: &str, redo_of: Option<&str>) -> Record {
        Record::Op(Op {
            kind: OpKind::Remove,
            time: "2026-11-30T00:00:00Z".into(),
            account: account(key),
            batch: batch.into(),
            redo_of: redo_of.map(str::to_string),
            collection_id: "mcoll_a".into(),
            collection_name: "A".into(),
            track_id: track.into(),
            title: None,
            index,
            to: None,
            next: None,
            outcome: Outcome::Pending,
        })
    }

    fn outcome(batch: &str, track: &str, o: Outcome) -> Record {
        Record::Outcome { batch: batch.into(), track_id: track.into(), outcome: o, time: String::new() }
    }

    #[test]
    fn outcomes_fold_into_their_batch() {
        let rs = vec![
            op("b_1", "mtrack_a", 0, "k", None),
            op("b_1", "mtrack_b", 4, "k", None),
            outcome("b_1", "mtrack_a", Outcome::Done),
            outcome("b_1", "mtrack_b", Outcome::Failed),
            outcome("b_gone", "mtrack_x", Outcome::Done),
        ];
        let bs = batches(&rs);
        assert_eq!(bs.len(), 1);
        assert_eq!(bs[0].tracks[0].outcome, Outcome::Done);
        assert_eq!(bs[0].tracks[1].outcome, Outcome::Failed);
        assert_eq!(bs[0].restorable().map(|t| t.track_id.as_str()).collect::<Vec<_>>(), ["mtrack_a"]);
    }

    #[test]
    fn stacks_replay_undo_and_redo_for_one_account_only() {
        let rs = vec![
            op("b_1", "mtrack_a", 0, "k", None),
            op("b_2", "mtrack_b", 1, "k", None),
            op("b_other", "mtrack_c", 1, "someone else", None),
            Record::Undo { batch: "b_2".into(), time: String::new() },
            Record::Undo { batch: "b_1".into(), time: String::new() },
            // Redo of b_1 (the last undone) comes back as a new batch.
            op("b_3", "mtrack_a", 0, "k", Some("b_1")),
        ];
        let (undo, redo) = stacks(&rs, &account("k"));
        assert_eq!(undo.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(), ["b_3"]);
        assert_eq!(redo.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(), ["b_2"]);
        // A new batch that is not a redo clears the redo stack.
        let mut rs2 = rs.clone();
        rs2.push(op("b_4", "mtrack_d", 0, "k", None));
        let (undo, redo) = stacks(&rs2, &account("k"));
        assert_eq!(undo.len(), 2);
        assert!(redo.is_empty());
        // Adds (from the CLI too) are undo steps as well.
        let mut rs3 = rs2.clone();
        if let Record::Op(mut added) = op("b_5", "mtrack_e", 9, "k", None) {
            added.kind = OpKind::Add;
            rs3.push(Record::Op(added));
        }
        let (undo3, _) = stacks(&rs3, &account("k"));
        assert_eq!(undo3.len(), 3);
    }
}
