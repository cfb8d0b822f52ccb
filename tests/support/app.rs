//! The real `unknot` binary, run inside a session with its stdout and stderr in `unknot.log`.

use std::cell::{Cell, RefCell};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::rc::Rc;
use std::time::Duration;

use super::process::{describe, GroupChild};
use super::wait;

#[derive(Clone)]
pub struct App {
    process: Rc<RefCell<GroupChild>>,
    log: PathBuf,
    exit_expected: Rc<Cell<bool>>,
}

impl App {
    /// Starts `unknot --config CONFIG` with exactly `env` as its environment.
    pub fn start(config: &Path, env: &[(String, OsString)], log: &Path) -> App {
        App::start_args(&["--config".into(), config.into()], env, log)
    }

    /// Starts `unknot ARGS...` with exactly `env` as its environment.
    pub fn start_args(args: &[OsString], env: &[(String, OsString)], log: &Path) -> App {
        let out = std::fs::File::create(log).expect("create unknot.log");
        let err = out.try_clone().expect("clone unknot.log handle");
        let mut cmd = Command::new(binary());
        cmd.args(args)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        App {
            process: Rc::new(RefCell::new(GroupChild::spawn("unknot", cmd))),
            log: log.to_owned(),
            exit_expected: Rc::new(Cell::new(false)),
        }
    }

    pub fn pid(&self) -> u32 {
        self.process.borrow().pid()
    }

    /// The exit status, if it has exited.
    pub fn status(&self) -> Option<ExitStatus> {
        self.process.borrow_mut().try_status()
    }

    pub fn is_running(&self) -> bool {
        self.status().is_none()
    }

    pub fn assert_running(&self, when: &str) {
        if let Some(status) = self.status() {
            panic!(
                "unknot should still run {when}, but it ended with {}\n{}",
                describe(status),
                wait::report()
            );
        }
    }

    /// Everything it wrote to stdout and stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// Tells the session's waits that the app ending from now on is no failure.
    pub fn expect_exit(&self) {
        self.exit_expected.set(true);
    }

    /// Waits for it to exit by itself and returns how; panics (with its log) if it doesn't.
    pub fn wait_for_exit(&self, timeout: Duration) -> ExitStatus {
        self.expect_exit();
        let status = self.process.borrow_mut().wait_timeout(timeout);
        status.unwrap_or_else(|| {
            panic!(
                "unknot did not exit within {:.1}s\n{}",
                timeout.as_secs_f64(),
                wait::report()
            )
        })
    }

    /// Sends SIGTERM to the app itself (not its group), as a session manager would.
    pub fn terminate(&self) {
        self.expect_exit();
        self.process.borrow().signal(libc::SIGTERM);
    }

    /// Stops it for good: SIGTERM to its group, SIGKILL after a grace period.
    pub fn stop(&self) -> ExitStatus {
        self.expect_exit();
        self.process.borrow_mut().terminate(Duration::from_secs(5))
    }

    /// `Some(why)` if it has exited though nobody expected it to.
    pub fn unexpected_exit(&self) -> Option<String> {
        if self.exit_expected.get() {
            return None;
        }
        let status = self.process.try_borrow_mut().ok()?.try_status()?;
        Some(format!("unknot exited unexpectedly ({})", describe(status)))
    }

    /// A line for reports: running, or how it ended.
    pub fn describe_state(&self) -> String {
        match self
            .process
            .try_borrow_mut()
            .ok()
            .and_then(|mut p| p.try_status())
        {
            Some(status) => format!("unknot (pid {}) ended: {}", self.pid(), describe(status)),
            None => format!("unknot (pid {}) is running", self.pid()),
        }
    }
}

/// The binary under test: cargo's build of `unknot`, or `$UNKNOT_E2E_BIN` if set (to run the
/// scenarios against another build).
pub fn binary() -> PathBuf {
    std::env::var_os("UNKNOT_E2E_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_unknot")))
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    if text.trim().is_empty() {
        return "(empty)\n".to_owned();
    }
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    let mut out = String::new();
    if start > 0 {
        out.push_str(&format!("[... {start} earlier lines ...]\n"));
    }
    for line in &all[start..] {
        out.push_str(line);
        out.push('\n');
    }
    out
}
