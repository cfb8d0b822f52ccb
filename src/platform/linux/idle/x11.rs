//! Idle time on X11 (not XWayland). The X server counts the time since the last keyboard or
//! mouse input in the SYNC extension's IDLETIME system counter, and raises alarms on it: one
//! for "no input for the threshold", and once that fired, one for "input again". Between the
//! two nothing is asked and nothing wakes us. Where SYNC or its IDLETIME counter is missing,
//! MIT-SCREEN-SAVER's idle time is asked instead (see [`watch_by_asking`]).

use std::os::fd::AsFd;
use std::time::Duration;

use tokio::io::Interest;
use tokio::sync::watch;
use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::screensaver::{self, ConnectionExt as _};
use x11rb::protocol::sync::{self, ConnectionExt as _};
use x11rb::protocol::Event;
use x11rb::rust_connection::RustConnection;

use super::poll::watch_by_asking;
use super::Session;
use crate::driver::{Outbox, Presence};
use crate::platform::linux::fd;

/// What [`super::Tried`] calls this source, by the way it watches.
pub const NAME_ALARMS: &str = "X11 (XSync IDLETIME)";
pub const NAME_ASKING: &str = "X11 (MIT-SCREEN-SAVER)";

pub struct Source {
    conn: RustConnection,
    how: How,
}

enum How {
    /// Alarms on the IDLETIME counter.
    Alarms(sync::Counter),
    /// MIT-SCREEN-SAVER, asked on the root window of our screen.
    Asking { root: u32 },
}

impl Source {
    pub async fn connect(session: &Session) -> Result<Source, String> {
        let Some(display) = &session.display else {
            return Err("no DISPLAY".into());
        };
        if session.is_wayland() {
            return Err("a Wayland session: XWayland's idle time sees only X clients".into());
        }
        let display = display.to_str().ok_or("DISPLAY is not UTF-8")?;
        let (conn, screen) = x11rb::connect(Some(display))
            .map_err(|e| format!("cannot connect to the X server: {e}"))?;
        let no_alarms = match idle_counter(&conn) {
            Ok(counter) => {
                return Ok(Source {
                    conn,
                    how: How::Alarms(counter),
                })
            }
            Err(why) => why,
        };
        match conn.extension_information(screensaver::X11_EXTENSION_NAME) {
            Ok(Some(_)) => {}
            _ => return Err(format!("{no_alarms}, and no MIT-SCREEN-SAVER extension")),
        }
        log::info!("X11: {no_alarms}: asking MIT-SCREEN-SAVER for the idle time instead");
        let root = conn
            .setup()
            .roots
            .get(screen)
            .ok_or("the X server has no such screen")?
            .root;
        Ok(Source {
            conn,
            how: How::Asking { root },
        })
    }

    /// The name `unknot doctor` and the log show: which of the two ways this source watches.
    pub fn name(&self) -> &'static str {
        match self.how {
            How::Alarms(_) => NAME_ALARMS,
            How::Asking { .. } => NAME_ASKING,
        }
    }

    pub async fn run(self, threshold: watch::Receiver<Duration>, outbox: Outbox) -> String {
        match self.how {
            How::Alarms(counter) => match Alarms::new(&self.conn, counter) {
                Ok(alarms) => alarms.run(threshold, outbox).await,
                Err(why) => why,
            },
            How::Asking { root } => {
                let ask = || async {
                    let info = self
                        .conn
                        .screensaver_query_info(root)
                        .map_err(|e| e.to_string())?
                        .reply()
                        .map_err(|e| format!("the X server stopped answering: {e}"))?;
                    Ok(Duration::from_millis(info.ms_since_user_input.into()))
                };
                watch_by_asking(ask, threshold, outbox).await
            }
        }
    }
}

/// The IDLETIME counter, or why there is none.
fn idle_counter(conn: &RustConnection) -> Result<sync::Counter, String> {
    match conn.extension_information(sync::X11_EXTENSION_NAME) {
        Ok(Some(_)) => {}
        _ => return Err("the X server has no SYNC extension".into()),
    }
    let gone = |e: &dyn std::fmt::Display| format!("the X server stopped answering: {e}");
    // The protocol wants this before any other SYNC request.
    conn.sync_initialize(3, 1)
        .map_err(|e| gone(&e))?
        .reply()
        .map_err(|e| gone(&e))?;
    let counters = conn
        .sync_list_system_counters()
        .map_err(|e| gone(&e))?
        .reply()
        .map_err(|e| gone(&e))?;
    counters
        .counters
        .iter()
        .find(|c| c.name == b"IDLETIME")
        .map(|c| c.counter)
        .ok_or_else(|| "the X server's SYNC extension has no IDLETIME counter".into())
}

/// The two alarms on IDLETIME. Both compare (rather than wait for a transition) so that one
/// set late still fires: the idle alarm fires at once if the user is already idle longer, the
/// return alarm at once if there was input before it was set. With a delta of 0 each fires
/// once and then rests until it is set again.
struct Alarms<'c> {
    conn: &'c RustConnection,
    counter: sync::Counter,
    idle: Alarm,
    back: Alarm,
    away: bool,
}

/// One alarm, created on the X server the first time it is set.
struct Alarm {
    id: sync::Alarm,
    created: bool,
    /// The value it was last set to: an event for an older setting, still on its way when the
    /// alarm was set again, is stale.
    at: i64,
}

