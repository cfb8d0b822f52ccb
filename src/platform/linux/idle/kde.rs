//! Idle time on KDE where no Wayland idle protocol is offered, from
//! `org.freedesktop.ScreenSaver.GetSessionIdleTime`. It can only be asked, so it is asked as
//! [`watch_by_asking`] does: once when the threshold could first be reached, and while away.
//!
//! GNOME also owns the name (gsd-screensaver-proxy), but answers `NotSupported`: that is no
//! idle source, and `connect` says so.

use std::time::Duration;

use tokio::sync::watch;
use zbus::Connection;

use super::poll::watch_by_asking;
use super::Session;
use crate::driver::Outbox;
use crate::platform::linux::bus;

const NAME: &str = "org.freedesktop.ScreenSaver";
/// KDE serves the interface here and at /org/freedesktop/ScreenSaver; this one is its own.
const PATH: &str = "/ScreenSaver";

/// KDE answers at once; GNOME's stand-in, while it is stopping, never answers.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Source {
    conn: Connection,
}

impl Source {
    pub async fn connect(_session: &Session, bus: Option<&Connection>) -> Result<Source, String> {
        let conn = super::session_bus(bus).await?;
        // Asked first so that a call cannot start a screen saver that was not running.
        let owner = bus::name_owner(&conn, NAME)
            .await
            .map_err(|e| format!("the session bus does not answer ({e})"))?;
        if owner.is_none() {
            return Err(format!("no {NAME} on the session bus"));
        }
        session_idle_time(&conn).await.map_err(|e| match e {
            zbus::Error::MethodError(name, _, _) if name.as_str().ends_with(".NotSupported") => {
                format!("{NAME} does not tell idle time (GetSessionIdleTime: not supported)")
            }
            e => format!("{NAME} GetSessionIdleTime failed ({e})"),
        })?;
        Ok(Source { conn })
    }

    pub async fn run(self, threshold: watch::Receiver<Duration>, outbox: Outbox) -> String {
        let ask = || {
            let conn = self.conn.clone();
            async move {
                session_idle_time(&conn)
                    .await
                    .map_err(|e| format!("{NAME} GetSessionIdleTime failed ({e})"))
            }
        };
        watch_by_asking(ask, threshold, outbox).await
    }
}

async fn session_idle_time(conn: &Connection) -> zbus::Result<Duration> {
    let call = conn.call_method(Some(NAME), PATH, Some(NAME), "GetSessionIdleTime", &());
    let ms: u32 = tokio::time::timeout(CALL_TIMEOUT, call)
        .await
        .map_err(|_| zbus::Error::Failure(format!("no answer in {CALL_TIMEOUT:?}")))??
        .body()
        .deserialize()?;
    Ok(Duration::from_millis(ms.into()))
}
