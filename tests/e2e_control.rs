//! The control interface against the real app on the test's private bus: every command changes
//! what `status --json` reports and what the history records, a follower sees each change,
//! bad arguments change nothing, and one instance runs however often unknot is started.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Output, Stdio};
use std::sync::mpsc;

use serde_json::Value;
use support::app::{binary, App};
use support::config::with_value;
use support::reminders::{wait_for_reminder, Mark};
use support::{wait_until, Session, TIMEOUT};

/// A config where no reminder comes by itself during a test: the commands make every change.
fn quiet_config() -> String {
    with_value("every", "\"1h\"")
}

fn command(session: &Session, args: &[&str]) -> std::process::Command {
    let mut cmd = session.command(binary().to_str().expect("a UTF-8 binary path"));
    cmd.arg("--config").arg(session.config_path()).args(args);
    cmd
}

/// Runs `unknot ARGS` in the session and returns what it did.
fn unknot(session: &Session, args: &[&str]) -> Output {
    command(session, args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run unknot {args:?}: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs a command that must succeed and returns its one line.
fn ok(session: &Session, args: &[&str]) -> String {
    let output = unknot(session, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "unknot {args:?}: {}",
        text(&output)
    );
    let line = String::from_utf8_lossy(&output.stdout)
        .trim_end()
        .to_owned();
    assert_eq!(
        line.lines().count(),
        1,
        "unknot {args:?} printed not one line: {line}"
    );
    line
}

/// Runs a command that must fail with `code` and change nothing.
fn refused(session: &Session, args: &[&str], code: i32) {
    let before_status = status(session);
    let before_history = session.history().raw();
    let output = unknot(session, args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "unknot {args:?}: {}",
        text(&output)
    );
    assert!(
        !String::from_utf8_lossy(&output.stderr).trim().is_empty(),
        "unknot {args:?} failed without saying why"
    );
    assert_eq!(
        session.history().raw(),
        before_history,
        "unknot {args:?} wrote history"
    );
    let after = status(session);
    for key in [
        "state",
        "exercise",
        "next_reminder",
        "snoozed_until",
        "paused_until",
    ] {
        assert_eq!(
            after[key], before_status[key],
            "unknot {args:?} changed {key}"
        );
    }
}

fn status(session: &Session) -> Value {
    let line = ok(session, &["status", "--json"]);
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("status --json is no JSON ({e}): {line}"))
}

/// Waits until the control interface answers.
fn wait_for_control(session: &Session) -> Value {
    wait_until(TIMEOUT, "unknot to answer `status --json`", || {
        let output = unknot(session, &["status", "--json"]);
        output.status.success().then(|| {
            serde_json::from_slice::<Value>(&output.stdout).expect("status --json is JSON")
        })
    })
}

/// `unknot status --follow`, its lines read as they come.
struct Follower {
    child: Child,
    lines: mpsc::Receiver<Value>,
}

impl Follower {
    fn start(session: &Session) -> Follower {
        let mut child = command(session, &["status", "--follow"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start unknot status --follow");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                let value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("a follow line is no JSON ({e}): {line}"));
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Follower { child, lines }
    }

    /// The next line, within the timeout.
    fn next(&self, what: &str) -> Value {
        self.lines
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|_| panic!("no follow line for {what} within {TIMEOUT:?}"))
    }

    /// Reads lines until one matches.
    fn wait_for(&self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let line = self.next(what);
            if pred(&line) {
                return line;
            }
        }
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn last_event(session: &Session) -> Value {
    session.history().events().pop().expect("a history line")
}

#[test]
fn every_command_changes_the_status_and_the_history() {
    let mut session = Session::new();
    session.write_config(&quiet_config());
    session.start_app();
    let first = wait_for_control(&session);
    assert_eq!(first["state"], "sitting", "{first}");
    assert_eq!(first["class"], "sitting");
    assert_eq!(first["pid"], session.app().pid());
    assert_eq!(first["every_s"], 3600);
    assert!(first["next_reminder"].is_string() && first["text"].is_string());
    let follower = Follower::start(&session);
    assert_eq!(follower.next("the first line")["state"], "sitting");

    let line = ok(&session, &["stretch"]);
    assert!(line.starts_with("reminder open: "), "{line}");
    assert_eq!(status(&session)["state"], "reminding");
    assert_eq!(last_event(&session)["event"], "reminded");
    assert_eq!(last_event(&session)["manual"], true);
    follower.wait_for("stretch", |s| s["state"] == "reminding");

    refused(&session, &["snooze", "5x"], 2);
    // The server checks too: a D-Bus caller gets InvalidArgs, and nothing changes.
    let before = session.history().raw();
    for (method, arg) in [
        ("Snooze", "5x"),
        ("Pause", "until 25:00"),
        ("Done", "no-such"),
    ] {
        let error = session
            .client()
            .call_method(
                Some("org.unknot.Unknot"),
                "/org/unknot/Unknot",
                Some("org.unknot.Control1"),
                method,
                &(arg,),
            )
            .expect_err("a bad argument is refused");
        match error {
            zbus::Error::MethodError(name, Some(why), _) => {
                assert_eq!(
                    name.as_str(),
                    "org.freedesktop.DBus.Error.InvalidArgs",
                    "{why}"
                );
                assert!(why.contains(arg.trim_start_matches("until ")), "{why}");
            }
            other => panic!("{method}({arg:?}): {other:?}"),
        }
    }
    assert_eq!(session.history().raw(), before);
    assert_eq!(status(&session)["state"], "reminding");
    let line = ok(&session, &["snooze", "2m"]);
    assert!(line.starts_with("snoozed "), "{line}");
    let now = status(&session);
    assert_eq!(now["state"], "snoozed", "{now}");
    assert!(now["snoozed_until"].is_string(), "{now}");
    assert_eq!(last_event(&session)["event"], "snoozed");
    follower.wait_for("snooze", |s| s["state"] == "snoozed");
    refused(&session, &["snooze"], 1);

    let line = ok(&session, &["skip"]);
    assert!(line.starts_with("skipped "), "{line}");
    assert_eq!(status(&session)["state"], "sitting");
    assert_eq!(last_event(&session)["event"], "skipped");
    follower.wait_for("skip", |s| s["state"] == "sitting");
    refused(&session, &["skip"], 1);

    let line = ok(&session, &["open"]);
    assert!(line.starts_with("opened the page of "), "{line}");
    assert_eq!(last_event(&session)["event"], "opened");
    wait_until(TIMEOUT, "the exercise page handed to xdg-open", || {
        session
            .opened()
            .iter()
            .any(|path| path.ends_with(".html"))
            .then_some(())
    });

    refused(&session, &["done", "no-such-exercise"], 2);
    let line = ok(&session, &["done", "chin-tuck"]);
    assert!(line.starts_with("done: "), "{line}");
    let done = last_event(&session);
    assert_eq!(
        (&done["event"], &done["exercise"]),
        (&"done".into(), &"chin-tuck".into())
    );
    assert_eq!(status(&session)["done_today"], 1);
    follower.wait_for("done", |s| s["done_today"] == 1);

    refused(&session, &["pause", "--until", "25:00"], 2);
    refused(&session, &["resume"], 1);
    let line = ok(&session, &["pause", "10m"]);
    assert!(line.starts_with("paused until "), "{line}");
    let now = status(&session);
    assert_eq!(now["state"], "paused");
    assert!(now["paused_until"].is_string(), "{now}");
    assert!(last_event(&session)["until"].is_string());
    follower.wait_for("pause", |s| s["state"] == "paused");

    let line = ok(&session, &["resume"]);
    assert!(line.starts_with("resumed"), "{line}");
    assert_eq!(status(&session)["state"], "sitting");
    assert_eq!(last_event(&session)["event"], "resumed");
    follower.wait_for("resume", |s| s["state"] == "sitting");

    ok(&session, &["pause", "--indefinitely"]);
    let now = status(&session);
    assert_eq!(
        (&now["state"], &now["paused_until"]),
        (&"paused".into(), &Value::Null)
    );
    assert_eq!(last_event(&session)["event"], "paused");
    follower.wait_for("pause --indefinitely", |s| {
        s["paused_until"].is_null() && s["state"] == "paused"
    });
    ok(&session, &["resume"]);

    session.write_config(&with_value("every", "\"2h\""));
    let line = ok(&session, &["reload"]);
    assert!(line.starts_with("settings reloaded"), "{line}");
    assert_eq!(status(&session)["every_s"], 7200);

    let line = ok(&session, &["quit"]);
    assert_eq!(line, "unknot quit");
    let exit = session.app().wait_for_exit(TIMEOUT);
    assert_eq!(exit.code(), Some(0), "{}", session.app().log());
    follower.wait_for("quit", |s| s["state"] == "stopped");
    let output = unknot(&session, &["status"]);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output));
}

#[test]
fn pressing_done_in_the_notification_shows_up_in_the_follower() {
    let mut session = Session::new();
    session.keep_active();
    session.start_app();
    wait_for_control(&session);
    let follower = Follower::start(&session);
    let reminder = wait_for_reminder(&session, Mark::START);
    follower.wait_for("the reminder", |s| s["state"] == "reminding");
    session
        .notifications()
        .invoke_action(reminder.notify.id, "done");
    let line = follower.wait_for("Done pressed", |s| s["done_today"] == 1);
    assert_eq!(line["state"], "sitting", "{line}");
}

#[test]
fn a_second_start_shows_the_first_and_exits_0() {
    let mut session = Session::new();
    session.write_config(&quiet_config());
    session.start_app();
    session.watcher().wait_for_item();
    wait_for_control(&session);

    let output = unknot(&session, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let said = String::from_utf8_lossy(&output.stdout);
    let pid = format!("PID {}", session.app().pid());
    assert!(
        said.contains("already running") && said.contains(&pid),
        "{said}"
    );
    let log = session.history().path().display().to_string();
    assert!(said.contains(&log), "{said}");
    session
        .notifications()
        .wait_for_notify("the running unknot's status", |n| {
            n.summary == "unknot is running"
        });
    assert_eq!(
        session.watcher().items().len(),
        1,
        "{:?}",
        session.watcher().items()
    );
    session.app().assert_running("after a second start");
}

#[test]
fn a_killed_instance_does_not_block_the_next_start() {
    let mut session = Session::new();
    session.write_config(&quiet_config());
    session.start_app();
    wait_for_control(&session);
    session.app().expect_exit();
    // SAFETY: a plain kill(2) of the child this test started.
    unsafe { libc::kill(session.app().pid() as i32, libc::SIGKILL) };
    session.app().wait_for_exit(TIMEOUT);

    let next = App::start(
        &session.config_path(),
        &session.env(),
        &session.path("unknot-2.log"),
    );
    let status = wait_until(TIMEOUT, "the new unknot to answer", || {
        let output = unknot(&session, &["status", "--json"]);
        let status: Value = serde_json::from_slice(&output.stdout).ok()?;
        (status["pid"] == next.pid()).then_some(status)
    });
    assert_eq!(status["state"], "sitting");
    next.assert_running("after starting over a killed instance");
    next.stop();
}

#[test]
fn with_no_instance_commands_exit_3_and_done_is_logged() {
    let session = Session::new();
    for args in [
        &["status"][..],
        &["status", "--json"],
        &["stretch"],
        &["skip"],
        &["quit"],
    ] {
        let output = unknot(&session, args);
        assert_eq!(
            output.status.code(),
            Some(3),
            "unknot {args:?}: {}",
            text(&output)
        );
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("not running"),
            "{}",
            text(&output)
        );
    }
    let output = unknot(&session, &["done", "no-such-exercise"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(session.history().is_empty());

    let line = ok(&session, &["done", "chin-tuck"]);
    assert!(line.contains("not running"), "{line}");
    let done = last_event(&session);
    assert_eq!(
        (&done["event"], &done["exercise"]),
        (&"done".into(), &"chin-tuck".into())
    );
    ok(&session, &["done"]);
    assert_eq!(session.history().named("done").len(), 2);
}

#[test]
fn two_commands_at_once_are_both_applied_one_after_the_other() {
    let mut session = Session::new();
    session.write_config(&quiet_config());
    session.start_app();
    wait_for_control(&session);
    let spawn = |id: &str| {
        command(&session, &["done", id])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start unknot done")
    };
    let (a, b) = (spawn("chin-tuck"), spawn("corner-stretch"));
    let mut counts: Vec<String> = [a, b]
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().expect("unknot done ran");
            assert_eq!(output.status.code(), Some(0), "{}", text(&output));
            String::from_utf8_lossy(&output.stdout).into_owned()
        })
        .collect();
    counts.sort_by_key(|line| line.contains("(2 today)"));
    assert!(
        counts[0].contains("(1 today)") && counts[1].contains("(2 today)"),
        "each command saw the other's effect or none: {counts:?}"
    );
    let done: Vec<Value> = session.history().named("done");
    let mut ids: Vec<&str> = done.iter().filter_map(|d| d["exercise"].as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["chin-tuck", "corner-stretch"]);
    assert_eq!(status(&session)["done_today"], 2);
}
