//! What unknot's notifications say and carry, fitted to what the server can do.

use crate::driver::ReminderView;

use super::icon;
use super::protocol::{Hints, Note};

/// No category of the spec fits a stretch reminder; `x-vendor.class` is the spec's form for
/// others. Servers that match rules on it (dunst) can style unknot's reminders.
const CATEGORY: &str = "x-unknot.reminder";
/// unknot.desktop: servers use it to name and group the app and for its notification settings.
const DESKTOP_ENTRY: &str = "unknot";
const TRAY_HINT: &str = "Answer from the unknot icon in the tray.";

/// What the server on the bus said it can do (`GetCapabilities`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// It draws buttons for actions.
    pub actions: bool,
    /// It reads the body as markup, so text must be escaped.
    pub body_markup: bool,
}

impl Capabilities {
    pub fn from_list(list: &[String]) -> Capabilities {
        let has = |name: &str| list.iter().any(|c| c == name);
        Capabilities {
            actions: has("actions"),
            body_markup: has("body-markup"),
        }
    }

    /// For a server whose answer could not be read: buttons (the common case; without them
    /// the tray still answers) and escaped text (safe if markup is read, legible if not).
    pub fn assumed() -> Capabilities {
        Capabilities {
            actions: true,
            body_markup: true,
        }
    }
}

/// The stretch reminder: stays until answered or replaced, with unknot's icon.
pub fn reminder(view: &ReminderView, caps: &Capabilities, replaces_id: u32) -> Note {
    let mut body = view.body.clone();
    let mut actions = Vec::new();
    if caps.actions {
        // Clicking the body opens the exercise, like "How to".
        let mut add = |key: &str, label: &str| actions.extend([key.to_owned(), label.to_owned()]);
        add("default", "Open exercise");
        add("done", "Done");
        if view.can_snooze {
            add("snooze", "Snooze");
        }
        add("skip", "Skip");
        add("howto", "How to");
    } else {
        body.push('\n');
        body.push_str(TRAY_HINT);
    }
    let hints = Hints {
        // Stay on screen after "How to", so Done is still there once the stretch is done.
        resident: Some(true),
        category: Some(CATEGORY),
        ..common_hints()
    };
    Note {
        replaces_id,
        summary: view.summary.clone(),
        body: text(&body, caps),
        actions,
        hints,
        // Until answered: it is raised again every `remind_again` anyway.
        expire_timeout: 0,
    }
}

/// A one-off message: the server's usual timeout.
pub fn note(summary: &str, body: &str, caps: &Capabilities) -> Note {
    Note {
        replaces_id: 0,
        summary: summary.to_owned(),
        body: text(body, caps),
        actions: Vec::new(),
        hints: common_hints(),
        expire_timeout: -1,
    }
}

fn common_hints() -> Hints {
    Hints {
        desktop_entry: Some(DESKTOP_ENTRY),
        image_data: icon::image(),
        ..Hints::default()
    }
}

/// The body as the server will read it. The summary is plain text by the spec; the body is
/// markup where the server says so, and a user's exercise text is no markup.
fn text(body: &str, caps: &Capabilities) -> String {
    if caps.body_markup {
        escape(body)
    } else {
        body.to_owned()
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(body: &str) -> ReminderView {
        ReminderView {
            summary: "Time to stretch: <b>Chin</b> tuck".into(),
            body: body.into(),
            can_snooze: true,
            exercise: "chin-tuck".into(),
            raised: 1,
        }
    }

    fn caps(actions: bool, body_markup: bool) -> Capabilities {
        Capabilities {
            actions,
            body_markup,
        }
    }

    #[test]
    fn markup_in_the_text_is_escaped_only_for_a_server_that_reads_markup() {
        let cue = "\"><img src=x onerror=alert(1)> & more";
        let escaped = "\"&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more";
        assert_eq!(reminder(&view(cue), &caps(true, true), 0).body, escaped);
        assert_eq!(reminder(&view(cue), &caps(true, false), 0).body, cue);
        assert_eq!(note("s", cue, &caps(true, true)).body, escaped);
        // The summary is plain text for every server.
        let note = reminder(&view(cue), &caps(true, true), 0);
        assert_eq!(note.summary, "Time to stretch: <b>Chin</b> tuck");
    }

    #[test]
    fn without_buttons_the_body_points_to_the_tray() {
        let note = reminder(&view("Tuck your chin."), &caps(false, false), 7);
        assert!(note.actions.is_empty(), "{:?}", note.actions);
        assert_eq!(note.body, format!("Tuck your chin.\n{TRAY_HINT}"));
        assert_eq!(note.replaces_id, 7);
    }

    #[test]
    fn a_reminder_stays_and_carries_its_hints() {
        let note = reminder(&view("Tuck."), &caps(true, false), 0);
        assert_eq!(note.expire_timeout, 0);
        let keys: Vec<&str> = note.actions.iter().step_by(2).map(String::as_str).collect();
        assert_eq!(keys, ["default", "done", "snooze", "skip", "howto"]);
        assert_eq!(note.hints.resident, Some(true));
        assert_eq!(note.hints.category, Some(CATEGORY));
        assert_eq!(note.hints.desktop_entry, Some("unknot"));
        assert!(note.hints.image_data.is_some());
    }
}
