//! The Music API's wire model: validated ids and the JSON shapes of requests and answers (serde only).
//! Under both the client (`freddy-api`) and the reference server (`freddy-server`), so the two can never
//! disagree on a field.

// A dependency no code uses is an error in the library's own build (a test build sees the
// dev-dependencies too, where the lint misfires, so it is off there).
#![cfg_attr(not(test), deny(unused_crate_dependencies))]

pub mod ids;
pub mod model;

pub use ids::{CollectionId, IdError, LibraryEntryId, OrganizationId, TrackId};

/// `text` cut to `max` characters, ending with `…` when cut (for what is kept, not what is drawn).
pub fn cap_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}\u{2026}", &text[..at]),
        None => text.to_string(),
    }
}
