//! Quiet while a fullscreen window has the focus, with real window managers: openbox under
//! Xvfb (windows made fullscreen and focused with wmctrl, as a user's keys would), and real
//! headless sway (Debian 12's 1.7 and Debian 13's) with a real Wayland client window made
//! fullscreen by `swaymsg`. A reminder due meanwhile is held, with no notification, and comes
//! after the grace once the window leaves fullscreen; the history says it was held and why.
//! Under GNOME Wayland (real headless mutter), `unknot doctor` says plainly it cannot see them.

mod support;

use std::ffi::OsString;
use std::process::{Output, Stdio};

use serde_json::Value;
use support::app::binary;
use support::control::{quiet, wait_for_status};
use support::history::{event_name, timestamp};
use support::mutter::{gnome_env, Mutter};
use support::openbox::Openbox;
use support::reminders::is_reminder;
use support::sway::{Release, Sway};
use support::wait::{assert_holds_for, wait_until_with};
use support::wayland_window::WaylandWindow;
use support::{wait_until, Session, TIMEOUT};

/// A reminder due 3 s into sitting, raised 1 s after quiet ends. Nobody types in these tests:
/// a natural break far away keeps the sitting time running.
const CONFIG: &str = r#"[breaks]
every = "3s"
natural_break = "1h"
snooze = "3s"
max_snoozes = 2
remind_again = "30s"

[quiet]
grace = "1s"
"#;

/// No reminder during the test: only the quiet reasons in the status change.
const NO_REMINDER: &str = r#"[breaks]
every = "1h"
natural_break = "1h"

[quiet]
grace = "1s"
"#;

const A: &str = "unknot-fullscreen-a";
const B: &str = "unknot-fullscreen-b";
const X11: &str = "X11 (_NET_ACTIVE_WINDOW, _NET_WM_STATE)";
const WLR: &str = "Wayland (zwlr_foreign_toplevel_manager_v1)";

fn doctor(env: &[(String, OsString)]) -> (Output, String) {
    let out = std::process::Command::new(binary())
        .arg("doctor")
        .env_clear()
        .envs(env.iter().cloned())
        .stdin(Stdio::null())
        .output()
        .expect("run unknot doctor");
    let said = format!(
        "unknot doctor ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, said)
}

/// The line `unknot doctor` printed for the fullscreen source.
fn fullscreen_line(env: &[(String, OsString)]) -> (String, String) {
    let (out, said) = doctor(env);
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.starts_with("fullscreen: "))
        .unwrap_or_else(|| panic!("no fullscreen line\n{said}"))
        .to_owned();
    (line, said)
}

/// Waits for `unknot doctor` to print `expected` as its fullscreen line: the window manager
/// applies a request a moment after wmctrl or swaymsg returns.
fn wait_for_doctor_line(env: &[(String, OsString)], expected: &str) {
    let last = std::cell::RefCell::new(String::new());
    wait_until_with(
        TIMEOUT,
        format!("unknot doctor to say {expected:?}"),
        || {
            let (line, said) = fullscreen_line(env);
            *last.borrow_mut() = said;
            (line == expected).then_some(())
        },
        || last.borrow().clone(),
    );
}

fn quiet_for_fullscreen(status: &Value) -> bool {
    quiet(status).contains(&"fullscreen")
}

/// Waits until the status says quiet for a fullscreen window is (`on`) or is not in force.
fn wait_for_quiet(session: &Session, on: bool) -> Value {
    let what = if on {
        "quiet lists fullscreen"
    } else {
        "quiet no longer lists fullscreen"
    };
    wait_for_status(session, what, |s| quiet_for_fullscreen(s) == on)
}

fn wait_for_log(session: &Session, line: &str) {
    wait_until(TIMEOUT, format!("the log to say {line:?}"), || {
        session.app().log().contains(line).then_some(())
    });
}

