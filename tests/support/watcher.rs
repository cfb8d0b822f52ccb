//! A test StatusNotifierWatcher: owns `org.kde.StatusNotifierWatcher` on the session's bus, so
//! the app's tray item (ksni) has somewhere to register. It must be on the bus before the app
//! starts. Items whose owner leaves the bus are dropped and announced as unregistered.

use std::sync::{Arc, Mutex};

use zbus::message::Header;
use zbus::object_server::SignalEmitter;

use super::bus::Bus;
use super::wait::{wait_until, TIMEOUT};

pub const NAME: &str = "org.kde.StatusNotifierWatcher";
pub const PATH: &str = "/StatusNotifierWatcher";
/// Where an item lives when it registers with a bus name only (ksni does).
pub const DEFAULT_ITEM_PATH: &str = "/StatusNotifierItem";

/// A registered tray item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The argument of `RegisterStatusNotifierItem`: a bus name or an object path.
    pub service: String,
    /// The unique name of the connection that registered it.
    pub sender: String,
    /// Where to reach the item: `service` if it is a bus name, else `sender`.
    pub bus_name: String,
    /// The item's object path: `service` if it is a path, else `/StatusNotifierItem`.
    pub path: String,
}

impl Item {
    /// The id listed in `RegisteredStatusNotifierItems`: bus name followed by path.
    pub fn id(&self) -> String {
        format!("{}{}", self.bus_name, self.path)
    }
}

#[derive(Default)]
struct State {
    items: Vec<Item>,
    unregistered: Vec<Item>,
    hosts: Vec<String>,
}

struct Watcher {
    state: Arc<Mutex<State>>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    async fn register_status_notifier_item(
        &self,
        #[zbus(header)] header: Header<'_>,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
        service: String,
    ) -> zbus::fdo::Result<()> {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        let (bus_name, path) = if service.starts_with('/') {
            (sender.clone(), service.clone())
        } else {
            (service.clone(), DEFAULT_ITEM_PATH.to_owned())
        };
        let item = Item {
            service,
            sender,
            bus_name,
            path,
        };
        let id = item.id();
        {
            let mut state = self.state.lock().unwrap();
            state.items.retain(|i| i.id() != id);
            state.items.push(item);
        }
        Self::status_notifier_item_registered(&emitter, &id).await?;
        Ok(())
    }

    async fn register_status_notifier_host(
        &self,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
        service: String,
    ) -> zbus::fdo::Result<()> {
        self.state.lock().unwrap().hosts.push(service);
        Self::status_notifier_host_registered(&emitter).await?;
        Ok(())
    }

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.state
            .lock()
            .unwrap()
            .items
            .iter()
            .map(Item::id)
            .collect()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }

    #[zbus(signal)]
    async fn status_notifier_item_registered(
        emitter: &SignalEmitter<'_>,
        service: &str,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn status_notifier_item_unregistered(
        emitter: &SignalEmitter<'_>,
        service: &str,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn status_notifier_host_registered(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;
}

/// The running watcher. Dropping it leaves the bus.
pub struct StatusNotifierWatcher {
    conn: zbus::blocking::Connection,
    state: Arc<Mutex<State>>,
}

impl StatusNotifierWatcher {
    /// Starts serving on `bus`; the name is owned when this returns.
    pub fn start(bus: &Bus) -> StatusNotifierWatcher {
        let state = Arc::new(Mutex::new(State::default()));
        let watcher = Watcher {
            state: state.clone(),
        };
        let conn = bus.serve(NAME, PATH, watcher, "StatusNotifierWatcher");
        forget_departed_items(&conn, state.clone());
        StatusNotifierWatcher { conn, state }
    }

    /// The items registered now.
    pub fn items(&self) -> Vec<Item> {
        self.state.lock().unwrap().items.clone()
    }

    /// Items that were registered and whose owner has left the bus since.
    pub fn unregistered(&self) -> Vec<Item> {
        self.state.lock().unwrap().unregistered.clone()
    }

    /// The hosts that called `RegisterStatusNotifierHost`.
    pub fn hosts(&self) -> Vec<String> {
        self.state.lock().unwrap().hosts.clone()
    }

    /// The first registered item, waiting for one.
    pub fn wait_for_item(&self) -> Item {
        wait_until(TIMEOUT, "a tray item to register with the watcher", || {
            self.items().into_iter().next()
        })
    }

    pub fn connection(&self) -> &zbus::blocking::Connection {
        &self.conn
    }
}

/// Watches NameOwnerChanged and unregisters the items of connections that leave the bus.
fn forget_departed_items(conn: &zbus::blocking::Connection, state: Arc<Mutex<State>>) {
    let proxy = zbus::blocking::fdo::DBusProxy::new(conn).expect("org.freedesktop.DBus proxy");
    let changes = proxy
        .receive_name_owner_changed()
        .expect("subscribe to NameOwnerChanged");
    let conn = conn.clone();
    std::thread::spawn(move || {
        for change in changes {
            let Ok(args) = change.args() else { continue };
            if args.new_owner().is_some() {
                continue;
            }
            let name = args.name().to_string();
            let gone: Vec<Item> = {
                let mut state = state.lock().unwrap();
                let (gone, kept) = std::mem::take(&mut state.items)
                    .into_iter()
                    .partition(|i: &Item| i.bus_name == name || i.sender == name);
                state.items = kept;
                state.unregistered.extend(gone.iter().cloned());
                gone
            };
            for item in gone {
                let _ = conn.emit_signal(
                    None::<&str>,
                    PATH,
                    NAME,
                    "StatusNotifierItemUnregistered",
                    &(item.id(),),
                );
            }
        }
    });
}
