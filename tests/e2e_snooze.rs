//! Snoozing: from the tray menu (the open reminder is closed, and comes back after `snooze`),
//! and running out after `max_snoozes`.

mod support;

use support::config::with_value;
use support::history::{assert_well_formed, timestamp};
use support::reminders::{wait_for_reminder, Mark};
use support::Session;

#[test]
fn snooze_from_the_tray_closes_the_reminder_and_it_comes_back() {
    // A longer snooze, to see the menu while snoozed.
    let mut session = Session::new();
    session.write_config(&with_value("snooze", "\"6s\""));
    session.keep_active();
    session.start_app();
    let first = wait_for_reminder(&session, Mark::START);
    let menu = session.menu();
    menu.wait_for_item("Snooze", true);
    let mark = first.mark(&session);
    menu.click("Snooze");

    let (at, snoozed) = session.history().wait_for_event_at(mark.history, "snoozed");
    assert_well_formed(&snoozed);
    assert_eq!(snoozed["exercise"], first.event["exercise"], "{snoozed}");
    session.notifications().wait_for_close_call(first.notify.id);
    menu.wait_for_item("Snooze", false);

    let again = wait_for_reminder(
        &session,
        Mark {
            history: at + 1,
            notifications: mark.notifications,
        },
    );
    assert!(
        timestamp(&again.event) > timestamp(&snoozed),
        "the reminder came back before it was snoozed"
    );
    menu.wait_for_item("Snooze", true);
}

#[test]
fn snooze_is_offered_only_max_snoozes_times() {
    // max_snoozes = 2 in the test config.
    let session = Session::active();
    let mut reminder = wait_for_reminder(&session, Mark::START);
    for round in 1..=2 {
        assert!(
            reminder.notify.has_action("snooze"),
            "reminder #{round} should offer Snooze: {:?}",
            reminder.notify.actions
        );
        let mark = reminder.mark(&session);
        session
            .notifications()
            .invoke_action(reminder.notify.id, "snooze");
        let (at, _) = session.history().wait_for_event_at(mark.history, "snoozed");
        reminder = wait_for_reminder(
            &session,
            Mark {
                history: at + 1,
                notifications: mark.notifications,
            },
        );
    }
    assert!(
        !reminder.notify.has_action("snooze"),
        "after 2 snoozes the reminder still offers Snooze: {:?}",
        reminder.notify.actions
    );
    assert!(reminder.notify.has_action("done") && reminder.notify.has_action("skip"));
    session.menu().wait_for_item("Snooze", false);
}
