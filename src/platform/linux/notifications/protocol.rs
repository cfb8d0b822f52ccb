//! `org.freedesktop.Notifications` as unknot speaks it: the calls, the signals it listens to,
//! and the bus's own calls for finding the server. Plain functions on one connection, so the
//! task decides what runs when.

use zbus::message::Type;
use zbus::zvariant::{SerializeDict, Type as DBusType};
use zbus::{Connection, MatchRule, Message, MessageStream};

use crate::platform::linux::bus;

use super::icon::Image;

pub const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

const BUS: &str = "org.freedesktop.DBus";
const BUS_PATH: &str = "/org/freedesktop/DBus";

/// Signals queued per stream before zbus stops reading the socket until the task catches up.
const QUEUE: usize = 64;

/// One `Notify` call's arguments, owned so a call can outlive the task's borrow.
#[derive(Debug, Clone)]
pub struct Note {
    pub replaces_id: u32,
    pub summary: String,
    pub body: String,
    /// Key, label, key, label… as the spec has them.
    pub actions: Vec<String>,
    pub hints: Hints,
    /// Milliseconds; 0 never expires, -1 the server's default.
    pub expire_timeout: i32,
}

/// The hints unknot sends (`a{sv}`); those left `None` are not sent.
#[derive(Debug, Clone, Default, SerializeDict, DBusType)]
#[zvariant(
    signature = "dict",
    rename_all = "kebab-case",
    crate = "zbus::zvariant"
)]
pub struct Hints {
    pub desktop_entry: Option<&'static str>,
    pub category: Option<&'static str>,
    pub resident: Option<bool>,
    pub image_data: Option<&'static Image>,
}

/// What a server sent about one of the notifications on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    Action { id: u32, key: String },
    Closed { id: u32, reason: u32 },
}

impl Signal {
    pub fn id(&self) -> u32 {
        match self {
            Signal::Action { id, .. } | Signal::Closed { id, .. } => *id,
        }
    }
}

/// `NameOwnerChanged` for the notifications name: the new owner, `None` when it left.
pub type OwnerChange = Option<String>;

/// The streams the task listens to. Made before the first `Notify`, so no answer to it can
/// come before unknot listens.
pub struct Streams {
    pub actions: MessageStream,
    pub closed: MessageStream,
    pub owners: MessageStream,
}

impl Streams {
    pub async fn subscribe(conn: &Connection) -> zbus::Result<Streams> {
        // Only from whoever owns the name: the bus checks the sender when it routes the signal.
        let signal = |member: &'static str| -> zbus::Result<MatchRule<'static>> {
            Ok(MatchRule::builder()
                .msg_type(Type::Signal)
                .sender(NAME)?
                .path(PATH)?
                .interface(NAME)?
                .member(member)?
                .build())
        };
        let owners = bus::owner_changes(NAME)?;
        Ok(Streams {
            actions: MessageStream::for_match_rule(signal("ActionInvoked")?, conn, Some(QUEUE))
                .await?,
            closed: MessageStream::for_match_rule(signal("NotificationClosed")?, conn, Some(QUEUE))
                .await?,
            owners: MessageStream::for_match_rule(owners, conn, Some(QUEUE)).await?,
        })
    }
}

pub fn action_invoked(msg: &Message) -> Option<Signal> {
    let (id, key) = msg.body().deserialize::<(u32, String)>().ok()?;
    Some(Signal::Action { id, key })
}

pub fn notification_closed(msg: &Message) -> Option<Signal> {
    let (id, reason) = msg.body().deserialize::<(u32, u32)>().ok()?;
    Some(Signal::Closed { id, reason })
}

pub fn owner_changed(msg: &Message) -> Option<OwnerChange> {
    bus::owner_changed(msg, NAME)
}

/// Shows `note`; the server's id for it.
pub async fn notify(conn: &Connection, note: &Note) -> zbus::Result<u32> {
    let actions: Vec<&str> = note.actions.iter().map(String::as_str).collect();
    let body = (
        "unknot",
        note.replaces_id,
        // The icon travels as image-data (see icon.rs): no icon theme needed.
        "",
        note.summary.as_str(),
        note.body.as_str(),
        actions,
        &note.hints,
        note.expire_timeout,
    );
    let reply = conn
        .call_method(Some(NAME), PATH, Some(NAME), "Notify", &body)
        .await?;
    reply.body().deserialize::<u32>()
}

pub async fn close(conn: &Connection, id: u32) -> zbus::Result<()> {
    conn.call_method(Some(NAME), PATH, Some(NAME), "CloseNotification", &(id,))
        .await?;
    Ok(())
}

/// The server's capabilities, and the unique name of the connection that answered.
pub async fn capabilities(conn: &Connection) -> zbus::Result<(Vec<String>, Option<String>)> {
    let reply = conn
        .call_method(Some(NAME), PATH, Some(NAME), "GetCapabilities", &())
        .await?;
    let from = reply.header().sender().map(|s| s.to_string());
    Ok((reply.body().deserialize::<Vec<String>>()?, from))
}

/// Who owns the notifications name now, and whether the bus could start a server for it.
pub async fn presence(conn: &Connection) -> zbus::Result<(Option<String>, bool)> {
    let owner = match conn
        .call_method(Some(BUS), BUS_PATH, Some(BUS), "GetNameOwner", &(NAME,))
        .await
    {
        Ok(reply) => Some(reply.body().deserialize::<String>()?),
        Err(e) if is_no_server(&e) => None,
        Err(e) => return Err(e),
    };
    let activatable = conn
        .call_method(Some(BUS), BUS_PATH, Some(BUS), "ListActivatableNames", &())
        .await?
        .body()
        .deserialize::<Vec<String>>()?
        .iter()
        .any(|n| n == NAME);
    Ok((owner, activatable))
}

/// The bus answered for a server that is not there (none owns the name and none can be
/// started), as opposed to a server that failed.
pub fn is_no_server(e: &zbus::Error) -> bool {
    match e {
        // `Spawn.*`: the bus tried to start the server its service file names, and that failed
        // (dunst with no display, say). Asking again would only start it again, at once.
        zbus::Error::MethodError(name, _, _) => {
            matches!(
                name.as_str(),
                "org.freedesktop.DBus.Error.ServiceUnknown"
                    | "org.freedesktop.DBus.Error.NameHasNoOwner"
            ) || name
                .as_str()
                .starts_with("org.freedesktop.DBus.Error.Spawn.")
        }
        _ => false,
    }
}
