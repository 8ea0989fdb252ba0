//! freddy-music: a keyboard-driven terminal app for music collections on the Aitronos Music Studio API,
//! and a reference implementation of that API (`freddy-music serve`).
//!
//! This package is the top of the workspace (see ARCHITECTURE.md): the command line (`cli`), the script
//! commands (`script`), starting the TUI (`launch`) and the server (`serve`), exit statuses (`failure`).
//! The layers below are crates of their own, named here under the names the code and the tests use.

// A dependency no code uses is an error in the library's own build (a test build sees the
// dev-dependencies too, where the lint misfires, so it is off there).
#![cfg_attr(not(test), deny(unused_crate_dependencies))]

pub use freddy_api as api;
pub use freddy_api::text;
pub use freddy_ops::{collections, config, journal, paths};
pub use freddy_server as server;
pub use freddy_tui::{app, runtime, ui};

pub mod cli;
pub mod config_command;
pub mod failure;
pub mod launch;
pub mod logging;
pub mod script;
pub mod serve;

#[cfg(test)]
mod house;
