//! The command line's side of the control interface on the session bus: a call per command,
//! on a small runtime of its own, or the async calls for code already on a runtime.

use std::time::Duration;

use futures_lite::StreamExt;
use zbus::message::Type;
use zbus::names::BusName;
use zbus::{fdo, Connection, MatchRule, MessageStream};

use super::protocol::{Refusal, Request, Snapshot};
use super::server::{INTERFACE, NAME, NOT_SAVED, PATH, REFUSED};
use super::{ClientError, Control};

/// How long `quit` waits for the instance to leave the bus, so that a start right after it
/// finds none.
const QUIT_WAIT: Duration = Duration::from_secs(5);

/// Signals held while the printer catches up.
const QUEUE: usize = 64;

pub struct BusClient {
    runtime: tokio::runtime::Runtime,
    connection: Connection,
}

impl BusClient {
    pub fn connect() -> Result<BusClient, ClientError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        let connection = runtime
            .block_on(Connection::session())
            .map_err(|e| ClientError::NotRunning(format!("no D-Bus session bus: {e}")))?;
        Ok(BusClient {
            runtime,
            connection,
        })
    }
}

impl Control for BusClient {
    fn call(&self, request: &Request) -> Result<String, ClientError> {
        self.runtime.block_on(call(&self.connection, request))
    }

    fn follow(&self, each: &mut dyn FnMut(&str) -> bool) -> Result<(), ClientError> {
        self.runtime.block_on(follow(&self.connection, each))
    }

    fn pid(&self) -> Option<u32> {
        self.runtime.block_on(pid(&self.connection))
    }
}

/// The method and its one string argument, if it takes one.
fn method(request: &Request) -> (&'static str, Option<String>) {
    match request {
        Request::Status => ("Status", None),
        Request::Show => ("Show", None),
        Request::Stretch => ("Stretch", None),
        Request::Done(id) => ("Done", Some(id.clone().unwrap_or_default())),
        Request::Snooze(length) => (
            "Snooze",
            Some(
                length
                    .map(|d| humantime::format_duration(d).to_string())
                    .unwrap_or_default(),
            ),
        ),
        Request::Skip => ("Skip", None),
        Request::Open => ("Open", None),
        Request::Pause(spec) => ("Pause", Some(spec.wire())),
        Request::Resume => ("Resume", None),
        Request::Reload => ("Reload", None),
        Request::Quit => ("Quit", None),
    }
}

pub async fn call(connection: &Connection, request: &Request) -> Result<String, ClientError> {
    // Watch for the name to go before asking to quit, so its going is not missed.
    let mut owners = match request {
        Request::Quit => Some(owner_changes(connection).await?),
        _ => None,
    };
    let (member, arg) = method(request);
    let reply = match arg {
        Some(arg) => {
            connection
                .call_method(Some(NAME), PATH, Some(INTERFACE), member, &(arg,))
                .await
        }
        None => {
            connection
                .call_method(Some(NAME), PATH, Some(INTERFACE), member, &())
                .await
        }
    };
    let line: String = reply
        .map_err(refusal)?
        .body()
        .deserialize()
        .map_err(|e| ClientError::Transport(e.to_string()))?;
    if let Some(owners) = owners.as_mut() {
        let gone = async {
            while let Some(Ok(change)) = owners.next().await {
                if owner_of(&change).is_some_and(|owner| owner.is_empty()) {
                    break;
                }
            }
        };
        if tokio::time::timeout(QUIT_WAIT, gone).await.is_err() {
            log::warn!("unknot said it quits but is still on the bus");
        }
    }
    Ok(line)
}

/// The running instance's process id, from the bus.
pub async fn pid(connection: &Connection) -> Option<u32> {
    let bus = fdo::DBusProxy::new(connection).await.ok()?;
    let name = BusName::try_from(NAME).ok()?;
    bus.get_connection_unix_process_id(name).await.ok()
}

/// What a follower prints while no unknot runs.
pub fn stopped() -> String {
    let snapshot = Snapshot {
        text: String::new(),
        tooltip: "unknot is not running".into(),
        class: "stopped".into(),
        alt: "stopped".into(),
        state: "stopped".into(),
        ..Snapshot::default()
    };
    serde_json::to_string(&snapshot).unwrap_or_default()
}

