//! Snapshots of whole screens rendered into ratatui's `TestBackend` (80×24 unless named otherwise).

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::fixtures::*;
use crate::app::{App, Msg, update};
use freddy_api::ApiError;

fn render(app: &App, width: u16, height: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    // The default theme whatever the environment says (`draw` would follow NO_COLOR).
    terminal.draw(|f| super::draw(app, &super::theme::Theme::default(), f)).unwrap();
    terminal.backend().clone()
}

/// The screen as text, then its styles: a letter per cell (`.` for the terminal's default style) and what
/// each letter stands for, so a snapshot sees the selection, marks, focus and popups, not only their text.
fn screen(app: &App, width: u16, height: u16) -> String {
    let backend = &render(app, width, height);
    let buffer = backend.buffer();
    let mut legend: Vec<ratatui::style::Style> = Vec::new();
    let mut out = format!("{backend}\nstyles:\n");
    for y in 0..buffer.area.height {
        out.push('"');
        for x in 0..buffer.area.width {
            let style = buffer[(x, y)].style();
            let plain = ratatui::style::Style::default()
                .fg(ratatui::style::Color::Reset)
                .bg(ratatui::style::Color::Reset)
                .underline_color(ratatui::style::Color::Reset);
            if style == plain || style == ratatui::style::Style::default() {
                out.push('.');
                continue;
            }
            let at = legend.iter().position(|s| *s == style).unwrap_or_else(|| {
                legend.push(style);
                legend.len() - 1
            });
            out.push(char::from(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[at]));
        }
        out.push_str("\"\n");
    }
    for (i, style) in legend.iter().enumerate() {
        let letter = char::from(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]);
        let mut parts = Vec::new();
        if let Some(fg) = style.fg.filter(|c| *c != ratatui::style::Color::Reset) {
            parts.push(format!("fg {fg}"));
        }
        if let Some(bg) = style.bg.filter(|c| *c != ratatui::style::Color::Reset) {
            parts.push(format!("bg {bg}"));
        }
        if !style.add_modifier.is_empty() {
            parts.push(format!("{:?}", style.add_modifier));
        }
        out.push_str(&format!("{letter}: {}\n", parts.join(", ")));
    }
    out
}

/// An app sized like a real 80×24 terminal, with collection 1 open.
fn at_80x24(len: usize) -> App {
    let mut app = opened(len);
    update(&mut app, Msg::Resize(super::viewport(80, 24)));
    app
}

