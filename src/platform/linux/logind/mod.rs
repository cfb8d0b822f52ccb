//! Lock and sleep from systemd-logind on the system bus, and lock from the session's
//! screensaver where the locker sets no LockedHint (swaylock, hyprlock). Both push
//! [`Presence`] events; where logind is absent the driver's clock-gap rule is the fallback.

mod protocol;
mod screensaver;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_lite::StreamExt;
use zbus::zvariant::OwnedFd;
use zbus::{Connection, Message, MessageStream};

use crate::driver::{Outbox, Presence, SleepGuard};
use crate::platform::idle::Session;
use crate::platform::linux::bus;
use protocol::{Signal, LOGIN1};

/// How long the machine's sleep waits for the `suspended` record: well under logind's
/// InhibitDelayMaxSec (5 s by default), after which it sleeps without us anyway.
const SAVE_LIMIT: Duration = Duration::from_secs(3);

/// Starts watching for lock and sleep on the current runtime; what it sees goes to `outbox`.
/// `session_bus`: a connection the app keeps anyway, for the screensaver's signals (a
/// connection of its own would cost some 0.3 MB at rest); `None` opens one.
pub fn start(session: &Session, outbox: Outbox, session_bus: Option<Connection>) {
    let lock = LockState::new(outbox.clone());
    tokio::spawn(watch_logind(session.id.clone(), lock.clone(), outbox));
    tokio::spawn(screensaver::watch(lock, session_bus));
}

/// Whether the screen is locked, as last told by any source. Several tell of one lock (the
/// `Lock` signal and LockedHint, the screensaver too): the driver hears of each change once.
#[derive(Clone)]
struct LockState {
    locked: Arc<AtomicBool>,
    outbox: Outbox,
}

impl LockState {
    fn new(outbox: Outbox) -> LockState {
        LockState {
            locked: Arc::new(AtomicBool::new(false)),
            outbox,
        }
    }

    fn set(&self, locked: bool, from: &str) {
        if self.locked.swap(locked, Ordering::Relaxed) != locked {
            let change = if locked { "locked" } else { "unlocked" };
            log::debug!("screen {change} ({from})");
            self.outbox.send(if locked {
                Presence::Locked
            } else {
                Presence::Unlocked
            });
        }
    }
}

/// Follows logind for as long as the system bus is there, again each time it comes back.
async fn watch_logind(id: Option<String>, lock: LockState, outbox: Outbox) {
    let conn = match Connection::system().await {
        Ok(conn) => conn,
        Err(e) => {
            log::info!(
                "no system bus ({e}): a lock is seen only from the screensaver, and a suspend \
                 only as a gap in the clock"
            );
            return;
        }
    };
    // Before asking who owns the name, so that no change falls between the two.
    let mut owners = match protocol::owner_changes(&conn, LOGIN1).await {
        Ok(owners) => owners,
        Err(e) => {
            log::warn!("cannot follow logind on the system bus ({e})");
            return;
        }
    };
    let mut owned = match bus::name_owner(&conn, LOGIN1).await {
        Ok(owner) => owner.is_some(),
        Err(e) => {
            log::warn!("cannot ask the system bus for logind ({e})");
            return;
        }
    };
    let mut told_absent = false;
    loop {
        if owned {
            match follow(&conn, id.as_deref(), &lock, &outbox, &mut owners).await {
                Exit::Replaced => continue,
                Exit::Gone => {
                    log::info!("logind left the system bus; waiting for it to return");
                    owned = false;
                }
                Exit::Closed => break,
            }
        } else if !told_absent {
            log::info!(
                "no {LOGIN1} on the system bus: a lock is seen only from the screensaver, and \
                 a suspend only as a gap in the clock"
            );
            told_absent = true;
        }
        match owners.next().await {
            Some(Ok(msg)) => {
                if let Some(owner) = bus::owner_changed(&msg, LOGIN1) {
                    owned = owner.is_some();
                }
            }
            Some(Err(_)) => {}
            None => break,
        }
    }
    log::info!("the system bus closed: lock and sleep from logind are no longer seen");
}

