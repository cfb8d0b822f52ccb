//! A focused fullscreen window on X11, from the window manager's EWMH properties: the root
//! window's `_NET_ACTIVE_WINDOW` says which window has the focus, that window's `_NET_WM_STATE`
//! whether it is fullscreen. The X server sends a PropertyNotify when either changes (the
//! second only for the window being watched, which moves with the focus), so nothing is asked
//! while nothing changes.

use std::os::fd::AsFd;

use tokio::io::Interest;
use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::xproto::{
    AtomEnum, ChangeWindowAttributesAux, ConnectionExt as _, EventMask, Window,
};
use x11rb::protocol::Event;
use x11rb::rust_connection::RustConnection;

use super::Tell;
use crate::platform::idle::Session;
use crate::platform::linux::fd;

pub const NAME: &str = "X11 (_NET_ACTIVE_WINDOW, _NET_WM_STATE)";

x11rb::atom_manager! {
    Atoms: AtomsCookie {
        _NET_ACTIVE_WINDOW,
        _NET_WM_STATE,
        _NET_WM_STATE_FULLSCREEN,
        _NET_SUPPORTING_WM_CHECK,
        _NET_WM_NAME,
        UTF8_STRING,
    }
}

pub struct Source {
    conn: RustConnection,
    root: Window,
    atoms: Atoms,
    /// The window whose `_NET_WM_STATE` changes are selected: the one with the focus.
    watched: Option<Window>,
}

fn gone(e: &dyn std::fmt::Display) -> String {
    format!("the X server went away: {e}")
}

impl Source {
    pub fn connect(session: &Session) -> Result<Source, String> {
        let display = session.display.as_ref().ok_or("no DISPLAY")?;
        let display = display.to_str().ok_or("DISPLAY is not UTF-8")?;
        let (conn, screen) = x11rb::connect(Some(display))
            .map_err(|e| format!("cannot connect to the X server: {e}"))?;
        let root = conn
            .setup()
            .roots
            .get(screen)
            .ok_or("the X server has no such screen")?
            .root;
        let atoms = Atoms::new(&conn)
            .map_err(|e| gone(&e))?
            .reply()
            .map_err(|e| gone(&e))?;
        Ok(Source {
            conn,
            root,
            atoms,
            watched: None,
        })
    }

    /// The window manager and what it says now, for `unknot doctor`.
    pub fn describe(&self) -> String {
        let now = match self.focused_fullscreen() {
            Ok(true) => "a fullscreen window has the focus now",
            Ok(false) => "no fullscreen window has the focus now",
            Err(why) => return why,
        };
        match self.window_manager() {
            Some(name) => format!("window manager {name}; {now}"),
            None => format!(
                "no EWMH window manager runs (no _NET_SUPPORTING_WM_CHECK on the root window), \
                 so no window is known to have the focus until one does; {now}"
            ),
        }
    }

    pub async fn run(mut self, tell: &mut Tell) -> String {
        // A copy of the connection's socket, for tokio to say when the X server sent something.
        let socket = match fd::watched_copy(self.conn.stream().as_fd(), Interest::READABLE) {
            Ok(socket) => socket,
            Err(e) => return format!("cannot watch the X connection: {e}"),
        };
        let root = ChangeWindowAttributesAux::new().event_mask(EventMask::PROPERTY_CHANGE);
        if let Err(e) = self.conn.change_window_attributes(self.root, &root) {
            return gone(&e);
        }
        let mut look = true;
        loop {
            if look {
                match self.look() {
                    Ok(on) => tell.set(on),
                    Err(why) => return why,
                }
            }
            if let Err(e) = self.conn.flush() {
                return gone(&e);
            }
            // Events may already wait in the connection's buffer, read along with a reply:
            // the socket would not say so.
            look = false;
            loop {
                match self.conn.poll_for_event() {
                    Ok(Some(event)) => look |= self.matters(&event),
                    Ok(None) => break,
                    Err(e) => return gone(&e),
                }
            }
            if look {
                continue;
            }
            match socket.readable().await {
                Ok(mut guard) => guard.clear_ready(),
                Err(e) => return format!("cannot watch the X connection: {e}"),
            }
        }
    }