#[test]
fn collections_with_tracks() {
    let mut app = at_80x24(30);
    update(&mut app, ch('j'));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn collections_with_tracks_wide() {
    let mut app = opened(30);
    update(&mut app, Msg::Resize(super::viewport(120, 30)));
    insta::assert_snapshot!(screen(&app, 120, 30));
}

#[test]
fn help_popup() {
    let mut app = at_80x24(5);
    update(&mut app, ch('?'));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn error_in_the_status_line() {
    let mut app = at_80x24(5);
    update(&mut app, ch('d'));
    let err = ApiError::Network("Connection refused (os error 111)".into());
    update(
        &mut app,
        Msg::Removed { batch: "b_test000001".into(), collection: cid(1), track: tid(0), result: Err(err) },
    );
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn empty_collection() {
    let app = at_80x24(0);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn marked_rows_and_a_range_in_progress() {
    let mut app = at_80x24(8);
    update(&mut app, ch(' '));
    update(&mut app, ch('j'));
    update(&mut app, ch(' '));
    update(&mut app, ch('V'));
    update(&mut app, ch('j'));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn marked_rows_are_marked_in_text_and_style_not_colour_alone() {
    let mut app = at_80x24(8);
    update(&mut app, ch('j'));
    update(&mut app, ch(' '));
    update(&mut app, ch('k'));
    let buf = render(&app, 80, 24);
    let buf = buf.buffer();
    // Row 2 of the table (y = 4: header, border, table header, first row) holds track 1, marked.
    let line: String = (0..80).map(|x| buf[(x, 4)].symbol().to_string()).collect();
    assert!(line.contains('●') && line.contains("Song 1"), "{line}");
    let x = u16::try_from(line.chars().position(|c| c == '●').unwrap()).unwrap();
    assert!(buf[(x + 3, 4)].modifier.contains(ratatui::style::Modifier::BOLD));
    let first: String = (0..80).map(|x| buf[(x, 3)].symbol().to_string()).collect();
    assert!(!first.contains('●'), "{first}");
    assert!(title_row(buf).contains("1 marked"), "{}", title_row(buf));
}

fn title_row(buf: &ratatui::buffer::Buffer) -> String {
    (0..80).map(|x| buf[(x, 1)].symbol().to_string()).collect()
}

#[test]
fn confirm_popup_for_a_bulk_removal() {
    let mut app = at_80x24(8);
    for _ in 0..3 {
        update(&mut app, ch(' '));
        update(&mut app, ch('j'));
    }
    update(&mut app, key(KeyCode::Delete));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn loading_collections() {
    let mut app = App::new(header(), "test00");
    crate::app::start(&mut app);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn rows_not_loaded_yet_are_placeholders() {
    let mut app = with_collections(1);
    update(&mut app, Msg::Resize(super::viewport(80, 24)));
    update(&mut app, key(KeyCode::Enter));
    let c = freddy_api::model::Collection { track_count: Some(100_000), ..collection(1) };
    update(&mut app, Msg::CollectionLoaded { id: cid(1), epoch: 1, result: Ok(c) });
    update(&mut app, ch('G'));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

/// The style of the cell at (x, y).
fn style_at(buf: &ratatui::buffer::Buffer, x: u16, y: u16) -> ratatui::style::Style {
    buf[(x, y)].style()
}

#[test]
fn the_selected_row_and_the_focused_pane_are_styled_apart() {
    use ratatui::style::{Color, Modifier};
    let theme = super::theme::Theme::default();
    let mut app = at_80x24(8);
    update(&mut app, ch('j'));
    let buf = render(&app, 80, 24);
    let buf = buf.buffer();
    // Tracks pane focused: its border is the focused colour, the collections' is not.
    assert_eq!(style_at(buf, 24, 1).fg, theme.border_focused.fg);
    assert_eq!(style_at(buf, 0, 1).fg, theme.border.fg);
    // The selected track row (row 2, y = 4) has the selection background; its neighbours do not.
    assert_eq!(style_at(buf, 30, 4).bg, Some(Color::Cyan));
    assert_ne!(style_at(buf, 30, 3).bg, Some(Color::Cyan));
    // The collections pane, unfocused, shows its selection in reverse video.
    assert!(style_at(buf, 3, 2).add_modifier.contains(Modifier::REVERSED));
    // Focus moves: now the collections border is the focused one and its row has the background.
    update(&mut app, ch('h'));
    let buf = render(&app, 80, 24);
    let buf = buf.buffer();
    assert_eq!(style_at(buf, 0, 1).fg, theme.border_focused.fg);
    assert_eq!(style_at(buf, 3, 2).bg, Some(Color::Cyan));
    assert!(style_at(buf, 30, 4).add_modifier.contains(Modifier::REVERSED));
}

#[test]
fn a_status_is_drawn_in_its_tone() {
    let theme = super::theme::Theme::default();
    for (tone, style) in [
        (crate::app::Tone::Info, theme.info),
        (crate::app::Tone::Warning, theme.warning),
        (crate::app::Tone::Error, theme.error),
    ] {
        let mut app = at_80x24(3);
        app.say(tone, "Something happened");
        let buf = render(&app, 80, 24);
        let cell = style_at(buf.buffer(), 2, 22);
        assert_eq!((cell.fg, cell.add_modifier), (style.fg, style.add_modifier), "{tone:?}");
    }
}

#[test]
fn a_status_longer_than_a_narrow_terminal_ends_with_an_ellipsis() {
    let mut app = at_80x24(3);
    app.say(crate::app::Tone::Info, "Restored 1 track to Archive (order restored; dates added are new)");
    let buf = render(&app, 60, 20);
    let line: String = (0..60).map(|x| buf.buffer()[(x, 18)].symbol().to_string()).collect();
    assert!(line.starts_with(" Restored 1 track to Archive"), "{line}");
    assert!(line.ends_with('…'), "{line}");
}

#[test]
fn a_wide_title_is_cut_by_display_width_with_an_ellipsis() {
    let mut app = at_80x24(3);
    let long = "東京の夜景と雨の音楽と遠い海のざわめきと静かな朝の光".to_string();
    app.tracks.known.insert(tid(1), crate::app::state::TrackMeta { title: Some(long), duration: Some(60.0) });
    let buf = render(&app, 80, 24);
    let row: String = (0..80).map(|x| buf.buffer()[(x, 4)].symbol().to_string()).collect();
    assert!(row.contains('…'), "{row}");
    assert!(row.contains("1:00") && row.contains("2026-06-28"), "the other columns stay on screen: {row}");
}

/// The tracks pane's title line (the top border of the right pane) at `width` columns.
fn pane_title_at(app: &mut App, width: u16) -> String {
    update(app, Msg::Resize(super::viewport(width, 24)));
    let buf = render(app, width, 24);
    let top: String = (0..width).map(|x| buf.buffer()[(x, 1)].symbol().to_string()).collect();
    // The tracks pane is the last box on the line (the only one below two-pane widths).
    top.rsplit('┌').next().unwrap_or_default().to_string()
}

#[test]
fn the_tracks_title_drops_the_least_important_parts_first() {
    let mut app = opened(30);
    for _ in 0..3 {
        update(&mut app, key(KeyCode::Char(' ')));
    }
    let parts = ["Collection 1", "4 / 30", "3 marked", "1:30:00"];
    // Wide: everything, in order of priority.
    let wide = pane_title_at(&mut app, 160);
    assert!(wide.starts_with(" Collection 1 · 4 / 30 · 3 marked · 1:30:00 "), "{wide}");
    // At every narrower width, what is shown is a leading run of those parts: the total goes first,
    // then the marks, then the place; the name stays.
    let mut seen = std::collections::BTreeSet::new();
    for width in (30..160).rev() {
        let title = pane_title_at(&mut app, width);
        let shown = parts.iter().take_while(|p| title.contains(*p)).count();
        assert!(shown >= 1, "{width}: {title}");
        assert!(parts[shown..].iter().all(|p| !title.contains(p)), "{width}: {title}");
        seen.insert(shown);
    }
    assert!(seen.len() >= 3, "the parts drop one by one as the pane narrows: {seen:?}");
}

#[test]
fn without_colour_the_selected_row_and_the_focused_pane_still_stand_out() {
    use ratatui::style::Modifier;
    let theme = super::theme::Theme::mono();
    let mut app = at_80x24(8);
    update(&mut app, ch('j'));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| super::draw(&app, &theme, f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    // No colour anywhere.
    assert!(buf.content().iter().all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
    // The selected track row is in reverse video, its neighbours are not.
    assert!(style_at(&buf, 30, 4).add_modifier.contains(Modifier::REVERSED));
    assert!(!style_at(&buf, 30, 3).add_modifier.contains(Modifier::REVERSED));
    assert!(!style_at(&buf, 30, 5).add_modifier.contains(Modifier::REVERSED));
    // The focused pane's border is bold, the other's is not.
    assert!(style_at(&buf, 24, 1).add_modifier.contains(Modifier::BOLD));
    assert!(!style_at(&buf, 0, 1).add_modifier.contains(Modifier::BOLD));
}

#[test]
fn typing_a_filter() {
    let mut app = at_80x24(40);
    for c in "/g 3".chars() {
        update(&mut app, ch(c));
    }
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn a_kept_filter_and_its_highlighted_characters() {
    let mut app = at_80x24(40);
    for c in "/g 3".chars() {
        update(&mut app, ch(c));
    }
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('j'));
    let buf = render(&app, 80, 24);
    insta::assert_snapshot!(buf);
    let buf = buf.buffer();
    // Row "4 Song 3", not selected (the cursor is on the second match): the matched "g" and "3" are in
    // the matched style, the unmatched "S" is not.
    let y =
        (0..24).find(|&y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>().contains("   4 Song 3 ")).unwrap();
    let row: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
    let x = |needle: &str| u16::try_from(row[..row.find(needle).unwrap()].chars().count()).unwrap();
    let theme = super::theme::Theme::default();
    let g = x("Song 3 ") + 3;
    assert_eq!(style_at(buf, g, y).fg, theme.matched.fg, "{row}");
    assert_eq!(style_at(buf, g + 2, y).fg, theme.matched.fg, "{row}");
    assert_ne!(style_at(buf, g - 3, y).fg, theme.matched.fg, "{row}");
}

#[test]
fn the_sort_menu() {
    let mut app = at_80x24(12);
    update(&mut app, ch('s'));
    update(&mut app, ch('d'));
    update(&mut app, ch('d'));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn the_library_picker() {
    let mut app = at_80x24(3);
    update(&mut app, ch('a'));
    let page: Vec<freddy_api::model::Track> = (0..30).map(track).collect();
    update(&mut app, Msg::PickerPage { offset: 0, result: Ok(page) });
    update(&mut app, Msg::MemberIds { collection: cid(1), result: Ok((0..3).map(tid).collect()) });
    for c in "ong1".chars() {
        update(&mut app, ch(c));
    }
    update(&mut app, key(KeyCode::Down));
    update(&mut app, key(KeyCode::Tab));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn a_long_error_in_the_form_never_pushes_its_keys_out() {
    let mut app = at_80x24(3);
    update(&mut app, ch('h'));
    update(&mut app, ch('n'));
    for c in "Mix".chars() {
        update(&mut app, ch(c));
    }
    update(&mut app, key(KeyCode::Enter));
    let e = ApiError::Server {
        status: 503,
        detail: freddy_api::ApiDetail {
            message: "The service is temporarily unavailable. Please retry in a little while, thank you.".into(),
            ..Default::default()
        },
    };
    update(&mut app, Msg::CollectionChanged { kind: freddy_ops::journal::ChangeKind::Create, result: Err(e) });
    let screen = format!("{:?}", render(&app, 60, 20));
    assert!(screen.contains("temporarily unavailable"), "{screen}");
    // In the popup (inside its border).
    assert!(screen.lines().any(|l| l.contains("Esc cancel") && l.contains('│')), "{screen}");
}

/// An app sized for `width`×`height`, with collection 1 (described) open, the third track selected and
/// the fifth marked.
fn sized(width: u16, height: u16) -> App {
    let mut app = opened(30);
    app.collections.items[0].collection.description = Some("Songs for a long evening".into());
    update(&mut app, Msg::Resize(super::viewport(width, height)));
    for c in "jjjj ".chars() {
        update(&mut app, ch(c));
    }
    update(&mut app, ch('k'));
    update(&mut app, ch('k'));
    app
}

#[test]
fn at_40_by_12_one_pane_with_the_title_kept() {
    insta::assert_snapshot!(screen(&sized(40, 12), 40, 12));
}

#[test]
fn at_60_by_20_one_pane_and_tab_shows_the_other() {
    let mut app = sized(60, 20);
    insta::assert_snapshot!("at_60_by_20_tracks", render(&app, 60, 20));
    update(&mut app, key(KeyCode::Tab));
    insta::assert_snapshot!("at_60_by_20_collections", render(&app, 60, 20));
}

#[test]
fn at_80_by_24_two_panes_and_the_description_below() {
    insta::assert_snapshot!(screen(&sized(80, 24), 80, 24));
}

#[test]
fn at_200_by_50_the_title_takes_the_room() {
    insta::assert_snapshot!(screen(&sized(200, 50), 200, 50));
}

#[test]
fn below_30_by_8_a_message_asks_for_a_larger_terminal() {
    let screen = format!("{:?}", render(&sized(28, 7), 28, 7));
    assert!(screen.contains("Enlarge the") && screen.contains("30×8"), "{screen}");
}

#[test]
fn a_failed_load_says_so_in_the_pane_not_no_collections() {
    let mut app = App::new(header(), "test00");
    crate::app::start(&mut app);
    update(&mut app, Msg::CollectionsLoaded { offset: 0, result: Err(unauthorized()) });
    let screen = format!("{:?}", render(&app, 80, 24));
    assert!(screen.contains("Could not load the") && screen.contains("Press r to retry"), "{screen}");
    assert!(!screen.contains("No collections yet"), "{screen}");
}

#[test]
fn the_setup_screen_is_usable_at_60_by_16_and_a_long_error_wraps_inside_it() {
    use crate::app::setup::{SetupForm, SetupMsg, update as setup_update};
    let mut form =
        SetupForm::new("/home/someone/.config/freddy-music/config.toml".into(), Some("ak_x"), Some("org_demo"), None);
    form.focus = crate::app::setup::Field::Save;
    setup_update(
        &mut form,
        SetupMsg::Key(crossterm::event::KeyEvent::new(KeyCode::Enter, crossterm::event::KeyModifiers::NONE)),
    );
    let long = "https://api.aitronos.com: dns error: failed to lookup address information: Name or service not known";
    setup_update(&mut form, SetupMsg::Verified(Err(ApiError::Network(long.into()))));
    let mut terminal = Terminal::new(TestBackend::new(60, 16)).unwrap();
    terminal.draw(|f| super::setup::draw(&form, &super::theme::Theme::default(), f)).unwrap();
    let screen = format!("{:?}", terminal.backend());
    for part in
        ["API key", "Organization id", "Base URL", "Verify and save", "Open the demo", "Not saved: cannot reach"]
    {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
    assert!(screen.contains("your network)"), "the end of the error is cut:\n{screen}");
}

#[test]
fn the_header_keeps_the_loading_mark_whole_on_a_narrow_screen() {
    let mut app = at_80x24(3);
    app.in_flight = 1;
    for width in [40, 50, 60] {
        let buf = render(&app, width, 12);
        let top: String = (0..width).map(|x| buf.buffer()[(x, 0)].symbol().to_string()).collect();
        assert!(top.ends_with("⟳ loading… "), "{width}: {top}");
        assert!(top.starts_with(" freddy-music "), "{width}: {top}");
    }
}

/// Where `text` is drawn on screen: (column, row) of its first character.
fn find(buf: &ratatui::buffer::Buffer, text: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect();
        if let Some(at) = row.find(text) {
            return (u16::try_from(row[..at].chars().count()).unwrap(), y);
        }
    }
    panic!("{text} not on screen");
}

#[test]
fn a_popups_key_hints_are_buttons() {
    use crate::app::keymap::Action;
    let mut app = at_80x24(8);
    for _ in 0..3 {
        update(&mut app, ch(' '));
        update(&mut app, ch('j'));
    }
    update(&mut app, key(KeyCode::Delete));
    let backend = render(&app, 80, 24);
    let (x, y) = find(backend.buffer(), "y remove");
    assert_eq!(super::popup_click(&app, 80, 24, x, y), Some(Action::Yes));
    assert_eq!(super::popup_click(&app, 80, 24, x + 3, y), Some(Action::Yes), "the word is part of the button");
    let (x, y) = find(backend.buffer(), "keep them");
    assert_eq!(super::popup_click(&app, 80, 24, x, y), Some(Action::No));
    assert_eq!(super::popup_click(&app, 80, 24, x, y + 1), None);
    // Pressed: the removal goes ahead.
    let cmds = update(&mut app, Msg::Button(Action::Yes));
    assert!(app.confirm().is_none());
    assert!(cmds.iter().any(|c| matches!(c, crate::app::Cmd::Remove { .. })), "{cmds:?}");
}

#[test]
fn the_setup_screens_buttons_take_clicks() {
    use crate::app::setup::{Field, SetupForm};
    let form = SetupForm::new("/tmp/c.toml".into(), None, None, None);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| super::setup::draw(&form, &super::theme::Theme::default(), f)).unwrap();
    let (x, y) = find(terminal.backend().buffer(), "[ Verify and save ]");
    assert_eq!(super::setup::button_at(&form, 80, 24, x + 4, y), Some(Field::Save));
    let (x, y) = find(terminal.backend().buffer(), "[ Open the demo instead ]");
    assert_eq!(super::setup::button_at(&form, 80, 24, x + 2, y), Some(Field::Demo));
    assert_eq!(super::setup::button_at(&form, 80, 24, x + 2, y + 1), None);
}

#[test]
fn help_at_40_columns_cuts_with_an_ellipsis() {
    let mut app = opened(5);
    update(&mut app, Msg::Resize(super::viewport(40, 12)));
    update(&mut app, ch('?'));
    let screen = format!("{:?}", render(&app, 40, 12));
    assert!(screen.contains('…'), "a description cut at 40 columns ends with …: {screen}");
}

#[test]
fn a_wider_hint_bar_shows_more_keys() {
    let last_line = |w: u16| {
        let mut app = opened(5);
        update(&mut app, Msg::Resize(super::viewport(w, 24)));
        let backend = render(&app, w, 24);
        let buf = backend.buffer();
        (0..w).map(|x| buf[(x, 23)].symbol().to_string()).collect::<String>()
    };
    let (narrow, wide) = (last_line(80), last_line(120));
    assert!(!narrow.contains("redo") && !narrow.contains("up "), "{narrow}");
    assert!(wide.contains("↑/k up") && wide.contains("? help"), "{wide}");
}

#[test]
fn the_filter_stays_in_the_pane_title_at_every_width() {
    for width in [40u16, 60, 80] {
        let mut app = opened(40);
        update(&mut app, Msg::Resize(super::viewport(width, 12)));
        for c in "/g 3".chars() {
            update(&mut app, ch(c));
        }
        update(&mut app, key(KeyCode::Enter));
        let backend = render(&app, width, 12);
        let buf = backend.buffer();
        let top: String = (0..width).map(|x| buf[(x, 1)].symbol().to_string()).collect();
        assert!(top.contains("/g 3"), "{width} columns: {top}");
    }
}

#[test]
fn the_chooser_with_a_filter() {
    let mut app = at_80x24(5);
    update(&mut app, ch('C'));
    for c in "on 3".chars() {
        update(&mut app, ch(c));
    }
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn the_setup_screen_at_40_by_12_shows_what_is_typed() {
    use crate::app::setup::SetupForm;
    let form = SetupForm::new("/c.toml".into(), Some("ak_typed"), Some("org_demo"), None);
    let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
    terminal.draw(|f| super::setup::draw(&form, &super::theme::Theme::default(), f)).unwrap();
    let screen = format!("{:?}", terminal.backend());
    assert!(screen.contains("••••"), "the masked key is not on screen:\n{screen}");
    assert!(screen.contains("org_demo"), "the organization is not on screen:\n{screen}");
}

#[test]
fn a_long_filter_state_keeps_the_filter_and_shortens_the_name() {
    let mut app = opened(40);
    app.open.as_mut().unwrap().name = "A rather long collection name".into();
    update(&mut app, Msg::Resize(super::viewport(40, 12)));
    for c in "/song 1".chars() {
        update(&mut app, ch(c));
    }
    update(&mut app, key(KeyCode::Enter));
    let backend = render(&app, 40, 12);
    let buf = backend.buffer();
    let top: String = (0..40).map(|x| buf[(x, 1)].symbol().to_string()).collect();
    assert!(top.contains("/song 1:"), "{top}");
}

/// The details at 40×12: every field there, wrapped rather than cut.
#[test]
fn track_details_at_40_by_12_wrap_and_keep_every_field() {
    let mut app = opened(10);
    update(&mut app, Msg::Resize(super::viewport(40, 12)));
    update(&mut app, ch('j'));
    update(&mut app, ch('i'));
    let long =
        freddy_api::model::Track { title: Some("Northern Lights over the Quiet Harbour at Dawn".into()), ..track(1) };
    update(&mut app, Msg::DetailsLoaded { id: tid(1), result: Ok(long) });
    let text = format!("{:?}", render(&app, 40, 12));
    for part in [
        "Northern Lights",
        "Dawn",
        "3:00",
        "studio",
        "creation",
        "licence",
        "created 2026-06-28",
        "#2 in",
        "added",
        "mtrack_1",
        "copy id",
    ] {
        assert!(text.contains(part), "{part} is missing at 40x12:\n{text}");
    }
    insta::assert_snapshot!(screen(&app, 40, 12));
}

#[test]
fn the_go_to_prompt() {
    let mut app = at_80x24(150);
    update(&mut app, ch(':'));
    update(&mut app, ch('4'));
    update(&mut app, ch('2'));
    insta::assert_snapshot!(screen(&app, 80, 24));
}
