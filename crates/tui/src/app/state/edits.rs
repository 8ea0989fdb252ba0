//! The create / rename form and the delete confirm of a collection, and what a change did.

use freddy_api::CollectionId;
use freddy_api::model::Collection;

/// What a form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    Create,
    Rename(CollectionId),
}

/// The create / rename form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub purpose: FormPurpose,
    pub name: String,
    pub description: String,
    /// 0: the name has the keyboard; 1: the description.
    pub field: usize,
    /// What the server (or the form) said was wrong.
    pub error: Option<String>,
    /// Sent, waiting for the answer.
    pub sending: bool,
}

/// The delete confirm: the name must be typed (or nothing, for an empty collection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteConfirm {
    pub id: CollectionId,
    pub name: String,
    pub count: Option<u64>,
    pub typed: String,
    pub sending: bool,
    /// Why the last Enter did nothing (shown in the popup itself: on a small screen it covers the status
    /// line); gone once the field is edited.
    pub error: Option<String>,
}

/// What changed, as the runtime reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    pub collection: Collection,
    /// The journal entry; `None` with `journal_error` when it could not be written.
    pub batch: Option<String>,
    pub journal_error: Option<String>,
    /// For a delete: how many tracks it had.
    pub count: u64,
}
