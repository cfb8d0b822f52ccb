//! The control interface on the session bus: `org.unknot.Control1` at `/org/unknot/Unknot`,
//! under the well-known name `org.unknot.Unknot`, which also keeps unknot to one instance per
//! user. Each method hands its request to the loop through the one inbox and replies when the
//! loop has carried it out.

use tokio::sync::watch;
use zbus::fdo::{RequestNameFlags, RequestNameReply};
use zbus::object_server::SignalEmitter;
use zbus::Connection;

use super::protocol::{self, Refusal, Request, Snapshot};
use crate::driver::{Ask, Outbox, Reply};

pub const NAME: &str = "org.unknot.Unknot";
pub const PATH: &str = "/org/unknot/Unknot";
pub const INTERFACE: &str = "org.unknot.Control1";

/// D-Bus error names a client maps back to exit codes.
pub const REFUSED: &str = "org.unknot.Control1.Error.Refused";
pub const NOT_SAVED: &str = "org.unknot.Control1.Error.NotSaved";

struct Control {
    outbox: Outbox,
}

// The derive puts its prefix before every name: "org" lets one enum carry both our own names
// and the standard InvalidArgs, which any D-Bus tool shows plainly.
#[derive(Debug, zbus::DBusError)]
#[zbus(prefix = "org")]
enum ControlError {
    #[zbus(error)]
    ZBus(zbus::Error),
    #[zbus(name = "unknot.Control1.Error.Refused")]
    Refused(String),
    #[zbus(name = "unknot.Control1.Error.NotSaved")]
    NotSaved(String),
    #[zbus(name = "freedesktop.DBus.Error.InvalidArgs")]
    InvalidArgs(String),
}

impl From<Refusal> for ControlError {
    fn from(refusal: Refusal) -> ControlError {
        match refusal {
            Refusal::BadArgs(why) => ControlError::InvalidArgs(why),
            Refusal::Refused(why) => ControlError::Refused(why),
            Refusal::NotSaved(why) => ControlError::NotSaved(why),
        }
    }
}

impl Control {
    async fn ask(&self, request: Request) -> Result<String, ControlError> {
        let (ask, reply) = Ask::new(request);
        self.outbox.send(ask);
        let reply: Reply = reply
            .await
            .map_err(|_| ControlError::Refused("unknot is quitting".into()))?;
        reply.map_err(ControlError::from)
    }
}

/// Bad arguments are told with the standard error name, so any D-Bus tool shows them plainly.
fn invalid(refusal: Refusal) -> ControlError {
    match refusal {
        Refusal::BadArgs(why) => ControlError::InvalidArgs(why),
        other => other.into(),
    }
}

#[zbus::interface(name = "org.unknot.Control1")]
impl Control {
    /// The status, as `unknot status --json` prints it.
    async fn status(&self) -> Result<String, ControlError> {
        self.ask(Request::Status).await
    }

    /// Shows the status as a notification; returns it as Status does.
    async fn show(&self) -> Result<String, ControlError> {
        self.ask(Request::Show).await
    }

    async fn stretch(&self) -> Result<String, ControlError> {
        self.ask(Request::Stretch).await
    }

    /// `exercise`: an id, or "" for the open (else upcoming) exercise.
    async fn done(&self, exercise: &str) -> Result<String, ControlError> {
        let id = match exercise {
            "" => None,
            id => {
                protocol::check_exercise_id(id).map_err(invalid)?;
                Some(id.to_owned())
            }
        };
        self.ask(Request::Done(id)).await
    }

    /// `length`: e.g. "10m", or "" for the configured snooze.
    async fn snooze(&self, length: &str) -> Result<String, ControlError> {
        let length = match length {
            "" => None,
            text => Some(protocol::parse_duration(text).map_err(invalid)?),
        };
        self.ask(Request::Snooze(length)).await
    }

    async fn skip(&self) -> Result<String, ControlError> {
        self.ask(Request::Skip).await
    }

    /// Opens the page of the open (else upcoming) exercise.
    async fn open(&self) -> Result<String, ControlError> {
        self.ask(Request::Open).await
    }

    /// `how`: a length ("90m"), "until HH:MM", "tomorrow", "indefinitely", or "" for 30 min.
    async fn pause(&self, how: &str) -> Result<String, ControlError> {
        let spec = protocol::parse_pause(how).map_err(invalid)?;
        self.ask(Request::Pause(spec)).await
    }

    async fn resume(&self) -> Result<String, ControlError> {
        self.ask(Request::Resume).await
    }

    async fn reload(&self) -> Result<String, ControlError> {
        self.ask(Request::Reload).await
    }

    async fn quit(&self) -> Result<String, ControlError> {
        self.ask(Request::Quit).await
    }

    /// The status (JSON, as Status returns it), sent only when something a bar shows changes,
    /// never for the passing of time alone.
    #[zbus(signal)]
    async fn status_changed(emitter: &SignalEmitter<'_>, status: &str) -> zbus::Result<()>;
}

/// Serving the control interface; dropping it leaves the bus, freeing the name.
pub struct Server {
    pub connection: Connection,
}

/// Takes the well-known name and serves the interface, or `Ok(None)` if another instance
/// holds the name. The object is exported before the name is taken, so no caller ever finds
/// the name without the object. StatusChanged follows `feed`.
pub async fn serve(
    outbox: Outbox,
    mut feed: watch::Receiver<Snapshot>,
) -> zbus::Result<Option<Server>> {
    let connection = zbus::connection::Builder::session()?
        .serve_at(PATH, Control { outbox })?
        .build()
        .await?;
    // DoNotQueue: a second instance is told at once that the first runs, rather than waiting
    // in line to take over a name that is in use.
    let flags = RequestNameFlags::DoNotQueue.into();
    match connection.request_name_with_flags(NAME, flags).await {
        Ok(RequestNameReply::PrimaryOwner | RequestNameReply::AlreadyOwner) => {}
        Ok(RequestNameReply::Exists | RequestNameReply::InQueue) | Err(zbus::Error::NameTaken) => {
            return Ok(None)
        }
        Err(e) => return Err(e),
    }
    let emitter = SignalEmitter::new(&connection, PATH)?.into_owned();
    tokio::spawn(async move {
        // Wakes only when the loop publishes a change: no timer of its own.
        while feed.changed().await.is_ok() {
            let json = serde_json::to_string(&*feed.borrow_and_update()).unwrap_or_default();
            if let Err(e) = Control::status_changed(&emitter, &json).await {
                log::warn!("cannot send StatusChanged: {e}");
            }
        }
    });
    Ok(Some(Server { connection }))
}
