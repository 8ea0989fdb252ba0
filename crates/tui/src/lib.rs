//! The terminal app. `app` is the pure core (state, `update`, the key table; no tokio, files, environment
//! or clock: time arrives as messages), `ui` draws it (pure functions of the state), and `runtime` is where
//! terminal, time and network meet (the one event loop, commands run as tasks, the journal's writer).
//! `app` imports neither `ui` nor `runtime`, and `ui` does not import `runtime` (a test checks both).

pub mod app;
pub mod runtime;
pub mod ui;
