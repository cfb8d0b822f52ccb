//! What the notification task knows and wants: the server, the reminder wanted and the one on
//! screen, notes waiting, signals that came early. Each event updates it; `next_call` says
//! which single call brings the screen closer to what is wanted.

use std::future::Future;
use std::pin::Pin;

use zbus::Connection;

use crate::core::Answer;
use crate::driver::{Command, NotShown, ReminderView};

use super::look::{self, Capabilities};
use super::protocol::{self, OwnerChange, Signal};
use super::queue::{Early, Tell, Tells};
use super::server::{Change, Server};
use super::task::Request;
use crate::driver::Outbox;

const NO_SERVER: &str = "no notification server";

pub type Call = Pin<Box<dyn Future<Output = Outcome> + Send>>;

pub enum Outcome {
    Presence(zbus::Result<(Option<String>, bool)>),
    Capabilities(zbus::Result<(Vec<String>, Option<String>)>),
    Reminded {
        replaces: u32,
        result: zbus::Result<u32>,
    },
    Told {
        tell: Tell,
        result: zbus::Result<u32>,
    },
    Closed {
        id: u32,
        result: zbus::Result<()>,
    },
}

/// The reminder the driver wants on screen.
struct Wanted {
    view: ReminderView,
    /// Not on screen as it is now: new, changed, or the server that showed it is gone.
    dirty: bool,
}

pub fn report_not_shown(replies: &Outbox, view: &ReminderView, why: String) {
    let missed = NotShown {
        exercise: view.exercise.clone(),
        raised: view.raised,
        why,
    };
    replies.send(missed);
}
pub struct State {
    conn: Connection,
    replies: Outbox,
    server: Server,
    wanted: Option<Wanted>,
    /// The id of our reminder on screen.
    shown: Option<u32>,
    /// Ours still on screen though replaced: a server that gave a new id for `replaces_id`.
    stale: Vec<u32>,
    tells: Tells,
    early: Early,
    /// A `Notify` for the reminder is in flight.
    reminding: bool,
    /// The log said unknot waits for a server, and none came since.
    told_waiting: bool,
    pub quitting: bool,
}

impl State {
    pub fn new(conn: Connection, replies: Outbox) -> State {
        State {
            conn,
            replies,
            server: Server::default(),
            wanted: None,
            shown: None,
            stale: Vec::new(),
            tells: Tells::default(),
            early: Early::default(),
            reminding: false,
            told_waiting: false,
            quitting: false,
        }
    }

    /// The next call that brings the screen to what is wanted, if any.
    pub fn next_call(&mut self) -> Option<Call> {
        let conn = self.conn.clone();
        if !self.server.known() {
            return Some(Box::pin(async move {
                Outcome::Presence(protocol::presence(&conn).await)
            }));
        }
        if !self.server.present() {
            return None;
        }
        let close = self.stale.pop().or_else(|| {
            if self.wanted.is_none() {
                self.shown.take()
            } else {
                None
            }
        });
        if let Some(id) = close {
            return Some(Box::pin(async move {
                Outcome::Closed {
                    id,
                    result: protocol::close(&conn, id).await,
                }
            }));
        }
        let dirty = self.wanted.as_ref().is_some_and(|w| w.dirty);
        if !dirty && self.tells.is_empty() {
            return None;
        }
        let Some(caps) = self.server.capabilities().cloned() else {
            return Some(Box::pin(async move {
                Outcome::Capabilities(protocol::capabilities(&conn).await)
            }));
        };
        if let Some(tell) = self.tells.pop() {
            let note = look::note(&tell.summary, &tell.body, &caps);
            return Some(Box::pin(async move {
                Outcome::Told {
                    result: protocol::notify(&conn, &note).await,
                    tell,
                }
            }));
        }
        let wanted = self.wanted.as_mut()?;
        wanted.dirty = false;
        let replaces = self.shown.unwrap_or(0);
        let note = look::reminder(&wanted.view, &caps, replaces);
        self.reminding = true;
        Some(Box::pin(async move {
            Outcome::Reminded {
                replaces,
                result: protocol::notify(&conn, &note).await,
            }
        }))
    }

    pub fn request(&mut self, request: Option<Request>) {
        match request {
            Some(Request::Remind(view)) => {
                if !self.server.present() {
                    report_not_shown(&self.replies, &view, NO_SERVER.to_owned());
                    // Ask the bus again: a server it failed to start may start now. Once per
                    // reminder raised, so never more often than `remind_again`.
                    self.server.forget();
                }
                self.wanted = Some(Wanted { view, dirty: true });
            }
            Some(Request::Close) => self.wanted = None,
            Some(Request::Tell(tell)) => {
                if !self.server.present() {
                    log::info!(
                        "keeping a note until a notification server appears: {}",
                        tell.summary
                    );
                }
                self.tells.push(tell);
            }
            None => {
                // Quitting: take the reminder down, since its buttons would do nothing.
                self.quitting = true;
                self.wanted = None;
                self.tells.clear();
            }
        }
    }

