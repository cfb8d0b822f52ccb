//! D-Bus pieces the adapters share: following a name's owner, and asking whether it has one.

use zbus::message::Type;
use zbus::{Connection, MatchRule, Message};

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

/// The new owner a `NameOwnerChanged` for `name` tells: `Some(None)` when the name is gone,
/// `None` when the message is about another name.
pub fn owner_changed(msg: &Message, name: &str) -> Option<Option<String>> {
    let body = msg.body();
    let (changed, _old, new) = body.deserialize::<(&str, &str, &str)>().ok()?;
    (changed == name).then(|| Some(new.to_owned()).filter(|n| !n.is_empty()))
}

/// Whoever owns `name` now, if anyone. Asked before calling a service, so that the call cannot
/// start one that was not running.
pub async fn name_owner(conn: &Connection, name: &str) -> zbus::Result<Option<String>> {
    match conn
        .call_method(Some(BUS), BUS_PATH, Some(BUS), "GetNameOwner", &(name,))
        .await
    {
        Ok(reply) => Ok(Some(reply.body().deserialize::<String>()?)),
        Err(zbus::Error::MethodError(error, _, _))
            if error.as_str() == "org.freedesktop.DBus.Error.NameHasNoOwner" =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}
