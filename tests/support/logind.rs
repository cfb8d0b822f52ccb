//! A private system bus with a test systemd-logind on it: `org.freedesktop.login1` speaking
//! the real interface (Manager.Inhibit handing out a real file descriptor, PrepareForSleep,
//! GetSession/GetSessionByPID, a Session object with Lock/Unlock and LockedHint), recording
//! what the app asked. The app finds it through DBUS_SYSTEM_BUS_ADDRESS.

use std::fs::File;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use zbus::message::Header;
use zbus::zvariant::{ObjectPath, Value};

use super::bus::Bus;
use super::wait::{self, wait_until, TIMEOUT};
use super::Session;

pub const NAME: &str = "org.freedesktop.login1";
pub const PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";
/// Our session's id, and its object path as logind escapes it (`3` is `_33`).
pub const SESSION_ID: &str = "3";
pub const SESSION_PATH: &str = "/org/freedesktop/login1/session/_33";

/// One `Inhibit` call, and what became of its file descriptor.
#[derive(Debug, Clone)]
pub struct Inhibitor {
    pub what: String,
    pub who: String,
    pub why: String,
    pub mode: String,
    /// When the app closed its end (the test's end read EOF), if it has.
    pub released_at: Option<Instant>,
    /// The watched file's content at the moment of release (see [`Login1::watch_file`]).
    pub file_at_release: Option<String>,
}

#[derive(Default)]
struct State {
    inhibitors: Vec<Inhibitor>,
    /// Method calls, in order, e.g. `GetSessionByPID(1234)`, `Get(LockedHint)`.
    calls: Vec<String>,
    locked_hint: bool,
    /// Whether a caller's own process is in our session (false: like a service of the systemd
    /// user manager, in no session; its user's display session is still ours).
    outside_session: bool,
    /// Read into each inhibitor's record when it is released.
    watched: Option<PathBuf>,
}

#[derive(Debug, zbus::DBusError)]
#[zbus(prefix = "org.freedesktop.login1")]
enum Login1Error {
    #[zbus(error)]
    ZBus(zbus::Error),
    NoSuchSession(String),
    NoSessionForPID(String),
    NoSuchUser(String),
}

struct Manager {
    state: Arc<Mutex<State>>,
}

#[zbus::interface(name = "org.freedesktop.login1.Manager")]
impl Manager {
    /// The real logind keeps the read end of a FIFO and hands out the write end: the lock is
    /// held until every copy of that end is closed. A pipe behaves the same.
    fn inhibit(
        &self,
        what: String,
        who: String,
        why: String,
        mode: String,
    ) -> zbus::fdo::Result<zbus::zvariant::OwnedFd> {
        let (read, write) = pipe();
        let index = {
            let mut state = self.state.lock().unwrap();
            state.calls.push(format!("Inhibit({what}, {who}, {mode})"));
            state.inhibitors.push(Inhibitor {
                what,
                who,
                why,
                mode,
                released_at: None,
                file_at_release: None,
            });
            state.inhibitors.len() - 1
        };
        let state = self.state.clone();
        std::thread::spawn(move || {
            let mut read = File::from(read);
            let mut buf = [0u8; 16];
            // Nothing is ever written: read returns 0 (EOF) once the app closed its end.
            while matches!(read.read(&mut buf), Ok(n) if n > 0) {}
            // The file as it is at this instant, before anything else can happen.
            let mut state = state.lock().unwrap();
            let content = state
                .watched
                .as_ref()
                .map(|path| std::fs::read_to_string(path).unwrap_or_default());
            let inhibitor = &mut state.inhibitors[index];
            inhibitor.released_at = Some(wait::now());
            inhibitor.file_at_release = content;
        });
        Ok(write.into())
    }

    fn get_session(&self, id: String) -> Result<ObjectPath<'static>, Login1Error> {
        self.state
            .lock()
            .unwrap()
            .calls
            .push(format!("GetSession({id})"));
        if id == SESSION_ID {
            Ok(ObjectPath::from_static_str_unchecked(SESSION_PATH))
        } else {
            Err(Login1Error::NoSuchSession(format!(
                "No session '{id}' known"
            )))
        }
    }

    /// Like the real one, the session of the process `pid` (0: the caller): here the caller's
    /// own process is in our session, any other is in none.
    #[zbus(name = "GetSessionByPID")]
    async fn get_session_by_pid(
        &self,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
        pid: u32,
    ) -> Result<ObjectPath<'static>, Login1Error> {
        self.state
            .lock()
            .unwrap()
            .calls
            .push(format!("GetSessionByPID({pid})"));
        let sender = header
            .sender()
            .ok_or_else(|| Login1Error::NoSessionForPID("no sender".into()))?
            .to_owned();
        let caller = zbus::fdo::DBusProxy::new(conn)
            .await?
            .get_connection_unix_process_id(sender.into())
            .await
            .map_err(zbus::Error::from)?;
        let outside = self.state.lock().unwrap().outside_session;
        if (pid == 0 || pid == caller) && !outside {
            Ok(ObjectPath::from_static_str_unchecked(SESSION_PATH))
        } else {
            Err(Login1Error::NoSessionForPID(format!(
                "PID {pid} does not belong to any known session"
            )))
        }
    }

    /// The user object of `uid`, for the caller's own user only.
    #[zbus(name = "GetUser")]
    async fn get_user(
        &self,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
        uid: u32,
    ) -> Result<ObjectPath<'static>, Login1Error> {
        self.state
            .lock()
            .unwrap()
            .calls
            .push(format!("GetUser({uid})"));
        let sender = header
            .sender()
            .ok_or_else(|| Login1Error::NoSuchUser("no sender".into()))?
            .to_owned();
        let caller = zbus::fdo::DBusProxy::new(conn)
            .await?
            .get_connection_unix_user(sender.into())
            .await
            .map_err(zbus::Error::from)?;
        if uid == caller {
            ObjectPath::try_from(user_path(uid)).map_err(|e| Login1Error::ZBus(e.into()))
        } else {
            Err(Login1Error::NoSuchUser(format!(
                "User ID {uid} is not logged in"
            )))
        }
    }

    #[zbus(signal)]
    async fn prepare_for_sleep(
        emitter: &zbus::object_server::SignalEmitter<'_>,
        start: bool,
    ) -> zbus::Result<()>;
}

