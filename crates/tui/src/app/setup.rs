//! The first-run setup screen: key (masked), organization and base URL, "verify and save", or open the
//! demo instead. Plain state and one `update`, like the rest of `app`; the runtime verifies and saves.

use crossterm::event::KeyEvent;

use super::keymap::{Action, Scope};
use ratatui_textarea::TextArea;

use super::state::{Status, Tone};
use freddy_api::ApiError;
use freddy_api::client::DEFAULT_BASE_URL;
use freddy_ops::config::file::FileError;
use freddy_ops::config::{Settings, Source, Sourced, validate};

/// Which part of the form has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Key,
    Organization,
    BaseUrl,
    Save,
    Demo,
}

const ORDER: [Field; 5] = [Field::Key, Field::Organization, Field::BaseUrl, Field::Save, Field::Demo];

/// The form.
pub struct SetupForm {
    pub key: TextArea<'static>,
    pub organization: TextArea<'static>,
    pub base_url: TextArea<'static>,
    pub focus: Field,
    pub status: Option<Status>,
    /// A verification or save is under way.
    pub busy: bool,
    /// Where the settings will be saved (shown on screen).
    pub path: String,
    /// What the fields held at the start (to tell whether anything was typed).
    initial: [String; 3],
    /// Esc was pressed once with something typed: a second Esc leaves.
    pub leaving: bool,
}

/// What happens to the form.
#[derive(Debug)]
pub enum SetupMsg {
    Key(KeyEvent),
    /// A click on a button: as its action key pressed on it.
    Clicked(Field),
    /// The server's answer for the settings sent (carried back, so what is saved is what was checked).
    Verified(Result<Settings, ApiError>),
    Saved(Result<Settings, FileError>),
}

/// What the runtime must do for it.
#[derive(Debug)]
pub enum SetupCmd {
    Verify(Settings),
    Save(Settings),
}

/// How the form ends.
#[derive(Debug)]
pub enum SetupEnd {
    Saved(Settings),
    Demo,
    Quit,
}

fn field(text: &str, mask: bool) -> TextArea<'static> {
    let mut t = TextArea::new(vec![text.to_string()]);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    if mask {
        t.set_mask_char('•');
    }
    t
}

impl SetupForm {
    /// A form prefilled with what is already known.
    pub fn new(path: String, key: Option<&str>, organization: Option<&str>, base_url: Option<&str>) -> Self {
        let base_url = base_url.unwrap_or(DEFAULT_BASE_URL);
        Self {
            key: field(key.unwrap_or(""), true),
            organization: field(organization.unwrap_or(""), false),
            base_url: field(base_url, false),
            focus: if key.is_some() { Field::Organization } else { Field::Key },
            status: None,
            busy: false,
            path,
            initial: [
                key.unwrap_or("").trim().to_string(),
                organization.unwrap_or("").trim().to_string(),
                base_url.trim().to_string(),
            ],
            leaving: false,
        }
    }

    /// Whether anything was typed since the form opened.
    fn typed(&self) -> bool {
        [Self::text(&self.key), Self::text(&self.organization), Self::text(&self.base_url)] != self.initial
    }

    fn text(area: &TextArea<'_>) -> String {
        area.lines().concat().trim().to_string()
    }

    /// The settings typed, or the field that is wrong and what is wrong with it, in the words of the form.
    fn settings(&self) -> Result<Settings, (Field, String)> {
        let (key, org) = (Self::text(&self.key), Self::text(&self.organization));
        if key.is_empty() {
            return Err((Field::Key, "The API key is empty: paste the key from your Aitronos account".into()));
        }
        if org.is_empty() {
            return Err((Field::Organization, "The organization id is empty (it starts with org_)".into()));
        }
        let base = Sourced { value: Self::text(&self.base_url), source: Source::Flag };
        validate(&key, Source::Flag, &org, Source::Flag, &base, false).map_err(|e| match e {
            freddy_ops::config::ConfigError::Invalid { field, reason, .. } => match field {
                "api_key" => (Field::Key, format!("The API key is not valid: {reason}")),
                "organization_id" => (Field::Organization, format!("The organization id is not valid: {reason}")),
                _ => (Field::BaseUrl, format!("The base URL is not valid: {reason}")),
            },
            other => (Field::Key, other.to_string()),
        })
    }

