//! Lock and suspend from systemd-logind: a private system bus with a test logind on it
//! (support/logind.rs), and the real binary pointed at it with DBUS_SYSTEM_BUS_ADDRESS.

mod support;

use std::time::Duration;

use support::app::binary;
use support::config;
use support::history::{assert_well_formed, timestamp};
use support::logind::{lock_changes, Logind, ScreenSaver, SESSION_ID};
use support::reminders::{is_reminder, sitting_s, wait_for_reminder, Mark};
use support::wait::{self, assert_holds_for};
use support::{wait_until, Session, TIMEOUT};

/// `unknot doctor` in the session's environment: its output.
fn doctor(session: &Session) -> String {
    let bin = binary();
    let out = session
        .command(bin.to_str().expect("a UTF-8 binary path"))
        .arg("doctor")
        .output()
        .expect("run unknot doctor");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The line of `out` that starts with `what: `.
fn line<'a>(out: &'a str, what: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(&format!("{what}: ")))
        .unwrap_or_else(|| panic!("unknot doctor printed no {what:?} line:\n{out}"))
}

#[test]
fn doctor_reports_lock_and_sleep_from_logind() {
    let mut session = Session::new();
    let logind = Logind::start(&mut session);
    session.set_env("XDG_SESSION_ID", SESSION_ID);

    let out = doctor(&session);
    assert_eq!(
        line(&out, "lock"),
        "lock: logind session 3 (Lock/Unlock, LockedHint)",
        "{out}"
    );
    assert_eq!(
        line(&out, "sleep"),
        "sleep: logind PrepareForSleep, with a delay inhibitor",
        "{out}"
    );
    assert!(
        line(&out, "screensaver").contains("ActiveChanged"),
        "the doctor does not mention the screensaver's ActiveChanged:\n{out}"
    );
    let login1 = logind.login1();
    assert!(
        login1.calls().contains(&"GetSession(3)".to_owned()),
        "the doctor did not ask for session XDG_SESSION_ID=3: {:?}",
        login1.calls()
    );
    // Its check took a real delay inhibitor on sleep, and let go of it when it was done.
    let inhibitor = login1.wait_for_release(1);
    assert_eq!(
        (inhibitor.what.as_str(), inhibitor.mode.as_str()),
        ("sleep", "delay"),
        "{inhibitor:?}"
    );
    assert_eq!(inhibitor.who, "unknot");
}

#[test]
fn doctor_finds_its_session_by_pid_without_xdg_session_id() {
    let mut session = Session::new();
    let logind = Logind::start(&mut session);

    let out = doctor(&session);
    assert_eq!(
        line(&out, "lock"),
        "lock: logind session 3 (Lock/Unlock, LockedHint)",
        "{out}"
    );
    let calls = logind.login1().calls();
    assert!(
        calls.iter().any(|c| c.starts_with("GetSessionByPID(")),
        "no GetSessionByPID: {calls:?}"
    );
}

#[test]
fn doctor_says_why_not_without_logind() {
    // No system bus at all.
    let mut session = Session::new();
    let out = doctor(&session);
    for what in ["lock", "sleep"] {
        assert!(
            line(&out, what).starts_with(&format!("{what}: not seen: no system bus (")),
            "{out}"
        );
    }
    assert!(line(&out, "sleep").contains("gap in the clock"), "{out}");
    assert!(
        line(&out, "screensaver").starts_with("screensaver: not seen: neither"),
        "{out}"
    );

    // A system bus with no logind on it.
    let _bus = Logind::start_bus(&mut session);
    let out = doctor(&session);
    for what in ["lock", "sleep"] {
        assert!(
            line(&out, what).starts_with(&format!(
                "{what}: not seen: no org.freedesktop.login1 on the system bus"
            )),
            "{out}"
        );
    }

    // A logind that knows no such session.
    let mut session = Session::new();
    let _logind = Logind::start(&mut session);
    session.set_env("XDG_SESSION_ID", "99");
    let out = doctor(&session);
    assert!(
        line(&out, "lock").starts_with("lock: not seen: logind has no session 99"),
        "{out}"
    );
    assert_eq!(
        line(&out, "sleep"),
        "sleep: logind PrepareForSleep, with a delay inhibitor",
        "{out}"
    );
}

