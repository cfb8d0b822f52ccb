//! One test's world: a temp home with its own XDG folders, a private Xvfb and D-Bus session
//! bus, the test services on that bus, and (once started) the app. Dropping the session stops
//! everything it started, app first, and removes the temp dir (set UNKNOT_E2E_KEEP=1 to keep
//! it). When a test fails, the drop prints the app's log.

use std::cell::{OnceCell, RefCell};
use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::app::{tail, App};
use super::bus::Bus;
use super::config::{self, TEST_CONFIG};
use super::dbusmenu::DbusMenu;
use super::dunst::Dunst;
use super::history::{event_name, History};
use super::notifications::NotificationServer;
use super::scripts;
use super::tray::Tray;
use super::wait::{self, Watch};
use super::watcher::StatusNotifierWatcher;
use super::xvfb::{Activity, Xvfb};

/// Which test services to put on the session's bus before the app starts.
#[derive(Debug, Clone, Copy)]
pub struct Services {
    /// The test notification server (`org.freedesktop.Notifications`).
    pub notifications: bool,
    /// The test StatusNotifierWatcher.
    pub watcher: bool,
}

impl Services {
    pub const ALL: Services = Services {
        notifications: true,
        watcher: true,
    };
    /// For a session where a real notification server (dunst) takes the name.
    pub const NO_NOTIFICATIONS: Services = Services {
        notifications: false,
        watcher: true,
    };
}

pub struct Session {
    watch: Rc<SessionWatch>,
    activity: Option<Activity>,
    app: Option<App>,
    dunst: Option<Dunst>,
    notifications: Option<Rc<NotificationServer>>,
    watcher: Option<StatusNotifierWatcher>,
    client: OnceCell<zbus::blocking::Connection>,
    bus: Option<Bus>,
    xvfb: Option<Xvfb>,
    dir: Option<tempfile::TempDir>,
    root: PathBuf,
    /// Set with [`Session::set_env`], over the session's own values.
    extra_env: Vec<(String, OsString)>,
}

impl Session {
    /// A session with both test services, and the fast test config written.
    pub fn new() -> Session {
        Session::with(Services::ALL)
    }

    pub fn with(services: Services) -> Session {
        let dir = tempfile::Builder::new()
            .prefix("unknot-e2e-")
            .tempdir()
            .expect("create the session's temp dir");
        let root = dir.path().to_owned();
        for sub in ["home", "config", "data", "cache", "state", "runtime", "bin"] {
            std::fs::create_dir_all(root.join(sub)).expect("create session folder");
        }
        std::fs::set_permissions(root.join("runtime"), std::fs::Permissions::from_mode(0o700))
            .expect("chmod 0700 XDG_RUNTIME_DIR");
        scripts::xdg_open_stub(&root.join("bin/xdg-open"), &root.join("opened.log"));
        std::fs::write(root.join("config.toml"), TEST_CONFIG).expect("write config.toml");

        let watch = Rc::new(SessionWatch {
            log: root.join("unknot.log"),
            history: History::new(&root.join("data")),
            app: RefCell::new(None),
            notifications: RefCell::new(None),
        });
        let as_dyn: Rc<dyn Watch> = watch.clone();
        wait::set_watch(&as_dyn);

        let mut session = Session {
            watch,
            activity: None,
            app: None,
            dunst: None,
            notifications: None,
            watcher: None,
            client: OnceCell::new(),
            bus: None,
            xvfb: None,
            dir: Some(dir),
            root,
            extra_env: Vec::new(),
        };
        session.xvfb = Some(Xvfb::start(&session.root));
        session.bus = Some(Bus::start(&session.root));
        if services.watcher {
            session.watcher = Some(StatusNotifierWatcher::start(session.bus()));
        }
        if services.notifications {
            let server = Rc::new(NotificationServer::start(session.bus()));
            *session.watch.notifications.borrow_mut() = Some(Rc::downgrade(&server));
            session.notifications = Some(server);
        }
        session
    }

