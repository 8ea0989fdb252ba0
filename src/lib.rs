//! freddy-music: a keyboard-driven terminal app for music collections on the Aitronos Music Studio API,
//! and a reference implementation of that API (`freddy-music serve`).
//!
//! Layers: `app` (state and `update`, no I/O), `ui` (pure drawing), `runtime` (terminal and event loop),
//! `api` (the Music API client), `server` (the reference server), `config` (settings).

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod failure;
pub mod journal;
pub mod launch;
pub mod logging;
pub mod paths;
pub mod runtime;
pub mod script;
pub mod serve;
pub mod server;
pub mod text;
pub mod ui;
