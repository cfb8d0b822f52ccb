//! A test `org.freedesktop.ScreenSaver`, at `/ScreenSaver` and `/org/freedesktop/ScreenSaver`
//! as KDE serves it: `GetSessionIdleTime` answers the milliseconds since the last input (which
//! the test makes with `SimulateUserActivity`, as KDE also takes it), so idle time grows by
//! itself. Or as GNOME's stand-in (gsd-screensaver-proxy) serves it: every idle question
//! answered with `org.freedesktop.DBus.Error.NotSupported`.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use zbus::fdo;
use zbus::object_server::SignalEmitter;

use super::bus::Bus;
use super::wait::now;

pub const NAME: &str = "org.freedesktop.ScreenSaver";
const PATHS: [&str; 2] = ["/ScreenSaver", "/org/freedesktop/ScreenSaver"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// KDE Plasma (ksmserver / kscreenlocker): idle time from its own input counter.
    Kde,
    /// GNOME's gsd-screensaver-proxy: only Inhibit and UnInhibit work.
    GnomeProxy,
}

struct State {
    last_input: Instant,
    /// Every `GetSessionIdleTime` asked, for tests that count questions.
    asked: usize,
}

struct ScreenSaver {
    kind: Kind,
    state: Arc<Mutex<State>>,
}

fn not_supported() -> fdo::Error {
    fdo::Error::NotSupported("This method is not implemented".into())
}

#[zbus::interface(name = "org.freedesktop.ScreenSaver")]
impl ScreenSaver {
    fn get_session_idle_time(&self) -> fdo::Result<u32> {
        let mut state = self.state.lock().unwrap();
        state.asked += 1;
        match self.kind {
            Kind::Kde => {
                Ok(u32::try_from(state.last_input.elapsed().as_millis()).unwrap_or(u32::MAX))
            }
            Kind::GnomeProxy => Err(not_supported()),
        }
    }

    fn simulate_user_activity(&self) -> fdo::Result<()> {
        match self.kind {
            Kind::Kde => {
                self.state.lock().unwrap().last_input = now();
                Ok(())
            }
            Kind::GnomeProxy => Err(not_supported()),
        }
    }

    fn get_active(&self) -> fdo::Result<bool> {
        match self.kind {
            Kind::Kde => Ok(false),
            Kind::GnomeProxy => Err(not_supported()),
        }
    }

    fn inhibit(&self, _application_name: &str, _reason_for_inhibit: &str) -> u32 {
        1
    }

    fn un_inhibit(&self, _cookie: u32) {}

    #[zbus(signal)]
    async fn active_changed(emitter: &SignalEmitter<'_>, active: bool) -> zbus::Result<()>;
}

/// The service, on the bus while this lives.
pub struct TestScreenSaver {
    state: Arc<Mutex<State>>,
    _conn: zbus::blocking::Connection,
}

impl TestScreenSaver {
    /// Puts the service on `bus` and returns once it owns the name. Idle since now.
    pub fn start(bus: &Bus, kind: Kind) -> TestScreenSaver {
        let state = Arc::new(Mutex::new(State {
            last_input: now(),
            asked: 0,
        }));
        let serve = || ScreenSaver {
            kind,
            state: state.clone(),
        };
        let conn = zbus::blocking::connection::Builder::address(bus.address())
            .and_then(|b| b.serve_at(PATHS[0], serve()))
            .and_then(|b| b.serve_at(PATHS[1], serve()))
            .and_then(|b| b.name(NAME))
            .and_then(|b| b.build())
            .unwrap_or_else(|e| panic!("cannot start the test {NAME}: {e}"));
        TestScreenSaver { state, _conn: conn }
    }

    /// Input, as KDE sees it.
    pub fn input(&self) {
        self.state.lock().unwrap().last_input = now();
    }

    /// How many times `GetSessionIdleTime` was asked so far.
    pub fn asked(&self) -> usize {
        self.state.lock().unwrap().asked
    }
}
