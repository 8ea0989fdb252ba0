//! The durable history of writes: every removal the app or the CLI makes, and every collection the CLI
//! creates, renames or deletes, is appended here before its first request, so it can be listed (`history`), put back (`restore`) and undone after a restart.

pub mod file;
pub mod history;
pub mod record;

pub use file::{Contents, Damage, DamagedLine, Journal, MAX_BYTES};
pub use history::{Batch, BatchTrack, ChangeEntry, batches, changes, stacks};
pub use record::{Account, Change, ChangeKind, Named, Op, OpKind, Outcome, Record, RemoveBatch, new_batch_id};
