#![allow(unreachable_pub)] // shared helpers (tests/common) are `pub` inside this test crate
//! The end-to-end tests, one module per area, in one test binary (each binary links the whole app:
//! 27 of them took most of an incremental `cargo test`). They talk to the reference server over loopback
//! with a temp SQLite file, and drive the real binary in a pseudo-terminal. `hostile_memory` stays a binary
//! of its own: it reads the peak memory of its children, which other tests' children would blur.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod cli_words;
mod client_http;
mod collections_cli;
mod config;
mod counts_pty;
mod edit_pty;
mod fault_matrix;
mod find_cli;
mod history_cli;
mod hostile;
mod large_collection;
mod monkey;
mod moves_server;
mod pipes;
mod rate_budget;
mod readme_keys;
mod restore;
mod screenshot;
mod script_cli;
mod serve_process;
mod server_api;
mod server_hardening;
mod server_model;
mod server_validation;
mod server_writes;
mod shell_docs;
mod tui_pty;
mod undo_pty;
mod wire_decoding;
