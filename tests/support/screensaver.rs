//! A test screensaver service on the session bus, and reading the app's lock changes from its
//! log.

use super::bus::Bus;

/// A screensaver service on the session bus (`org.freedesktop.ScreenSaver` or
/// `org.gnome.ScreenSaver`) that only signals: `ActiveChanged(b)`, as lockers that set no
/// LockedHint are seen.
pub struct ScreenSaver {
    conn: zbus::blocking::Connection,
    name: &'static str,
}

impl ScreenSaver {
    pub fn start(bus: &Bus, name: &'static str) -> ScreenSaver {
        let conn = zbus::blocking::connection::Builder::address(bus.address())
            .and_then(|b| b.name(name))
            .and_then(|b| b.build())
            .unwrap_or_else(|e| panic!("cannot start the test {name}: {e}"));
        ScreenSaver { conn, name }
    }

    pub fn active_changed(&self, active: bool) {
        let path = format!("/{}", self.name.replace('.', "/"));
        self.conn
            .emit_signal(
                None::<&str>,
                path.as_str(),
                self.name,
                "ActiveChanged",
                &(active,),
            )
            .unwrap_or_else(|e| panic!("cannot emit ActiveChanged: {e}"));
    }
}

/// How often the app's log says the screen locked (`locked`) or unlocked (`unlocked`): once
/// per change, however many sources told it.
pub fn lock_changes(log: &str, change: &str) -> usize {
    let needle = format!(" screen {change} (");
    log.lines().filter(|l| l.contains(&needle)).count()
}