    /// The session's temp dir.
    pub fn dir(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn config_path(&self) -> PathBuf {
        self.path("config.toml")
    }

    pub fn log_path(&self) -> PathBuf {
        self.path("unknot.log")
    }

    pub fn xvfb(&self) -> &Xvfb {
        self.xvfb.as_ref().expect("Xvfb is running")
    }

    pub fn display(&self) -> &str {
        self.xvfb().display()
    }

    pub fn bus(&self) -> &Bus {
        self.bus.as_ref().expect("the bus is running")
    }

    /// The environment the app (and dunst, dunstctl) get, and nothing else.
    pub fn env(&self) -> Vec<(String, OsString)> {
        let mut path = OsString::from(self.path("bin"));
        if let Some(system) = std::env::var_os("PATH") {
            path.push(":");
            path.push(system);
        }
        let dir = |sub: &str| OsString::from(self.path(sub));
        let mut env = vec![
            ("PATH".into(), path),
            ("HOME".into(), dir("home")),
            ("XDG_CONFIG_HOME".into(), dir("config")),
            ("XDG_DATA_HOME".into(), dir("data")),
            ("XDG_CACHE_HOME".into(), dir("cache")),
            ("XDG_STATE_HOME".into(), dir("state")),
            ("XDG_RUNTIME_DIR".into(), dir("runtime")),
            ("DISPLAY".into(), self.display().into()),
            (
                "DBUS_SESSION_BUS_ADDRESS".into(),
                self.bus().address().into(),
            ),
            // Never the machine's own system bus (and its logind): none, unless a test starts
            // one (support/logind.rs).
            (
                "DBUS_SYSTEM_BUS_ADDRESS".into(),
                format!("unix:path={}", self.path("no-system-bus").display()).into(),
            ),
            ("LANG".into(), "C.UTF-8".into()),
            ("RUST_BACKTRACE".into(), "1".into()),
        ];
        let log = std::env::var_os("UNKNOT_E2E_RUST_LOG").unwrap_or_else(|| "debug".into());
        env.push(("RUST_LOG".into(), log));
        for (key, value) in &self.extra_env {
            env.retain(|(k, _)| k != key);
            env.push((key.clone(), value.clone()));
        }
        env
    }

    /// Sets `key` in the environment of everything started from now on (e.g. the app),
    /// replacing the session's own value.
    pub fn set_env(&mut self, key: &str, value: impl Into<OsString>) {
        self.extra_env.retain(|(k, _)| k != key);
        self.extra_env.push((key.to_owned(), value.into()));
    }

    /// A command for `program` with exactly the session's environment.
    pub fn command(&self, program: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear().envs(self.env());
        cmd
    }

    /// Replaces the config file in place (do this before [`Self::start_app`] to start with it).
    pub fn write_config(&self, text: &str) {
        config::write_in_place(&self.config_path(), text);
    }

    /// Replaces the config file by writing a new one and renaming it over the old.
    pub fn replace_config(&self, text: &str) {
        config::replace_atomically(&self.config_path(), text);
    }

    /// Starts `unknot --config <dir>/config.toml`.
    pub fn start_app(&mut self) -> &App {
        assert!(self.app.is_none(), "the app is already started");
        let app = App::start(&self.config_path(), &self.env(), &self.log_path());
        *self.watch.app.borrow_mut() = Some(app.clone());
        self.app.insert(app)
    }

    /// Starts `unknot` with no `--config`: it uses (and may write) the default config in
    /// `$XDG_CONFIG_HOME/unknot/`.
    pub fn start_app_default_config(&mut self) -> &App {
        assert!(self.app.is_none(), "the app is already started");
        let app = App::start_args(&[], &self.env(), &self.log_path());
        *self.watch.app.borrow_mut() = Some(app.clone());
        self.app.insert(app)
    }

    /// Starts `unknot --config <dir>/config.toml` with `env` instead of [`Self::env`] (e.g. a
    /// Wayland session's).
    pub fn start_app_with_env(&mut self, env: &[(String, OsString)]) -> &App {
        assert!(self.app.is_none(), "the app is already started");
        let app = App::start(&self.config_path(), env, &self.log_path());
        *self.watch.app.borrow_mut() = Some(app.clone());
        self.app.insert(app)
    }

    pub fn app(&self) -> &App {
        self.app.as_ref().expect("start_app() first")
    }

    /// A session whose user is at the keyboard the whole time, with the app started: sitting
    /// time runs and reminders come after `every`.
    pub fn active() -> Session {
        let mut session = Session::new();
        session.keep_active();
        session.start_app();
        session
    }

    /// Keeps the simulated user active (small mouse moves) until [`Self::stop_activity`].
    pub fn keep_active(&mut self) {
        if self.activity.is_none() {
            self.activity = Some(self.xvfb().keep_active());
        }
    }

    pub fn stop_activity(&mut self) {
        self.activity = None;
    }

    /// Starts the test notification server, answering `GetCapabilities` with `capabilities`,
    /// in a session made without it: before the app (a server that can do less, or more), or
    /// after (a server that appears late).
    pub fn start_notifications(&mut self, capabilities: &[&str]) -> &NotificationServer {
        assert!(
            self.notifications.is_none() && self.dunst.is_none(),
            "this session has a notification server already (use Services::NO_NOTIFICATIONS)"
        );
        let server = Rc::new(NotificationServer::start_with(self.bus(), capabilities));
        *self.watch.notifications.borrow_mut() = Some(Rc::downgrade(&server));
        self.notifications.insert(server)
    }

    pub fn notifications(&self) -> &NotificationServer {
        self.notifications
            .as_deref()
            .expect("this session has no test notification server")
    }

    /// The test notification server, if this session has one.
    pub fn notifications_if_any(&self) -> Option<&NotificationServer> {
        self.notifications.as_deref()
    }

    pub fn watcher(&self) -> &StatusNotifierWatcher {
        self.watcher
            .as_ref()
            .expect("this session has no test StatusNotifierWatcher")
    }

    /// Puts the test StatusNotifierWatcher on the bus now, for a session started without it
    /// (a tray host that comes after the app, or never).
    pub fn start_watcher(&mut self) -> &StatusNotifierWatcher {
        assert!(self.watcher.is_none(), "the watcher is already running");
        let watcher = StatusNotifierWatcher::start(self.bus());
        self.watcher.insert(watcher)
    }

    /// Takes the test StatusNotifierWatcher off the bus, as a tray host that goes away.
    pub fn stop_watcher(&mut self) {
        let watcher = self.watcher.take().expect("the watcher is running");
        watcher
            .connection()
            .release_name(super::watcher::NAME)
            .expect("release the watcher's name");
    }

    /// The test's own connection to the session bus (as a client).
    pub fn client(&self) -> &zbus::blocking::Connection {
        self.client.get_or_init(|| self.bus().connect())
    }

    /// Whether some connection owns `name` on the session bus.
    pub fn name_has_owner(&self, name: &str) -> bool {
        let proxy = zbus::blocking::fdo::DBusProxy::new(self.client()).expect("DBus proxy");
        let name = zbus::names::BusName::try_from(name).expect("a valid bus name");
        proxy.name_has_owner(name).unwrap_or(false)
    }

    /// The app's tray item, waiting for it to register.
    pub fn tray(&self) -> Tray {
        let item = self.watcher().wait_for_item();
        Tray::new(self.client().clone(), item)
    }

    /// The app's tray menu, waiting for the item to register.
    pub fn menu(&self) -> DbusMenu {
        self.tray().menu()
    }

    pub fn history(&self) -> &History {
        &self.watch.history
    }

    /// The first history event called `name`, waiting for it.
    pub fn wait_for_event(&self, name: &str) -> serde_json::Value {
        self.history().wait_for_event(name)
    }

    /// The lines the stub `xdg-open` recorded, one per call.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(self.path("opened.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// Starts the real dunst as this session's notification server.
    pub fn start_dunst(&mut self) -> &Dunst {
        assert!(
            self.notifications.is_none(),
            "dunst needs a session without the test notification server (Services::NO_NOTIFICATIONS)"
        );
        let dunst = Dunst::start(self);
        self.dunst.insert(dunst)
    }

    pub fn dunst(&self) -> &Dunst {
        self.dunst.as_ref().expect("start_dunst() first")
    }

    /// Stops the app (if running) and returns everything it logged.
    pub fn stop_app(&mut self) -> String {
        if let Some(app) = &self.app {
            app.stop();
        }
        self.app.as_ref().map(App::log).unwrap_or_default()
    }

    /// Waits for the app to end (a test that killed it), then forgets it so that
    /// [`Self::start_app`] can start another in the same session; returns how it ended.
    pub fn reap_app(&mut self, timeout: std::time::Duration) -> std::process::ExitStatus {
        let app = self.app.take().expect("start_app() first");
        *self.watch.app.borrow_mut() = None;
        app.wait_for_exit(timeout)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.activity = None;
        let failing = std::thread::panicking();
        if let Some(app) = self.app.take() {
            app.stop();
            if failing {
                eprintln!(
                    "==== {} ====\n{}==== end of unknot.log ====",
                    app.log_path().display(),
                    tail(&app.log(), usize::MAX)
                );
            }
        }
        *self.watch.app.borrow_mut() = None;
        self.dunst = None;
        self.notifications = None;
        self.watcher = None;
        self.client = OnceCell::new();
        self.bus = None;
        self.xvfb = None;
        if std::env::var_os("UNKNOT_E2E_KEEP").is_some() {
            if let Some(dir) = self.dir.take() {
                eprintln!("keeping the session dir {}", dir.keep().display());
            }
        }
    }
}

/// What the session tells a failing wait.
struct SessionWatch {
    log: PathBuf,
    history: History,
    app: RefCell<Option<App>>,
    notifications: RefCell<Option<std::rc::Weak<NotificationServer>>>,
}

impl Watch for SessionWatch {
    fn gone(&self) -> Option<String> {
        self.app.try_borrow().ok()?.as_ref()?.unexpected_exit()
    }

    fn report(&self) -> String {
        let mut out = String::new();
        if let Ok(app) = self.app.try_borrow() {
            match app.as_ref() {
                Some(app) => out.push_str(&format!("{}\n", app.describe_state())),
                None => out.push_str("unknot was not started\n"),
            }
        }
        match self.history.try_events() {
            Ok(events) => {
                let names: Vec<&str> = events.iter().map(event_name).collect();
                out.push_str(&format!("history events: {names:?}\n"));
            }
            Err(e) => out.push_str(&format!("history unreadable: {e}\n")),
        }
        let server = self
            .notifications
            .try_borrow()
            .ok()
            .and_then(|n| n.as_ref()?.upgrade());
        if let Some(server) = server {
            let shown: Vec<String> = server
                .notifications()
                .iter()
                .map(|n| format!("#{} {:?} actions {:?}", n.id, n.summary, n.action_keys()))
                .collect();
            out.push_str(&format!(
                "notifications: {shown:?}; CloseNotification calls: {:?}\n",
                server.close_calls()
            ));
        }
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        out.push_str(&format!(
            "---- tail of {} ----\n{}---- end ----",
            self.log.display(),
            tail(&log, 60)
        ));
        out
    }
}
