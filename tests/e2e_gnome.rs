//! GNOME: idle time from real headless mutter's `org.gnome.Mutter.IdleMonitor`, with input
//! made through mutter's own RemoteDesktop, so mutter sees it exactly as a user's.
//! Needs `mutter` (Debian package mutter).

mod support;

use std::ffi::OsString;
use std::process::Output;
use std::time::Duration;

use support::app::binary;
use support::config;
use support::history::timestamp;
use support::mutter::{gnome_env, Mutter, RemoteDesktop};
use support::wait::assert_holds_for;
use support::{wait_until, Session, TIMEOUT};

const CHOSEN: &str = "idle: GNOME (org.gnome.Mutter.IdleMonitor): works, chosen";

fn doctor(env: &[(String, OsString)]) -> Output {
    std::process::Command::new(binary())
        .arg("doctor")
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("run unknot doctor")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn remote_desktop_input_resets_mutters_idle_time() {
    let session = Session::new();
    let _mutter = Mutter::start(&session);
    let remote = RemoteDesktop::start(&session);
    wait_until(TIMEOUT, "mutter's idle time to pass 1.5s", || {
        (Mutter::idle_ms(&session) >= 1500).then_some(())
    });
    // Mutter takes the input from its queue a moment after the call returns: wait for the
    // reset. Without one the idle time only grows from 1.5 s, so this cannot pass by chance.
    remote.move_pointer(3.0, 3.0);
    wait_until(
        TIMEOUT,
        "a pointer move to reset mutter's idle time",
        || (Mutter::idle_ms(&session) < 1000).then_some(()),
    );
    wait_until(TIMEOUT, "mutter's idle time to pass 1.5s again", || {
        (Mutter::idle_ms(&session) >= 1500).then_some(())
    });
    remote.tap_key();
    wait_until(TIMEOUT, "a key press to reset mutter's idle time", || {
        (Mutter::idle_ms(&session) < 1000).then_some(())
    });
}

#[test]
fn doctor_chooses_gnome_under_mutter() {
    let session = Session::new();
    let _mutter = Mutter::start(&session);
    let out = doctor(&gnome_env(&session));
    let said = text(&out);
    assert!(out.status.success(), "unknot doctor failed:\n{said}");
    assert!(
        said.contains(CHOSEN),
        "unknot doctor did not choose GNOME:\n{said}"
    );
    assert!(
        said.contains("session: wayland (GNOME)"),
        "unknot doctor did not see the GNOME Wayland session:\n{said}"
    );
}

#[test]
fn doctor_says_why_not_gnome_without_mutter() {
    let session = Session::new();
    let out = doctor(&gnome_env(&session));
    let said = text(&out);
    assert!(
        said.contains("idle: GNOME (org.gnome.Mutter.IdleMonitor): not used: no org.gnome.Mutter.IdleMonitor on the session bus"),
        "unknot doctor did not say why GNOME is not used:\n{said}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "no idle source works, yet:\n{said}"
    );
}

#[test]
fn away_under_mutter_is_a_natural_break_and_input_a_return() {
    let mut session = Session::new();
    let mutter = Mutter::start(&session);
    let remote = RemoteDesktop::start(&session);
    let activity = remote.keep_active();
    session.start_app_with_env(&gnome_env(&session));
    wait_until(TIMEOUT, "unknot to choose GNOME", || {
        session
            .app()
            .log()
            .contains("idle time from GNOME")
            .then_some(())
    });

    // At work: mutter sees the input, so no break however long it goes on.
    assert_holds_for(
        Duration::from_secs(5),
        "no natural break while input comes through RemoteDesktop",
        || session.history().named("natural_break").is_empty(),
    );

    // Away: no input at all for longer than natural_break (3s).
    drop(activity);
    let (at, natural_break) = session.history().wait_for_event_at(0, "natural_break");
    assert_eq!(
        natural_break["cause"], "idle",
        "a break seen by mutter has cause idle: {natural_break}"
    );
    assert!(
        Mutter::idle_ms(&session) >= 3000,
        "mutter saw input during the break"
    );

    // Back: one pointer move through mutter, seen at once (mutter says so; nothing polls).
    let moved = jiff::Timestamp::now();
    remote.move_pointer(5.0, 0.0);
    let (_, returned) = session.history().wait_for_event_at(at + 1, "returned");
    support::history::assert_well_formed(&returned);
    let late = timestamp(&returned).duration_since(moved).as_secs_f64();
    assert!(
        late < 1.0,
        "the return was logged {late:.2}s after the input: {returned}"
    );
    drop(mutter);
}

#[test]
fn a_longer_natural_break_moves_mutters_idle_watch() {
    let mut session = Session::new();
    let _mutter = Mutter::start(&session);
    let remote = RemoteDesktop::start(&session);
    let activity = remote.keep_active();
    session.start_app_with_env(&gnome_env(&session));
    wait_until(TIMEOUT, "unknot to choose GNOME", || {
        session
            .app()
            .log()
            .contains("idle time from GNOME")
            .then_some(())
    });

    // While the user works: the watch at 3s is replaced by one at 6s.
    session.replace_config(&config::with_value("natural_break", "\"6s\""));
    wait_until(TIMEOUT, "unknot to apply the new natural_break", || {
        session
            .app()
            .log()
            .contains("settings applied")
            .then_some(())
    });
    let applied = session.app().log().len();
    drop(activity);
    session.wait_for_event("natural_break");
    // The core would wait out the 6s whatever the watch said, so look at what mutter said:
    // the driver logs each presence event at debug level.
    let log = session.app().log();
    let idle = log[applied..]
        .lines()
        .find_map(|line| line.split_once("presence Idle(")?.1.strip_suffix("s)"))
        .unwrap_or_else(|| panic!("no `presence Idle(..)` logged after the change:\n{log}"));
    let idle: f64 = idle
        .parse()
        .unwrap_or_else(|e| panic!("`presence Idle({idle}s)`: {e}"));
    assert!(
        idle >= 5.9,
        "mutter's watch fired after {idle}s, not at the new natural_break of 6s"
    );
}

#[test]
fn mutter_leaving_is_noticed_and_its_return_chosen_again() {
    let mut session = Session::new();
    let mut mutter = Mutter::start(&session);
    session.start_app_with_env(&gnome_env(&session));
    let chosen = |n: usize| {
        wait_until(
            TIMEOUT,
            format!("unknot to choose GNOME ({n} times)"),
            || (session.app().log().matches("idle time from GNOME").count() >= n).then_some(()),
        )
    };
    chosen(1);

    mutter.stop();
    wait_until(TIMEOUT, "unknot to see mutter leave", || {
        session
            .app()
            .log()
            .contains("idle source GNOME (org.gnome.Mutter.IdleMonitor) went away")
            .then_some(())
    });
    session.app().assert_running("after mutter left");
    let out = doctor(&gnome_env(&session));
    let said = text(&out);
    assert!(
        out.status.code() == Some(1) && said.contains("idle: none works"),
        "with mutter gone no idle source works, yet unknot doctor said:\n{said}"
    );

    // GNOME Shell restarting: the same names, a new owner, none of the old watches.
    let _mutter = Mutter::start(&session);
    wait_until(
        Duration::from_secs(30),
        "unknot to choose GNOME again",
        || (session.app().log().matches("idle time from GNOME").count() >= 2).then_some(()),
    );
    session.app().assert_running("after mutter came back");
}