    /// Whether `event` may change the answer.
    fn matters(&self, event: &Event) -> bool {
        match event {
            Event::PropertyNotify(e) if e.window == self.root => {
                e.atom == self.atoms._NET_ACTIVE_WINDOW
            }
            Event::PropertyNotify(e) => {
                Some(e.window) == self.watched && e.atom == self.atoms._NET_WM_STATE
            }
            // A window that vanished between the focus change and our request: the window
            // manager will name the next one.
            Event::Error(e) => {
                log::debug!("fullscreen: the X server refused a request: {e:?}");
                false
            }
            _ => false,
        }
    }

    /// Moves the watch to the focused window, then reads its state: whether it is fullscreen.
    /// The watch is set before the state is read, so that no change falls between the two.
    fn look(&mut self) -> Result<bool, String> {
        let active = self.active_window()?;
        if active != self.watched {
            // No reply awaited: a window already gone answers with an error event, ignored.
            if let Some(old) = self.watched {
                let none = ChangeWindowAttributesAux::new().event_mask(EventMask::NO_EVENT);
                self.conn
                    .change_window_attributes(old, &none)
                    .map_err(|e| gone(&e))?;
            }
            if let Some(new) = active {
                let state = ChangeWindowAttributesAux::new().event_mask(EventMask::PROPERTY_CHANGE);
                self.conn
                    .change_window_attributes(new, &state)
                    .map_err(|e| gone(&e))?;
            }
            log::debug!("fullscreen: the focus is on window {active:?}");
            self.watched = active;
        }
        match active {
            Some(window) => self.is_fullscreen(window),
            None => Ok(false),
        }
    }

    fn focused_fullscreen(&self) -> Result<bool, String> {
        match self.active_window()? {
            Some(window) => self.is_fullscreen(window),
            None => Ok(false),
        }
    }

    /// `_NET_ACTIVE_WINDOW`: `None` when no window has the focus, or no window manager says.
    fn active_window(&self) -> Result<Option<Window>, String> {
        let value = self.window_property(self.root, self.atoms._NET_ACTIVE_WINDOW)?;
        Ok(value.filter(|&w| w != x11rb::NONE))
    }

    /// Whether `window`'s `_NET_WM_STATE` holds `_NET_WM_STATE_FULLSCREEN`; a window that is
    /// gone is not.
    fn is_fullscreen(&self, window: Window) -> Result<bool, String> {
        let reply = self.conn.get_property(
            false,
            window,
            self.atoms._NET_WM_STATE,
            AtomEnum::ATOM,
            0,
            64,
        );
        match reply.map_err(|e| gone(&e))?.reply() {
            Ok(reply) => Ok(reply
                .value32()
                .is_some_and(|mut atoms| atoms.any(|a| a == self.atoms._NET_WM_STATE_FULLSCREEN))),
            Err(ReplyError::X11Error(_)) => Ok(false),
            Err(e) => Err(gone(&e)),
        }
    }

    /// The first WINDOW in `property` of `window`, if it has one.
    fn window_property(&self, window: Window, property: u32) -> Result<Option<Window>, String> {
        let reply = self
            .conn
            .get_property(false, window, property, AtomEnum::WINDOW, 0, 1);
        match reply.map_err(|e| gone(&e))?.reply() {
            Ok(reply) => Ok(reply.value32().and_then(|mut v| v.next())),
            Err(ReplyError::X11Error(_)) => Ok(None),
            Err(e) => Err(gone(&e)),
        }
    }

    /// The EWMH window manager's name, from its `_NET_SUPPORTING_WM_CHECK` window.
    fn window_manager(&self) -> Option<String> {
        let check = self
            .window_property(self.root, self.atoms._NET_SUPPORTING_WM_CHECK)
            .ok()??;
        let name = self
            .conn
            .get_property(
                false,
                check,
                self.atoms._NET_WM_NAME,
                self.atoms.UTF8_STRING,
                0,
                256,
            )
            .ok()?
            .reply()
            .ok()?;
        let name = String::from_utf8_lossy(&name.value).into_owned();
        Some(if name.is_empty() {
            "(unnamed)".into()
        } else {
            name
        })
    }
}