    pub fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Presence(Ok((owner, activatable))) => {
                self.server.found(owner, activatable);
                if !self.server.present() {
                    self.waiting();
                }
            }
            Outcome::Presence(Err(e)) => {
                // Try anyway: the calls will say whether a server is there.
                log::warn!("cannot ask the bus for a notification server: {e}");
                self.server.found(None, true);
            }
            Outcome::Capabilities(Ok((list, from))) => {
                log::debug!("notification server {from:?} can: {list:?}");
                self.server
                    .set_capabilities(Capabilities::from_list(&list), from);
            }
            Outcome::Capabilities(Err(e)) if protocol::is_no_server(&e) => {
                log::warn!("no notification server could be reached: {e}");
                self.lost_server();
            }
            // No server owns the name, and the one the bus would start did not answer: asking
            // again at once would loop, so wait for a server (or the next reminder) instead.
            Outcome::Capabilities(Err(e)) if self.server.owner().is_none() => {
                log::warn!("no notification server could be started: {e}");
                self.lost_server();
            }
            Outcome::Capabilities(Err(e)) => {
                log::warn!("the notification server did not say what it can do ({e}); assuming buttons and markup");
                let owner = self.server.owner().map(str::to_owned);
                self.server.set_capabilities(Capabilities::assumed(), owner);
            }
            Outcome::Reminded { replaces, result } => {
                self.reminding = false;
                match result {
                    Ok(id) => {
                        if replaces != 0 && id != replaces {
                            self.stale.push(replaces);
                        }
                        self.shown = Some(id);
                        for signal in self.early.take(id) {
                            log::debug!("applying {signal:?}, which came before its Notify reply");
                            self.signal(signal);
                        }
                    }
                    Err(e) => {
                        self.early.clear();
                        let why = if protocol::is_no_server(&e) {
                            self.lost_server();
                            // Shown when a server appears.
                            if let Some(wanted) = &mut self.wanted {
                                wanted.dirty = true;
                            }
                            NO_SERVER.to_owned()
                        } else {
                            e.to_string()
                        };
                        if let Some(wanted) = &self.wanted {
                            report_not_shown(&self.replies, &wanted.view, why);
                        }
                    }
                }
            }
            Outcome::Told { tell, result } => match result {
                Ok(_) => {}
                Err(e) if protocol::is_no_server(&e) => {
                    self.tells.retry(tell);
                    self.lost_server();
                }
                Err(e) => log::warn!("cannot show a notification ({}): {e}", tell.summary),
            },
            Outcome::Closed { id, result } => {
                if let Err(e) = result {
                    log::debug!("CloseNotification({id}): {e}");
                }
            }
        }
    }

    pub fn signal(&mut self, signal: Signal) {
        if Some(signal.id()) != self.shown {
            if self.reminding {
                self.early.push(signal);
            }
            return;
        }
        match signal {
            Signal::Action { key, .. } => {
                let command = match key.as_str() {
                    "done" => Command::Answer(Answer::Done),
                    "snooze" => Command::Answer(Answer::Snooze),
                    "skip" => Command::Answer(Answer::Skip),
                    "howto" | "default" => Command::OpenExercise,
                    other => return log::debug!("unknown notification action {other:?}"),
                };
                self.replies.send(command);
            }
            Signal::Closed { reason, .. } => {
                // Closed by the user or the server: the reminder stays open in the tray and
                // comes back after `remind_again`.
                log::debug!("reminder closed (reason {reason})");
                self.shown = None;
            }
        }
    }

    pub fn owner_changed(&mut self, owner: OwnerChange) {
        let name = owner.clone();
        match self.server.owner_changed(owner) {
            Change::None => {}
            Change::NewServer { was_present } => {
                if !was_present || self.told_waiting {
                    log::info!(
                        "a notification server appeared ({})",
                        name.as_deref().unwrap_or("?")
                    );
                }
                self.told_waiting = false;
                // Whatever the last one showed is gone with it.
                self.shown = None;
                self.stale.clear();
                if let Some(wanted) = &mut self.wanted {
                    // Unless it is being shown right now (this server was started for it).
                    wanted.dirty |= !self.reminding;
                }
            }
            Change::Left { still_present } => {
                log::info!("the notification server left the bus");
                self.shown = None;
                self.stale.clear();
                if !still_present {
                    self.waiting();
                }
            }
        }
    }

    fn lost_server(&mut self) {
        self.server.gone();
        self.shown = None;
        self.stale.clear();
        self.waiting();
    }

    fn waiting(&mut self) {
        if !std::mem::replace(&mut self.told_waiting, true) {
            log::warn!(
                "no notification server on the session bus: waiting for one; until then \
                 reminders are answered from the tray and logged as not_shown"
            );
        }
    }
}