/// Waits until the app's log tells `n` lock changes of kind `change` (`locked`, `unlocked`).
fn wait_for_lock_changes(session: &Session, change: &str, n: usize) {
    wait_until(
        TIMEOUT,
        format!("{n} × {change:?} in the app's log"),
        || (lock_changes(&session.app().log(), change) >= n).then_some(()),
    );
}

#[test]
fn one_lock_told_by_lock_and_locked_hint_is_one_change() {
    let mut session = Session::new();
    let logind = Logind::start(&mut session);
    session.start_app();
    let login1 = logind.login1();
    login1.wait_for_locked_hint_reads(1);
    assert!(
        login1
            .calls()
            .iter()
            .any(|c| c == &format!("GetSessionByPID({})", session.app().pid())),
        "the app did not ask for the session of its own PID: {:?}",
        login1.calls()
    );

    login1.lock();
    wait_for_lock_changes(&session, "locked", 1);
    // The unlock comes as `Unlock` and an invalidated LockedHint the app has to read.
    login1.unlock();
    wait_for_lock_changes(&session, "unlocked", 1);
    login1.wait_for_locked_hint_reads(2);
    login1.lock();
    wait_for_lock_changes(&session, "locked", 2);
    // A marker after the last signal: by the time it is through, every signal has been read.
    login1.unlock();
    wait_for_lock_changes(&session, "unlocked", 2);
    let log = session.app().log();
    assert_eq!(
        (lock_changes(&log, "locked"), lock_changes(&log, "unlocked")),
        (2, 2),
        "each lock and unlock should be told once\n{log}"
    );
}

#[test]
fn a_session_locked_before_the_start_is_told_at_once() {
    let mut session = Session::new();
    let logind = Logind::start(&mut session);
    logind.login1().set_locked_hint_quietly(true);
    session.start_app();
    wait_for_lock_changes(&session, "locked", 1);
    logind.login1().unlock();
    wait_for_lock_changes(&session, "unlocked", 1);
}

#[test]
fn the_screensaver_tells_a_lock_where_logind_does_not() {
    // No system bus: only the session's screensaver.
    let mut session = Session::new();
    session.start_app();
    wait_until(TIMEOUT, "the app to tell it has no system bus", || {
        session.app().log().contains("no system bus").then_some(())
    });
    for name in ["org.gnome.ScreenSaver", "org.freedesktop.ScreenSaver"] {
        let saver = ScreenSaver::start(session.bus(), name);
        let before = lock_changes(&session.app().log(), "locked");
        saver.active_changed(true);
        wait_for_lock_changes(&session, "locked", before + 1);
        saver.active_changed(false);
        wait_for_lock_changes(&session, "unlocked", before + 1);
    }
}

#[test]
fn a_logind_that_restarts_is_followed() {
    let mut session = Session::new();
    let mut logind = Logind::start(&mut session);
    session.start_app();
    logind.login1().wait_for_inhibitor(1);
    logind.login1().wait_for_locked_hint_reads(1);

    logind.stop_login1();
    wait_until(TIMEOUT, "the app to see logind leave", || {
        session
            .app()
            .log()
            .contains("logind left the system bus")
            .then_some(())
    });
    let history = session.history().path().to_owned();
    let login1 = logind.start_login1(history);
    // The new one is asked again, from scratch: the session, its lock state, a new inhibitor.
    login1.wait_for_inhibitor(1);
    login1.wait_for_locked_hint_reads(1);
    login1.lock();
    wait_for_lock_changes(&session, "locked", 1);
    login1.prepare_for_sleep(true);
    login1.wait_for_release(1);
}

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
