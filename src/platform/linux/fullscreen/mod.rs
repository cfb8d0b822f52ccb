//! Quiet while a fullscreen window has the focus (a presentation, a video, a game). The
//! window manager or compositor pushes every change of focus and of window state; nothing is
//! asked while nothing changes. X11 through the EWMH properties, wlroots compositors through
//! `zwlr_foreign_toplevel_manager_v1`; GNOME and KDE Wayland offer a client no such view.

mod wlroots;
mod x11;

use crate::core::Reason;
use crate::driver::{Outbox, Quiet};
use crate::platform::idle::Session;

enum Source {
    X11(Box<x11::Source>),
    Wlroots(Box<wlroots::Source>),
}

impl Source {
    /// The one way this session offers, or why there is none (worded for `unknot doctor`).
    async fn connect(session: &Session) -> Result<Source, String> {
        // Under Wayland the X server is XWayland, which knows only X clients' windows.
        if session.is_wayland() {
            return match wlroots::Source::connect(session).await {
                Ok(source) => Ok(Source::Wlroots(Box::new(source))),
                Err(why) => Err(for_desktop(session, why)),
            };
        }
        if session.display.is_some() {
            return x11::Source::connect(session).map(|s| Source::X11(Box::new(s)));
        }
        Err(format!(
            "neither an X11 nor a Wayland session ({})",
            session.describe()
        ))
    }

    fn name(&self) -> &'static str {
        match self {
            Source::X11(_) => x11::NAME,
            Source::Wlroots(_) => wlroots::NAME,
        }
    }

    /// What the source sees now, in words.
    fn describe(&self) -> String {
        match self {
            Source::X11(s) => s.describe(),
            Source::Wlroots(s) => s.describe(),
        }
    }

    /// Tells `quiet` the state now and at every change, until the source goes away; then says
    /// why.
    async fn run(self, quiet: &mut Tell) -> String {
        match self {
            Source::X11(s) => s.run(quiet).await,
            Source::Wlroots(s) => s.run(quiet).await,
        }
    }
}

/// Where a Wayland compositor offers no view of the windows, say so by name for the desktops
/// people use.
fn for_desktop(session: &Session, why: String) -> String {
    let is = |name: &str| {
        session
            .desktops
            .iter()
            .any(|d| d.eq_ignore_ascii_case(name))
    };
    if is("GNOME") {
        format!("fullscreen windows cannot be seen on GNOME Wayland ({why})")
    } else if is("KDE") {
        format!("fullscreen windows cannot be seen on KDE Plasma Wayland ({why})")
    } else {
        format!("fullscreen windows cannot be seen on this Wayland desktop ({why})")
    }
}

/// Sends [`Quiet`] for [`Reason::Fullscreen`] on changes only (the first always).
struct Tell {
    outbox: Outbox,
    last: Option<bool>,
}

impl Tell {
    fn set(&mut self, on: bool) {
        if self.last != Some(on) {
            self.last = Some(on);
            log::debug!("fullscreen window with the focus: {on}");
            self.outbox.send(Quiet {
                reason: Reason::Fullscreen,
                on,
            });
        }
    }
}

/// Starts watching for a focused fullscreen window on the current runtime. Where the session
/// offers no way, it logs why and sends nothing: the core then never counts it as quiet.
pub fn start(session: &Session, outbox: Outbox) {
    let session = session.clone();
    tokio::spawn(async move {
        let source = match Source::connect(&session).await {
            Ok(source) => source,
            Err(why) => {
                log::info!("fullscreen windows: not seen: {why}");
                return;
            }
        };
        let name = source.name();
        log::info!("fullscreen windows from {name}");
        let mut tell = Tell {
            outbox: outbox.clone(),
            last: None,
        };
        let why = tokio::select! {
            why = source.run(&mut tell) => why,
            () = outbox.closed() => return,
        };
        log::warn!(
            "the fullscreen source {name} went away ({why}): fullscreen windows are no longer seen"
        );
        // Held reminders must not wait for a window nobody can see any more.
        tell.set(false);
    });
}

/// What `unknot doctor` says of this session: how fullscreen windows are seen, or why not.
pub async fn diagnose(session: &Session) -> (String, Result<String, String>) {
    let outcome = match Source::connect(session).await {
        Ok(source) => Ok(format!("{}: {}", source.name(), source.describe())),
        Err(why) => Err(why),
    };
    ("fullscreen".into(), outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctor_names_the_desktop_that_offers_no_way() {
        let session = |desktops: &[&str]| Session {
            kind: Some("wayland".into()),
            desktops: desktops.iter().map(|d| d.to_string()).collect(),
            ..Session::default()
        };
        let why = || "the compositor does not offer zwlr_foreign_toplevel_manager_v1".to_owned();
        assert_eq!(
            for_desktop(&session(&["ubuntu", "GNOME"]), why()),
            "fullscreen windows cannot be seen on GNOME Wayland (the compositor does not offer \
             zwlr_foreign_toplevel_manager_v1)"
        );
        assert!(for_desktop(&session(&["KDE"]), why())
            .starts_with("fullscreen windows cannot be seen on KDE Plasma Wayland ("));
        assert!(for_desktop(&session(&[]), why())
            .starts_with("fullscreen windows cannot be seen on this Wayland desktop ("));
    }
}
