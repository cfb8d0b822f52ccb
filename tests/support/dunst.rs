//! The real dunst as the session's notification server, driven through `dunstctl`.
//!
//! dunst shows actions in a "context menu" run through a dmenu-compatible program. The session
//! gives it `pick-action` (see `scripts.rs`): it records the menu it is shown and prints the
//! entry for the action label the test wrote to `pick-action.want`. `dunstctl context` opens
//! that menu for the displayed notifications, so [`Dunst::choose`] is "the user picked LABEL
//! from the notification's actions". (`dunstctl action N` instead runs the *default* action of
//! the Nth notification, opening the menu only if it has none.)

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::Stdio;

use super::process::GroupChild;
use super::scripts;
use super::session::Session;
use super::tools::require;
use super::wait::{wait_until, TIMEOUT};

pub struct Dunst {
    process: RefCell<GroupChild>,
    env: Vec<(String, std::ffi::OsString)>,
    want: PathBuf,
    menu_log: PathBuf,
    log: PathBuf,
}

impl Dunst {
    /// Starts dunst on the session's display and bus; returns once it owns the
    /// notifications name.
    pub fn start(session: &Session) -> Dunst {
        let dunst = require("dunst", "dunst");
        require("dunstctl", "dunst");
        require("dbus-send", "dbus");
        let dir = session.dir();
        let picker = dir.join("bin/pick-action");
        let want = dir.join("pick-action.want");
        let menu_log = dir.join("dmenu-input.log");
        scripts::pick_action(&picker, &want, &menu_log);
        let rc = dir.join("dunstrc");
        std::fs::write(&rc, dunstrc(&picker, &dir.join("bin/xdg-open"))).expect("write dunstrc");
        let log = dir.join("dunst.log");
        let out = std::fs::File::create(&log).expect("create dunst.log");
        let mut cmd = session.command(dunst.to_str().expect("utf-8 path"));
        cmd.arg("-config")
            .arg(&rc)
            .args(["-verbosity", "info"])
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("clone dunst.log handle"))
            .stderr(out);
        let process = GroupChild::spawn("dunst", cmd);
        let dunst = Dunst {
            process: RefCell::new(process),
            env: session.env(),
            want,
            menu_log,
            log,
        };
        wait_until(
            TIMEOUT,
            "dunst to own org.freedesktop.Notifications",
            || {
                if let Some(status) = dunst.status() {
                    panic!(
                        "dunst exited at start ({status}); its log:\n{}",
                        dunst.log()
                    );
                }
                session
                    .name_has_owner("org.freedesktop.Notifications")
                    .then_some(())
            },
        );
        dunst
    }

    pub fn pid(&self) -> u32 {
        self.process.borrow().pid()
    }

    /// The exit status, if dunst has exited.
    pub fn status(&self) -> Option<std::process::ExitStatus> {
        self.process.borrow_mut().try_status()
    }

    /// dunst's own log.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Runs `dunstctl ARGS` and returns its stdout; panics if it fails.
    pub fn ctl(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("dunstctl")
            .args(args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run dunstctl (apt-get install -y dunst): {e}"));
        assert!(
            out.status.success(),
            "dunstctl {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `dunstctl count displayed|history|waiting`.
    pub fn count(&self, which: &str) -> u32 {
        let out = self.ctl(&["count", which]);
        out.trim()
            .parse()
            .unwrap_or_else(|_| panic!("dunstctl count {which} printed {out:?}"))
    }

    /// `dunstctl history`, parsed: dunst's JSON of closed notifications.
    pub fn history(&self) -> serde_json::Value {
        let out = self.ctl(&["history"]);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("dunstctl history ({e}): {out}"))
    }

    /// Picks the action labelled `label` from the context menu (`dunstctl context`).
    pub fn choose(&self, label: &str) {
        std::fs::write(&self.want, label).expect("write pick-action.want");
        self.ctl(&["context"]);
    }

    /// Every menu dunst has shown `pick-action` so far, with what it picked.
    pub fn menus_shown(&self) -> String {
        std::fs::read_to_string(&self.menu_log).unwrap_or_default()
    }
}

fn dunstrc(picker: &std::path::Path, browser: &std::path::Path) -> String {
    format!(
        r#"[global]
    dmenu = "{picker}"
    browser = "{browser}"
    follow = none
    idle_threshold = 0
    show_indicators = no
    sticky_history = yes
    history_length = 50
    font = Monospace 8

[urgency_low]
    timeout = 0

[urgency_normal]
    timeout = 0

[urgency_critical]
    timeout = 0
"#,
        picker = picker.display(),
        browser = browser.display()
    )
}
