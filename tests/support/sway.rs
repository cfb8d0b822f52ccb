//! A real headless sway for a test: Debian 12's sway 1.7 (`org_kde_kwin_idle`) from the host,
//! or Debian 13's (`ext_idle_notifier_v1`) from a root built once by `mmdebstrap` and cached in
//! [`TRIXIE`]. sway refuses to run as root, so it runs as the unprivileged [`USER`] with a
//! runtime dir of its own; unknot (root) reaches its socket by path. Input comes from `wtype`
//! (a virtual keyboard), run as the same user.

use std::ffi::OsString;
use std::fs::File;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{chown, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::process::{describe, GroupChild};
use super::session::Session;
use super::tools::require;
use super::wait::{self, wait_until, LONG};

/// The unprivileged user sway runs as, created by the first test that needs it.
pub const USER: &str = "unknot-sway";
/// Where Debian 13's root is built once and kept for later tests and runs.
pub const TRIXIE: &str = "/var/tmp/unknot-test-trixie";
/// The runtime dir's mount point inside the trixie root.
const ROOT_RUNTIME: &str = "/run/unknot-sway";
/// Building the root downloads and unpacks ~140 MB: minutes on a slow mirror.
const BUILD: Duration = Duration::from_secs(900);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// The host's sway (Debian 12: 1.7, `org_kde_kwin_idle` only).
    Host,
    /// Debian 13's sway (1.10, `ext_idle_notifier_v1`), in a root of its own.
    Trixie,
}

pub struct Sway {
    process: Option<GroupChild>,
    /// The test's dir (config, log), owned by root and open to all for reading.
    dir: tempfile::TempDir,
    /// sway's XDG_RUNTIME_DIR, owned by [`USER`]: the Wayland and IPC sockets land here.
    runtime: PathBuf,
    socket: PathBuf,
    ids: (u32, u32),
    /// Debian 13's root, for [`Release::Trixie`].
    root: Option<PathBuf>,
}

impl Sway {
    pub fn start(release: Release) -> Sway {
        require("sway", "sway");
        require("swaymsg", "sway");
        require("setpriv", "util-linux");
        let root = match release {
            Release::Host => None,
            Release::Trixie => Some(trixie_root()),
        };
        let ids = user();
        let dir = tempfile::Builder::new()
            .prefix("unknot-sway-")
            .tempdir()
            .expect("create sway's temp dir");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("open sway's temp dir to its user");
        let runtime = dir.path().join("runtime");
        std::fs::create_dir(&runtime).expect("create sway's runtime dir");
        chown(&runtime, Some(ids.0), Some(ids.1)).expect("give sway's runtime dir to its user");
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
            .expect("chmod 0700 sway's runtime dir");
        // In the runtime dir, so that sway in the trixie root sees it too.
        std::fs::write(
            runtime.join("config"),
            "xwayland disable\noutput HEADLESS-1 resolution 640x480\n",
        )
        .expect("write sway's config");
        let mut sway = Sway {
            process: None,
            dir,
            runtime,
            socket: PathBuf::new(),
            ids,
            root,
        };
        sway.spawn();
        sway
    }

    /// Starts sway again after [`Self::stop`], in the same runtime dir: as a user logging in
    /// again, whose socket gets the same name.
    pub fn restart(&mut self) {
        assert!(self.process.is_none(), "sway is still running");
        // A socket left behind would pass for the new one.
        for entry in std::fs::read_dir(&self.runtime)
            .expect("list sway's runtime dir")
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("wayland-") || name.starts_with("sway-ipc.") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        self.spawn();
    }