struct SessionObject {
    state: Arc<Mutex<State>>,
}

#[zbus::interface(name = "org.freedesktop.login1.Session")]
impl SessionObject {
    #[zbus(property)]
    fn id(&self) -> String {
        SESSION_ID.to_owned()
    }

    #[zbus(property)]
    fn locked_hint(&self) -> bool {
        let mut state = self.state.lock().unwrap();
        state.calls.push("Get(LockedHint)".into());
        state.locked_hint
    }

    #[zbus(signal)]
    async fn lock(emitter: &zbus::object_server::SignalEmitter<'_>) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn unlock(emitter: &zbus::object_server::SignalEmitter<'_>) -> zbus::Result<()>;
}

/// A user, as far as the app asks: its display session is ours.
struct UserObject;

#[zbus::interface(name = "org.freedesktop.login1.User")]
impl UserObject {
    #[zbus(property)]
    fn display(&self) -> (String, ObjectPath<'static>) {
        (
            SESSION_ID.to_owned(),
            ObjectPath::from_static_str_unchecked(SESSION_PATH),
        )
    }
}

/// logind's object path for the user `uid`.
fn user_path(uid: u32) -> String {
    format!("{PATH}/user/_{uid}")
}

/// A pipe whose ends are closed on exec: no child of the test holds the app's inhibitor.
fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two new descriptors into `fds`, which we then own.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2: {}", std::io::Error::last_os_error());
    // SAFETY: both are fresh descriptors owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

/// The user the tests (and so the app) run as.
fn own_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .expect("stat /proc/self")
        .uid()
}

/// The test logind. Dropping it leaves the bus, as a logind that stops.
pub struct Login1 {
    conn: zbus::blocking::Connection,
    state: Arc<Mutex<State>>,
}

impl Login1 {
    /// Starts serving on `bus`; the name is owned when this returns.
    pub fn start(bus: &Bus) -> Login1 {
        let state = Arc::new(Mutex::new(State::default()));
        let conn = zbus::blocking::connection::Builder::address(bus.address())
            .and_then(|b| {
                b.serve_at(
                    PATH,
                    Manager {
                        state: state.clone(),
                    },
                )
            })
            .and_then(|b| {
                b.serve_at(
                    SESSION_PATH,
                    SessionObject {
                        state: state.clone(),
                    },
                )
            })
            .and_then(|b| b.serve_at(user_path(own_uid()), UserObject))
            .and_then(|b| b.name(NAME))
            .and_then(|b| b.build())
            .unwrap_or_else(|e| panic!("cannot start the test logind: {e}"));
        Login1 { conn, state }
    }

    /// Records the content of `path` in each inhibitor the moment the app releases it.
    pub fn watch_file(&self, path: PathBuf) {
        self.state.lock().unwrap().watched = Some(path);
    }

    pub fn inhibitors(&self) -> Vec<Inhibitor> {
        self.state.lock().unwrap().inhibitors.clone()
    }

    pub fn calls(&self) -> Vec<String> {
        self.state.lock().unwrap().calls.clone()
    }

    /// Waits until the app holds inhibitor number `n` (1-based) and returns it.
    pub fn wait_for_inhibitor(&self, n: usize) -> Inhibitor {
        wait_until(TIMEOUT, format!("inhibitor #{n} taken and held"), || {
            let inhibitors = self.inhibitors();
            inhibitors
                .get(n - 1)
                .filter(|i| i.released_at.is_none())
                .cloned()
        })
    }

    /// Waits until the app released inhibitor number `n` (1-based) and returns it.
    pub fn wait_for_release(&self, n: usize) -> Inhibitor {
        wait_until(TIMEOUT, format!("inhibitor #{n} released"), || {
            self.inhibitors()
                .get(n - 1)
                .filter(|i| i.released_at.is_some())
                .cloned()
        })
    }

