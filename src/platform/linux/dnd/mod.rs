//! The desktop's do-not-disturb, as one quiet source: on while any desktop says so — GNOME
//! (show-banners off), KDE (the notification server inhibited), dunst (paused) or XFCE
//! (xfce4-notifyd's do-not-disturb). Each is read once at start and when its service comes
//! onto the bus, then followed by the signals its service sends on a change; nothing is asked
//! while nothing changes. The state goes to the driver as [`Quiet`] for
//! [`Reason::DoNotDisturb`]: once at start, then on each change.

mod doctor;
mod gnome;
mod gvdb;
mod notifications;
mod xfce;

use std::path::PathBuf;
use std::time::Duration;

use futures_lite::StreamExt;
use zbus::zvariant::Value;
use zbus::{Connection, Message, MessageStream};

use crate::core::Reason;
use crate::driver::{Outbox, Quiet};
use crate::platform::linux::bus;
pub use doctor::diagnose;
use notifications::Server;

/// The services answer at once; one that does not is taken as saying nothing.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// Signals queued before zbus stops reading until the task catches up (a handful at most).
const QUEUE: usize = 16;

/// What each desktop says: `None` where it is not there (or cannot be read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Desktops {
    gnome: Option<bool>,
    kde: Option<bool>,
    dunst: Option<bool>,
    xfce: Option<bool>,
}

impl Desktops {
    fn all(&self) -> [(&'static str, Option<bool>); 4] {
        [
            (gnome::NAME, self.gnome),
            (notifications::KDE, self.kde),
            (notifications::DUNST, self.dunst),
            (xfce::NAME, self.xfce),
        ]
    }

    fn on(&self) -> bool {
        self.all().iter().any(|(_, said)| *said == Some(true))
    }

    /// For the log: each desktop found, and what it says.
    fn describe(&self) -> String {
        let found: Vec<String> = self
            .all()
            .iter()
            .filter_map(|(name, said)| Some(format!("{name}: {}", state((*said)?))))
            .collect();
        if found.is_empty() {
            "no desktop's do-not-disturb found".into()
        } else {
            found.join(", ")
        }
    }
}

fn state(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

/// A boolean, also as a variant in a variant (as `Properties.Get` answers some).
fn as_bool(value: &Value<'_>) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Value(inner) => as_bool(inner),
        _ => None,
    }
}

/// `Properties.Get` of a boolean from `owner` (a unique name: nothing is started). `Ok(None)`
/// when the object has no such property.
async fn get_bool(
    conn: &Connection,
    owner: &str,
    path: &str,
    interface: &str,
    property: &str,
) -> Result<Option<bool>, String> {
    let body = (interface, property);
    let call = conn.call_method(
        Some(owner),
        path,
        Some("org.freedesktop.DBus.Properties"),
        "Get",
        &body,
    );
    match tokio::time::timeout(CALL_TIMEOUT, call).await {
        Err(_) => Err(format!("{owner} did not answer in {CALL_TIMEOUT:?}")),
        // UnknownProperty, UnknownInterface, InvalidArgs: not this kind of server.
        Ok(Err(zbus::Error::MethodError(..))) => Ok(None),
        Ok(Err(e)) => Err(format!("Get {interface}.{property} failed ({e})")),
        Ok(Ok(reply)) => {
            let value: zbus::zvariant::OwnedValue = reply
                .body()
                .deserialize()
                .map_err(|e| format!("Get {interface}.{property} answered oddly ({e})"))?;
            Ok(as_bool(&value))
        }
    }
}

/// Starts following do-not-disturb on the current runtime. `bus`: the app's session-bus
/// connection (each connection costs memory for the life of the app); `None` opens one.
pub fn start(outbox: Outbox, bus: Option<Connection>) {
    let quitting = outbox.clone();
    tokio::spawn(async move {
        // The shared connection owns unknot's bus name: let go of it when the app ends.
        tokio::select! {
            why = follow(outbox, bus) => {
                log::warn!("the desktop's do-not-disturb is no longer followed: {why}");
            }
            () = quitting.closed() => {}
        }
    });
}

/// The signals followed, subscribed before anything is read so that no change comes unheard.
struct Streams {
    notifications_owner: MessageStream,
    xfconf_owner: MessageStream,
    notifications: MessageStream,
    xfconf: MessageStream,
    dconf: MessageStream,
}

impl Streams {
    async fn subscribe(conn: &Connection) -> zbus::Result<Streams> {
        let stream = |rule| MessageStream::for_match_rule(rule, conn, Some(QUEUE));
        Ok(Streams {
            notifications_owner: stream(bus::owner_changes(notifications::NAME)?).await?,
            xfconf_owner: stream(bus::owner_changes(xfce::XFCONF)?).await?,
            notifications: stream(notifications::changes()?).await?,
            xfconf: stream(xfce::changes()?).await?,
            dconf: stream(gnome::writes()?).await?,
        })
    }
}

/// Where each service is, and what each desktop said last.
struct Follower {
    conn: Connection,
    database: Option<PathBuf>,
    notifications_owner: Option<String>,
    xfconf_owner: Option<String>,
    said: Desktops,
}

impl Follower {
    async fn read_notifications(&mut self, which: &[Server]) {
        for &server in which {
            let said = match &self.notifications_owner {
                None => None,
                Some(owner) => notifications::read(&self.conn, owner, server)
                    .await
                    .unwrap_or_else(|why| {
                        log::warn!("do not disturb: the notification server: {why}");
                        None
                    }),
            };
            match server {
                Server::Kde => self.said.kde = said,
                Server::Dunst => self.said.dunst = said,
            }
        }
    }

