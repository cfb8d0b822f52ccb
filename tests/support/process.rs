//! Child processes that run in their own process group, so that stopping one also stops
//! everything it started. Dropping a [`GroupChild`] terminates and reaps the whole group.

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus};
use std::time::Duration;

pub struct GroupChild {
    name: String,
    child: Child,
    status: Option<ExitStatus>,
    group_killed: bool,
}

impl GroupChild {
    /// Spawns `cmd` as the leader of a new process group. Panics naming `name` if it can't.
    pub fn spawn(name: &str, mut cmd: Command) -> GroupChild {
        cmd.process_group(0);
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name} ({cmd:?}): {e}"));
        GroupChild {
            name: name.to_owned(),
            child,
            status: None,
            group_killed: false,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn child_mut(&mut self) -> &mut Child {
        &mut self.child
    }

    /// The exit status if the leader has exited (reaping it), without blocking.
    pub fn try_status(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self
                .child
                .try_wait()
                .unwrap_or_else(|e| panic!("cannot poll {}: {e}", self.name));
        }
        self.status
    }

    /// Waits up to `timeout` for the leader to exit.
    pub fn wait_timeout(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let start = super::wait::now();
        loop {
            if let Some(status) = self.try_status() {
                return Some(status);
            }
            if start.elapsed() > timeout {
                return None;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Sends `signal` to the leader only.
    pub fn signal(&self, signal: i32) {
        if self.status.is_none() {
            // SAFETY: kill(2) has no memory-safety preconditions.
            unsafe { libc::kill(self.child.id() as i32, signal) };
        }
    }

    /// Sends `signal` to every process in the group.
    pub fn signal_group(&self, signal: i32) {
        // SAFETY: kill(2) has no memory-safety preconditions. A negative pid names the group.
        unsafe { libc::kill(-(self.child.id() as i32), signal) };
    }

    /// SIGTERM to the group, then SIGKILL after `grace`; reaps the leader.
    pub fn terminate(&mut self, grace: Duration) -> ExitStatus {
        self.signal_group(libc::SIGTERM);
        let status = match self.wait_timeout(grace) {
            Some(status) => status,
            None => {
                self.signal_group(libc::SIGKILL);
                self.wait_timeout(Duration::from_secs(10))
                    .unwrap_or_else(|| panic!("{} survived SIGKILL", self.name))
            }
        };
        // Whatever the leader left behind in its group goes too.
        self.signal_group(libc::SIGKILL);
        self.group_killed = true;
        status
    }
}

impl Drop for GroupChild {
    fn drop(&mut self) {
        if self.try_status().is_none() {
            self.terminate(Duration::from_secs(3));
        } else if !self.group_killed {
            // The leader exited by itself; anything it left in its group goes now.
            self.signal_group(libc::SIGKILL);
        }
    }
}

/// "exit status 0", "killed by signal 9": for messages.
pub fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        _ => format!("{status}"),
    }
}
