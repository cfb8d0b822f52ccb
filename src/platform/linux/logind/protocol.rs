//! systemd-logind's interface as unknot speaks it (org.freedesktop.login1 on the system bus),
//! and the screensaver signals on the session bus: the calls, the match rules, and reading the
//! signals. Plain functions on one connection, so the tasks decide what runs when.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;

use zbus::message::Type;
use zbus::zvariant::{OwnedFd, OwnedObjectPath, OwnedValue};
use zbus::{Connection, MatchRule, Message, MessageStream};

use crate::platform::linux::bus;

pub const LOGIN1: &str = "org.freedesktop.login1";
const LOGIN1_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";
const USER: &str = "org.freedesktop.login1.User";
const PROPERTIES: &str = "org.freedesktop.DBus.Properties";

/// The screensaver services whose `ActiveChanged(b)` tells a lock where the locker sets no
/// LockedHint: (bus name, interface).
pub const SCREENSAVERS: [&str; 2] = ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"];

/// Signals queued per stream before zbus stops reading the socket until the task catches up.
const QUEUE: usize = 16;

/// A signal rule; the bus checks that the sender owns `sender` when it routes each signal, so
/// it holds for whoever owns the name, now or later.
fn signal_rule(
    sender: &str,
    path: Option<&str>,
    interface: &str,
    member: &str,
) -> zbus::Result<MatchRule<'static>> {
    let mut rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(sender.to_owned())?
        .interface(interface.to_owned())?
        .member(member.to_owned())?;
    if let Some(path) = path {
        rule = rule.path(path.to_owned())?;
    }
    Ok(rule.build())
}

async fn stream(conn: &Connection, rule: MatchRule<'static>) -> zbus::Result<MessageStream> {
    MessageStream::for_match_rule(rule, conn, Some(QUEUE)).await
}

/// `NameOwnerChanged` for `name`, from the bus itself.
pub async fn owner_changes(conn: &Connection, name: &str) -> zbus::Result<MessageStream> {
    stream(conn, bus::owner_changes(name)?).await
}

/// Every signal logind sends on its own objects, in one stream: the order of a `Lock`, a
/// LockedHint change and a `PrepareForSleep` is kept, which separate streams would lose.
/// logind signals seldom (a login, a lock, a sleep), so the ones not needed cost little.
pub async fn login1_signals(conn: &Connection) -> zbus::Result<MessageStream> {
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(LOGIN1)?
        .path_namespace(LOGIN1_PATH)?
        .build();
    stream(conn, rule).await
}

/// What a logind signal means for unknot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// `PrepareForSleep(b)`: `true` before the machine sleeps, `false` after it woke.
    Sleep(bool),
    Lock,
    Unlock,
    /// LockedHint changed: its value, or `None` when only invalidated (it must be read).
    LockedHint(Option<bool>),
}

/// `session`: our session's object path, if known.
pub fn login1_signal(msg: &Message, session: Option<&str>) -> Option<Signal> {
    let header = msg.header();
    let path = header.path()?.as_str();
    let interface = header.interface()?.as_str();
    let member = header.member()?.as_str();
    if path == LOGIN1_PATH && interface == MANAGER && member == "PrepareForSleep" {
        return msg.body().deserialize::<bool>().ok().map(Signal::Sleep);
    }
    if Some(path) != session {
        return None;
    }
    match (interface, member) {
        (SESSION, "Lock") => Some(Signal::Lock),
        (SESSION, "Unlock") => Some(Signal::Unlock),
        (PROPERTIES, "PropertiesChanged") => locked_hint_changed(msg).map(Signal::LockedHint),
        _ => None,
    }
}

/// A `delay` inhibitor on sleep: logind waits (up to its InhibitDelayMaxSec) until every such
/// file descriptor is closed before the machine sleeps.
pub async fn inhibit_sleep(conn: &Connection) -> zbus::Result<OwnedFd> {
    let reply = conn
        .call_method(
            Some(LOGIN1),
            LOGIN1_PATH,
            Some(MANAGER),
            "Inhibit",
            &(
                "sleep",
                "unknot",
                "Saving your sitting time before sleep",
                "delay",
            ),
        )
        .await?;
    // A duplicate: the message's own copy closes when the reply is dropped.
    reply.body().deserialize::<OwnedFd>()
}