    async fn read_xfce(&mut self) {
        self.said.xfce = match &self.xfconf_owner {
            None => None,
            Some(owner) => xfce::read(&self.conn, owner, CALL_TIMEOUT)
                .await
                .map_err(|why| log::warn!("do not disturb: {why}"))
                .ok(),
        };
    }

    fn read_gnome(&mut self) {
        self.said.gnome = gnome::read(self.database.as_deref()).unwrap_or_else(|why| {
            log::warn!("do not disturb: GNOME's setting: {why}");
            None
        });
    }
}

/// Whether `msg` came from `owner`: the bus routes a rule's well-known sender by its current
/// owner, but zbus hands every message that reaches the connection to each matching stream.
fn from(msg: &Message, owner: Option<&str>) -> bool {
    let header = msg.header();
    header
        .sender()
        .map(|s| s.as_str())
        .is_some_and(|s| Some(s) == owner)
}

/// Follows do-not-disturb until the connection is lost; returns why it stopped.
async fn follow(outbox: Outbox, shared: Option<Connection>) -> String {
    let conn = match shared {
        Some(conn) => conn,
        None => match Connection::session().await {
            Ok(conn) => conn,
            Err(e) => return format!("cannot connect to the session bus ({e})"),
        },
    };
    let mut streams = match Streams::subscribe(&conn).await {
        Ok(streams) => streams,
        Err(e) => return format!("cannot listen on the session bus ({e})"),
    };
    let owner = |name| {
        let conn = conn.clone();
        async move { bus::name_owner(&conn, name).await.ok().flatten() }
    };
    let mut follower = Follower {
        notifications_owner: owner(notifications::NAME).await,
        xfconf_owner: owner(xfce::XFCONF).await,
        conn: conn.clone(),
        database: gnome::database(),
        said: Desktops::default(),
    };
    follower.read_gnome();
    follower
        .read_notifications(&[Server::Kde, Server::Dunst])
        .await;
    follower.read_xfce().await;
    let mut told = follower.said.on();
    log::info!(
        "do not disturb {} ({})",
        state(told),
        follower.said.describe()
    );
    outbox.send(Quiet {
        reason: Reason::DoNotDisturb,
        on: told,
    });
    const LOST: &str = "the session bus connection was lost";
    loop {
        tokio::select! {
            // Owners first: a new owner's signals are heard only once it is known.
            biased;
            msg = streams.notifications_owner.next() => {
                let Some(msg) = msg else { return LOST.into() };
                let Some(new) = msg.ok().and_then(|m| bus::owner_changed(&m, notifications::NAME)) else {
                    continue;
                };
                follower.notifications_owner = new;
                follower.read_notifications(&[Server::Kde, Server::Dunst]).await;
            }
            msg = streams.xfconf_owner.next() => {
                let Some(msg) = msg else { return LOST.into() };
                let Some(new) = msg.ok().and_then(|m| bus::owner_changed(&m, xfce::XFCONF)) else {
                    continue;
                };
                follower.xfconf_owner = new;
                follower.read_xfce().await;
            }
            msg = streams.notifications.next() => {
                let Some(msg) = msg else { return LOST.into() };
                let Ok(msg) = msg else { continue };
                if !from(&msg, follower.notifications_owner.as_deref()) {
                    continue;
                }
                match notifications::changed(&msg) {
                    Some((Server::Kde, Some(on))) => follower.said.kde = Some(on),
                    Some((Server::Dunst, Some(on))) => follower.said.dunst = Some(on),
                    Some((server, None)) => follower.read_notifications(&[server]).await,
                    None => continue,
                }
            }
            msg = streams.xfconf.next() => {
                let Some(msg) = msg else { return LOST.into() };
                let Ok(msg) = msg else { continue };
                if !from(&msg, follower.xfconf_owner.as_deref()) {
                    continue;
                }
                let Some(on) = xfce::changed(&msg) else { continue };
                follower.said.xfce = Some(on);
            }
            msg = streams.dconf.next() => {
                let Some(msg) = msg else { return LOST.into() };
                if msg.is_ok_and(|msg| gnome::touches_key(&msg)) {
                    follower.read_gnome();
                }
            }
        }
        let on = follower.said.on();
        if on != told {
            told = on;
            log::info!(
                "do not disturb {} ({})",
                state(on),
                follower.said.describe()
            );
            outbox.send(Quiet {
                reason: Reason::DoNotDisturb,
                on,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_when_any_desktop_says_so() {
        let mut said = Desktops::default();
        assert!(!said.on());
        said.kde = Some(false);
        said.gnome = Some(false);
        assert!(!said.on());
        said.xfce = Some(true);
        assert!(said.on());
        said.xfce = None;
        said.dunst = Some(true);
        assert!(said.on());
    }

    #[test]
    fn the_log_names_the_desktops_found() {
        let said = Desktops {
            dunst: Some(true),
            gnome: Some(false),
            ..Desktops::default()
        };
        assert_eq!(
            said.describe(),
            "GNOME (show-banners, read from dconf): off, dunst (org.dunstproject.cmd0 paused): on"
        );
        assert_eq!(
            Desktops::default().describe(),
            "no desktop's do-not-disturb found"
        );
    }

    #[test]
    fn a_variant_in_a_variant_is_read_through() {
        let inner = Value::Bool(true);
        assert_eq!(as_bool(&Value::Value(Box::new(inner))), Some(true));
        assert_eq!(as_bool(&Value::U32(1)), None);
    }
}
