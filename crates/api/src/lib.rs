//! The Music API as Rust: validated ids, wire types, one error type and one `Client`.
//! Knows nothing of terminals; the CLI, the TUI and the tests all use it.

pub mod client;
pub mod error;
pub mod key;
pub mod pages;
pub mod restore;
pub mod text;
pub mod throttle;

pub use freddy_wire::{ids, model};

pub use client::{Client, ClientConfig, RetryPolicy};
pub use error::{ApiDetail, ApiError};
pub use ids::{CollectionId, IdError, OrganizationId, TrackId};
pub use key::ApiKey;
pub use pages::PageRequest;
pub use throttle::RateBudget;
