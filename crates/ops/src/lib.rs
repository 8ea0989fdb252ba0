//! What the CLI and the TUI both do to the user's data, and where they keep it: the journal of writes
//! (`journal`), collection changes journaled so they can be taken back (`collections`), the config file
//! (`config`) and the platform directories (`paths`). Neither front end imports the other; both call here.

// A dependency no code uses is an error in the library's own build (a test build sees the
// dev-dependencies too, where the lint misfires, so it is off there).
#![cfg_attr(not(test), deny(unused_crate_dependencies))]

pub mod collections;
pub mod config;
pub mod journal;
pub mod matcher;
pub mod mirror;
pub mod paths;
