//! The camera in use by another program: a reminder that falls due while a process holds one
//! of the `[quiet] camera_devices` open is held (no notification, `status` says why), and
//! comes after the grace once the device is closed. The devices are plain files in the
//! session's temp dir, held open by a real process, as a call holds /dev/video0.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use support::config::TEST_CONFIG;
use support::control::{quiet, wait_for_status};
use support::process::GroupChild;
use support::reminders::{is_reminder, sitting_s, wait_for_reminder, Mark};
use support::wait::{assert_holds_for, now};
use support::Session;

/// The session's fake cameras, `video0` and `video1`, with a config that looks for them.
fn cameras(session: &Session, grace: &str) -> PathBuf {
    let dir = session.path("dev");
    std::fs::create_dir_all(&dir).expect("create the fake /dev");
    for name in ["video0", "video1", "audio0"] {
        std::fs::write(dir.join(name), b"").expect("write a fake device");
    }
    session.write_config(&format!(
        "{TEST_CONFIG}\n[quiet]\ncamera_devices = \"{}/video*\"\ngrace = \"{grace}\"\n",
        dir.display()
    ));
    dir
}

/// A program in a call: it opens `device` and keeps it open until told (a line on its stdin)
/// to close it, then goes on running, as a video call app does when the call ends.
struct Call {
    child: GroupChild,
}

impl Call {
    fn start(device: &Path) -> Call {
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            r#"exec 3<"$1" || exit 1; echo open; read -r _; exec 3<&-; exec sleep 600"#,
            "call",
        ])
        .arg(device)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
        let mut child = GroupChild::spawn("the call (sh holding the camera)", cmd);
        let mut out = std::io::BufReader::new(child.child_mut().stdout.take().expect("stdout"));
        let mut line = String::new();
        std::io::BufRead::read_line(&mut out, &mut line).expect("read the call's stdout");
        assert_eq!(
            line,
            "open\n",
            "the call could not open {}",
            device.display()
        );
        Call { child }
    }

    fn pid(&self) -> u32 {
        self.child.pid()
    }

    /// Closes the device; the program goes on running.
    fn hang_up(&mut self) {
        let stdin = self.child.child_mut().stdin.as_mut().expect("stdin");
        stdin.write_all(b"bye\n").expect("tell the call to hang up");
        stdin.flush().expect("flush");
    }
}

/// After the grace the core asks about the camera once more; the reminder must have waited
/// for that answer, not gone ahead when the core gave up waiting for it.
fn assert_answered_before_the_reminder(log: &str) {
    let lines: Vec<&str> = log.lines().collect();
    let shown = lines
        .iter()
        .position(|l| l.contains("reminder: "))
        .unwrap_or_else(|| panic!("no reminder in the app's log"));
    let asked = lines[..shown]
        .iter()
        .rposition(|l| l.contains("is another program using the camera"))
        .unwrap_or_else(|| panic!("the camera was never asked about before the reminder"));
    assert!(
        lines[asked..shown]
            .iter()
            .any(|l| l.contains("quiet Quiet { reason: Camera, on: false }")),
        "the reminder came without the camera's answer:\n{}",
        lines[asked..=shown].join("\n")
    );
}

fn no_reminder_shown(session: &Session) -> bool {
    !session
        .notifications()
        .notifications()
        .iter()
        .any(is_reminder)
}

#[test]
fn a_call_on_the_camera_holds_the_reminder_until_it_hangs_up() {
    let mut session = Session::new();
    let dev = cameras(&session, "1s");
    let mut call = Call::start(&dev.join("video1"));
    session.keep_active();
    session.start_app();

    let held = wait_for_status(&session, "held, quiet for the camera", |s| {
        s["state"] == "held" && quiet(s).contains(&"camera")
    });
    assert!(no_reminder_shown(&session), "a reminder while held: {held}");
    assert_holds_for(
        Duration::from_secs(2),
        "no reminder while the call holds the camera",
        || no_reminder_shown(&session),
    );
    let log = session.app().log();
    let by = format!("camera in use by sh (PID {})", call.pid());
    assert!(log.contains(&by), "the app's log does not say {by:?}");

    let hung_up = now();
    call.hang_up();
    let reminder = wait_for_reminder(&session, Mark::START);
    let after = hung_up.elapsed();
    assert!(
        after >= Duration::from_secs(1),
        "the reminder came {after:?} after the call hung up, before the grace (1s)"
    );
    assert_answered_before_the_reminder(&session.app().log());
    let events = session.history().events();
    let at = events
        .iter()
        .position(|e| e["event"] == "held")
        .unwrap_or_else(|| panic!("no `held` in the history: {events:?}"));
    let held = &events[at];
    assert_eq!(held["reason"], "camera", "{held}");
    assert!(at < reminder.index, "`held` after `reminded`: {events:?}");
    assert_eq!(held["exercise"], reminder.event["exercise"], "{held}");
    assert!(
        held["held_s"].as_f64().is_some_and(|s| s >= 2.0),
        "held for at least the 2 s checked above: {held}"
    );
    let status = wait_for_status(&session, "no quiet", |s| quiet(s).is_empty());
    assert_ne!(status["state"], "held", "{status}");
    // The call's program still runs: it was the close that counted.
    assert!(call.child.try_status().is_none(), "the call exited");
}

#[test]
fn with_the_camera_free_the_reminder_comes_at_once() {
    let mut session = Session::new();
    // A long grace: a reminder wrongly held would come far later than `every` (4s).
    cameras(&session, "1m");
    session.keep_active();
    session.start_app();

    let reminder = wait_for_reminder(&session, Mark::START);
    assert!(
        sitting_s(&reminder) < 30.0,
        "the reminder waited for a grace: {}",
        reminder.event
    );
    let names = session.history().names();
    assert!(
        !names.iter().any(|n| n == "held"),
        "a `held` with the camera free: {names:?}"
    );
}

#[test]
fn a_program_that_exits_frees_the_camera() {
    let mut session = Session::new();
    let dev = cameras(&session, "1s");
    let mut call = Call::start(&dev.join("video0"));
    session.keep_active();
    session.start_app();

    wait_for_status(&session, "held, quiet for the camera", |s| {
        s["state"] == "held" && quiet(s).contains(&"camera")
    });
    assert!(no_reminder_shown(&session));
    call.child.terminate(Duration::from_secs(3));
    let reminder = wait_for_reminder(&session, Mark::START);
    let held = session.history().wait_for_event("held");
    assert_eq!(held["reason"], "camera", "{held}");
    assert_eq!(held["exercise"], reminder.event["exercise"], "{held}");
}
