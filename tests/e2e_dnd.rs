//! The desktop's do-not-disturb holds a due reminder, and the reminder comes after the grace
//! once it ends: dunst paused with `dunstctl set-paused`, KDE's notification server
//! `Inhibited`, XFCE's xfconf `/do-not-disturb` in the real xfconfd (`xfconf-query`), and
//! GNOME's `show-banners` in dconf through the real dconf-service (`gsettings set`). Needs
//! dunst, xfconf and libxfconf-0-3, dconf-service, dconf-gsettings-backend,
//! gsettings-desktop-schemas and libglib2.0-bin.

mod support;

use std::time::Duration;

use support::control::{self, quiet, wait_for_status};
use support::dnd::{self, Dconf, Xfconfd};
use support::history::{event_name, timestamp};
use support::notifications::NotificationServer;
use support::reminders::is_reminder;
use support::wait::assert_holds_for;
use support::{wait_until, Services, Session, TIMEOUT};

const REASON: &str = "do_not_disturb";

/// Waits until `unknot status --json` lists do-not-disturb among the quiet reasons in force
/// (`listed`), or no longer does.
fn wait_for_quiet(session: &Session, listed: bool) {
    let what = if listed {
        "quiet lists"
    } else {
        "quiet no longer lists"
    };
    wait_for_status(session, &format!("{what} {REASON}"), |s| {
        quiet(s).contains(&REASON) == listed
    });
}

/// The scenario every desktop goes through, with the app started in `session`: do-not-disturb
/// turned on (by `turn`) before the first reminder is due holds it, with nothing shown (as
/// `shown` counts); turned off, the reminder comes after the grace, and the log has `held`.
/// `doctor_line` is what `unknot doctor` says while it is on.
fn held_until_do_not_disturb_ends(
    session: &Session,
    turn: &dyn Fn(bool),
    shown: &dyn Fn() -> usize,
    doctor_line: &str,
) {
    wait_until(TIMEOUT, "unknot to read do-not-disturb at start", || {
        session
            .app()
            .log()
            .contains("do not disturb off")
            .then_some(())
    });
    turn(true);
    wait_for_quiet(session, true);
    let said = dnd::doctor(session);
    assert!(
        said.contains(doctor_line),
        "unknot doctor did not say {doctor_line:?}:\n{said}"
    );

    // The first reminder falls due 6 s after start, and waits.
    wait_for_status(session, "the due reminder held", |s| s["state"] == "held");
    assert_eq!(
        shown(),
        0,
        "a reminder was shown during do-not-disturb; history {:?}",
        session.history().names(),
    );
    assert!(
        session.history().named("reminded").is_empty(),
        "reminded during do-not-disturb: {:?}",
        session.history().names()
    );

    let off = jiff::Timestamp::now();
    turn(false);
    wait_for_quiet(session, false);
    let (at, reminded) = session.history().wait_for_event_at(0, "reminded");
    wait_until(TIMEOUT, "the reminder on screen", || {
        (shown() >= 1).then_some(())
    });
    let after = timestamp(&reminded).duration_since(off).as_secs_f64();
    assert!(
        after >= 0.9,
        "the reminder came {after:.2}s after do-not-disturb ended, before the 1s grace"
    );
    // The hold is logged as it ends, just before the reminder.
    let events = session.history().events();
    let held = at
        .checked_sub(1)
        .map(|i| &events[i])
        .filter(|e| event_name(e) == "held")
        .unwrap_or_else(|| panic!("no held just before reminded: {events:?}"));
    assert_eq!(held["reason"], REASON, "{held}");
    assert!(held["held_s"].as_u64().is_some(), "{held}");
}

/// The reminders the test notification server was sent (the first start's welcome note is
/// no reminder).
fn reminders_shown(server: &NotificationServer) -> usize {
    server
        .notifications()
        .iter()
        .filter(|n| is_reminder(n))
        .count()
}

/// A session with the quiet test config, the user at the keyboard.
fn quiet_session(services: Services) -> Session {
    let mut session = Session::with(services);
    session.write_config(&dnd::quiet_config());
    session.keep_active();
    session
}

