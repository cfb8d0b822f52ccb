//! A private D-Bus session bus per session: `dbus-daemon` with its own config, listening on a
//! socket in the session's temp dir. It has no service directories, so nothing is ever
//! auto-started on it: only the services a test starts exist.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;

use super::process::GroupChild;
use super::tools::require;
use super::wait::TIMEOUT;

pub struct Bus {
    process: GroupChild,
    address: String,
}

impl Bus {
    pub fn start(dir: &Path) -> Bus {
        Bus::start_as(dir, "session")
    }

    /// A private bus of `kind` (`session` or `system`) in `dir`: for a test system bus, set
    /// DBUS_SYSTEM_BUS_ADDRESS to its address.
    pub fn start_as(dir: &Path, kind: &str) -> Bus {
        let daemon = require("dbus-daemon", "dbus");
        let socket = dir.join("bus");
        let config = dir.join("bus.conf");
        std::fs::write(&config, config_xml(&socket, kind)).expect("write bus.conf");
        let log = std::fs::File::create(dir.join("dbus.log")).expect("create dbus.log");
        let mut cmd = Command::new(daemon);
        cmd.arg("--nofork")
            .arg(format!("--config-file={}", config.display()))
            .arg("--print-address=1")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log);
        let mut process = GroupChild::spawn("dbus-daemon", cmd);
        let stdout = process
            .child_mut()
            .stdout
            .take()
            .expect("dbus-daemon stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let address = rx
            .recv_timeout(TIMEOUT)
            .unwrap_or_default()
            .trim()
            .to_owned();
        assert!(
            address.starts_with("unix:"),
            "dbus-daemon did not print its address (got {address:?}, status {:?}); its log:\n{}",
            process.try_status(),
            std::fs::read_to_string(dir.join("dbus.log")).unwrap_or_default()
        );
        Bus { process, address }
    }

    /// The value for DBUS_SESSION_BUS_ADDRESS.
    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// A connection that owns `name` and serves `interface` at `path`: a test service, up and
    /// named when this returns. `what` names it in the panic if it cannot start.
    pub fn serve<I: zbus::object_server::Interface>(
        &self,
        name: &str,
        path: &str,
        interface: I,
        what: &str,
    ) -> zbus::blocking::Connection {
        zbus::blocking::connection::Builder::address(self.address.as_str())
            .and_then(|b| b.name(name))
            .and_then(|b| b.serve_at(path, interface))
            .and_then(|b| b.build())
            .unwrap_or_else(|e| panic!("cannot start the test {what}: {e}"))
    }

    /// A new blocking zbus connection to this bus.
    pub fn connect(&self) -> zbus::blocking::Connection {
        zbus::blocking::connection::Builder::address(self.address.as_str())
            .and_then(|b| b.build())
            .unwrap_or_else(|e| panic!("cannot connect to the test bus {}: {e}", self.address))
    }
}

fn config_xml(socket: &Path, kind: &str) -> String {
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>{kind}</type>
  <keep_umask/>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        socket.display(),
    )
}
