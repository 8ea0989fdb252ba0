//! The undo and redo stacks of this account, rebuilt from the journal at start, so `u` right after a
//! restart still undoes the last removal.

use crate::api::{CollectionId, TrackId};
use crate::app::Msg;
use crate::app::state::{Step, StepKind, Target};
use crate::journal::{Account, Batch, Journal, OpKind, stacks};

/// Reads the journal and answers with the stacks (a journal that cannot be read gives empty ones and a
/// warning).
pub fn load(journal: &Journal, account: &Account) -> Msg {
    match journal.read() {
        Ok(contents) => {
            let (undo, redo) = stacks(&contents.records, account);
            Msg::History {
                undo: undo.iter().filter_map(step).collect(),
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
