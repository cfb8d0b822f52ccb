//! A private X server (Xvfb) per session, plus simulated user input through xdotool.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;

use x11rb::connection::Connection as _;
use x11rb::protocol::screensaver::ConnectionExt as _;

use super::process::GroupChild;
use super::tools::require;
use super::wait::{wait_until, TIMEOUT};

pub struct Xvfb {
    process: GroupChild,
    display: String,
}

impl Xvfb {
    /// Starts Xvfb on a free display (it picks one itself and reports it via `-displayfd`),
    /// listening on no TCP port, logging to `<dir>/xvfb.log`.
    pub fn start(dir: &Path) -> Xvfb {
        let xvfb = require("Xvfb", "xvfb");
        require("xdotool", "xdotool");
        let log = std::fs::File::create(dir.join("xvfb.log")).expect("create xvfb.log");
        let mut cmd = Command::new(xvfb);
        cmd.args(["-displayfd", "1", "-nolisten", "tcp", "-noreset"])
            .args(["-screen", "0", "1280x800x24"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log);
        let mut process = GroupChild::spawn("Xvfb", cmd);
        let stdout = process.child_mut().stdout.take().expect("Xvfb stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(TIMEOUT).unwrap_or_default();
        let number: u32 = line.trim().parse().unwrap_or_else(|_| {
            let status = process.try_status();
            panic!(
                "Xvfb did not report a display number (got {line:?}, status {status:?}); \
                 its log:\n{}",
                std::fs::read_to_string(dir.join("xvfb.log")).unwrap_or_default()
            )
        });
        let xvfb = Xvfb {
            process,
            display: format!(":{number}"),
        };
        wait_until(
            TIMEOUT,
            format!("Xvfb to accept clients on {}", xvfb.display),
            || x11rb::connect(Some(&xvfb.display)).ok().map(|_| ()),
        );
        xvfb
    }

    /// The DISPLAY value, e.g. ":42".
    pub fn display(&self) -> &str {
        &self.display
    }

    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Milliseconds since the last user input, as MIT-SCREEN-SAVER (and so the app) sees it.
    pub fn idle_ms(&self) -> u32 {
        let (conn, screen) = x11rb::connect(Some(&self.display))
            .unwrap_or_else(|e| panic!("cannot connect to Xvfb {}: {e}", self.display));
        let root = conn.setup().roots[screen].root;
        conn.screensaver_query_info(root)
            .map_err(x11rb::errors::ReplyError::from)
            .and_then(|cookie| cookie.reply())
            .unwrap_or_else(|e| panic!("MIT-SCREEN-SAVER query on {} failed: {e}", self.display))
            .ms_since_user_input
    }

    /// Runs `xdotool ARGS` against this display, panicking if it fails.
    pub fn xdotool(&self, args: &[&str]) {
        xdotool(&self.display, args);
    }

    /// One small mouse movement: the user touched the machine.
    pub fn poke(&self) {
        self.xdotool(&["mousemove_relative", "--", "1", "1"]);
    }

    /// Keeps the user "active" (small mouse moves every 400 ms) until the returned guard drops.
    pub fn keep_active(&self) -> Activity {
        Activity::start(self.display.clone())
    }
}

fn xdotool(display: &str, args: &[&str]) {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run xdotool (install it with `apt-get install -y xdotool`): {e}")
        });
    assert!(
        out.status.success(),
        "xdotool {args:?} on {display} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Simulated user activity; stops when dropped.
pub struct Activity {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Activity {
    fn start(display: String) -> Activity {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut step = 1;
            while !flag.load(Ordering::Relaxed) {
                let delta = step.to_string();
                xdotool(&display, &["mousemove_relative", "--", &delta, &delta]);
                step = -step;
                std::thread::sleep(Duration::from_millis(400));
            }
        });
        Activity {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Activity {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