impl<'c> Alarms<'c> {
    fn new(conn: &'c RustConnection, counter: sync::Counter) -> Result<Alarms<'c>, String> {
        let alarm = || {
            conn.generate_id()
                .map(|id| Alarm {
                    id,
                    created: false,
                    at: 0,
                })
                .map_err(|e| format!("no X resource id for an alarm: {e}"))
        };
        Ok(Alarms {
            conn,
            counter,
            idle: alarm()?,
            back: alarm()?,
            away: false,
        })
    }

    async fn run(mut self, mut threshold: watch::Receiver<Duration>, outbox: Outbox) -> String {
        // A copy of the connection's socket, for tokio to say when the X server sent something.
        let socket = match fd::watched_copy(self.conn.stream().as_fd(), Interest::READABLE) {
            Ok(socket) => socket,
            Err(e) => return format!("cannot watch the X connection: {e}"),
        };
        let mut after = *threshold.borrow_and_update();
        if let Err(why) = self.set_idle(after) {
            return why;
        }
        loop {
            // Events may already wait in the connection's buffer, read along with a reply:
            // the socket would not say so.
            loop {
                match self.conn.poll_for_event() {
                    Ok(Some(event)) => {
                        if let Err(why) = self.handle(event, after, &outbox) {
                            return why;
                        }
                    }
                    Ok(None) => break,
                    Err(e) => return format!("the X server went away: {e}"),
                }
            }
            if let Err(e) = self.conn.flush() {
                return format!("the X server went away: {e}");
            }
            tokio::select! {
                ready = socket.readable() => match ready {
                    Ok(mut guard) => guard.clear_ready(),
                    Err(e) => return format!("cannot watch the X connection: {e}"),
                },
                changed = threshold.changed() => {
                    if changed.is_err() {
                        return "unknot is quitting".into();
                    }
                    after = *threshold.borrow_and_update();
                    // While away the return alarm stays; the new threshold counts from the
                    // next return.
                    if !self.away {
                        if let Err(why) = self.set_idle(after) {
                            return why;
                        }
                    }
                }
            }
        }
    }

    fn handle(&mut self, event: Event, after: Duration, outbox: &Outbox) -> Result<(), String> {
        match event {
            Event::SyncAlarmNotify(e) if e.state != sync::ALARMSTATE::DESTROYED => {
                let value = int64(e.alarm_value);
                if e.alarm == self.idle.id && !self.away && value == self.idle.at {
                    let idle = int64(e.counter_value).max(value);
                    outbox.send(Presence::Idle(Duration::from_millis(idle as u64)));
                    self.away = true;
                    // Less than now: the next input, which starts the counter again from 0.
                    self.set_back(idle - 1)?;
                } else if e.alarm == self.back.id && self.away && value == self.back.at {
                    outbox.send(Presence::Active);
                    self.away = false;
                    self.set_idle(after)?;
                }
                Ok(())
            }
            Event::Error(e) => Err(format!("the X server refused an IDLETIME alarm: {e:?}")),
            _ => Ok(()),
        }
    }

    fn set_idle(&mut self, after: Duration) -> Result<(), String> {
        let at = millis(after);
        log::debug!("X11: IDLETIME alarm at {at} ms");
        let aux = self.aux(sync::TESTTYPE::POSITIVE_COMPARISON, at);
        set(self.conn, &mut self.idle, &aux, at)
    }

    fn set_back(&mut self, below: i64) -> Result<(), String> {
        let at = below.max(0);
        log::debug!("X11: return alarm at {at} ms");
        let aux = self.aux(sync::TESTTYPE::NEGATIVE_COMPARISON, at);
        set(self.conn, &mut self.back, &aux, at)
    }

    fn aux(&self, test: sync::TESTTYPE, at: i64) -> sync::CreateAlarmAux {
        sync::CreateAlarmAux::new()
            .counter(self.counter)
            .value_type(sync::VALUETYPE::ABSOLUTE)
            .value(sync::Int64 {
                hi: (at >> 32) as i32,
                lo: at as u32,
            })
            .test_type(test)
            .delta(sync::Int64 { hi: 0, lo: 0 })
            .events(1)
    }
}

/// Sets `alarm` to `aux` (which is at `at`). No reply is awaited: an error comes back as an
/// event.
fn set(
    conn: &RustConnection,
    alarm: &mut Alarm,
    aux: &sync::CreateAlarmAux,
    at: i64,
) -> Result<(), String> {
    alarm.at = at;
    let sent = if alarm.created {
        let change = sync::ChangeAlarmAux {
            counter: aux.counter,
            value_type: aux.value_type,
            value: aux.value,
            test_type: aux.test_type,
            delta: aux.delta,
            events: aux.events,
        };
        conn.sync_change_alarm(alarm.id, &change).map(drop)
    } else {
        alarm.created = true;
        conn.sync_create_alarm(alarm.id, aux).map(drop)
    };
    sent.map_err(|e| format!("the X server went away: {e}"))
}

/// A threshold in the counter's unit (milliseconds); at least 1, so that the idle alarm does
/// not fire on every input.
fn millis(after: Duration) -> i64 {
    i64::try_from(after.as_millis()).unwrap_or(i64::MAX).max(1)
}

fn int64(value: sync::Int64) -> i64 {
    (i64::from(value.hi) << 32) | i64::from(value.lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_values_round_trip() {
        for ms in [1, 3_000, 1 << 40] {
            let at = millis(Duration::from_millis(ms));
            let value = sync::Int64 {
                hi: (at >> 32) as i32,
                lo: at as u32,
            };
            assert_eq!(int64(value), ms as i64);
        }
        assert_eq!(millis(Duration::ZERO), 1);
    }
}