    fn spawn(&mut self) {
        let ids = self.ids;
        let runtime = self.runtime.clone();
        let log = File::options()
            .create(true)
            .append(true)
            .open(self.dir.path().join("sway.log"))
            .expect("open sway.log");
        let inner_runtime = match self.root {
            Some(_) => PathBuf::from(ROOT_RUNTIME),
            None => runtime.clone(),
        };
        let env = [
            ("PATH", OsString::from("/usr/sbin:/usr/bin:/sbin:/bin")),
            ("HOME", inner_runtime.clone().into()),
            ("XDG_RUNTIME_DIR", inner_runtime.clone().into()),
            ("WLR_BACKENDS", "headless".into()),
            ("WLR_LIBINPUT_NO_DEVICES", "1".into()),
            ("WLR_RENDERER", "pixman".into()),
        ];
        let config = inner_runtime.join("config");
        let mut cmd = match &self.root {
            None => {
                let mut cmd = Command::new("setpriv");
                cmd.args(as_user(ids)).arg("sway").arg("-c").arg(&config);
                cmd
            }
            Some(root) => {
                require("unshare", "util-linux");
                // A mount namespace of its own: the mounts vanish with sway, and parallel
                // tests each mount their own runtime dir on the same mount point.
                let script = r#"set -e
root=$1 runtime=$2 inner=$3; shift 3
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
mount -t proc proc "$root/proc"
mount --bind "$runtime" "$root$inner"
exec chroot "$root" "$@"
"#;
                let mut cmd = Command::new("unshare");
                cmd.args([
                    "--mount",
                    "--propagation",
                    "private",
                    "sh",
                    "-c",
                    script,
                    "sh",
                ])
                .arg(root)
                .arg(&runtime)
                .arg(ROOT_RUNTIME)
                // Numeric ids: the root's /etc/passwd does not know the user.
                .args([
                    "setpriv".to_owned(),
                    format!("--reuid={}", ids.0),
                    format!("--regid={}", ids.1),
                    "--clear-groups".to_owned(),
                    "sway".to_owned(),
                    "-c".to_owned(),
                ])
                .arg(&config);
                cmd
            }
        };
        cmd.env_clear()
            .envs(env)
            .current_dir("/")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone sway.log"))
            .stderr(log);
        self.process = Some(GroupChild::spawn("sway", cmd));
        self.socket = self.wait_until_ready();
    }

    /// The absolute path of the Wayland socket, for WAYLAND_DISPLAY.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// What a client of this sway needs in its environment.
    pub fn env(&self) -> Vec<(String, OsString)> {
        vec![
            ("WAYLAND_DISPLAY".into(), self.socket.clone().into()),
            ("XDG_SESSION_TYPE".into(), "wayland".into()),
            ("XDG_CURRENT_DESKTOP".into(), "sway".into()),
        ]
    }

    /// The session's environment as under this sway: its socket, no X display.
    pub fn app_env(&self, session: &Session) -> Vec<(String, OsString)> {
        let mut env: Vec<_> = session
            .env()
            .into_iter()
            .filter(|(name, _)| name != "DISPLAY")
            .collect();
        env.extend(self.env());
        // Every Wayland message at debug level would drown the app's own lines.
        if std::env::var_os("UNKNOT_E2E_RUST_LOG").is_none() {
            for (name, value) in &mut env {
                if name == "RUST_LOG" {
                    *value = "debug,wayland_backend=info".into();
                }
            }
        }
        env
    }

    /// Waits for the Wayland socket and then for sway to answer on IPC, which it does only once
    /// its event loop runs; panics with sway's log if it ends first.
    fn wait_until_ready(&mut self) -> PathBuf {
        let runtime = self.runtime.clone();
        let find = |prefix: &str, suffix: &str| {
            std::fs::read_dir(&runtime).ok()?.flatten().find_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name.starts_with(prefix) && name.ends_with(suffix) && !name.ends_with(".lock"))
                    .then(|| e.path())
            })
        };
        let socket = wait_until(LONG, "sway's Wayland socket", || {
            self.assert_running("while starting");
            find("wayland-", "")
        });
        wait_until(LONG, "sway to answer on its IPC socket", || {
            self.assert_running("while starting");
            let ipc = find("sway-ipc.", ".sock")?;
            self.as_user("swaymsg")
                .arg("-s")
                .arg(&ipc)
                .args(["-t", "get_version"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .ok()?
                .success()
                .then_some(())
        });
        socket
    }

    /// A command run as sway's user, with sway's runtime dir and socket.
    pub fn as_user(&self, program: &str) -> Command {
        let mut cmd = Command::new("setpriv");
        cmd.args(as_user(self.ids))
            .arg(program)
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("XDG_RUNTIME_DIR", &self.runtime)
            .env("WAYLAND_DISPLAY", &self.socket)
            .current_dir("/");
        cmd
    }

    /// `swaymsg ARGS` on this sway's IPC socket, as its user; panics if it fails. Returns what
    /// it printed.
    pub fn msg(&self, args: &[&str]) -> String {
        let ipc = std::fs::read_dir(&self.runtime)
            .expect("list sway's runtime dir")
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                name.starts_with("sway-ipc.") && name.ends_with(".sock")
            })
            .expect("sway's IPC socket");
        let out = self
            .as_user("swaymsg")
            .arg("-s")
            .arg(&ipc)
            .args(args)
            .output()
            .expect("run swaymsg");
        assert!(
            out.status.success(),
            "swaymsg {args:?} failed ({}): {}{}\n{}",
            describe(out.status),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types a key on a virtual keyboard: input, as far as sway's idle tracking goes.
    pub fn press_key(&self) {
        require("wtype", "wtype");
        let out = self
            .as_user("wtype")
            .args(["-k", "Shift_L"])
            .output()
            .expect("run wtype");
        assert!(
            out.status.success(),
            "wtype failed ({}): {}\n{}",
            describe(out.status),
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
    }

    pub fn log(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("sway.log")).unwrap_or_default();
        format!(
            "---- sway.log ----\n{}---- end ----",
            super::app::tail(&log, 40)
        )
    }

    fn assert_running(&mut self, when: &str) {
        let process = self.process.as_mut().expect("sway was started");
        if let Some(status) = process.try_status() {
            panic!("sway ended {when} ({})\n{}", describe(status), self.log());
        }
    }

    /// Ends sway as a user logging out would, and waits for it to be gone.
    pub fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            process.terminate(Duration::from_secs(5));
        }
    }
}