/// Our session's object: by `XDG_SESSION_ID` when the login manager set it, else the session
/// our own process belongs to, else (started by the systemd user manager, which is in no
/// session) our user's display session, the graphical one.
pub async fn session_path(conn: &Connection, id: Option<&str>) -> zbus::Result<OwnedObjectPath> {
    if let Some(id) = id {
        let reply = conn
            .call_method(
                Some(LOGIN1),
                LOGIN1_PATH,
                Some(MANAGER),
                "GetSession",
                &(id,),
            )
            .await?;
        return reply.body().deserialize::<OwnedObjectPath>();
    }
    let by_pid = conn
        .call_method(
            Some(LOGIN1),
            LOGIN1_PATH,
            Some(MANAGER),
            "GetSessionByPID",
            &(std::process::id(),),
        )
        .await;
    match by_pid {
        Ok(reply) => reply.body().deserialize::<OwnedObjectPath>(),
        Err(e) => match display_session(conn).await {
            Ok(Some(path)) => Ok(path),
            _ => Err(e),
        },
    }
}

/// The `Display` session of our user, if it has one.
async fn display_session(conn: &Connection) -> zbus::Result<Option<OwnedObjectPath>> {
    // The owner of /proc/self is our own user: no unsafe getuid() needed.
    let uid = std::fs::metadata("/proc/self")?.uid();
    let user = conn
        .call_method(Some(LOGIN1), LOGIN1_PATH, Some(MANAGER), "GetUser", &(uid,))
        .await?
        .body()
        .deserialize::<OwnedObjectPath>()?;
    let reply = conn
        .call_method(
            Some(LOGIN1),
            &user,
            Some(PROPERTIES),
            "Get",
            &(USER, "Display"),
        )
        .await?;
    let (id, path) =
        <(String, OwnedObjectPath)>::try_from(reply.body().deserialize::<OwnedValue>()?)?;
    // No display session: an empty id and the path "/".
    Ok((!id.is_empty()).then_some(path))
}

/// What a session's `PropertiesChanged` says of LockedHint: `Some(Some(b))` its new value,
/// `Some(None)` changed but the value not sent (invalidated), `None` not mentioned.
fn locked_hint_changed(msg: &Message) -> Option<Option<bool>> {
    let (interface, changed, invalidated) = msg
        .body()
        .deserialize::<(String, HashMap<String, OwnedValue>, Vec<String>)>()
        .ok()?;
    if interface != SESSION {
        return None;
    }
    if let Some(value) = changed.get("LockedHint") {
        return Some(bool::try_from(value).ok());
    }
    invalidated
        .iter()
        .any(|p| p == "LockedHint")
        .then_some(None)
}

async fn session_property(conn: &Connection, path: &str, name: &str) -> zbus::Result<OwnedValue> {
    let reply = conn
        .call_method(
            Some(LOGIN1),
            path,
            Some(PROPERTIES),
            "Get",
            &(SESSION, name),
        )
        .await?;
    reply.body().deserialize::<OwnedValue>()
}

pub async fn locked_hint(conn: &Connection, path: &str) -> zbus::Result<bool> {
    let value = session_property(conn, path, "LockedHint").await?;
    bool::try_from(value).map_err(Into::into)
}

/// The session's `Id`, as `loginctl` shows it.
pub async fn session_id(conn: &Connection, path: &str) -> zbus::Result<String> {
    let value = session_property(conn, path, "Id").await?;
    String::try_from(value).map_err(Into::into)
}

/// `ActiveChanged(b)` from both screensaver services, on any path (KDE sends it on two).
pub async fn screensaver_signals(
    conn: &Connection,
) -> zbus::Result<(MessageStream, MessageStream)> {
    let [a, b] = SCREENSAVERS;
    Ok((
        stream(conn, signal_rule(a, None, a, "ActiveChanged")?).await?,
        stream(conn, signal_rule(b, None, b, "ActiveChanged")?).await?,
    ))
}

pub fn screensaver_active(msg: &Message) -> Option<bool> {
    msg.body().deserialize::<bool>().ok()
}