    /// The field that has the keyboard, if a text field has it.
    fn field_mut(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            Field::Key => Some(&mut self.key),
            Field::Organization => Some(&mut self.organization),
            Field::BaseUrl => Some(&mut self.base_url),
            Field::Save | Field::Demo => None,
        }
    }

    fn step(&mut self, by: isize) {
        let i = ORDER.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let n = ORDER.len() as isize;
        self.focus = ORDER[((i + by).rem_euclid(n)) as usize];
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        let text: String = text.into();
        self.status = Some(Status { parts: vec![(text.clone(), false)], text, tone });
    }
}

/// Applies one message: commands for the runtime, and the end of the form when it ends.
pub fn update(form: &mut SetupForm, msg: SetupMsg) -> (Vec<SetupCmd>, Option<SetupEnd>) {
    match msg {
        SetupMsg::Key(key) => {
            let action = super::keymap::Keymap::default().popup_action_for(Scope::Setup, &key);
            on_action(form, action, Some(key))
        }
        SetupMsg::Clicked(button) => {
            form.focus = button;
            on_action(form, Some(Action::Yes), None)
        }
        SetupMsg::Verified(Ok(s)) => {
            form.say(Tone::Progress, "Accepted by the server; saving…");
            (vec![SetupCmd::Save(s)], None)
        }
        SetupMsg::Verified(Err(e)) => {
            // A refusal points at the field it is about: the key, the organization, or (for a server that
            // cannot be reached) the base URL.
            match &e {
                ApiError::Unauthorized(_) => form.focus = Field::Key,
                ApiError::Forbidden(_) => form.focus = Field::Organization,
                ApiError::Network(_) | ApiError::Timeout(_) => form.focus = Field::BaseUrl,
                _ => {}
            }
            done_with_error(form, format!("Not saved: {e}"))
        }
        SetupMsg::Saved(Ok(s)) => (Vec::new(), Some(SetupEnd::Saved(s))),
        SetupMsg::Saved(Err(e)) => done_with_error(form, format!("Could not save: {e}")),
    }
}

fn done_with_error(form: &mut SetupForm, text: String) -> (Vec<SetupCmd>, Option<SetupEnd>) {
    form.busy = false;
    form.say(Tone::Error, text);
    (Vec::new(), None)
}