/// The status now, then on each StatusChanged; a "stopped" line when the instance leaves and
/// the status again when one comes back. Everything is pushed by the bus.
pub async fn follow(
    connection: &Connection,
    each: &mut dyn FnMut(&str) -> bool,
) -> Result<(), ClientError> {
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .interface(INTERFACE)
        .and_then(|b| b.member("StatusChanged"))
        .and_then(|b| b.path(PATH))
        .map_err(|e| ClientError::Transport(e.to_string()))?
        .build();
    // Both subscriptions are in place before the first status is asked for: no change between
    // the two can be missed.
    let mut changes = MessageStream::for_match_rule(rule, connection, Some(QUEUE))
        .await
        .map_err(|e| ClientError::Transport(e.to_string()))?;
    let mut owners = owner_changes(connection).await?;
    let first = match call(connection, &Request::Status).await {
        Err(ClientError::NotRunning(_)) => stopped(),
        other => other?,
    };
    if !each(&first) {
        return Ok(());
    }
    // The instance's first signal after it appears repeats the status just asked for.
    let mut last = serde_json::from_str::<Snapshot>(&first).ok();
    loop {
        let line = tokio::select! {
            change = changes.next() => match change {
                Some(Ok(message)) => match message.body().deserialize::<String>() {
                    Ok(line) => line,
                    Err(_) => continue,
                },
                _ => return Err(ClientError::Transport("the session bus went away".into())),
            },
            owner = owners.next() => match owner {
                Some(Ok(message)) => match owner_of(&message) {
                    Some(owner) if owner.is_empty() => stopped(),
                    Some(_) => match call(connection, &Request::Status).await {
                        Err(ClientError::NotRunning(_)) => continue,
                        other => other?,
                    },
                    None => continue,
                },
                _ => return Err(ClientError::Transport("the session bus went away".into())),
            },
        };
        let now = serde_json::from_str::<Snapshot>(&line).ok();
        if let (Some(before), Some(now)) = (&last, &now) {
            if !now.differs_from(before) {
                continue;
            }
        }
        last = now;
        if !each(&line) {
            return Ok(());
        }
    }
}

async fn owner_changes(connection: &Connection) -> Result<MessageStream, ClientError> {
    let transport = |e: zbus::Error| ClientError::Transport(e.to_string());
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .sender("org.freedesktop.DBus")
        .and_then(|b| b.interface("org.freedesktop.DBus"))
        .and_then(|b| b.member("NameOwnerChanged"))
        .and_then(|b| b.arg(0, NAME))
        .map_err(transport)?
        .build();
    MessageStream::for_match_rule(rule, connection, Some(QUEUE))
        .await
        .map_err(transport)
}

/// The new owner a NameOwnerChanged for our name tells ("" when it is gone).
fn owner_of(message: &zbus::Message) -> Option<String> {
    let (name, _old, new): (String, String, String) = message.body().deserialize().ok()?;
    (name == NAME).then_some(new)
}

fn refusal(error: zbus::Error) -> ClientError {
    match error {
        zbus::Error::MethodError(name, text, _) => {
            let text = text.unwrap_or_default();
            match name.as_str() {
                "org.freedesktop.DBus.Error.ServiceUnknown"
                | "org.freedesktop.DBus.Error.NameHasNoOwner" => ClientError::NotRunning(
                    "nothing owns org.unknot.Unknot on the session bus".into(),
                ),
                "org.freedesktop.DBus.Error.InvalidArgs" => Refusal::BadArgs(text).into(),
                REFUSED => Refusal::Refused(text).into(),
                NOT_SAVED => Refusal::NotSaved(text).into(),
                other => ClientError::Transport(format!("{other}: {text}")),
            }
        }
        zbus::Error::FDO(e) => match *e {
            fdo::Error::ServiceUnknown(_) | fdo::Error::NameHasNoOwner(_) => {
                ClientError::NotRunning("nothing owns org.unknot.Unknot on the session bus".into())
            }
            fdo::Error::InvalidArgs(text) => Refusal::BadArgs(text).into(),
            other => ClientError::Transport(other.to_string()),
        },
        other => ClientError::Transport(other.to_string()),
    }
}
