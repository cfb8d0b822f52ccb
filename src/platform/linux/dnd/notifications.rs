//! Do-not-disturb kept by the notification server itself, on `org.freedesktop.Notifications`
//! at `/org/freedesktop/Notifications`: KDE Plasma's `Inhibited` (interface
//! `org.freedesktop.Notifications`) and dunst's `paused` (interface `org.dunstproject.cmd0`).
//! Both send `PropertiesChanged` with the new value.
//!
//! dunst before 1.13.1 (Debian 12 has 1.9.0) sends it only when `paused` is set over D-Bus,
//! as `dunstctl set-paused` and the bars do; a pause by `SIGUSR1`/`SIGUSR2` (`killall -USR1
//! dunst`, the old way) changes nothing on the bus, so it is not seen until the next change.

use std::collections::HashMap;

use zbus::message::Type;
use zbus::zvariant::OwnedValue;
use zbus::{Connection, MatchRule, Message};

use super::get_bool;

pub const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";
const PROPERTIES: &str = "org.freedesktop.DBus.Properties";

pub const KDE: &str = "KDE (the notification server's Inhibited)";
const KDE_INTERFACE: &str = "org.freedesktop.Notifications";
const INHIBITED: &str = "Inhibited";

pub const DUNST: &str = "dunst (org.dunstproject.cmd0 paused)";
const DUNST_INTERFACE: &str = "org.dunstproject.cmd0";
const PAUSED: &str = "paused";

/// Which server's property a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    Kde,
    Dunst,
}

impl Server {
    fn property(self) -> (&'static str, &'static str) {
        match self {
            Server::Kde => (KDE_INTERFACE, INHIBITED),
            Server::Dunst => (DUNST_INTERFACE, PAUSED),
        }
    }
}

/// `PropertiesChanged` from whoever owns the name, at its path.
pub fn changes() -> zbus::Result<MatchRule<'static>> {
    Ok(MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(NAME)?
        .path(PATH)?
        .interface(PROPERTIES)?
        .member("PropertiesChanged")?
        .build())
}

/// What a `PropertiesChanged` tells: the server, and the new value, or `None` when the
/// property was only invalidated (read it again).
pub fn changed(msg: &Message) -> Option<(Server, Option<bool>)> {
    let body = msg.body();
    let (interface, changed, invalidated) = body
        .deserialize::<(&str, HashMap<&str, OwnedValue>, Vec<&str>)>()
        .ok()?;
    let server = [Server::Kde, Server::Dunst]
        .into_iter()
        .find(|s| s.property().0 == interface)?;
    let property = server.property().1;
    if let Some(value) = changed.get(property) {
        return Some((server, super::as_bool(value)));
    }
    invalidated.contains(&property).then_some((server, None))
}

/// The server's property, asked of its unique name `owner` (so that nothing is started):
/// `Ok(None)` when it has no such property, i.e. it is not that server.
pub async fn read(conn: &Connection, owner: &str, server: Server) -> Result<Option<bool>, String> {
    let (interface, property) = server.property();
    get_bool(conn, owner, PATH, interface, property).await
}

#[cfg(test)]
mod tests {
    use zbus::zvariant::Value;

    use super::*;

    fn properties_changed(
        interface: &str,
        changed: &[(&str, Value<'_>)],
        gone: &[&str],
    ) -> Message {
        let changed: HashMap<&str, &Value<'_>> = changed.iter().map(|(k, v)| (*k, v)).collect();
        Message::signal(PATH, PROPERTIES, "PropertiesChanged")
            .and_then(|b| b.build(&(interface, changed, gone.to_vec())))
            .expect("a PropertiesChanged message")
    }

    #[test]
    fn kde_inhibited_as_plasma_sends_it() {
        let msg = properties_changed(KDE_INTERFACE, &[("Inhibited", Value::Bool(true))], &[]);
        assert_eq!(changed(&msg), Some((Server::Kde, Some(true))));
        let msg = properties_changed(KDE_INTERFACE, &[("Inhibited", Value::Bool(false))], &[]);
        assert_eq!(changed(&msg), Some((Server::Kde, Some(false))));
    }

    #[test]
    fn dunst_paused_and_its_other_properties() {
        let msg = properties_changed(DUNST_INTERFACE, &[("paused", Value::Bool(true))], &[]);
        assert_eq!(changed(&msg), Some((Server::Dunst, Some(true))));
        // dunst 1.10 and later also tell the queue lengths this way.
        let msg = properties_changed(DUNST_INTERFACE, &[("displayedLength", Value::U32(2))], &[]);
        assert_eq!(changed(&msg), None);
    }

    #[test]
    fn an_invalidated_property_is_read_again() {
        let msg = properties_changed(KDE_INTERFACE, &[], &["Inhibited"]);
        assert_eq!(changed(&msg), Some((Server::Kde, None)));
    }

    #[test]
    fn other_interfaces_are_not_do_not_disturb() {
        let msg = properties_changed("org.example.Other", &[("paused", Value::Bool(true))], &[]);
        assert_eq!(changed(&msg), None);
    }
}
