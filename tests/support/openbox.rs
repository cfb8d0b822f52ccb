//! A real EWMH window manager (openbox) on the session's Xvfb, real X windows (xev's), and
//! wmctrl to make them fullscreen and give them the focus, as a user's keys would.

use std::process::{Command, Stdio};

use super::process::{describe, GroupChild};
use super::session::Session;
use super::tools::require;
use super::wait::{wait_until, wait_until_with, TIMEOUT};

pub struct Openbox {
    process: GroupChild,
    display: String,
    log: std::path::PathBuf,
    /// The windows' programs, by window name.
    windows: Vec<(String, GroupChild)>,
}

impl Openbox {
    /// Starts openbox on the session's display; returns once it has taken the screen. Its
    /// `_NET_SUPPORTING_WM_CHECK` comes a moment before it manages new windows: a window mapped
    /// in between stays unmanaged, so readiness is its `--startup` command having run.
    pub fn start(session: &Session) -> Openbox {
        let openbox = require("openbox", "openbox");
        require("wmctrl", "wmctrl");
        require("xev", "x11-utils");
        let log = session.path("openbox.log");
        let out = std::fs::File::create(&log).expect("create openbox.log");
        let ready = session.path("openbox.ready");
        let mut cmd = session.command(openbox.to_str().expect("a UTF-8 path"));
        cmd.arg("--startup")
            .arg(format!("touch {}", ready.display()))
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("clone openbox.log"))
            .stderr(out);
        let mut openbox = Openbox {
            process: GroupChild::spawn("openbox", cmd),
            display: session.display().to_owned(),
            log,
            windows: Vec::new(),
        };
        wait_until(TIMEOUT, "openbox to manage the screen", || {
            openbox.assert_running();
            ready.exists().then_some(())
        });
        openbox
    }

    /// Opens a window titled `name` (xev's) and waits for openbox to manage it.
    pub fn open_window(&mut self, name: &str) {
        let mut cmd = Command::new("xev");
        cmd.args(["-name", name])
            .env_clear()
            .env("DISPLAY", &self.display)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        self.windows
            .push((name.to_owned(), GroupChild::spawn("xev", cmd)));
        let listed = std::cell::RefCell::new(String::new());
        wait_until_with(
            TIMEOUT,
            format!("openbox to manage the window {name}"),
            || {
                self.assert_running();
                let out = self.wmctrl_output(&["-l"]);
                let text = String::from_utf8_lossy(&out.stdout).into_owned();
                let found = text.lines().any(|line| line.ends_with(&format!(" {name}")));
                *listed.borrow_mut() = text + &String::from_utf8_lossy(&out.stderr) + &self.log();
                found.then_some(())
            },
            || format!("wmctrl -l:\n{}", listed.borrow()),
        );
    }

    /// Closes the window `name` opened, as its program ending would.
    pub fn close_window(&mut self, name: &str) {
        let at = self
            .windows
            .iter()
            .position(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no window {name} is open"));
        drop(self.windows.remove(at));
    }

    /// `wmctrl ARGS`, which must succeed.
    pub fn wmctrl(&self, args: &[&str]) {
        let out = self.wmctrl_output(args);
        assert!(
            out.status.success(),
            "wmctrl {args:?} failed ({}): {}\n{}",
            describe(out.status),
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
    }

    /// Makes the window `name` fullscreen (`on`) or not, as its own key or menu would.
    pub fn fullscreen(&self, name: &str, on: bool) {
        let action = if on {
            "add,fullscreen"
        } else {
            "remove,fullscreen"
        };
        self.wmctrl(&["-r", name, "-b", action]);
    }

    /// Gives the focus to the window `name` (raising it, switching to its desktop).
    pub fn focus(&self, name: &str) {
        self.wmctrl(&["-a", name]);
    }

    fn wmctrl_output(&self, args: &[&str]) -> std::process::Output {
        Command::new("wmctrl")
            .args(args)
            .env_clear()
            .env("DISPLAY", &self.display)
            .stdin(Stdio::null())
            .output()
            .expect("run wmctrl")
    }

    fn assert_running(&mut self) {
        if let Some(status) = self.process.try_status() {
            panic!("openbox ended ({})\n{}", describe(status), self.log());
        }
    }

    pub fn log(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        format!("---- openbox.log ----\n{log}---- end ----")
    }
}
