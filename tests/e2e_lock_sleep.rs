//! Lock and suspend as away time, through the real binary and its history file: a private
//! system bus with a test logind on it (support/logind.rs), the app pointed at it with
//! DBUS_SYSTEM_BUS_ADDRESS, and real time passing (the settings are in seconds).

mod support;

use std::time::Duration;

use support::config;
use support::history::{assert_well_formed, timestamp};
use support::logind::Logind;
use support::reminders::{is_reminder, sitting_s, wait_for_reminder, Mark};
use support::wait::{self, assert_holds_for};
use support::{wait_until, Session, TIMEOUT};

/// Whether `file` (the history as it was at some moment) holds a complete `suspended` line.
fn has_suspended_record(file: &str) -> bool {
    let complete = file.rfind('\n').map_or("", |end| &file[..end]);
    complete.lines().any(|line| {
        serde_json::from_str::<serde_json::Value>(line)
            .map(|e| e["event"] == "suspended")
            .unwrap_or(false)
    })
}

#[test]
fn a_suspend_waits_for_the_record_on_disk_then_a_new_inhibitor_is_taken() {
    let mut session = Session::new();
    let logind = Logind::start(&mut session);
    session.keep_active();
    session.start_app();
    let login1 = logind.login1();
    let first = login1.wait_for_inhibitor(1);
    assert_eq!(
        (first.what.as_str(), first.who.as_str(), first.mode.as_str()),
        ("sleep", "unknot", "delay"),
        "{first:?}"
    );
    assert!(
        !has_suspended_record(&session.history().raw()),
        "a `suspended` record before any suspend:\n{}",
        session.history().raw()
    );

    // The lid closes: the user's last input was just before.
    session.stop_activity();
    login1.prepare_for_sleep(true);
    let released = login1.wait_for_release(1);
    let file = released
        .file_at_release
        .expect("the test logind watches the history file");
    assert!(
        has_suspended_record(&file),
        "unknot let the machine sleep before its `suspended` record was in the history file; \
         the file at that moment:\n{file}"
    );
    assert_eq!(
        login1.inhibitors().len(),
        1,
        "a new inhibitor while asleep: {:?}",
        login1.inhibitors()
    );

    login1.prepare_for_sleep(false);
    let second = login1.wait_for_inhibitor(2);
    assert_eq!(
        (second.what.as_str(), second.mode.as_str()),
        ("sleep", "delay"),
        "{second:?}"
    );
}

/// Whether the app has put up a reminder (a Notify) or logged one since `mark`.
fn reminded_since(session: &Session, mark: Mark) -> bool {
    session
        .notifications()
        .notifications()
        .iter()
        .skip(mark.notifications)
        .any(is_reminder)
        || session
            .history()
            .events()
            .iter()
            .skip(mark.history)
            .any(|e| e["event"] == "reminded")
}

fn returned_since(session: &Session, mark: usize) -> bool {
    session
        .history()
        .events()
        .iter()
        .skip(mark)
        .any(|e| e["event"] == "returned")
}

fn secs(event: &serde_json::Value, field: &str) -> f64 {
    event[field]
        .as_f64()
        .unwrap_or_else(|| panic!("no number {field:?} in {event}"))
}

#[test]
fn a_lock_of_natural_break_is_a_break_and_the_unlock_keystroke_does_not_end_it() {
    let mut session = Session::new();
    // No reminder comes in the way: this is about the break alone (natural_break is 3s).
    session.write_config(&config::with_value("every", "\"60s\""));
    let logind = Logind::start(&mut session);
    session.keep_active();
    session.start_app();
    let login1 = logind.login1();
    login1.wait_for_locked_hint_reads(1);
    let mark = session.history().len();

    // The user walks away and the screen locks.
    session.stop_activity();
    login1.lock();
    let locked_at = wait::now();
    let (at, natural_break) = session.history().wait_for_event_at(mark, "natural_break");
    assert_well_formed(&natural_break);
    assert_eq!(
        natural_break["cause"], "lock",
        "a break while locked should have the cause lock: {natural_break}"
    );

    // Back: a key wakes the lock screen and the password is typed; the screen is still locked.
    session.xvfb().xdotool(&["key", "a"]);
    wait_until(TIMEOUT, "the X server to see the keystroke", || {
        (session.xvfb().idle_ms() < 1000).then_some(())
    });
    assert_holds_for(
        Duration::from_millis(1500),
        "no `returned` while the screen is still locked, after the unlock keystroke",
        || !returned_since(&session, at + 1),
    );
    login1.unlock();
    let unlocked_at = wait::now();
    session.keep_active();
    let returned = session.history().wait_for_event_since(at + 1, "returned");
    assert_well_formed(&returned);
    let locked_for = (unlocked_at - locked_at).as_secs_f64();
    assert!(
        secs(&returned, "away_s") >= locked_for - 0.5,
        "the break ended before the unlock: away {}s, locked for {locked_for:.1}s\n{returned}",
        secs(&returned, "away_s")
    );
}

#[test]
fn a_sleep_across_a_due_reminder_raises_none_on_waking() {
    let mut session = Session::new();
    session.write_config(&config::with_value("every", "\"6s\""));
    let logind = Logind::start(&mut session);
    session.keep_active();
    session.start_app();
    let login1 = logind.login1();
    login1.wait_for_inhibitor(1);
    let mark = Mark::now(&session);

    // The lid closes before the reminder is due (6s after the start), and stays closed past it.
    session.stop_activity();
    login1.prepare_for_sleep(true);
    login1.wait_for_release(1);
    assert!(
        !reminded_since(&session, mark),
        "the reminder came before the sleep: the machine is too slow for this test's timing"
    );
    assert_holds_for(
        Duration::from_secs(7),
        "no reminder while the machine sleeps",
        || !reminded_since(&session, mark),
    );

    // The lid opens and the user is back at once: nothing pops up, though a reminder was due.
    login1.prepare_for_sleep(false);
    session.keep_active();
    let (at, natural_break) = session
        .history()
        .wait_for_event_at(mark.history, "natural_break");
    assert_eq!(
        natural_break["cause"], "suspend",
        "a sleep past natural_break is a break with the cause suspend: {natural_break}"
    );
    assert_holds_for(
        Duration::from_secs(4),
        "no reminder right after waking",
        || !reminded_since(&session, mark),
    );
    // Sitting started again at the return: the next reminder comes `every` after it.
    let returned = session.history().wait_for_event_since(at + 1, "returned");
    let reminder = wait_for_reminder(&session, mark);
    let sitting = sitting_s(&reminder);
    let since_return = timestamp(&reminder.event)
        .duration_since(timestamp(&returned))
        .as_secs_f64();
    assert!(
        sitting <= since_return + 1.0,
        "sitting time did not restart at the wake: sitting_s = {sitting}, {since_return:.1}s \
         after the return\n{}",
        reminder.event
    );
}
