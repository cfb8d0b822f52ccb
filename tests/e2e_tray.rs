//! The tray menu: its entries per the spec, the answer entries enabled only while a reminder
//! is open, Stretch now, Open exercise, Pause/Resume, Statistics and Edit settings.

mod support;

use std::path::Path;
use std::time::Duration;

use support::config::with_value;
use support::history::assert_well_formed;
use support::reminders::{is_reminder, wait_for_reminder, Mark};
use support::wait::assert_holds_for;
use support::{wait_until, Session, TIMEOUT};

/// The entries after the status line, in order.
const ENTRIES: [&str; 12] = [
    "Stretch now",
    "Done",
    "Snooze",
    "Skip",
    "Open exercise",
    "Pause",
    "Resume",
    "Edit settings",
    "Add exercises from file…",
    "Statistics…",
    "Export history…",
    "Quit",
];
const PAUSE_ENTRIES: [&str; 4] = [
    "For 30 minutes",
    "For 1 hour",
    "Until tomorrow",
    "Until I resume",
];

#[test]
fn tray_menu_has_a_status_line_then_the_spec_entries() {
    // Nobody at the machine: no reminder can come.
    let mut session = Session::new();
    session.start_app();
    let root = session.menu().layout();
    let entries = root.entries();
    let listing = root.render();

    let status = entries.first().unwrap_or_else(|| panic!("empty menu"));
    assert!(
        !status.enabled,
        "the status line should be disabled:\n{listing}"
    );
    assert!(
        !status.text().trim().is_empty(),
        "empty status line:\n{listing}"
    );
    let texts: Vec<String> = entries[1..].iter().map(|e| e.text()).collect();
    assert_eq!(texts, ENTRIES, "the tray menu's entries:\n{listing}");

    let pause = root.find("Pause").unwrap();
    assert!(pause.is_submenu(), "Pause is no submenu:\n{listing}");
    let pause_texts: Vec<String> = pause.entries().iter().map(|e| e.text()).collect();
    assert_eq!(pause_texts, PAUSE_ENTRIES, "the Pause submenu:\n{listing}");

    for label in ["Done", "Snooze", "Skip", "Resume"] {
        assert!(
            !root.find(label).unwrap().enabled,
            "{label} should be disabled with no reminder open and no pause:\n{listing}"
        );
    }
    for label in ["Stretch now", "Edit settings", "Quit", "For 30 minutes"] {
        assert!(
            root.find(label).unwrap().enabled,
            "{label} should be enabled:\n{listing}"
        );
    }
}

#[test]
fn done_snooze_skip_are_enabled_only_while_a_reminder_is_open() {
    let mut session = Session::new();
    session.keep_active();
    session.start_app();
    let reminder = wait_for_reminder(&session, Mark::START);
    let menu = session.menu();
    for label in ["Done", "Snooze", "Skip"] {
        menu.wait_for_item(label, true);
    }
    let mark = reminder.mark(&session);
    menu.click("Done");
    let done = session.history().wait_for_event_since(mark.history, "done");
    assert_eq!(done["exercise"], reminder.event["exercise"], "{done}");
    session
        .notifications()
        .wait_for_close_call(reminder.notify.id);
    for label in ["Done", "Snooze", "Skip"] {
        menu.wait_for_item(label, false);
    }
}

#[test]
fn stretch_now_reminds_at_once() {
    let mut session = Session::new();
    session.write_config(&with_value("every", "\"1h\""));
    session.keep_active();
    session.start_app();
    let menu = session.menu();
    menu.wait_for_item("Stretch now", true);
    menu.click("Stretch now");
    let reminder = wait_for_reminder(&session, Mark::START);
    assert_well_formed(&reminder.event);
}

#[test]
fn pause_stops_reminders_until_resume() {
    let mut session = Session::new();
    session.keep_active();
    session.start_app();
    let menu = session.menu();
    menu.wait_for_item("For 30 minutes", true);
    menu.click("For 30 minutes");
    let (at, paused) = session.history().wait_for_event_at(0, "paused");
    assert_well_formed(&paused);
    menu.wait_for_item("Resume", true);

    // Active for longer than `every` (4s), yet no reminder while paused.
    let mark = Mark::now(&session);
    assert_holds_for(Duration::from_secs(7), "no reminder while paused", || {
        !session.history().names()[at..]
            .iter()
            .any(|n| n == "reminded")
            && !session
                .notifications()
                .notifications()
                .iter()
                .skip(mark.notifications)
                .any(is_reminder)
    });

    menu.click("Resume");
    let (back, resumed) = session.history().wait_for_event_at(at + 1, "resumed");
    assert_well_formed(&resumed);
    menu.wait_for_item("Resume", false);
    wait_for_reminder(
        &session,
        Mark {
            history: back + 1,
            notifications: mark.notifications,
        },
    );
}

#[test]
fn open_exercise_from_the_tray_opens_the_reminders_page() {
    let mut session = Session::new();
    session.keep_active();
    session.start_app();
    let reminder = wait_for_reminder(&session, Mark::START);
    let menu = session.menu();
    menu.wait_for_item("Open exercise", true);
    menu.click("Open exercise");
    let opened = session
        .history()
        .wait_for_event_since(reminder.index + 1, "opened");
    assert_well_formed(&opened);
    assert_eq!(opened["exercise"], reminder.event["exercise"], "{opened}");
    let line = wait_until(TIMEOUT, "an xdg-open call", || {
        session.opened().first().cloned()
    });
    let page = Path::new(line.trim().trim_start_matches("file://"));
    assert!(
        page.extension().is_some_and(|e| e == "html") && page.is_file(),
        "xdg-open was given {line:?}, not an existing HTML page"
    );
}

#[test]
fn edit_settings_opens_the_config_file() {
    let mut session = Session::new();
    session.start_app();
    let menu = session.menu();
    menu.wait_for_item("Edit settings", true);
    menu.click("Edit settings");
    let config = session.config_path().display().to_string();
    wait_until(TIMEOUT, format!("xdg-open {config}"), || {
        session
            .opened()
            .iter()
            .any(|line| line.trim().trim_start_matches("file://") == config)
            .then_some(())
    });
}

#[test]
fn statistics_opens_the_page_of_the_log() {
    // Nobody at the machine: the log holds unknot's start, and today is on the page.
    let mut session = Session::new();
    session.start_app();
    let menu = session.menu();
    menu.wait_for_item("Statistics…", true);
    menu.click("Statistics…");
    let line = wait_until(TIMEOUT, "an xdg-open call", || {
        session.opened().first().cloned()
    });
    let page = Path::new(line.trim().trim_start_matches("file://"));
    assert_eq!(
        page.file_name().and_then(|n| n.to_str()),
        Some("Statistics.html"),
        "xdg-open was given {line:?}"
    );
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    for want in [
        "Your sitting at a glance",
        "id=\"today\"",
        "id=\"range-sitting\"",
    ] {
        assert!(html.contains(want), "no {want:?} in {}", page.display());
    }
}