/// Its keys come from the keymap (`Scope::Setup`), which also writes its hint line; a key that is no
/// action is typed into the field in focus.
fn on_action(form: &mut SetupForm, action: Option<Action>, key: Option<KeyEvent>) -> (Vec<SetupCmd>, Option<SetupEnd>) {
    let on_buttons = matches!(form.focus, Field::Save | Field::Demo);
    // Leaving loses what was typed: with something typed, the first Esc asks, a second one leaves, and
    // any other key goes back to the form.
    let leaving = std::mem::take(&mut form.leaving);
    match action {
        Some(Action::Quit) if form.typed() && !leaving => {
            form.leaving = true;
            let quit = super::keymap::Keymap::default().key_for(Scope::Setup, Action::Quit);
            form.say(
                Tone::Warning,
                format!("Leave without saving? What you typed is lost: {quit} again leaves, any other key stays"),
            );
        }
        Some(Action::Quit) => return (Vec::new(), Some(SetupEnd::Quit)),
        _ if leaving => form.status = None,
        Some(Action::NextField) => form.step(1),
        Some(Action::PreviousField) => form.step(-1),
        // Left and Right move between the buttons (and the cursor within a field).
        Some(Action::OtherButton) if on_buttons => {
            form.focus = if form.focus == Field::Save { Field::Demo } else { Field::Save };
        }
        // The fields are locked while the server checks what was typed.
        _ if form.busy => {}
        Some(Action::ClearField) => {
            let masked = form.focus == Field::Key;
            if let Some(area) = form.field_mut() {
                *area = field("", masked);
            }
        }
        Some(Action::Yes) => match form.focus {
            Field::Key | Field::Organization => form.step(1),
            Field::Demo => return (Vec::new(), Some(SetupEnd::Demo)),
            // Enter on the last field submits, as on the Save button.
            Field::Save | Field::BaseUrl => match form.settings() {
                Ok(s) => {
                    form.busy = true;
                    form.say(Tone::Progress, "Verifying with the server…");
                    return (vec![SetupCmd::Verify(s)], None);
                }
                Err((field, e)) => {
                    form.focus = field;
                    form.say(Tone::Error, e);
                }
            },
        },
        _ => {
            if let (Some(area), Some(key)) = (form.field_mut(), key) {
                area.input(key);
            }
        }
    }
    (Vec::new(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn press(form: &mut SetupForm, code: KeyCode) -> (Vec<SetupCmd>, Option<SetupEnd>) {
        update(form, SetupMsg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn typ(form: &mut SetupForm, text: &str) {
        for c in text.chars() {
            press(form, KeyCode::Char(c));
        }
    }

    #[test]
    fn fill_verify_and_save() {
        let mut f = SetupForm::new("/tmp/c.toml".into(), None, None, Some("http://127.0.0.1:9"));
        typ(&mut f, "ak_demo_listener");
        press(&mut f, KeyCode::Enter);
        typ(&mut f, "org_demo");
        press(&mut f, KeyCode::Tab);
        press(&mut f, KeyCode::Tab);
        assert_eq!(f.focus, Field::Save);
        let (cmds, end) = press(&mut f, KeyCode::Enter);
        assert!(end.is_none() && f.busy);
        assert!(matches!(&cmds[..], [SetupCmd::Verify(s)] if s.organization.as_str() == "org_demo"));
        assert!(press(&mut f, KeyCode::Enter).0.is_empty(), "no second verification while busy");
        let Some(SetupCmd::Verify(checked)) = cmds.into_iter().next() else { panic!("no verification") };
        // Typing while the server is asked changes nothing that gets saved.
        f.focus = Field::Key;
        typ(&mut f, "_typed_meanwhile");
        let (cmds, _) = update(&mut f, SetupMsg::Verified(Ok(checked)));
        let Some(SetupCmd::Save(to_save)) = cmds.into_iter().next() else { panic!("no save") };
        assert_eq!(to_save.api_key.expose(), "ak_demo_listener");
        let (_, end) = update(&mut f, SetupMsg::Saved(Ok(to_save)));
        assert!(matches!(end, Some(SetupEnd::Saved(s)) if s.api_key.expose() == "ak_demo_listener"));
    }

    #[test]
    fn a_rejected_key_shows_the_servers_answer_and_allows_another_try() {
        let mut f = SetupForm::new("/tmp/c.toml".into(), Some("ak_wrong"), Some("org_demo"), None);
        f.focus = Field::Save;
        press(&mut f, KeyCode::Enter);
        update(&mut f, SetupMsg::Verified(Err(ApiError::Unauthorized(freddy_api::ApiDetail::default()))));
        assert_eq!(f.focus, Field::Key, "the refusal points at the key");
        let s = f.status.clone().unwrap();
        assert_eq!(s.tone, Tone::Error);
        assert!(s.text.contains("API key rejected"));
        assert!(!f.busy);
        assert_eq!(f.focus, Field::Key, "the focus goes to the field the server refused");
        f.focus = Field::Save;
        assert!(matches!(&press(&mut f, KeyCode::Enter).0[..], [SetupCmd::Verify(_)]));
    }

    #[test]
    fn invalid_values_are_refused_before_any_request() {
        let mut f = SetupForm::new("/tmp/c.toml".into(), Some("ak bad key"), Some("org_demo"), None);
        f.focus = Field::Save;
        assert!(press(&mut f, KeyCode::Enter).0.is_empty());
        assert!(f.status.unwrap().text.contains("whitespace"));
        let mut f = SetupForm::new("/tmp/c.toml".into(), Some("ak_x"), Some("org_demo"), Some("http://example.com"));
        f.focus = Field::Save;
        assert!(press(&mut f, KeyCode::Enter).0.is_empty());
        assert!(f.status.unwrap().text.contains("plain http"));
    }

    #[test]
    fn demo_and_quit() {
        let mut f = SetupForm::new("/tmp/c.toml".into(), None, None, None);
        press(&mut f, KeyCode::BackTab);
        assert_eq!(f.focus, Field::Demo);
        assert!(matches!(press(&mut f, KeyCode::Enter).1, Some(SetupEnd::Demo)));
        assert!(matches!(press(&mut f, KeyCode::Esc).1, Some(SetupEnd::Quit)));
    }

    #[test]
    fn esc_with_something_typed_asks_first_and_enter_on_the_last_field_submits() {
        let mut f = SetupForm::new("/tmp/c.toml".into(), None, None, None);
        for c in "ak_typed".chars() {
            press(&mut f, KeyCode::Char(c));
        }
        // The first Esc asks; any other key stays; a second Esc leaves.
        assert!(press(&mut f, KeyCode::Esc).1.is_none(), "Esc left at once, losing what was typed");
        assert!(f.status.as_ref().is_some_and(|s| s.text.contains("Esc again leaves")));
        assert!(press(&mut f, KeyCode::Char('x')).1.is_none());
        assert!(!f.leaving && f.status.is_none());
        assert!(press(&mut f, KeyCode::Esc).1.is_none());
        assert!(matches!(press(&mut f, KeyCode::Esc).1, Some(SetupEnd::Quit)));
        // Enter on the base URL (the last field) verifies, as the Save button does.
        let mut f = SetupForm::new("/tmp/c.toml".into(), Some("ak_demo_listener"), Some("org_demo"), None);
        f.focus = Field::BaseUrl;
        assert!(matches!(&press(&mut f, KeyCode::Enter).0[..], [SetupCmd::Verify(_)]));
    }

    #[test]
    fn an_empty_field_is_named_and_gets_the_focus() {
        let mut f = SetupForm::new("/tmp/c.toml".into(), None, Some("org_demo"), None);
        f.focus = Field::Save;
        assert!(press(&mut f, KeyCode::Enter).0.is_empty());
        assert_eq!(f.focus, Field::Key);
        let text = f.status.clone().unwrap().text;
        assert!(text.starts_with("The API key is empty") && !text.contains("from flag"), "{text}");
        let mut f = SetupForm::new("/tmp/c.toml".into(), Some("ak_x"), None, None);
        f.focus = Field::Save;
        press(&mut f, KeyCode::Enter);
        assert_eq!(f.focus, Field::Organization);
    }

    #[test]
    fn buttons_by_arrows_ctrl_u_clears_and_fields_lock_while_checking() {
        let mut f = SetupForm::new("/tmp/c.toml".into(), Some("ak_demo_listener"), Some("org_demo"), None);
        f.focus = Field::Save;
        press(&mut f, KeyCode::Right);
        assert_eq!(f.focus, Field::Demo);
        press(&mut f, KeyCode::Left);
        assert_eq!(f.focus, Field::Save);
        press(&mut f, KeyCode::Enter);
        assert!(f.busy);
        f.focus = Field::Organization;
        typ(&mut f, "xyz");
        assert_eq!(SetupForm::text(&f.organization), "org_demo", "locked while verifying");
        update(&mut f, SetupMsg::Verified(Err(ApiError::Network("connection refused".into()))));
        f.focus = Field::Organization;
        update(&mut f, SetupMsg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert_eq!(SetupForm::text(&f.organization), "");
    }
}
