//! freddy-music: a keyboard-driven terminal app for music collections on the Aitronos Music Studio API,
//! and a reference implementation of that API (`freddy-music serve`).

pub mod api;
pub mod cli;
pub mod paths;
pub mod serve;
pub mod server;
