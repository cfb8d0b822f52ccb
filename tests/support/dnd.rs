//! The desktops' do-not-disturb settings, each kept by its real service on the session's bus:
//! XFCE's in the real `xfconfd` (set with `xfconf-query`), GNOME's in dconf through the real
//! `dconf-service` (set with `gsettings`). dunst's is the real dunst (support/dunst.rs) and
//! KDE's the test notification server's `Inhibited` (support/notifications.rs). Also what the
//! quiet tests ask of the app: `unknot doctor`.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use super::app::binary;
use super::config::TEST_CONFIG;
use super::process::GroupChild;
use super::tools::require;
use super::wait::{wait_until, TIMEOUT};
use super::Session;

/// [`TEST_CONFIG`] with quiet held for and a grace of 1 s: the first reminder is due 6 s after
/// start, time enough to turn do-not-disturb on first.
pub fn quiet_config() -> String {
    let config = TEST_CONFIG.replace("every = \"4s\"", "every = \"6s\"");
    assert_ne!(
        config, TEST_CONFIG,
        "TEST_CONFIG no longer has every = \"4s\""
    );
    format!("{config}\n[quiet]\ndo_not_disturb = true\ngrace = \"1s\"\n")
}

/// A service run with the session's environment, its output in `<name>.log`.
fn spawn(session: &Session, name: &str, program: &Path) -> GroupChild {
    let log = std::fs::File::create(session.path(&format!("{name}.log")))
        .unwrap_or_else(|e| panic!("create {name}.log: {e}"));
    let mut cmd = session.command(program.to_str().expect("a UTF-8 path"));
    cmd.stdin(Stdio::null())
        .stdout(log.try_clone().expect("clone the log handle"))
        .stderr(log);
    GroupChild::spawn(name, cmd)
}

/// Runs `program args` with the session's environment; panics with its output if it fails.
fn run(session: &Session, program: &str, args: &[&str], package: &str) -> String {
    require(program, package);
    let out = session
        .command(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (apt-get install -y {package}): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn wait_for_name(session: &Session, process: &mut GroupChild, name: &str, log: &str) {
    wait_until(TIMEOUT, format!("{} to own {name}", process.name()), || {
        if let Some(status) = process.try_status() {
            panic!(
                "{} exited at start ({status}); its log:\n{}",
                process.name(),
                std::fs::read_to_string(session.path(log)).unwrap_or_default()
            );
        }
        session.name_has_owner(name).then_some(())
    });
}

/// The real xfconfd (Debian's `xfconf`), keeping its channels in the session's
/// `$XDG_CONFIG_HOME/xfce4/xfconf`. Stops when dropped.
pub struct Xfconfd {
    process: GroupChild,
}

impl Xfconfd {
    pub fn start(session: &Session) -> Xfconfd {
        let program = xfconfd();
        require("xfconf-query", "xfconf libxfconf-0-3");
        let mut process = spawn(session, "xfconfd", &program);
        wait_for_name(session, &mut process, "org.xfce.Xfconf", "xfconfd.log");
        Xfconfd { process }
    }

    /// XFCE's do-not-disturb, set as xfce4-notifyd's settings dialog sets it.
    pub fn set_do_not_disturb(&self, session: &Session, on: bool) {
        let value = if on { "true" } else { "false" };
        run(
            session,
            "xfconf-query",
            &[
                "-c",
                "xfce4-notifyd",
                "-p",
                "/do-not-disturb",
                "-n",
                "-t",
                "bool",
                "-s",
                value,
            ],
            "xfconf libxfconf-0-3",
        );
    }

    /// Stores XFCE's do-not-disturb as xfconfd keeps it on disk, for an xfconfd started
    /// later: the channel file in `$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml`.
    pub fn store_do_not_disturb(session: &Session, on: bool) {
        let dir = session.path("config/xfce4/xfconf/xfce-perchannel-xml");
        std::fs::create_dir_all(&dir).expect("create the xfconf channel folder");
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <channel name=\"xfce4-notifyd\" version=\"1.0\">\n  \
             <property name=\"do-not-disturb\" type=\"bool\" value=\"{on}\"/>\n\
             </channel>\n"
        );
        std::fs::write(dir.join("xfce4-notifyd.xml"), xml).expect("write the xfconf channel");
    }

    pub fn pid(&self) -> u32 {
        self.process.pid()
    }
}

/// xfconfd is not on PATH: it lives in the multiarch lib folder.
fn xfconfd() -> PathBuf {
    std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .flatten()
        .map(|dir| dir.path().join("xfce4/xfconf/xfconfd"))
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "xfconfd is not installed; install it with `apt-get update && apt-get install -y \
                 xfconf libxfconf-0-3`"
            )
        })
}

/// The real dconf-service, writing the session's `$XDG_CONFIG_HOME/dconf/user` and telling
/// each write as `ca.desrt.dconf.Writer.Notify`. Stops when dropped.
pub struct Dconf {
    _process: GroupChild,
}

impl Dconf {
    pub fn start(session: &Session) -> Dconf {
        let program = Path::new("/usr/libexec/dconf-service");
        assert!(
            program.is_file(),
            "dconf-service is not installed; install it with `apt-get update && apt-get install \
             -y dconf-service dconf-gsettings-backend gsettings-desktop-schemas libglib2.0-bin`"
        );
        let mut process = spawn(session, "dconf-service", program);
        wait_for_name(session, &mut process, "ca.desrt.dconf", "dconf-service.log");
        Dconf { _process: process }
    }

    /// GNOME's do-not-disturb: `show-banners` false, set as GNOME's Settings and the shell's
    /// calendar menu set it (through GSettings and dconf).
    pub fn set_do_not_disturb(&self, session: &Session, on: bool) {
        let banners = if on { "false" } else { "true" };
        let mut cmd = session.command(
            require("gsettings", "libglib2.0-bin")
                .to_str()
                .expect("utf-8"),
        );
        let out = cmd
            .env("GSETTINGS_BACKEND", "dconf")
            .args([
                "set",
                "org.gnome.desktop.notifications",
                "show-banners",
                banners,
            ])
            .stdin(Stdio::null())
            .output()
            .expect("run gsettings");
        assert!(
            out.status.success(),
            "gsettings set show-banners {banners} failed (the schema is in \
             gsettings-desktop-schemas, the dconf backend in dconf-gsettings-backend): {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `unknot doctor`'s report with the session's environment.
pub fn doctor(session: &Session) -> String {
    let out = session
        .command(binary().to_str().expect("utf-8 path"))
        .arg("doctor")
        .stdin(Stdio::null())
        .output()
        .expect("run unknot doctor");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