impl Drop for Sway {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!("{}", self.log());
        }
    }
}

/// setpriv's arguments to become the user with `ids`.
fn as_user(ids: (u32, u32)) -> Vec<String> {
    vec![
        format!("--reuid={}", ids.0),
        format!("--regid={}", ids.1),
        "--init-groups".to_owned(),
    ]
}

/// The (uid, gid) of [`USER`], creating the user if there is none (parallel tests may race to
/// create it: the loser's useradd fails, and the user is there all the same).
fn user() -> (u32, u32) {
    let ids = || {
        let id = |flag: &str| {
            let out = Command::new("id").args([flag, USER]).output().ok()?;
            String::from_utf8(out.stdout).ok()?.trim().parse().ok()
        };
        Some((id("-u")?, id("-g")?))
    };
    if let Some(ids) = ids() {
        return ids;
    }
    require("useradd", "passwd");
    let out = Command::new("useradd")
        .args(["--system", "--user-group", "--no-create-home"])
        .args(["--shell", "/usr/sbin/nologin", USER])
        .output()
        .expect("run useradd");
    ids().unwrap_or_else(|| {
        panic!(
            "cannot create the test user {USER} (the tests run as root): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Debian 13's root with sway in it, built on first use under a lock (parallel tests wait for
/// one build) and kept for every later test and run. Built as `root.partial` and renamed, so a
/// root that exists is complete.
fn trixie_root() -> PathBuf {
    let cache = Path::new(TRIXIE);
    let root = cache.join("root");
    if root.join("usr/bin/sway").exists() {
        return root;
    }
    require("mmdebstrap", "mmdebstrap");
    std::fs::create_dir_all(cache).expect("create the trixie root's cache dir");
    let lock = File::create(cache.join("lock")).expect("create the trixie root's lock");
    // SAFETY: flock(2) on a descriptor we own; it is released when `lock` is closed.
    let locked = unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) };
    assert_eq!(locked, 0, "cannot lock {}", cache.join("lock").display());
    if root.join("usr/bin/sway").exists() {
        return root;
    }
    let partial = cache.join("root.partial");
    if partial.exists() {
        std::fs::remove_dir_all(&partial).expect("remove a half-built trixie root");
    }
    let log = cache.join("build.log");
    let out = File::create(&log).expect("create build.log");
    let started = wait::now();
    let mut build = Command::new("mmdebstrap");
    build
        .args(["--variant=apt", "--include=sway", "trixie"])
        .arg(&partial)
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("clone build.log"))
        .stderr(out);
    let mut build = GroupChild::spawn("mmdebstrap", build);
    let status = build.wait_timeout(BUILD).unwrap_or_else(|| {
        panic!(
            "mmdebstrap took over {}s (log: {})",
            BUILD.as_secs(),
            log.display()
        )
    });
    assert!(
        status.success() && partial.join("usr/bin/sway").exists(),
        "mmdebstrap could not build Debian 13's root with sway ({}); its log, {}:\n{}",
        describe(status),
        log.display(),
        super::app::tail(&std::fs::read_to_string(&log).unwrap_or_default(), 30)
    );
    std::fs::create_dir_all(partial.join(ROOT_RUNTIME.trim_start_matches('/')))
        .expect("create the runtime dir's mount point in the trixie root");
    std::fs::rename(&partial, &root).expect("move the finished trixie root in place");
    eprintln!(
        "built Debian 13's root with sway in {:.0}s at {}",
        started.elapsed().as_secs_f64(),
        root.display()
    );
    root
}