/// Why [`follow`] stopped.
enum Exit {
    /// Another logind took the name: follow the new one at once.
    Replaced,
    /// logind left the bus.
    Gone,
    /// The connection to the system bus closed.
    Closed,
}

/// Follows one logind: sleep with a delay inhibitor, lock from our session's object. Either
/// part failing leaves the other working.
async fn follow(
    conn: &Connection,
    id: Option<&str>,
    lock: &LockState,
    outbox: &Outbox,
    owners: &mut MessageStream,
) -> Exit {
    // Listening before anything is asked: no PrepareForSleep right after the inhibitor, no
    // lock between reading LockedHint and listening, is missed.
    let mut signals = match protocol::login1_signals(conn).await {
        Ok(signals) => Some(signals),
        Err(e) => {
            log::warn!("cannot listen to logind ({e}): lock and sleep from it are not seen");
            None
        }
    };
    let session = match &signals {
        Some(_) => match protocol::session_path(conn, id).await {
            Ok(path) => Some(path.as_str().to_owned()),
            Err(e) => {
                log::info!(
                    "{}: a lock is seen only from the screensaver",
                    no_session(id, &e)
                );
                None
            }
        },
        None => None,
    };
    // Whether this session's locker sets LockedHint: seen true once.
    let mut hint_kept = false;
    if let Some(path) = &session {
        // A session already locked is told at once.
        hint_kept = read_locked_hint(conn, path, lock).await;
    }
    let mut inhibitor = match &signals {
        Some(_) => inhibit(conn).await,
        None => None,
    };
    if signals.is_some() {
        log::info!(
            "lock and sleep from logind: {}, PrepareForSleep {}",
            match &session {
                Some(path) => format!("Lock/Unlock and LockedHint on {path}"),
                None => "no lock".into(),
            },
            if inhibitor.is_some() {
                "with a delay inhibitor"
            } else {
                "without an inhibitor"
            }
        );
    }
    loop {
        tokio::select! {
            msg = next(signals.as_mut()) => {
                let Some(msg) = msg else { return Exit::Closed };
                match protocol::login1_signal(&msg, session.as_deref()) {
                    Some(Signal::Sleep(true)) => {
                        save_before_sleep(outbox).await;
                        // Closing it lets the machine sleep.
                        drop(inhibitor.take());
                    }
                    Some(Signal::Sleep(false)) => {
                        outbox.send(Presence::Woke);
                        if inhibitor.is_none() {
                            inhibitor = inhibit(conn).await;
                        }
                    }
                    // `Lock` asks the locker to lock. Where it sets no LockedHint (swaylock
                    // under swayidle) nothing tells when it unlocks, and the user would stay
                    // away for ever: the signal counts once the hint is known to be kept.
                    Some(Signal::Lock) if hint_kept => lock.set(true, "logind Lock"),
                    Some(Signal::Lock) => log::debug!("lock asked; waiting for LockedHint"),
                    Some(Signal::Unlock) => lock.set(false, "logind Unlock"),
                    Some(Signal::LockedHint(Some(hint))) => {
                        hint_kept |= hint;
                        lock.set(hint, "logind LockedHint");
                    }
                    // Invalidated: the value is only a Get away.
                    Some(Signal::LockedHint(None)) => {
                        if let Some(path) = &session {
                            hint_kept |= read_locked_hint(conn, path, lock).await;
                        }
                    }
                    None => {}
                }
            }
            msg = owners.next() => {
                let Some(msg) = msg else { return Exit::Closed };
                let Ok(msg) = msg else { continue };
                match bus::owner_changed(&msg, LOGIN1) {
                    Some(Some(_)) => return Exit::Replaced,
                    Some(None) => return Exit::Gone,
                    None => {}
                }
            }
        }
    }
}

