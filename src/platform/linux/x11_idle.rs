//! Idle time on X11, from the MIT-SCREEN-SAVER extension: the X server's own count of time
//! since the last keyboard or mouse input.

use std::time::Duration;

use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::screensaver::{self, ConnectionExt as _};
use x11rb::rust_connection::RustConnection;

use crate::driver::IdleSource;

pub struct X11Idle {
    conn: RustConnection,
    root: u32,
    /// Said once: a lost X server would otherwise be reported at every look.
    failed: bool,
}

impl X11Idle {
    /// Connects to `$DISPLAY`; `None` (with the reason logged) where that cannot work.
    pub fn connect() -> Option<X11Idle> {
        let (conn, screen) = match x11rb::connect(None) {
            Ok(c) => c,
            Err(e) => {
                log::warn!("no X11 idle time ({e}): only Done and Skip will end sitting time");
                return None;
            }
        };
        match conn.extension_information(screensaver::X11_EXTENSION_NAME) {
            Ok(Some(_)) => {}
            _ => {
                log::warn!("the X server has no MIT-SCREEN-SAVER extension: no idle time");
                return None;
            }
        }
        let root = conn.setup().roots.get(screen)?.root;
        log::info!("idle time from X11 MIT-SCREEN-SAVER");
        Some(X11Idle {
            conn,
            root,
            failed: false,
        })
    }
}

impl IdleSource for X11Idle {
    fn idle(&mut self) -> Option<Duration> {
        let reply = self
            .conn
            .screensaver_query_info(self.root)
            .map_err(|e| e.to_string())
            .and_then(|cookie| cookie.reply().map_err(|e| e.to_string()));
        match reply {
            Ok(info) => {
                self.failed = false;
                Some(Duration::from_millis(info.ms_since_user_input.into()))
            }
            Err(e) => {
                if !std::mem::replace(&mut self.failed, true) {
                    log::warn!("X11 idle time unavailable ({e}): only Done and Skip end sitting");
                }
                None
            }
        }
    }
}