/// The reminder falls due while `make_fullscreen` holds it back: it is held, with no
/// notification, until `leave_fullscreen`; then it comes, after the grace, and the history has
/// `held` for the reason `fullscreen` before `reminded`.
fn held_until_fullscreen_ends(
    session: &Session,
    make_fullscreen: impl FnOnce(),
    leave_fullscreen: impl FnOnce(),
) {
    make_fullscreen();
    let held = wait_for_status(session, "the due reminder held for fullscreen", |s| {
        quiet_for_fullscreen(s) && s["state"] == "held"
    });
    let notifications = session.notifications();
    let reminders = || {
        notifications
            .notifications()
            .into_iter()
            .filter(is_reminder)
            .collect::<Vec<_>>()
    };
    assert!(
        reminders().is_empty(),
        "a reminder while a fullscreen window has the focus: {held}\n{:?}",
        reminders()
    );
    // Held, not late: the reminder stays back while the window stays fullscreen.
    assert_holds_for(
        std::time::Duration::from_secs(2),
        "no reminder while fullscreen",
        || reminders().is_empty(),
    );
    assert!(
        session.history().named("reminded").is_empty(),
        "reminded while held"
    );

    let left = jiff::Timestamp::now();
    leave_fullscreen();
    wait_for_quiet(session, false);
    notifications.wait_for_notify("the held reminder after the grace", is_reminder);
    let reminded = session.history().wait_for_event("reminded");
    let late = timestamp(&reminded).duration_since(left);
    assert!(
        late >= jiff::SignedDuration::from_millis(900),
        "the reminder came {late:?} after fullscreen ended, within the grace of 1s: {reminded}"
    );
    let events = session.history().events();
    let at = |name: &str| events.iter().position(|e| event_name(e) == name);
    let held = at("held").unwrap_or_else(|| panic!("no `held` in the history: {events:?}"));
    assert_eq!(events[held]["reason"], "fullscreen", "{}", events[held]);
    assert!(
        held < at("reminded").expect("reminded"),
        "`held` comes before `reminded`: {events:?}"
    );
    assert_eq!(
        events[held]["exercise"], reminded["exercise"],
        "the held reminder is the one raised: {events:?}"
    );
}

// ---- X11: openbox under Xvfb ----

#[test]
fn doctor_sees_fullscreen_windows_through_openbox() {
    let session = Session::new();
    let (line, said) = fullscreen_line(&session.env());
    assert!(
        line.contains(&format!("{X11}: no EWMH window manager runs")),
        "without a window manager:\n{said}"
    );

    let mut openbox = Openbox::start(&session);
    openbox.open_window(A);
    openbox.fullscreen(A, true);
    openbox.focus(A);
    let now = |what: &str| format!("fullscreen: {X11}: window manager Openbox; {what}");
    wait_for_doctor_line(
        &session.env(),
        &now("a fullscreen window has the focus now"),
    );
    openbox.fullscreen(A, false);
    wait_for_doctor_line(
        &session.env(),
        &now("no fullscreen window has the focus now"),
    );
}

#[test]
fn a_fullscreen_window_under_openbox_holds_the_reminder_until_it_leaves_fullscreen() {
    let mut session = Session::new();
    session.write_config(CONFIG);
    let mut openbox = Openbox::start(&session);
    openbox.open_window(A);
    openbox.focus(A);
    session.start_app();
    wait_for_log(&session, &format!("fullscreen windows from {X11}"));
    held_until_fullscreen_ends(
        &session,
        || openbox.fullscreen(A, true),
        || openbox.fullscreen(A, false),
    );
}

#[test]
fn focus_moving_off_and_back_to_a_fullscreen_window_under_openbox_flips_quiet() {
    let mut session = Session::new();
    session.write_config(NO_REMINDER);
    let mut openbox = Openbox::start(&session);
    openbox.open_window(A);
    openbox.open_window(B);
    session.start_app();
    wait_for_log(&session, &format!("fullscreen windows from {X11}"));
    openbox.focus(A);
    openbox.fullscreen(A, true);
    wait_for_quiet(&session, true);
    openbox.focus(B);
    wait_for_quiet(&session, false);
    openbox.focus(A);
    wait_for_quiet(&session, true);
    // The fullscreen window goes away with the focus on it: openbox moves the focus on.
    openbox.close_window(A);
    wait_for_quiet(&session, false);
    session
        .app()
        .assert_running("after the focused window vanished");
}

