//! Reminders: one appears after `every` of sitting, and each of its notification actions
//! (Done, Skip, How to, the default action) does what the spec says.

mod support;

use std::path::Path;
use support::history::{assert_well_formed, timestamp};

use support::config::with_value;
use support::reminders::{exercise_name, is_reminder, wait_for_reminder, Mark, ACTIONS};
use support::{wait_until, Session, TIMEOUT};

#[test]
fn an_unanswered_reminder_is_raised_again_in_place() {
    let mut session = Session::new();
    session.write_config(&with_value("remind_again", "\"3s\""));
    session.keep_active();
    session.start_app();
    let first = wait_for_reminder(&session, Mark::START);
    let again = session.notifications().wait_for_notify_since(
        first.mark(&session).notifications,
        format!(
            "the reminder raised again with replaces_id = {}",
            first.notify.id
        ),
        |n| is_reminder(n) && n.replaces_id == first.notify.id,
    );
    assert_eq!(again.id, first.notify.id);
}

/// A session whose user keeps working, with the app started.
#[test]
fn reminder_appears_after_every_with_an_exercise() {
    let session = Session::active();
    let reminder = wait_for_reminder(&session, Mark::START);
    let n = &reminder.notify;

    assert_eq!(n.app_name, "unknot");
    assert!(
        !exercise_name(n).trim().is_empty(),
        "the summary names no exercise: {:?}",
        n.summary
    );
    assert!(!n.body.trim().is_empty(), "the reminder has no body");
    let expected: Vec<String> = ACTIONS
        .iter()
        .flat_map(|(key, label)| [key.to_string(), label.to_string()])
        .collect();
    assert_eq!(n.actions, expected, "the reminder's actions");
    assert_eq!(n.hint_bool("resident"), Some(true), "hints: {:?}", n.hints);

    let event = &reminder.event;
    assert_well_formed(event);
    assert!(
        !reminder.exercise().is_empty(),
        "`reminded` has no exercise id: {event}"
    );
    let sitting = event["sitting_s"]
        .as_u64()
        .unwrap_or_else(|| panic!("`reminded` has no whole-second sitting_s: {event}"));
    assert!(
        sitting >= 4,
        "reminded after {sitting}s of sitting, before `every` (4s): {event}"
    );
}

#[test]
fn done_from_the_notification_is_logged_with_that_exercise() {
    let session = Session::active();
    let reminder = wait_for_reminder(&session, Mark::START);
    session
        .notifications()
        .invoke_action(reminder.notify.id, "done");

    let done = session
        .history()
        .wait_for_event_since(reminder.index + 1, "done");
    assert_well_formed(&done);
    assert_eq!(done["exercise"], reminder.event["exercise"], "{done}");
    assert!(timestamp(&done) >= timestamp(&reminder.event));
    // The reminder is resident, so it is the app that takes it down.
    session
        .notifications()
        .wait_for_close_call(reminder.notify.id);
}

#[test]
fn skip_from_the_notification_is_logged() {
    let session = Session::active();
    let reminder = wait_for_reminder(&session, Mark::START);
    session
        .notifications()
        .invoke_action(reminder.notify.id, "skip");

    let skipped = session
        .history()
        .wait_for_event_since(reminder.index + 1, "skipped");
    assert_well_formed(&skipped);
    assert_eq!(skipped["exercise"], reminder.event["exercise"], "{skipped}");
}

#[test]
fn how_to_and_the_default_action_open_a_local_exercise_page() {
    let session = Session::active();
    let reminder = wait_for_reminder(&session, Mark::START);
    for (round, key) in ["howto", "default"].into_iter().enumerate() {
        session
            .notifications()
            .invoke_action(reminder.notify.id, key);
        let event = wait_until(
            TIMEOUT,
            format!("history event \"opened\" #{} (after {key:?})", round + 1),
            || session.history().named("opened").get(round).cloned(),
        );
        assert_well_formed(&event);
        let line = wait_until(
            TIMEOUT,
            format!("xdg-open call #{} (after {key:?})", round + 1),
            || session.opened().get(round).cloned(),
        );
        let page = Path::new(line.trim().trim_start_matches("file://"));
        assert!(
            page.extension().is_some_and(|e| e == "html"),
            "xdg-open was given {line:?}, not an HTML page"
        );
        assert!(
            page.is_file(),
            "xdg-open was given {line:?}, which does not exist"
        );
    }
}
