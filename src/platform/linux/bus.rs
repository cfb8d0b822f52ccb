//! D-Bus pieces the adapters share: following a name's owner, and asking whether it has one.

use zbus::message::Type;
use zbus::{Connection, MatchRule};

const BUS: &str = "org.freedesktop.DBus";
const BUS_PATH: &str = "/org/freedesktop/DBus";

/// `NameOwnerChanged` for `name`, from the bus itself: its owner came, went or changed.
pub fn owner_changes(name: &str) -> zbus::Result<MatchRule<'static>> {
    Ok(MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(BUS)?
        .path(BUS_PATH)?
        .interface(BUS)?
        .member("NameOwnerChanged")?
        .arg(0, name.to_owned())?
        .build())
}

/// Whether someone owns `name` now. Asked before calling a service, so that the call cannot
/// start one that was not running.
pub async fn has_owner(conn: &Connection, name: &str) -> Result<bool, String> {
    let dbus = zbus::fdo::DBusProxy::new(conn)
        .await
        .map_err(|e| format!("the bus does not answer ({e})"))?;
    let name = zbus::names::BusName::try_from(name).map_err(|e| e.to_string())?;
    Ok(dbus.name_has_owner(name).await.unwrap_or(false))
}
