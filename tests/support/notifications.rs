//! A test notification server: owns `org.freedesktop.Notifications` on the session's bus and
//! implements the Desktop Notifications spec well enough for a real client, recording every
//! call. Tests read what the app sent and answer like a user would (action, dismiss).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Display;
use std::sync::{Arc, Mutex};

use zbus::message::Header;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;

use super::bus::Bus;
use super::wait::{wait_until, TIMEOUT};

pub const NAME: &str = "org.freedesktop.Notifications";
pub const PATH: &str = "/org/freedesktop/Notifications";
pub const CAPABILITIES: [&str; 4] = ["actions", "body", "persistence", "action-icons"];

/// One `Notify` call, with the id the server answered.
#[derive(Debug, Clone)]
pub struct Notify {
    pub id: u32,
    pub sender: String,
    pub app_name: String,
    pub replaces_id: u32,
    pub app_icon: String,
    pub summary: String,
    pub body: String,
    pub actions: Vec<String>,
    pub hints: HashMap<String, OwnedValue>,
    pub expire_timeout: i32,
}

impl Notify {
    /// The action keys, in order (the even positions of `actions`).
    pub fn action_keys(&self) -> Vec<&str> {
        self.actions.iter().step_by(2).map(String::as_str).collect()
    }

    /// The label shown for the action `key`.
    pub fn action_label(&self, key: &str) -> Option<&str> {
        self.actions
            .chunks(2)
            .find(|pair| pair[0] == key)
            .and_then(|pair| pair.get(1))
            .map(String::as_str)
    }

    pub fn has_action(&self, key: &str) -> bool {
        self.action_keys().contains(&key)
    }

    pub fn hint_bool(&self, key: &str) -> Option<bool> {
        self.hints.get(key).and_then(|v| bool::try_from(v).ok())
    }

    pub fn hint_str(&self, key: &str) -> Option<String> {
        self.hints
            .get(key)
            .and_then(|v| <&str>::try_from(v).ok())
            .map(str::to_owned)
    }

    /// The `image-data` hint: width, height, row stride, alpha, bits per sample, channels and
    /// the pixels, if it is there with the spec's signature `(iiibiiay)`.
    pub fn image_data(&self) -> Option<ImageData> {
        let value = self.hints.get("image-data")?.try_clone().ok()?;
        ImageData::try_from(value).ok()
    }
}

/// The spec's raw image: `(iiibiiay)`.
pub type ImageData = (i32, i32, i32, bool, i32, i32, Vec<u8>);

#[derive(Default)]
struct State {
    capabilities: Vec<String>,
    /// Pressed on every notification offering it, before the reply to its Notify.
    press_on_notify: Option<String>,
    last_id: u32,
    notifies: Vec<Notify>,
    close_calls: Vec<u32>,
    open: BTreeSet<u32>,
    info_calls: usize,
    capabilities_calls: usize,
    /// KDE Plasma's do-not-disturb (`Inhibited`); `None`: not KDE's server, no such property.
    inhibited: Option<bool>,
}

struct Server {
    state: Arc<Mutex<State>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    #[allow(clippy::too_many_arguments)]
    async fn notify(
        &self,
        #[zbus(header)] header: Header<'_>,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
        app_name: String,
        replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        expire_timeout: i32,
    ) -> zbus::fdo::Result<u32> {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        let (id, press) = {
            let mut state = self.state.lock().unwrap();
            let press = state
                .press_on_notify
                .clone()
                .filter(|key| actions.iter().step_by(2).any(|a| a == key));
            let id = if replaces_id != 0 {
                replaces_id
            } else {
                state.last_id += 1;
                state.last_id
            };
            state.open.insert(id);
            state.notifies.push(Notify {
                id,
                sender,
                app_name,
                replaces_id,
                app_icon,
                summary,
                body,
                actions,
                hints,
                expire_timeout,
            });
            (id, press)
        };
        if let Some(key) = press {
            // The worst order a real server can produce: the press is on the wire before
            // the reply that tells the client the id.
            Self::action_invoked(&emitter, id, &key).await?;
        }
        Ok(id)
    }

    async fn close_notification(
        &self,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
        id: u32,
    ) -> zbus::fdo::Result<()> {
        {
            let mut state = self.state.lock().unwrap();
            state.close_calls.push(id);
            state.open.remove(&id);
        }
        // Reason 3: closed by a call to CloseNotification.
        Self::notification_closed(&emitter, id, 3).await?;
        Ok(())
    }

    fn get_capabilities(&self) -> Vec<String> {
        let mut state = self.state.lock().unwrap();
        state.capabilities_calls += 1;
        state.capabilities.clone()
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        self.state.lock().unwrap().info_calls += 1;
        (
            "unknot-test-notifications".into(),
            "unknot".into(),
            "1.0".into(),
            "1.2".into(),
        )
    }

    /// Plasma's property: true while notifications are inhibited (do not disturb). Other
    /// servers have no such property, and answer as zbus does for an unknown one.
    #[zbus(property, name = "Inhibited")]
    fn inhibited(&self) -> zbus::fdo::Result<bool> {
        self.state
            .lock()
            .unwrap()
            .inhibited
            .ok_or_else(|| zbus::fdo::Error::UnknownProperty("Unknown property Inhibited".into()))
    }

    #[zbus(signal)]
    async fn notification_closed(
        emitter: &SignalEmitter<'_>,
        id: u32,
        reason: u32,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;
}

/// The running server. Dropping it leaves the bus.
pub struct NotificationServer {
    conn: zbus::blocking::Connection,
    state: Arc<Mutex<State>>,
}

impl NotificationServer {
    /// Starts serving on `bus` with [`CAPABILITIES`]; the name is owned when this returns.
    pub fn start(bus: &Bus) -> NotificationServer {
        NotificationServer::start_with(bus, &CAPABILITIES)
    }

