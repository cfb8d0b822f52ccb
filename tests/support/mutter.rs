//! Real GNOME: `mutter --headless --wayland --no-x11` on the session's private bus, with the
//! session's own XDG_RUNTIME_DIR, and user input injected through mutter's own
//! `org.gnome.Mutter.RemoteDesktop`, so mutter's idle time resets exactly as for a user.
//!
//! Mutter 43 (Debian 12) runs like this as root and without logind, a seat or a system bus
//! (it warns about locale1 and colord and goes on). Its settings are kept in memory
//! (GSETTINGS_BACKEND=memory), so no dconf is started and nothing of the host's is read; the
//! system bus points at nothing, so the host's services are never asked.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use zbus::zvariant::OwnedObjectPath;

use super::app::tail;
use super::process::{describe, GroupChild};
use super::tools::require;
use super::wait::{wait_until, TIMEOUT};
use super::Session;

pub const IDLE_MONITOR: &str = "org.gnome.Mutter.IdleMonitor";
const IDLE_PATH: &str = "/org/gnome/Mutter/IdleMonitor/Core";
pub const REMOTE_DESKTOP: &str = "org.gnome.Mutter.RemoteDesktop";
const REMOTE_PATH: &str = "/org/gnome/Mutter/RemoteDesktop";
const REMOTE_SESSION: &str = "org.gnome.Mutter.RemoteDesktop.Session";
/// The Wayland socket mutter makes in the session's runtime dir.
pub const WAYLAND_DISPLAY: &str = "wayland-unknot";

/// Key code of Shift (evdev 42): a key press that types nothing.
const SHIFT: u32 = 42;

pub struct Mutter {
    process: Option<GroupChild>,
    log: PathBuf,
}

impl Mutter {
    /// Starts mutter in `session` and waits until its IdleMonitor and RemoteDesktop are on the
    /// bus.
    pub fn start(session: &Session) -> Mutter {
        let program = require("mutter", "mutter");
        let log = session.path("mutter.log");
        let out = std::fs::File::create(&log).expect("create mutter.log");
        let err = out.try_clone().expect("clone mutter.log handle");
        let mut cmd = std::process::Command::new(program);
        cmd.args([
            "--headless",
            "--wayland",
            "--no-x11",
            "--virtual-monitor",
            "1280x800",
            "--wayland-display",
            WAYLAND_DISPLAY,
        ])
        .env_clear()
        .envs(
            session
                .env()
                .into_iter()
                .filter(|(name, _)| name != "DISPLAY"),
        )
        .env("GSETTINGS_BACKEND", "memory")
        .env(
            "DBUS_SYSTEM_BUS_ADDRESS",
            format!("unix:path={}", session.path("no-system-bus").display()),
        )
        .env("XDG_SESSION_TYPE", "wayland")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
        let mut mutter = Mutter {
            process: Some(GroupChild::spawn("mutter", cmd)),
            log,
        };
        for name in [IDLE_MONITOR, REMOTE_DESKTOP] {
            wait_until(TIMEOUT, format!("mutter to own {name}"), || {
                mutter.assert_running();
                session.name_has_owner(name).then_some(())
            });
        }
        mutter
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn assert_running(&mut self) {
        if let Some(status) = self.process.as_mut().and_then(GroupChild::try_status) {
            panic!(
                "mutter ended ({}); its log:\n{}",
                describe(status),
                tail(&self.log(), 40)
            );
        }
    }

    /// Stops mutter (SIGTERM, as at logout): its names leave the bus.
    pub fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            process.terminate(Duration::from_secs(5));
        }
    }

    /// Mutter's own idle time, in milliseconds.
    pub fn idle_ms(session: &Session) -> u64 {
        session
            .client()
            .call_method(
                Some(IDLE_MONITOR),
                IDLE_PATH,
                Some(IDLE_MONITOR),
                "GetIdletime",
                &(),
            )
            .and_then(|reply| reply.body().deserialize::<u64>())
            .unwrap_or_else(|e| panic!("mutter's GetIdletime failed: {e}"))
    }
}

impl Drop for Mutter {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!(
                "==== {} ====\n{}==== end of mutter.log ====",
                self.log.display(),
                tail(&self.log(), 40)
            );
        }
    }
}

/// The environment unknot has in a GNOME Wayland session under this mutter (no XWayland).
pub fn gnome_env(session: &Session) -> Vec<(String, OsString)> {
    let mut env: Vec<(String, OsString)> = session
        .env()
        .into_iter()
        .filter(|(name, _)| name != "DISPLAY")
        .collect();
    env.push(("XDG_SESSION_TYPE".into(), "wayland".into()));
    env.push(("XDG_CURRENT_DESKTOP".into(), "GNOME".into()));
    env.push(("WAYLAND_DISPLAY".into(), WAYLAND_DISPLAY.into()));
    env
}

/// A remote-desktop session: input that mutter handles as a user's. Mutter ends the session
/// when the connection that made it goes, so it keeps its own connection.
#[derive(Clone)]
pub struct RemoteDesktop {
    conn: zbus::blocking::Connection,
    path: OwnedObjectPath,
}

impl RemoteDesktop {
    pub fn start(session: &Session) -> RemoteDesktop {
        let conn = session.bus().connect();
        let path: OwnedObjectPath = conn
            .call_method(
                Some(REMOTE_DESKTOP),
                REMOTE_PATH,
                Some(REMOTE_DESKTOP),
                "CreateSession",
                &(),
            )
            .and_then(|reply| reply.body().deserialize())
            .unwrap_or_else(|e| panic!("RemoteDesktop.CreateSession failed: {e}"));
        let remote = RemoteDesktop { conn, path };
        remote.call("Start", &());
        remote
    }

    fn call<B>(&self, method: &str, body: &B)
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
    {
        self.conn
            .call_method(
                Some(REMOTE_DESKTOP),
                self.path.as_str(),
                Some(REMOTE_SESSION),
                method,
                body,
            )
            .unwrap_or_else(|e| panic!("RemoteDesktop.Session.{method} failed: {e}"));
    }

    /// Moves the pointer by (dx, dy).
    pub fn move_pointer(&self, dx: f64, dy: f64) {
        self.call("NotifyPointerMotionRelative", &(dx, dy));
    }

    /// Presses and releases Shift.
    pub fn tap_key(&self) {
        self.call("NotifyKeyboardKeycode", &(SHIFT, true));
        self.call("NotifyKeyboardKeycode", &(SHIFT, false));
    }

    /// A user at the keyboard: a small pointer move every 400 ms until the result is dropped.
    pub fn keep_active(&self) -> Activity {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let remote = self.clone();
        let thread = std::thread::spawn(move || {
            let mut step = 1.0;
            while !flag.load(Ordering::Relaxed) {
                remote.move_pointer(step, step);
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

/// Simulated input through RemoteDesktop; stops when dropped.
pub struct Activity {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Activity {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
