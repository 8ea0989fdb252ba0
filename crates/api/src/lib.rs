//! The Music API as Rust: validated ids, wire types, one error type and one `Client`.
//! Knows nothing of terminals; the CLI, the TUI and the tests all use it.

// A dependency no code uses is an error in the library's own build (a test build sees the
// dev-dependencies too, where the lint misfires, so it is off there).
#![cfg_attr(not(test), deny(unused_crate_dependencies))]

pub mod client;
pub mod error;
pub mod key;
pub mod pages;
pub mod restore;
pub mod text;
pub mod throttle;

pub use freddy_wire::{ids, model};

pub use client::PageRequest;
pub use client::{Client, ClientConfig, RetryPolicy};
pub use error::{ApiDetail, ApiError};
pub use ids::{CollectionId, IdError, OrganizationId, TrackId};
pub use key::ApiKey;
pub use throttle::RateBudget;
