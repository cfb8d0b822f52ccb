//! Idle time on X11 (not XWayland), from the MIT-SCREEN-SAVER extension: the X server's own
//! count of time since the last keyboard or mouse input.

use std::time::Duration;

use tokio::sync::watch;
use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::screensaver::{self, ConnectionExt as _};
use x11rb::rust_connection::RustConnection;

use super::poll::watch_by_asking;
use super::Session;
use crate::driver::Outbox;

pub struct Source {
    conn: RustConnection,
    root: u32,
}

impl Source {
    pub async fn connect(session: &Session) -> Result<Source, String> {
        if session.display.is_none() {
            return Err("no DISPLAY".into());
        }
        if session.is_wayland() {
            return Err("a Wayland session: XWayland's idle time sees only X clients".into());
        }
        let (conn, screen) =
            x11rb::connect(None).map_err(|e| format!("cannot connect to the X server: {e}"))?;
        match conn.extension_information(screensaver::X11_EXTENSION_NAME) {
            Ok(Some(_)) => {}
            _ => return Err("the X server has no MIT-SCREEN-SAVER extension".into()),
        }
        let root = conn
            .setup()
            .roots
            .get(screen)
            .ok_or("the X server has no such screen")?
            .root;
        Ok(Source { conn, root })
    }

    pub async fn run(self, threshold: watch::Receiver<Duration>, outbox: Outbox) -> String {
        let ask = || async {
            let info = self
                .conn
                .screensaver_query_info(self.root)
                .map_err(|e| e.to_string())?
                .reply()
                .map_err(|e| format!("the X server stopped answering: {e}"))?;
            Ok(Duration::from_millis(info.ms_since_user_input.into()))
        };
        watch_by_asking(ask, threshold, outbox).await
    }
}
