//! Natural breaks: no input for `natural_break` counts as a break (no reminder while away),
//! input afterwards is a return, and sitting time starts again from there. On X11 the X server
//! pushes both (XSync IDLETIME alarms), so the return is seen at the input; where SYNC is
//! missing MIT-SCREEN-SAVER is asked instead. `unknot doctor` says which, and refuses X11 under
//! a Wayland session.

mod support;

use std::process::Output;
use std::time::Duration;

use support::app::binary;
use support::history::{assert_well_formed, timestamp};
use support::reminders::{is_reminder, wait_for_reminder, Mark};
use support::wait::{assert_holds_for, wait_until, TIMEOUT};
use support::xproxy::XProxy;
use support::{Services, Session};

/// A `natural_break` of 10 s: long enough that a watch that asks (MIT-SCREEN-SAVER) would look
/// for the return only every 2 s (natural_break / 5), so a return seen within a second of the
/// input was pushed by the X server.
const LONG_BREAK: &str = r#"[breaks]
every = "60s"
natural_break = "10s"
snooze = "3s"
max_snoozes = 2
remind_again = "30s"
"#;

/// `LONG_BREAK` with another `natural_break`.
fn long_break_with(natural_break: &str) -> String {
    LONG_BREAK.replace(
        "natural_break = \"10s\"",
        &format!("natural_break = \"{natural_break}\""),
    )
}

