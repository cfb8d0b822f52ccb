//! Leaving: Quit from the tray menu and SIGTERM both end the app with exit status 0.

mod support;

use support::process::describe;
use support::reminders::{wait_for_reminder, Mark};
use support::{wait_until, Session, TIMEOUT};

#[test]
fn quit_from_the_tray_exits_with_status_0() {
    let mut session = Session::new();
    session.start_app();
    let menu = session.menu();
    menu.wait_for_item("Quit", true);
    menu.click("Quit");

    let status = session.app().wait_for_exit(TIMEOUT);
    assert_eq!(
        status.code(),
        Some(0),
        "Quit ended unknot with {}\n{}",
        describe(status),
        session.app().log()
    );
    wait_until(TIMEOUT, "the tray item to leave the watcher", || {
        session.watcher().items().is_empty().then_some(())
    });
}

#[test]
fn sigterm_exits_with_status_0() {
    let mut session = Session::new();
    session.start_app();
    // Fully up: its tray item is registered.
    session.watcher().wait_for_item();
    session.app().terminate();

    let status = session.app().wait_for_exit(TIMEOUT);
    assert_eq!(
        status.code(),
        Some(0),
        "SIGTERM ended unknot with {}\n{}",
        describe(status),
        session.app().log()
    );
    // The log says when unknot ran, for the statistics: from `started` to `stopped`.
    let events = session.history().events();
    let names = session.history().names();
    assert_eq!(names, ["started", "stopped"], "{events:?}");
    assert!(events[0]["host"].is_string(), "{events:?}");
    assert!(events[1]["sitting_s"].is_u64(), "{events:?}");
}

#[test]
fn the_log_of_unknot_0_1_is_carried_over_whole() {
    let mut session = Session::new();
    let old = concat!(
        r#"{"v":1,"ts":"2026-11-21T09:15:02.120+01:00","event":"reminded","exercise":"chin-tuck","sitting_s":2700,"raised":1,"manual":false}"#,
        "\n",
        r#"{"v":1,"ts":"2026-11-21T09:16:00.000+01:00","event":"done","exercise":"chin-tuck","sitting_s":2760}"#,
        "\n",
    );
    let legacy = session.path("data/unknot/history.jsonl");
    std::fs::create_dir_all(legacy.parent().expect("a folder")).expect("data folder made");
    std::fs::write(&legacy, old).expect("old log written");
    session.start_app();
    session.history().wait_for_event("started");
    assert!(!legacy.exists(), "moved, not copied");
    assert!(
        session.history().raw().starts_with(old),
        "the old lines first, byte for byte: {}",
        session.history().raw()
    );
    assert_eq!(session.history().names(), ["reminded", "done", "started"]);
}

#[test]
fn quitting_takes_an_open_reminder_off_the_screen() {
    let session = Session::active();
    let reminder = wait_for_reminder(&session, Mark::START);
    session.menu().click("Quit");

    let status = session.app().wait_for_exit(TIMEOUT);
    assert_eq!(status.code(), Some(0), "{}", session.app().log());
    // Its buttons would do nothing once unknot is gone.
    assert!(
        session
            .notifications()
            .close_calls()
            .contains(&reminder.notify.id),
        "no CloseNotification({}) before exit\n{}",
        reminder.notify.id,
        session.app().log()
    );
}