    /// Waits until the app has read LockedHint `n` times: it listens to the session by then.
    pub fn wait_for_locked_hint_reads(&self, n: usize) {
        wait_until(TIMEOUT, format!("{n} reads of LockedHint"), || {
            let reads = self
                .calls()
                .iter()
                .filter(|c| *c == "Get(LockedHint)")
                .count();
            (reads >= n).then_some(())
        });
    }

    /// From now on the callers' processes are in no session, like services of the systemd user
    /// manager: GetSessionByPID fails for them.
    pub fn put_callers_outside_sessions(&self) {
        self.state.lock().unwrap().outside_session = true;
    }

    /// Sets LockedHint without a signal: the state a new logind finds (before the app asks).
    pub fn set_locked_hint_quietly(&self, locked: bool) {
        self.state.lock().unwrap().locked_hint = locked;
    }

    /// The screen locks: in the worst order a real one could send it, the locker's LockedHint
    /// (with its value) before logind's `Lock` signal.
    pub fn lock(&self) {
        self.set_locked_hint_quietly(true);
        self.properties_changed(Some(true));
        self.emit(SESSION_PATH, SESSION, "Lock", &());
    }

    /// logind asks the locker to lock (`loginctl lock-session`): `Lock`, and nothing more, as
    /// with a locker that sets no LockedHint (swaylock under swayidle).
    pub fn lock_signal_only(&self) {
        self.emit(SESSION_PATH, SESSION, "Lock", &());
    }

    /// `Unlock` alone (`loginctl unlock-session`).
    pub fn unlock_signal_only(&self) {
        self.emit(SESSION_PATH, SESSION, "Unlock", &());
    }

    /// LockedHint invalidated with no change: the app reads it again (a marker: every signal
    /// before it has been read once that read is seen).
    pub fn touch_locked_hint(&self) {
        self.properties_changed(None);
    }

    /// The screen unlocks: `Unlock`, then LockedHint invalidated without its value (the app
    /// must ask).
    pub fn unlock(&self) {
        self.set_locked_hint_quietly(false);
        self.emit(SESSION_PATH, SESSION, "Unlock", &());
        self.properties_changed(None);
    }

    /// `PrepareForSleep(start)`, as logind sends it before the machine sleeps and after it woke.
    pub fn prepare_for_sleep(&self, start: bool) {
        self.emit(PATH, MANAGER, "PrepareForSleep", &(start,));
    }

    /// `PropertiesChanged` for LockedHint: with `value`, or only invalidated when `None`.
    fn properties_changed(&self, value: Option<bool>) {
        let mut changed = std::collections::HashMap::new();
        let mut invalidated: Vec<&str> = Vec::new();
        match value {
            Some(v) => {
                changed.insert("LockedHint", Value::from(v));
            }
            None => invalidated.push("LockedHint"),
        }
        self.emit(
            SESSION_PATH,
            "org.freedesktop.DBus.Properties",
            "PropertiesChanged",
            &(SESSION, changed, invalidated),
        );
    }

    fn emit<B>(&self, path: &str, interface: &str, signal: &str, body: &B)
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
    {
        self.conn
            .emit_signal(None::<&str>, path, interface, signal, body)
            .unwrap_or_else(|e| panic!("cannot emit {signal}: {e}"));
    }
}

/// A test system bus with the test logind on it, wired into `session`'s environment.
pub struct Logind {
    pub login1: Option<Login1>,
    bus: Bus,
}

impl Logind {
    /// Starts both before the app, and points the session's DBUS_SYSTEM_BUS_ADDRESS at the bus.
    /// The logind records the history file's content at each release.
    pub fn start(session: &mut Session) -> Logind {
        let logind = Logind::start_bus(session);
        let login1 = Login1::start(&logind.bus);
        login1.watch_file(session.history().path().to_owned());
        Logind {
            login1: Some(login1),
            ..logind
        }
    }

    /// The system bus alone, with no logind on it (yet).
    pub fn start_bus(session: &mut Session) -> Logind {
        let dir = session.path("system-bus");
        std::fs::create_dir_all(&dir).expect("create the system bus dir");
        let bus = Bus::start_as(&dir, "system");
        session.set_env("DBUS_SYSTEM_BUS_ADDRESS", bus.address());
        Logind { login1: None, bus }
    }

    pub fn bus(&self) -> &Bus {
        &self.bus
    }

    pub fn login1(&self) -> &Login1 {
        self.login1.as_ref().expect("the test logind is running")
    }

    /// A logind that comes (again), as after `systemctl restart systemd-logind`.
    pub fn start_login1(&mut self, watched: PathBuf) -> &Login1 {
        assert!(self.login1.is_none(), "the test logind is already running");
        let login1 = Login1::start(&self.bus);
        login1.watch_file(watched);
        self.login1.insert(login1)
    }

    /// The test logind leaves the bus.
    pub fn stop_login1(&mut self) {
        self.login1 = None;
    }
}
