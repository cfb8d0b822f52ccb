//! Idle time on GNOME (Wayland or X11) from `org.gnome.Mutter.IdleMonitor`: mutter itself
//! says when the user has been idle for the threshold (an idle watch) and when input comes
//! again (a one-shot user-active watch). Nothing is asked while the user works: the idle watch
//! waits in mutter, and the user-active watch is only added once the user is away.
//!
//! Watches belong to the connection that added them (mutter drops them when it goes), so one
//! connection does everything, the app's own where it has one, subscribed to `WatchFired`
//! before the first watch is added.

use std::time::Duration;

use futures_lite::StreamExt;
use tokio::sync::watch;
use zbus::message::Type;
use zbus::{Connection, MatchRule, Message, MessageStream};

use super::Session;
use crate::driver::{Outbox, Presence};
use crate::platform::linux::bus;

const NAME: &str = "org.gnome.Mutter.IdleMonitor";
const PATH: &str = "/org/gnome/Mutter/IdleMonitor/Core";

/// Mutter answers at once; one that does not answer in this time is treated as gone.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// Signals queued before zbus stops reading until the task catches up (a handful at most).
const QUEUE: usize = 16;

/// When the idle watch fires, mutter's idle time is at least the threshold. Less than this
/// much below it means input came between the signal and the question.
const CAME_BACK: Duration = Duration::from_secs(1);

pub struct Source {
    conn: Connection,
    // Boxed: a stream is large, and the other sources are small.
    fired: Box<MessageStream>,
    owners: Box<MessageStream>,
}

impl Source {
    pub async fn connect(_session: &Session, bus: Option<&Connection>) -> Result<Source, String> {
        let conn = super::session_bus(bus).await?;
        let (fired, owners) = subscribe(&conn)
            .await
            .map_err(|e| format!("cannot listen on the session bus ({e})"))?;
        let owner = bus::name_owner(&conn, NAME)
            .await
            .map_err(|e| format!("the session bus does not answer ({e})"))?;
        if owner.is_none() {
            return Err(format!("no {NAME} on the session bus (not GNOME)"));
        }
        idle_time(&conn)
            .await
            .map_err(|e| format!("{NAME} does not answer GetIdletime ({e})"))?;
        Ok(Source {
            conn,
            fired: Box::new(fired),
            owners: Box::new(owners),
        })
    }

    pub async fn run(mut self, mut threshold: watch::Receiver<Duration>, outbox: Outbox) -> String {
        let mut after = *threshold.borrow_and_update();
        let mut idle_watch = match add_idle_watch(&self.conn, after).await {
            Ok(id) => id,
            Err(e) => return format!("AddIdleWatch failed ({e})"),
        };
        // The pending one-shot user-active watch, if any, and whether Idle was sent.
        let mut active_watch: Option<u32> = None;
        let mut away = false;
        loop {
            tokio::select! {
                biased;
                msg = self.owners.next() => match msg {
                    None => return "the session bus connection was lost".into(),
                    // Watches die with their owner: a new mutter starts with none of ours.
                    // Any change of mutter's owner loses our watches.
                    Some(Ok(msg)) if bus::owner_changed(&msg, NAME).is_some() => {
                        return format!("{NAME} left the session bus");
                    }
                    Some(_) => {}
                },
                msg = self.fired.next() => {
                    let id = match msg {
                        None => return "the session bus connection was lost".into(),
                        Some(Ok(msg)) => msg.body().deserialize::<u32>().ok(),
                        Some(Err(_)) => None,
                    };
                    let Some(id) = id else { continue };
                    if id == idle_watch && !away {
                        // Added before asking: input from now on fires it.
                        if active_watch.is_none() {
                            match add_user_active_watch(&self.conn).await {
                                Ok(id) => active_watch = Some(id),
                                Err(e) => return format!("AddUserActiveWatch failed ({e})"),
                            }
                        }
                        let idle = match idle_time(&self.conn).await {
                            Ok(idle) => idle,
                            Err(e) => return format!("GetIdletime failed ({e})"),
                        };
                        outbox.send(Presence::Idle(idle.max(after)));
                        if idle + CAME_BACK < after {
                            // Input came before the user-active watch was in place; it fires
                            // at some later input, which is then ignored.
                            outbox.send(Presence::Active);
                        } else {
                            away = true;
                        }
                    } else if Some(id) == active_watch {
                        active_watch = None;
                        if away {
                            away = false;
                            outbox.send(Presence::Active);
                        }
                    }
                }
                changed = threshold.changed() => {
                    if changed.is_err() {
                        return "unknot is quitting".into();
                    }
                    let new = *threshold.borrow_and_update();
                    if new == after {
                        continue;
                    }
                    after = new;
                    if let Err(e) = remove_watch(&self.conn, idle_watch).await {
                        return format!("RemoveWatch failed ({e})");
                    }
                    idle_watch = match add_idle_watch(&self.conn, after).await {
                        Ok(id) => id,
                        Err(e) => return format!("AddIdleWatch failed ({e})"),
                    };
                }
            }
        }
    }
}

/// `WatchFired` from whoever owns the name (the bus checks the sender when it routes it), and
/// the name's owner changes. Both before the first watch, so no signal can come unheard.
async fn subscribe(conn: &Connection) -> zbus::Result<(MessageStream, MessageStream)> {
    let fired = MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(NAME)?
        .path(PATH)?
        .interface(NAME)?
        .member("WatchFired")?
        .build();
    let owners = bus::owner_changes(NAME)?;
    Ok((
        MessageStream::for_match_rule(fired, conn, Some(QUEUE)).await?,
        MessageStream::for_match_rule(owners, conn, Some(QUEUE)).await?,
    ))
}

async fn call<B>(conn: &Connection, method: &str, body: &B) -> zbus::Result<Message>
where
    B: serde::Serialize + zbus::zvariant::DynamicType,
{
    let call = conn.call_method(Some(NAME), PATH, Some(NAME), method, body);
    tokio::time::timeout(CALL_TIMEOUT, call)
        .await
        .map_err(|_| zbus::Error::Failure(format!("{method}: no answer in {CALL_TIMEOUT:?}")))?
}

async fn idle_time(conn: &Connection) -> zbus::Result<Duration> {
    let ms: u64 = call(conn, "GetIdletime", &()).await?.body().deserialize()?;
    Ok(Duration::from_millis(ms))
}

async fn add_idle_watch(conn: &Connection, after: Duration) -> zbus::Result<u32> {
    // Mutter takes whole milliseconds, and ignores a watch of 0.
    let ms = u64::try_from(after.as_millis()).unwrap_or(u64::MAX).max(1);
    call(conn, "AddIdleWatch", &(ms,))
        .await?
        .body()
        .deserialize()
}

async fn add_user_active_watch(conn: &Connection) -> zbus::Result<u32> {
    call(conn, "AddUserActiveWatch", &())
        .await?
        .body()
        .deserialize()
}

async fn remove_watch(conn: &Connection, id: u32) -> zbus::Result<()> {
    call(conn, "RemoveWatch", &(id,)).await.map(drop)
}
