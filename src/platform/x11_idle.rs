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
        Some(X11Idle { conn, root })
    }
}

impl IdleSource for X11Idle {
    fn idle(&mut self) -> Option<Duration> {
        match self.conn.screensaver_query_info(self.root) {
            Ok(cookie) => match cookie.reply() {
                Ok(info) => Some(Duration::from_millis(info.ms_since_user_input.into())),
                Err(e) => {
                    log::warn!("X11 idle query failed: {e}");
                    None
                }
            },
            Err(e) => {
                log::warn!("X11 idle query failed: {e}");
                None
            }
        }
    }
}