// ---- wlroots: real headless sway ----

/// `swaymsg [app_id=NAME] COMMAND...`.
fn on_window(sway: &Sway, name: &str, command: &[&str]) {
    let criteria = format!("[app_id=\"{name}\"]");
    let mut args = vec![criteria.as_str()];
    args.extend_from_slice(command);
    sway.msg(&args);
}

fn doctor_sees_fullscreen_windows_under_sway(release: Release) {
    let session = Session::new();
    let sway = Sway::start(release);
    let _window = WaylandWindow::open(sway.socket(), A);
    let env = sway.app_env(&session);
    let now = |what: &str| format!("fullscreen: {WLR}: 1 windows; {what}");
    wait_for_doctor_line(&env, &now("no fullscreen window has the focus now"));
    on_window(&sway, A, &["fullscreen", "enable"]);
    wait_for_doctor_line(&env, &now("a fullscreen window has the focus now"));
}

#[test]
fn doctor_sees_fullscreen_windows_under_sway_1_7() {
    doctor_sees_fullscreen_windows_under_sway(Release::Host);
}

#[test]
fn doctor_sees_fullscreen_windows_under_trixie_sway() {
    doctor_sees_fullscreen_windows_under_sway(Release::Trixie);
}

fn held_under_sway(release: Release) {
    let mut session = Session::new();
    session.write_config(CONFIG);
    let sway = Sway::start(release);
    let _window = WaylandWindow::open(sway.socket(), A);
    let env = sway.app_env(&session);
    session.start_app_with_env(&env);
    wait_for_log(&session, &format!("fullscreen windows from {WLR}"));
    held_until_fullscreen_ends(
        &session,
        || on_window(&sway, A, &["fullscreen", "enable"]),
        || on_window(&sway, A, &["fullscreen", "disable"]),
    );
}

#[test]
fn a_fullscreen_window_under_sway_1_7_holds_the_reminder_until_it_leaves_fullscreen() {
    held_under_sway(Release::Host);
}

#[test]
fn a_fullscreen_window_under_trixie_sway_holds_the_reminder_until_it_leaves_fullscreen() {
    held_under_sway(Release::Trixie);
}

/// A fullscreen window on a workspace the user left is not in the way: quiet follows the focus.
#[test]
fn leaving_the_workspace_of_a_fullscreen_window_under_sway_flips_quiet() {
    let mut session = Session::new();
    session.write_config(NO_REMINDER);
    let sway = Sway::start(Release::Trixie);
    let window_a = WaylandWindow::open(sway.socket(), A);
    let _window_b = WaylandWindow::open(sway.socket(), B);
    on_window(&sway, B, &["move", "container", "to", "workspace", "2"]);
    let env = sway.app_env(&session);
    session.start_app_with_env(&env);
    wait_for_log(&session, &format!("fullscreen windows from {WLR}"));
    on_window(&sway, A, &["focus"]);
    on_window(&sway, A, &["fullscreen", "enable"]);
    wait_for_quiet(&session, true);
    sway.msg(&["workspace", "2"]);
    wait_for_quiet(&session, false);
    sway.msg(&["workspace", "1"]);
    wait_for_quiet(&session, true);
    // The fullscreen window's program ends.
    drop(window_a);
    wait_for_quiet(&session, false);
    session
        .app()
        .assert_running("after the fullscreen window closed");
}

// ---- GNOME Wayland: no way ----

#[test]
fn doctor_says_fullscreen_windows_cannot_be_seen_on_gnome_wayland() {
    let session = Session::new();
    let _mutter = Mutter::start(&session);
    let (line, said) = fullscreen_line(&gnome_env(&session));
    assert!(
        line.starts_with(
            "fullscreen: not seen: fullscreen windows cannot be seen on GNOME Wayland ("
        ),
        "{said}"
    );
}
