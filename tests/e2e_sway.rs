//! Idle time under a real headless sway: Debian 12's 1.7, which offers `org_kde_kwin_idle`, and
//! Debian 13's, which offers `ext_idle_notifier_v1`. unknot runs with WAYLAND_DISPLAY and no
//! DISPLAY, as under a sway session; input comes from a virtual keyboard (wtype).

mod support;

use std::process::Stdio;

use support::app::binary;
use support::config::with_value;
use support::history::assert_well_formed;
use support::sway::{Release, Sway};
use support::{wait_until, Session, LONG, TIMEOUT};

const KWIN: &str = "Wayland (org_kde_kwin_idle)";
const EXT: &str = "Wayland (ext_idle_notifier_v1)";

fn doctor_chooses(release: Release, protocol: &str) {
    let session = Session::new();
    let sway = Sway::start(release);
    let out = std::process::Command::new(binary())
        .arg("doctor")
        .env_clear()
        .envs(sway.app_env(&session))
        .stdin(Stdio::null())
        .output()
        .expect("run unknot doctor");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report = format!(
        "unknot doctor ({}):\n{stdout}{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        sway.log()
    );
    assert!(
        stdout.contains(&format!("idle: {protocol}: works, chosen")),
        "doctor should choose {protocol}\n{report}"
    );
    assert!(
        stdout.contains(&format!("WAYLAND_DISPLAY={}", sway.socket().display())),
        "doctor should show the session's WAYLAND_DISPLAY\n{report}"
    );
    assert!(out.status.success(), "doctor should exit 0\n{report}");
}

#[test]
fn doctor_chooses_kwin_idle_under_sway_1_7() {
    doctor_chooses(Release::Host, KWIN);
}

#[test]
fn doctor_chooses_ext_idle_notify_under_trixie_sway() {
    doctor_chooses(Release::Trixie, EXT);
}

/// Nobody types: a natural break with cause idle. A key: `returned`.
fn away_and_back(release: Release, protocol: &str) {
    let mut session = Session::new();
    let sway = Sway::start(release);
    let env = sway.app_env(&session);
    session.start_app_with_env(&env);
    let chosen = format!("idle time from {protocol}");
    wait_until(TIMEOUT, &chosen, || {
        session.app().log().contains(&chosen).then_some(())
    });

    let (at, natural_break) = session.history().wait_for_event_at(0, "natural_break");
    assert_well_formed(&natural_break);
    assert_eq!(
        natural_break["cause"], "idle",
        "the break was seen through {protocol}: {natural_break}"
    );
    assert!(
        session.history().named("returned").is_empty(),
        "returned before any input"
    );

    sway.press_key();
    let (_, returned) = session.history().wait_for_event_at(at + 1, "returned");
    assert_well_formed(&returned);
}

#[test]
fn idle_under_sway_1_7_is_a_natural_break_and_a_key_returns() {
    away_and_back(Release::Host, KWIN);
}

#[test]
fn idle_under_trixie_sway_is_a_natural_break_and_a_key_returns() {
    away_and_back(Release::Trixie, EXT);
}

/// sway ending (the user logs out of it) is no crash: unknot says the source went away, keeps
/// running, and chooses it again when sway is back on the same socket.
#[test]
fn unknot_chooses_again_when_sway_ends_and_comes_back() {
    let mut session = Session::new();
    let mut sway = Sway::start(Release::Trixie);
    let env = sway.app_env(&session);
    session.start_app_with_env(&env);
    let chosen = format!("idle time from {EXT}");
    let times_chosen = |session: &Session| session.app().log().matches(&chosen).count();
    wait_until(TIMEOUT, &chosen, || {
        (times_chosen(&session) == 1).then_some(())
    });

    sway.stop();
    let gone = format!("idle source {EXT} went away (the compositor closed the connection)");
    wait_until(TIMEOUT, &gone, || {
        session.app().log().contains(&gone).then_some(())
    });
    session.app().assert_running("after sway ended");
    assert_eq!(times_chosen(&session), 1, "chosen again with sway gone");

    sway.restart();
    assert_eq!(
        env.iter()
            .find(|(name, _)| name == "WAYLAND_DISPLAY")
            .map(|(_, v)| v.clone()),
        Some(sway.socket().into()),
        "sway came back on another socket"
    );
    wait_until(LONG, format!("{chosen}, again"), || {
        (times_chosen(&session) == 2).then_some(())
    });
}

/// The threshold changes while the user is away (here: a new `natural_break`): the return is
/// still seen, though the compositor says "resumed" only to the notification that saw them go.
fn a_new_threshold_while_away_still_sees_the_return(release: Release, protocol: &str) {
    let mut session = Session::new();
    let sway = Sway::start(release);
    let env = sway.app_env(&session);
    session.start_app_with_env(&env);
    let (at, _) = session.history().wait_for_event_at(0, "natural_break");

    session.replace_config(&with_value("natural_break", "\"7s\""));
    let rearmed = format!("{protocol}: watching for 7s without input");
    wait_until(TIMEOUT, &rearmed, || {
        session.app().log().contains(&rearmed).then_some(())
    });
    sway.press_key();
    let (_, returned) = session.history().wait_for_event_at(at + 1, "returned");
    assert_well_formed(&returned);
}

#[test]
fn a_new_threshold_while_away_under_sway_1_7_still_sees_the_return() {
    a_new_threshold_while_away_still_sees_the_return(Release::Host, KWIN);
}

#[test]
fn a_new_threshold_while_away_under_trixie_sway_still_sees_the_return() {
    a_new_threshold_while_away_still_sees_the_return(Release::Trixie, EXT);
}
