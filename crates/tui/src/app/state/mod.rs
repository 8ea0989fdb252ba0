//! The app's state: plain data, no I/O. `update` changes it; `ui` draws it. One file per part, each below
//! `app.rs`, which holds them all in `App`; the features (`app/*.rs`) act on it.

mod app;
mod basics;
mod details;
mod edits;
mod filter;
mod moves;
mod picker;
mod place;
mod popup;
mod search;
mod sort;
mod transfer;
mod writes;

pub use app::*;
pub use basics::*;
pub use details::*;
pub use edits::*;
pub use filter::*;
pub use moves::*;
pub use picker::*;
pub use place::*;
pub use popup::*;
pub use search::*;
pub use sort::*;
pub use transfer::*;
pub use writes::*;
