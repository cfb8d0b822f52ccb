//! KDE's fallback idle source, `org.freedesktop.ScreenSaver.GetSessionIdleTime`, against a
//! test service speaking the real interface: KDE's (idle time grows until input), and GNOME's
//! stand-in, which answers NotSupported and so must not be used.

mod support;

use std::ffi::OsString;
use std::process::Output;

use support::app::binary;
use support::kde::{Kind, TestScreenSaver};
use support::{wait_until, Session, TIMEOUT};

const KDE: &str = "idle: KDE (org.freedesktop.ScreenSaver)";

/// A Plasma Wayland session that offers no Wayland idle protocol unknot can reach (no
/// WAYLAND_DISPLAY), and no X server: only the ScreenSaver service can tell idle time.
fn plasma_env(session: &Session) -> Vec<(String, OsString)> {
    let mut env: Vec<(String, OsString)> = session
        .env()
        .into_iter()
        .filter(|(name, _)| name != "DISPLAY")
        .collect();
    env.push(("XDG_SESSION_TYPE".into(), "wayland".into()));
    env.push(("XDG_CURRENT_DESKTOP".into(), "KDE".into()));
    env
}

fn doctor(env: &[(String, OsString)]) -> (Output, String) {
    let out = std::process::Command::new(binary())
        .arg("doctor")
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("run unknot doctor");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, said)
}

#[test]
fn doctor_chooses_kde_when_only_its_screensaver_tells_idle_time() {
    let session = Session::new();
    let screensaver = TestScreenSaver::start(session.bus(), Kind::Kde);
    let (out, said) = doctor(&plasma_env(&session));
    assert!(out.status.success(), "unknot doctor failed:\n{said}");
    assert!(
        said.contains(&format!("{KDE}: works, chosen")),
        "unknot doctor did not choose KDE:\n{said}"
    );
    assert!(
        said.contains("idle: X11 (XSync IDLETIME, MIT-SCREEN-SAVER): not used: no DISPLAY"),
        "unknot doctor did not say why not X11:\n{said}"
    );
    assert!(
        screensaver.asked() >= 1,
        "unknot doctor never asked for idle time"
    );
}

#[test]
fn gnomes_screensaver_stand_in_is_not_used() {
    let session = Session::new();
    let _proxy = TestScreenSaver::start(session.bus(), Kind::GnomeProxy);
    let (out, said) = doctor(&plasma_env(&session));
    assert!(
        said.contains(&format!(
            "{KDE}: not used: org.freedesktop.ScreenSaver does not tell idle time \
             (GetSessionIdleTime: not supported)"
        )),
        "unknot doctor did not say why the stand-in is not used:\n{said}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "no idle source works, yet:\n{said}"
    );
}

#[test]
fn doctor_says_why_not_kde_without_its_screensaver() {
    let session = Session::new();
    let (_, said) = doctor(&plasma_env(&session));
    assert!(
        said.contains(&format!(
            "{KDE}: not used: no org.freedesktop.ScreenSaver on the session bus"
        )),
        "unknot doctor did not say why KDE is not used:\n{said}"
    );
}

#[test]
fn away_under_kde_is_a_natural_break_and_input_a_return() {
    let mut session = Session::new();
    let screensaver = TestScreenSaver::start(session.bus(), Kind::Kde);
    session.start_app_with_env(&plasma_env(&session));
    wait_until(TIMEOUT, "unknot to choose KDE", || {
        session
            .app()
            .log()
            .contains("idle time from KDE")
            .then_some(())
    });

    // Idle from the start: the service's idle time grows past natural_break (3s).
    let (at, natural_break) = session.history().wait_for_event_at(0, "natural_break");
    assert_eq!(
        natural_break["cause"], "idle",
        "a break seen by KDE's idle time has cause idle: {natural_break}"
    );

    screensaver.input();
    let (_, returned) = session.history().wait_for_event_at(at + 1, "returned");
    support::history::assert_well_formed(&returned);
}
