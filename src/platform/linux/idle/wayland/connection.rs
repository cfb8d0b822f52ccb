//! The connection's plumbing: the socket read from tokio, and what the event handlers keep
//! for the async loop.

use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;

use super::super::Session;
use crate::platform::linux::fd;
use tokio::io::unix::AsyncFd;
use tokio::io::Interest;
use wayland_client::backend::WaylandError;
use wayland_client::protocol::{wl_callback, wl_registry, wl_seat};
use wayland_client::{delegate_noop, Connection, Dispatch, EventQueue, QueueHandle};
use wayland_protocols::ext::idle_notify::v1::client::{
    ext_idle_notification_v1::{self, ExtIdleNotificationV1},
    ext_idle_notifier_v1::ExtIdleNotifierV1,
};
use wayland_protocols_plasma::idle::client::{
    org_kde_kwin_idle::OrgKdeKwinIdle,
    org_kde_kwin_idle_timeout::{self, OrgKdeKwinIdleTimeout},
};

/// What the event handlers saw, taken by the async loop after each dispatch.
#[derive(Default)]
pub(super) struct State {
    /// Every global: (name, interface, version).
    pub globals: Vec<(u32, String, u32)>,
    /// Names of globals the compositor took back.
    pub removed: Vec<u32>,
    pub synced: bool,
    /// Idled (`true`) and resumed (`false`), each with the generation of its notification.
    pub seen: Vec<(u32, bool)>,
}

/// Connects to the session's compositor (`WAYLAND_DISPLAY`, a name in `XDG_RUNTIME_DIR` or a
/// path): the connection, its socket watched by tokio, and the socket's path for messages.
pub(crate) fn open(session: &Session) -> Result<(Connection, AsyncFd<OwnedFd>, PathBuf), String> {
    let display = session
        .wayland_display
        .as_ref()
        .ok_or("no WAYLAND_DISPLAY in the environment")?;
    let path = match PathBuf::from(display) {
        path if path.is_absolute() => path,
        name => std::env::var_os("XDG_RUNTIME_DIR")
            .filter(|d| !d.is_empty())
            .map(|dir| PathBuf::from(dir).join(&name))
            .ok_or_else(|| {
                format!(
                    "WAYLAND_DISPLAY={} but no XDG_RUNTIME_DIR to find it in",
                    name.display()
                )
            })?,
    };
    let cannot = |e: &dyn std::fmt::Display| format!("cannot connect to {}: {e}", path.display());
    let stream = UnixStream::connect(&path).map_err(|e| cannot(&e))?;
    stream.set_nonblocking(true).map_err(|e| cannot(&e))?;
    let conn = Connection::from_socket(stream).map_err(|e| cannot(&e))?;
    let both = Interest::READABLE | Interest::WRITABLE;
    let socket = fd::watched_copy(conn.backend().poll_fd(), both).map_err(|e| cannot(&e))?;
    Ok((conn, socket, path))
}

/// Sends what is queued, waiting for room in the socket if it is full.
pub(crate) async fn flush(conn: &Connection, socket: &AsyncFd<OwnedFd>) -> Result<(), String> {
    loop {
        match conn.flush() {
            Ok(()) => return Ok(()),
            Err(WaylandError::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => {
                let mut ready = socket.writable().await.map_err(|e| e.to_string())?;
                ready.clear_ready();
            }
            Err(e) => return Err(gone(e)),
        }
    }
}

/// Waits until the compositor has sent something, and hands it to the event handlers.
pub(crate) async fn dispatch<S>(
    queue: &mut EventQueue<S>,
    socket: &AsyncFd<OwnedFd>,
    state: &mut S,
) -> Result<(), String> {
    loop {
        if queue.dispatch_pending(state).map_err(|e| e.to_string())? > 0 {
            return Ok(());
        }
        // None: events are already queued; dispatch them first.
        let Some(read) = queue.prepare_read() else {
            continue;
        };
        let mut ready = socket.readable().await.map_err(|e| e.to_string())?;
        match read.read() {
            Ok(_) => {}
            Err(WaylandError::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => {
                ready.clear_ready();
            }
            Err(e) => return Err(gone(e)),
        }
    }
}

fn gone(e: WaylandError) -> String {
    match e {
        WaylandError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            "the compositor closed the connection".into()
        }
        WaylandError::Io(e) => format!("the connection to the compositor failed: {e}"),
        WaylandError::Protocol(e) => format!("the compositor reported a protocol error: {e}"),
    }
}

impl Dispatch<wl_registry::WlRegistry, ()> for State {
    fn event(
        state: &mut State,
        _: &wl_registry::WlRegistry,
        event: wl_registry::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
        match event {
            wl_registry::Event::Global {
                name,
                interface,
                version,
            } => state.globals.push((name, interface, version)),
            wl_registry::Event::GlobalRemove { name } => state.removed.push(name),
            _ => {}
        }
    }
}

impl Dispatch<wl_callback::WlCallback, ()> for State {
    fn event(
        state: &mut State,
        _: &wl_callback::WlCallback,
        event: wl_callback::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
        if let wl_callback::Event::Done { .. } = event {
            state.synced = true;
        }
    }
}

impl Dispatch<ExtIdleNotificationV1, u32> for State {
    fn event(
        state: &mut State,
        _: &ExtIdleNotificationV1,
        event: ext_idle_notification_v1::Event,
        generation: &u32,
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
        match event {
            ext_idle_notification_v1::Event::Idled => state.seen.push((*generation, true)),
            ext_idle_notification_v1::Event::Resumed => state.seen.push((*generation, false)),
            _ => {}
        }
    }
}

impl Dispatch<OrgKdeKwinIdleTimeout, u32> for State {
    fn event(
        state: &mut State,
        _: &OrgKdeKwinIdleTimeout,
        event: org_kde_kwin_idle_timeout::Event,
        generation: &u32,
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
        match event {
            org_kde_kwin_idle_timeout::Event::Idle => state.seen.push((*generation, true)),
            org_kde_kwin_idle_timeout::Event::Resumed => state.seen.push((*generation, false)),
            _ => {}
        }
    }
}

delegate_noop!(State: ignore wl_seat::WlSeat);
delegate_noop!(State: ExtIdleNotifierV1);
delegate_noop!(State: OrgKdeKwinIdle);
