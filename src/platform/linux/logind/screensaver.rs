//! Lock from the session's screensaver service (`org.freedesktop.ScreenSaver`,
//! `org.gnome.ScreenSaver`): its `ActiveChanged(b)` tells of a lock where the locker sets no
//! LockedHint in logind. The match rules hold for whoever owns the names, now or later.

use futures_lite::StreamExt;
use zbus::Connection;

use crate::platform::linux::bus;

use super::protocol::{self, SCREENSAVERS};
use super::LockState;

pub async fn watch(lock: LockState, conn: Option<Connection>) {
    let conn = match conn {
        Some(conn) => conn,
        None => match Connection::session().await {
            Ok(conn) => conn,
            Err(e) => {
                log::info!("no session bus ({e}): no lock from the screensaver");
                return;
            }
        },
    };
    let (freedesktop, gnome) = match protocol::screensaver_signals(&conn).await {
        Ok(streams) => streams,
        Err(e) => {
            log::warn!("cannot listen for the screensaver's ActiveChanged ({e})");
            return;
        }
    };
    let mut all = freedesktop.or(gnome);
    loop {
        tokio::select! {
            msg = all.next() => {
                let Some(msg) = msg else { return };
                let Ok(msg) = msg else { continue };
                if let Some(active) = protocol::screensaver_active(&msg) {
                    lock.set(active, "screensaver ActiveChanged");
                }
            }
            // The connection may be the one that owns unknot's name: let go of it on quitting.
            () = lock.outbox.closed() => return,
        }
    }
}

/// Whether a screensaver service is on the session bus now.
pub async fn diagnose() -> Result<String, String> {
    let conn = Connection::session()
        .await
        .map_err(|e| format!("no session bus ({e})"))?;
    for name in SCREENSAVERS {
        if let Ok(Some(_)) = bus::name_owner(&conn, name).await {
            return Ok(format!(
                "{name} ActiveChanged on the session bus, for lockers that set no LockedHint"
            ));
        }
    }
    Err(format!(
        "neither {} on the session bus (their ActiveChanged is watched should one appear)",
        SCREENSAVERS.join(" nor ")
    ))
}
