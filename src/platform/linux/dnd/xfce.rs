//! XFCE's do-not-disturb: xfce4-notifyd keeps it in xfconf, channel `xfce4-notifyd`, property
//! `/do-not-disturb` (a boolean; unset means off). xfconfd (`org.xfce.Xfconf`) answers
//! `GetProperty` and tells every change as `PropertyChanged(channel, property, value)`, and a
//! reset as `PropertyRemoved(channel, property)`.

use std::time::Duration;

use zbus::message::Type;
use zbus::{Connection, MatchRule, Message};

pub const NAME: &str = "XFCE (xfconf xfce4-notifyd /do-not-disturb)";
pub const XFCONF: &str = "org.xfce.Xfconf";
const PATH: &str = "/org/xfce/Xfconf";
const CHANNEL: &str = "xfce4-notifyd";
const PROPERTY: &str = "/do-not-disturb";

/// `PropertyChanged` and `PropertyRemoved` for this one property only: the bus filters by
/// channel and property, so other settings wake nothing.
pub fn changes() -> zbus::Result<MatchRule<'static>> {
    Ok(MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(XFCONF)?
        .path(PATH)?
        .interface(XFCONF)?
        .arg(0, CHANNEL)?
        .arg(1, PROPERTY)?
        .build())
}

/// The new state a signal tells, if it is about this property.
pub fn changed(msg: &Message) -> Option<bool> {
    let header = msg.header();
    let member = header.member()?;
    let body = msg.body();
    match member.as_str() {
        "PropertyChanged" => {
            let (channel, property, value) = body
                .deserialize::<(&str, &str, zbus::zvariant::OwnedValue)>()
                .ok()?;
            (channel == CHANNEL && property == PROPERTY)
                .then(|| super::as_bool(&value))
                .flatten()
        }
        "PropertyRemoved" => {
            let (channel, property) = body.deserialize::<(&str, &str)>().ok()?;
            (channel == CHANNEL && property == PROPERTY).then_some(false)
        }
        _ => None,
    }
}

/// The property, asked of xfconfd's unique name `owner`; not set is off.
pub async fn read(conn: &Connection, owner: &str, timeout: Duration) -> Result<bool, String> {
    let body = (CHANNEL, PROPERTY);
    let call = conn.call_method(Some(owner), PATH, Some(XFCONF), "GetProperty", &body);
    let reply = match tokio::time::timeout(timeout, call).await {
        Err(_) => return Err(format!("{XFCONF} did not answer in {timeout:?}")),
        Ok(Err(zbus::Error::MethodError(name, _, _)))
            if name.as_str().ends_with(".PropertyNotFound")
                || name.as_str().ends_with(".ChannelNotFound") =>
        {
            return Ok(false)
        }
        Ok(Err(e)) => return Err(format!("{XFCONF} GetProperty failed ({e})")),
        Ok(Ok(reply)) => reply,
    };
    let value: zbus::zvariant::OwnedValue = reply
        .body()
        .deserialize()
        .map_err(|e| format!("{XFCONF} GetProperty answered oddly ({e})"))?;
    super::as_bool(&value).ok_or_else(|| format!("{CHANNEL} {PROPERTY} is not a boolean"))
}

#[cfg(test)]
mod tests {
    use zbus::zvariant::Value;

    use super::*;

    fn signal<B>(member: &str, body: &B) -> Message
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
    {
        Message::signal(PATH, XFCONF, member)
            .and_then(|b| b.build(body))
            .expect("an Xfconf signal")
    }

    #[test]
    fn property_changed_tells_the_new_state() {
        let on = signal("PropertyChanged", &(CHANNEL, PROPERTY, Value::Bool(true)));
        assert_eq!(changed(&on), Some(true));
        let off = signal("PropertyChanged", &(CHANNEL, PROPERTY, Value::Bool(false)));
        assert_eq!(changed(&off), Some(false));
    }

    #[test]
    fn a_removed_property_is_off() {
        assert_eq!(
            changed(&signal("PropertyRemoved", &(CHANNEL, PROPERTY))),
            Some(false)
        );
    }

    #[test]
    fn other_properties_are_ignored() {
        let other = signal(
            "PropertyChanged",
            &(CHANNEL, "/theme", Value::from("Default")),
        );
        assert_eq!(changed(&other), None);
        let other = signal("PropertyChanged", &("xfwm4", PROPERTY, Value::Bool(true)));
        assert_eq!(changed(&other), None);
    }
}
