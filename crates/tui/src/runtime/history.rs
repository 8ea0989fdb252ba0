//! The undo and redo stacks of this account, rebuilt from the journal at start, so `u` right after a
//! restart takes back this account's newest change: a removal, add or move, or a collection created,
//! renamed or deleted.

use crate::app::Msg;
use crate::app::state::{Step, StepKind, Target};
use freddy_api::{CollectionId, TrackId};
use freddy_ops::journal::{Account, Batch, ChangeEntry, Journal, OpKind, Record, changes, stacks};

/// Reads the journal and answers with the stacks (a journal that cannot be read gives empty ones and a
/// warning).
pub(super) fn load(journal: &Journal, account: &Account) -> Msg {
    match journal.read() {
        Ok(contents) => {
            let (undo, redo) = stacks(&contents.records, account);
            Msg::History {
                undo: undo_steps(&contents.records, &undo, account),
                redo: redo.iter().filter_map(step).collect(),
                warnings: contents.warnings,
            }
        }
        Err(e) => Msg::History {
            undo: Vec::new(),
            redo: Vec::new(),
            warnings: vec![format!("cannot read the journal {}: {e}", journal.path().display())],
        },
    }
}

/// The undo steps in the order they happened: the track batches of `undo` and this account's collection
/// changes that happened and were not taken back, by where each first appears in the journal.
fn undo_steps(records: &[Record], undo: &[Batch], account: &Account) -> Vec<Step> {
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, r) in records.iter().enumerate() {
        first.entry(r.batch()).or_insert(i);
    }
    let at = |id: &str| first.get(id).copied().unwrap_or(usize::MAX);
    let mut steps: Vec<(usize, Step)> = undo.iter().filter_map(|b| Some((at(&b.id), step(b)?))).collect();
    let changed = changes(records);
    steps.extend(
        changed
            .iter()
            .filter(|e| &e.change.account == account && !e.undone && e.change.outcome.may_have_happened())
            .filter_map(|e| Some((at(&e.change.batch), change_step(e)?))),
    );
    steps.sort_by_key(|(i, _)| *i);
    steps.into_iter().map(|(_, s)| s).collect()
}

/// An undo step from a collection change (its undo reads the change back from the journal).
fn change_step(e: &ChangeEntry) -> Option<Step> {
    let c = &e.change;
    Some(Step {
        kind: StepKind::Collection(c.kind),
        batch: c.batch.clone(),
        collection: CollectionId::parse(c.collection_id.clone()).ok()?,
        name: c.now.name.clone(),
        tracks: Vec::new(),
    })
}

/// An undo step from a journaled batch: the tracks the server may have removed.
fn step(b: &Batch) -> Option<Step> {
    let tracks: Vec<Target> = b
        .restorable()
        .filter_map(|t| {
            Some(Target {
                track: TrackId::parse(t.track_id.clone()).ok()?,
                title: t.title.clone(),
                index: usize::try_from(t.index).ok()?,
                to: t.to.and_then(|to| usize::try_from(to).ok()),
                next: t.next.as_ref().and_then(|n| TrackId::parse(n.clone()).ok()),
            })
        })
        .collect();
    if tracks.is_empty() {
        return None;
    }
    let kind = match b.kind {
        OpKind::Remove => StepKind::Remove,
        OpKind::Move => StepKind::Move,
        OpKind::Add => StepKind::Add,
    };
    Some(Step {
        kind,
        batch: b.id.clone(),
        collection: CollectionId::parse(b.collection_id.clone()).ok()?,
        name: b.collection_name.clone(),
        tracks,
    })
}
