//! Lock and suspend from systemd-logind and the screensaver, as the app sees them: a private
//! system bus with a test logind on it (support/logind.rs), the real binary pointed at it with
//! DBUS_SYSTEM_BUS_ADDRESS, and `unknot doctor`. What they mean for breaks: e2e_lock_sleep.rs.

mod support;

use support::app::binary;
use support::logind::{Logind, SESSION_ID};
use support::screensaver::{lock_changes, ScreenSaver};
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
fn a_user_service_in_no_session_follows_its_users_display_session() {
    let mut session = Session::new();
    let logind = Logind::start(&mut session);
    let login1 = logind.login1();
    // As when started by `systemctl --user`: the process is in no logind session.
    login1.put_callers_outside_sessions();
    session.start_app();
    login1.wait_for_locked_hint_reads(1);
    let calls = login1.calls();
    assert!(
        calls.iter().any(|c| c.starts_with("GetSessionByPID("))
            && calls.iter().any(|c| c.starts_with("GetUser(")),
        "expected GetSessionByPID, then GetUser for the display session: {calls:?}"
    );
    login1.lock();
    wait_for_lock_changes(&session, "locked", 1);

    let out = doctor(&session);
    assert_eq!(
        line(&out, "lock"),
        "lock: logind session 3 (Lock/Unlock, LockedHint)",
        "{out}"
    );
}

#[test]
fn a_lock_signal_counts_only_where_the_locker_sets_locked_hint() {
    let mut session = Session::new();
    let logind = Logind::start(&mut session);
    session.start_app();
    let login1 = logind.login1();
    login1.wait_for_locked_hint_reads(1);

    // A locker that sets no LockedHint: nothing would tell the unlock, so no lock either.
    login1.lock_signal_only();
    login1.touch_locked_hint();
    login1.wait_for_locked_hint_reads(2);
    let log = session.app().log();
    assert_eq!(
        lock_changes(&log, "locked"),
        0,
        "a Lock signal with no LockedHint made the app count the screen locked: it would \
         never see the unlock\n{log}"
    );

    // Once the locker has shown it keeps LockedHint, the Lock signal alone counts.
    login1.lock();
    wait_for_lock_changes(&session, "locked", 1);
    login1.unlock();
    wait_for_lock_changes(&session, "unlocked", 1);
    login1.lock_signal_only();
    wait_for_lock_changes(&session, "locked", 2);
    login1.unlock_signal_only();
    wait_for_lock_changes(&session, "unlocked", 2);
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