/// The wall clock, as the app stamps its history with it.
fn wall_now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// `unknot doctor` in the session's environment plus `env`.
fn doctor(session: &Session, env: &[(&str, &str)]) -> Output {
    let bin = binary();
    let mut cmd = session.command(bin.to_str().expect("a UTF-8 binary path"));
    cmd.arg("doctor").envs(env.iter().copied());
    cmd.output().expect("run unknot doctor")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn idle_for_natural_break_is_a_break_and_sitting_restarts_on_return() {
    // Nobody touches the X server: idle from the start.
    let mut session = Session::new();
    session.start_app();

    let (at, natural_break) = session.history().wait_for_event_at(0, "natural_break");
    assert_well_formed(&natural_break);
    assert_eq!(natural_break["cause"], "idle", "{natural_break}");

    // Away for longer than `every` (4s) + `natural_break` (3s): still no reminder.
    let reminded = || {
        !session.history().named("reminded").is_empty()
            || session
                .notifications()
                .notifications()
                .iter()
                .any(is_reminder)
    };
    assert_holds_for(
        Duration::from_secs(8),
        "no reminder while the user is away",
        || !reminded(),
    );
    assert!(
        session.xvfb().idle_ms() >= 3000,
        "the X server saw input during the test"
    );

    // Back at the machine: one nudge, then the usual stream of input.
    session.xvfb().poke();
    session.keep_active();
    let (back_at, returned) = session.history().wait_for_event_at(at + 1, "returned");
    assert_well_formed(&returned);
    assert!(timestamp(&returned) >= timestamp(&natural_break));

    let reminder = wait_for_reminder(
        &session,
        Mark {
            history: back_at + 1,
            notifications: 0,
        },
    );
    let sitting = reminder.event["sitting_s"]
        .as_f64()
        .unwrap_or_else(|| panic!("`reminded` has no sitting_s: {}", reminder.event));
    let since_return = timestamp(&reminder.event)
        .duration_since(timestamp(&returned))
        .as_secs_f64();
    assert!(
        sitting <= since_return + 1.0,
        "sitting time did not restart at the break: reminded with sitting_s = {sitting} only \
         {since_return:.1}s after returning\n{}",
        reminder.event
    );
}

#[test]
fn the_return_is_seen_at_the_input_not_at_the_next_poll() {
    let mut session = Session::new();
    session.write_config(LONG_BREAK);
    session.start_app();
    let (at, natural_break) = session.history().wait_for_event_at(0, "natural_break");
    assert_well_formed(&natural_break);
    assert_eq!(natural_break["cause"], "idle", "{natural_break}");

    // Right after the break is written: a watch that asks has just asked, and would ask next
    // 2 s from now.
    let touched = wall_now();
    session.xvfb().poke();
    let returned = session.history().wait_for_event_since(at + 1, "returned");
    assert_well_formed(&returned);
    let seen = timestamp(&returned).duration_since(touched);
    eprintln!("the return was recorded {seen:#} after the input");
    assert!(
        seen.as_secs_f64() <= 1.0,
        "the return was recorded {seen:#} after the input, not at it (an asking watch's next \
         look?): {returned}"
    );
    assert!(
        returned["away_s"].as_f64().is_some_and(|away| away >= 10.0),
        "away for at least natural_break: {returned}"
    );
}

#[test]
fn without_xsync_mit_screen_saver_is_asked_and_breaks_still_count() {
    let mut session = Session::new();
    // The same Xvfb, seen through a proxy that makes it one without SYNC.
    let proxy = XProxy::start(session.display(), &["SYNC"]);
    let display = proxy.display();
    let out = doctor(&session, &[("DISPLAY", &display)]);
    assert!(
        stdout(&out).contains("idle: X11 (MIT-SCREEN-SAVER): works, chosen\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    let mut env = session.env();
    env.retain(|(name, _)| name != "DISPLAY");
    env.push(("DISPLAY".into(), display.into()));
    session.start_app_with_env(&env);
    let (at, natural_break) = session.history().wait_for_event_at(0, "natural_break");
    assert_eq!(natural_break["cause"], "idle", "{natural_break}");
    let touched = wall_now();
    session.xvfb().poke();
    let returned = session.history().wait_for_event_since(at + 1, "returned");
    // Seen at the next question: every second for a 3 s natural_break.
    let seen = timestamp(&returned).duration_since(touched);
    assert!(seen.as_secs_f64() <= 2.5, "{seen:#}: {returned}");
    assert!(
        session.app().log().contains("asking MIT-SCREEN-SAVER"),
        "the log should say why MIT-SCREEN-SAVER is asked"
    );
}

#[test]
fn doctor_under_x11_chooses_the_xsync_alarms() {
    let session = Session::with(Services::NO_NOTIFICATIONS);
    let out = doctor(&session, &[("XDG_SESSION_TYPE", "x11")]);
    let text = stdout(&out);
    assert!(
        text.contains("idle: X11 (XSync IDLETIME): works, chosen\n"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
}

#[test]
fn doctor_under_a_wayland_session_refuses_xwayland() {
    // DISPLAY is set (as XWayland sets it) but the session is Wayland, with no compositor.
    let session = Session::with(Services::NO_NOTIFICATIONS);
    let out = doctor(&session, &[("XDG_SESSION_TYPE", "wayland")]);
    let text = stdout(&out);
    assert!(
        text.contains(
            "idle: X11 (XSync IDLETIME, MIT-SCREEN-SAVER): not used: a Wayland session: \
             XWayland's idle time sees only X clients\n"
        ),
        "{text}"
    );
    assert!(text.contains("idle: none works"), "{text}");
    assert_eq!(out.status.code(), Some(1), "{text}");
}

#[test]
fn a_shorter_natural_break_is_watched_from_the_config_change_on() {
    let mut session = Session::new();
    session.write_config(&long_break_with("60s"));
    session.start_app();
    wait_until(TIMEOUT, "the idle source to be chosen", || {
        session
            .app()
            .log()
            .contains("idle time from X11 (XSync IDLETIME)")
            .then_some(())
    });
    assert_holds_for(Duration::from_secs(4), "no break before 60 s", || {
        session.history().named("natural_break").is_empty()
    });

    // Already idle for longer than the new natural_break: a break at once, as long as the
    // user has really been away.
    session.replace_config(&long_break_with("3s"));
    let changed = wall_now();
    let natural_break = session.history().wait_for_event("natural_break");
    assert_eq!(natural_break["cause"], "idle", "{natural_break}");
    let seen = timestamp(&natural_break).duration_since(changed);
    assert!(
        seen.as_secs_f64() <= 3.0,
        "{seen:#} after the change: {natural_break}"
    );
    assert!(
        natural_break["away_s"]
            .as_f64()
            .is_some_and(|away| away >= 4.0),
        "{natural_break}"
    );
}