#[test]
fn dunst_paused_holds_the_reminder() {
    let mut session = quiet_session(Services::NO_NOTIFICATIONS);
    session.start_dunst();
    session.start_app();
    let dunst = session.dunst();
    // The first start's welcome note, sent before do-not-disturb is read: not a reminder.
    wait_until(TIMEOUT, "dunst to display the welcome note", || {
        (dunst.count("displayed") == 1).then_some(())
    });
    let turn = |on: bool| {
        dunst.ctl(&["set-paused", if on { "true" } else { "false" }]);
    };
    // While paused, dunst keeps what it is sent waiting: count that too.
    let shown = || {
        let all: u32 = ["displayed", "waiting", "history"]
            .iter()
            .map(|which| dunst.count(which))
            .sum();
        all as usize - 1
    };
    held_until_do_not_disturb_ends(
        &session,
        &turn,
        &shown,
        "do not disturb: dunst (org.dunstproject.cmd0 paused): on",
    );
}

#[test]
fn kde_inhibited_holds_the_reminder() {
    let mut session = quiet_session(Services::NO_NOTIFICATIONS);
    let server = NotificationServer::start_kde(session.bus(), false);
    session.start_app();
    held_until_do_not_disturb_ends(
        &session,
        &|on| server.set_inhibited(on),
        &|| reminders_shown(&server),
        "do not disturb: KDE (the notification server's Inhibited): on",
    );
}

#[test]
fn xfce_do_not_disturb_holds_the_reminder() {
    let mut session = quiet_session(Services::ALL);
    let xfconfd = Xfconfd::start(&session);
    session.start_app();
    let server = session.notifications();
    held_until_do_not_disturb_ends(
        &session,
        &|on| xfconfd.set_do_not_disturb(&session, on),
        &|| reminders_shown(server),
        "do not disturb: XFCE (xfconf xfce4-notifyd /do-not-disturb): on",
    );
}

#[test]
fn gnome_banners_off_holds_the_reminder() {
    let mut session = quiet_session(Services::ALL);
    let dconf = Dconf::start(&session);
    session.start_app();
    let server = session.notifications();
    held_until_do_not_disturb_ends(
        &session,
        &|on| dconf.set_do_not_disturb(&session, on),
        &|| reminders_shown(server),
        "do not disturb: GNOME (show-banners, read from dconf): on",
    );
}

/// The services come and go with the session (Plasma restarting, xfconfd started on first
/// use): one that comes is read at once, one that goes says nothing any more.
#[test]
fn services_coming_and_going_are_followed() {
    let mut session = quiet_session(Services::NO_NOTIFICATIONS);
    session.start_app();
    wait_until(TIMEOUT, "unknot to read do-not-disturb at start", || {
        session
            .app()
            .log()
            .contains("do not disturb off (no desktop's do-not-disturb found)")
            .then_some(())
    });
    let said = dnd::doctor(&session);
    for line in [
        "do not disturb: KDE (the notification server's Inhibited): not seen: no notification \
         server on the session bus",
        "do not disturb: XFCE (xfconf xfce4-notifyd /do-not-disturb): not seen: no \
         org.xfce.Xfconf on the session bus",
        "do not disturb: GNOME (show-banners, read from dconf): not seen: no dconf database at",
    ] {
        assert!(
            said.contains(line),
            "unknot doctor did not say {line:?}:\n{said}"
        );
    }

    // KDE's server comes already inhibited, then leaves the bus.
    let kde = NotificationServer::start_kde(session.bus(), true);
    wait_for_quiet(&session, true);
    drop(kde);
    wait_for_quiet(&session, false);

    // xfconfd comes with do-not-disturb set in its stored channel, and goes.
    Xfconfd::store_do_not_disturb(&session, true);
    let xfconfd = Xfconfd::start(&session);
    wait_for_quiet(&session, true);
    drop(xfconfd);
    wait_for_quiet(&session, false);

    // dconf-service, started by D-Bus on GNOME's first settings write, after the app.
    let dconf = Dconf::start(&session);
    dconf.set_do_not_disturb(&session, true);
    wait_for_quiet(&session, true);
    dconf.set_do_not_disturb(&session, false);
    wait_for_quiet(&session, false);

    // Another notification server (not KDE's, not dunst) has no do-not-disturb.
    let _plain = NotificationServer::start(session.bus());
    assert_holds_for(
        Duration::from_secs(1),
        "no do-not-disturb from a plain notification server",
        || control::status(&session).is_some_and(|s| !quiet(&s).contains(&REASON)),
    );
    session
        .app()
        .assert_running("after the services came and went");
}