/// The next message of an optional stream; never, when there is no stream. `None` when the
/// stream ended (the connection closed). Errors (a message that could not be read) are skipped.
async fn next(stream: Option<&mut MessageStream>) -> Option<Message> {
    let Some(stream) = stream else {
        return std::future::pending().await;
    };
    loop {
        match stream.next().await? {
            Ok(msg) => return Some(msg),
            Err(e) => log::debug!("unreadable message from logind ({e})"),
        }
    }
}

/// Reads LockedHint and tells a change; whether it is true.
async fn read_locked_hint(conn: &Connection, path: &str, lock: &LockState) -> bool {
    match protocol::locked_hint(conn, path).await {
        Ok(hint) => {
            lock.set(hint, "logind LockedHint");
            hint
        }
        Err(e) => {
            log::debug!("cannot read LockedHint of {path} ({e})");
            false
        }
    }
}

fn no_session(id: Option<&str>, e: &zbus::Error) -> String {
    match id {
        Some(id) => format!("logind has no session {id} (XDG_SESSION_ID): {e}"),
        None => format!(
            "logind knows no session for this process (no XDG_SESSION_ID), nor a display \
             session for its user: {e}"
        ),
    }
}

async fn inhibit(conn: &Connection) -> Option<OwnedFd> {
    protocol::inhibit_sleep(conn)
        .await
        .inspect_err(|e| {
            log::warn!(
                "logind refused a delay inhibitor ({e}): a suspend may come before its record \
                 is saved"
            )
        })
        .ok()
}

/// Tells the driver the machine is about to sleep and waits until it has saved the record
/// (it drops the guard), or until [`SAVE_LIMIT`].
async fn save_before_sleep(outbox: &Outbox) {
    let (guard, done) = SleepGuard::new();
    outbox.send(Presence::Sleeping(guard));
    if tokio::time::timeout(SAVE_LIMIT, done).await.is_err() {
        log::warn!(
            "the record of the suspend was not saved within {}s; letting the machine sleep",
            SAVE_LIMIT.as_secs()
        );
    }
}

/// For `unknot doctor`: for "lock", "sleep" and "screensaver", where they are seen from
/// (`Ok`), or why not.
pub async fn diagnose(session: &Session) -> Vec<(String, Result<String, String>)> {
    let (lock, sleep) = match Connection::system().await {
        Err(e) => {
            let why = format!("no system bus ({e})");
            (Err(why.clone()), Err(why))
        }
        Ok(conn) => match bus::name_owner(&conn, LOGIN1).await {
            Ok(Some(_)) => (
                diagnose_lock(&conn, session.id.as_deref()).await,
                diagnose_sleep(&conn).await,
            ),
            Ok(None) => {
                let why = format!("no {LOGIN1} on the system bus");
                (Err(why.clone()), Err(why))
            }
            Err(e) => {
                let why = format!("the system bus did not answer ({e})");
                (Err(why.clone()), Err(why))
            }
        },
    };
    let lock = lock.map_err(|why| {
        format!("{why}; a lock is seen only from the screensaver's ActiveChanged, if there is one")
    });
    let sleep = sleep.map_err(|why| format!("{why}; a suspend is seen only as a gap in the clock"));
    vec![
        ("lock".into(), lock),
        ("sleep".into(), sleep),
        ("screensaver".into(), screensaver::diagnose().await),
    ]
}

async fn diagnose_lock(conn: &Connection, id: Option<&str>) -> Result<String, String> {
    let path = protocol::session_path(conn, id)
        .await
        .map_err(|e| no_session(id, &e))?;
    let id = match protocol::session_id(conn, path.as_str()).await {
        Ok(id) => id,
        Err(_) => path.as_str().to_owned(),
    };
    Ok(format!("logind session {id} (Lock/Unlock, LockedHint)"))
}

async fn diagnose_sleep(conn: &Connection) -> Result<String, String> {
    // Taken and closed at once: the check is that logind grants it.
    protocol::inhibit_sleep(conn)
        .await
        .map(|_| "logind PrepareForSleep, with a delay inhibitor".to_owned())
        .map_err(|e| format!("logind refused a delay inhibitor ({e})"))
}
