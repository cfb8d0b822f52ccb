//! The graphical session unknot runs in, as its environment describes it. Sources are chosen
//! from this and from what answers, never from one variable alone.

use std::ffi::OsString;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    /// `XDG_SESSION_TYPE`: `wayland`, `x11`, `tty`, or unset.
    pub kind: Option<String>,
    pub wayland_display: Option<OsString>,
    pub display: Option<OsString>,
    /// `XDG_CURRENT_DESKTOP`, split at `:` (e.g. `ubuntu`, `GNOME`).
    pub desktops: Vec<String>,
    /// `XDG_SESSION_ID`: our logind session, when the login manager set it.
    pub id: Option<String>,
}

impl Session {
    pub fn from_env() -> Session {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let text = |name: &str| var(name).map(|v| v.to_string_lossy().into_owned());
        Session {
            kind: text("XDG_SESSION_TYPE"),
            wayland_display: var("WAYLAND_DISPLAY"),
            display: var("DISPLAY"),
            desktops: text("XDG_CURRENT_DESKTOP")
                .map(|d| d.split(':').map(str::to_owned).collect())
                .unwrap_or_default(),
            id: text("XDG_SESSION_ID"),
        }
    }

    /// A Wayland session: its X server, if any, is XWayland, whose idle counter sees only
    /// X clients.
    pub fn is_wayland(&self) -> bool {
        self.kind.as_deref() == Some("wayland") || self.wayland_display.is_some()
    }

    /// One line for people: `wayland (GNOME), WAYLAND_DISPLAY=wayland-0, DISPLAY=:0`.
    pub fn describe(&self) -> String {
        let mut text = self.kind.clone().unwrap_or_else(|| "unknown type".into());
        if !self.desktops.is_empty() {
            text += &format!(" ({})", self.desktops.join(":"));
        }
        for (name, value) in [
            ("WAYLAND_DISPLAY", &self.wayland_display),
            ("DISPLAY", &self.display),
        ] {
            match value {
                Some(v) => text += &format!(", {name}={}", v.to_string_lossy()),
                None => text += &format!(", no {name}"),
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_alone_under_a_wayland_session_is_xwayland() {
        let session = Session {
            kind: Some("wayland".into()),
            display: Some(":0".into()),
            ..Session::default()
        };
        assert!(session.is_wayland());
        let x11 = Session {
            kind: Some("x11".into()),
            display: Some(":0".into()),
            ..Session::default()
        };
        assert!(!x11.is_wayland());
    }
}