    /// [`Self::start`], answering `GetCapabilities` with `capabilities`.
    pub fn start_with(bus: &Bus, capabilities: &[&str]) -> NotificationServer {
        NotificationServer::serve(
            bus,
            State {
                capabilities: capabilities.iter().map(|c| c.to_string()).collect(),
                ..State::default()
            },
        )
    }

    fn serve(bus: &Bus, state: State) -> NotificationServer {
        let state = Arc::new(Mutex::new(state));
        let server = Server {
            state: state.clone(),
        };
        let conn = bus.serve(NAME, PATH, server, "notification server");
        NotificationServer { conn, state }
    }

    /// [`Self::start`] as KDE Plasma's server, with its `Inhibited` property (do not disturb)
    /// at `inhibited`.
    pub fn start_kde(bus: &Bus, inhibited: bool) -> NotificationServer {
        NotificationServer::serve(
            bus,
            State {
                capabilities: CAPABILITIES.iter().map(|c| c.to_string()).collect(),
                inhibited: Some(inhibited),
                ..State::default()
            },
        )
    }

    /// KDE's do-not-disturb turned on or off: sets `Inhibited` and tells it as Plasma does,
    /// with `PropertiesChanged` carrying the new value.
    pub fn set_inhibited(&self, on: bool) {
        {
            let mut state = self.state.lock().unwrap();
            assert!(
                state.inhibited.is_some(),
                "not KDE's server: start_kde() first"
            );
            state.inhibited = Some(on);
        }
        let changed = HashMap::from([("Inhibited", zbus::zvariant::Value::Bool(on))]);
        self.conn
            .emit_signal(
                None::<&str>,
                PATH,
                "org.freedesktop.DBus.Properties",
                "PropertiesChanged",
                &(NAME, changed, Vec::<String>::new()),
            )
            .unwrap_or_else(|e| panic!("cannot emit PropertiesChanged: {e}"));
    }

    /// Every `Notify` call so far, oldest first.
    pub fn notifications(&self) -> Vec<Notify> {
        self.state.lock().unwrap().notifies.clone()
    }

    /// How many `Notify` calls there were so far (a mark for [`Self::notifications_since`]).
    pub fn count(&self) -> usize {
        self.state.lock().unwrap().notifies.len()
    }

    /// The `Notify` calls after the first `since`, oldest first: cheaper than
    /// [`Self::notifications`] in a loop, as a reminder's image makes each call big.
    pub fn notifications_since(&self, since: usize) -> Vec<Notify> {
        let state = self.state.lock().unwrap();
        state.notifies.iter().skip(since).cloned().collect()
    }

    /// The ids the app passed to `CloseNotification`, in order.
    pub fn close_calls(&self) -> Vec<u32> {
        self.state.lock().unwrap().close_calls.clone()
    }

    /// Whether `id` was shown and not closed since (by the app, or by [`Self::dismiss`]).
    pub fn is_open(&self, id: u32) -> bool {
        self.state.lock().unwrap().open.contains(&id)
    }

    /// How often the app asked for `GetServerInformation`.
    pub fn server_information_calls(&self) -> usize {
        self.state.lock().unwrap().info_calls
    }

    /// How often the app asked for `GetCapabilities`.
    pub fn capabilities_calls(&self) -> usize {
        self.state.lock().unwrap().capabilities_calls
    }

    /// The first `Notify` call matching `pred`, waiting for it.
    pub fn wait_for_notify(&self, what: impl Display, pred: impl Fn(&Notify) -> bool) -> Notify {
        self.wait_for_notify_since(0, what, pred)
    }

    /// The first `Notify` call after the first `since` ones that matches `pred`, waiting for it.
    /// Take `since` from `notifications().len()` before the step that should cause it.
    pub fn wait_for_notify_since(
        &self,
        since: usize,
        what: impl Display,
        pred: impl Fn(&Notify) -> bool,
    ) -> Notify {
        wait_until(TIMEOUT, format!("a notification: {what}"), || {
            let state = self.state.lock().unwrap();
            state.notifies.iter().skip(since).find(|n| pred(n)).cloned()
        })
    }

    /// Waits until the app has called `CloseNotification(id)`.
    pub fn wait_for_close_call(&self, id: u32) {
        wait_until(TIMEOUT, format!("CloseNotification({id})"), || {
            self.close_calls().contains(&id).then_some(())
        });
    }

    /// From now on, presses `key` on every notification that offers it, in the same instant
    /// as it answers the `Notify`: `ActionInvoked` goes out before the reply.
    pub fn press_on_notify(&self, key: &str) {
        self.state.lock().unwrap().press_on_notify = Some(key.to_owned());
    }

    /// The user picked the action `key` on notification `id`: emits `ActionInvoked`.
    pub fn invoke_action(&self, id: u32, key: &str) {
        self.emit("ActionInvoked", &(id, key));
    }

    /// The user dismissed notification `id`: emits `NotificationClosed(id, 2)`.
    pub fn dismiss(&self, id: u32) {
        self.state.lock().unwrap().open.remove(&id);
        self.emit("NotificationClosed", &(id, 2u32));
    }

    /// The notification `id` expired: emits `NotificationClosed(id, 1)`.
    pub fn expire(&self, id: u32) {
        self.state.lock().unwrap().open.remove(&id);
        self.emit("NotificationClosed", &(id, 1u32));
    }

    fn emit<B>(&self, signal: &str, body: &B)
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
    {
        self.conn
            .emit_signal(None::<&str>, PATH, NAME, signal, body)
            .unwrap_or_else(|e| panic!("cannot emit {signal}: {e}"));
    }
}
