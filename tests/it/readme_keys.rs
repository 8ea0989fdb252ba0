//! The README's table of configurable keys is the default keymap's own (`Keymap::markdown`): change a
//! binding or its help and this fails, printing the table to paste.
#![allow(clippy::unwrap_used, clippy::panic)]

use freddy_music::app::keymap::Keymap;

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = Keymap::default().markdown();
    assert!(readme.contains(&table), "README.md's key table is out of date; it should read:\n\n{table}");
}
