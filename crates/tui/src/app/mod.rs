//! The brain: plain data (`state`), one `update` function, the messages and commands, the keymap.
//! It never touches the terminal, the network or the clock; tests drive it with no terminal.

pub(crate) mod collection_edits;
mod counts;
mod details;
mod elsewhere;
pub(crate) mod filter;
mod history;
pub mod keymap;
mod marks;
pub(crate) mod moves;
pub(crate) mod msg;
mod open;
pub(crate) mod picker;
mod place;
mod search;
pub mod setup;
pub(crate) mod sort;
pub mod state;
mod titles;
pub(crate) mod transfer;
pub(crate) mod update;
pub(crate) mod writes;

#[cfg(test)]
mod collection_edits_tests;
#[cfg(test)]
mod counts_tests;
#[cfg(test)]
mod elsewhere_tests;
#[cfg(test)]
mod filter_tests;
#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod keys_tests;
#[cfg(test)]
mod moves_tests;
#[cfg(test)]
mod picker_tests;
#[cfg(test)]
mod place_tests;
#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod sort_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod transfer_tests;
#[cfg(test)]
mod writes_tests;

pub use msg::{Cmd, Msg};
pub use place::place_of;
pub use state::Popup;
pub use state::Viewport;
pub use state::{App, Header, Pane, Said, Tone};
pub use update::{start, update};
