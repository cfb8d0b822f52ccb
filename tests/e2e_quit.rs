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
