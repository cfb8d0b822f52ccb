//! A focused fullscreen window on wlroots compositors (sway, Hyprland, labwc, river, Wayfire),
//! from `zwlr_foreign_toplevel_manager_v1`: the compositor announces every window (toplevel)
//! and pushes its state (activated, fullscreen, …) at each change. The connection's socket is
//! read from tokio as the idle source's is (it shares that plumbing), so nothing runs while
//! nothing changes.

use std::collections::HashMap;
use std::os::fd::OwnedFd;
use std::time::Duration;

use tokio::io::unix::AsyncFd;
use wayland_client::backend::ObjectId;
use wayland_client::protocol::{wl_callback, wl_registry};
use wayland_client::{event_created_child, Connection, Dispatch, EventQueue, Proxy, QueueHandle};
use wayland_protocols_wlr::foreign_toplevel::v1::client::{
    zwlr_foreign_toplevel_handle_v1::{self, ZwlrForeignToplevelHandleV1},
    zwlr_foreign_toplevel_manager_v1::{self, ZwlrForeignToplevelManagerV1},
};

use super::Tell;
use crate::platform::idle::wayland::connection::{dispatch, flush, open};
use crate::platform::idle::Session;

pub const NAME: &str = "Wayland (zwlr_foreign_toplevel_manager_v1)";

/// How long the compositor may take to list its globals and windows: a hung compositor must
/// not hang `unknot doctor`.
const ANSWER: Duration = Duration::from_secs(5);

/// The state values of `zwlr_foreign_toplevel_handle_v1.state`.
const ACTIVATED: u32 = 2;
/// Since version 2 of the protocol.
const FULLSCREEN: u32 = 3;

pub struct Source {
    conn: Connection,
    queue: EventQueue<State>,
    socket: AsyncFd<OwnedFd>,
    state: State,
    /// The manager's registry name: if the compositor takes it back, this source is gone.
    bound: u32,
}

#[derive(Default)]
pub(super) struct State {
    globals: Vec<(u32, String, u32)>,
    removed: Vec<u32>,
    synced: bool,
    /// The manager said `finished`: no more windows will be announced.
    finished: bool,
    toplevels: HashMap<ObjectId, Toplevel>,
}

/// One window's state flags: as last applied (`done`), and as announced since.
#[derive(Default)]
struct Toplevel {
    current: Flags,
    pending: Flags,
}

#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
struct Flags {
    activated: bool,
    fullscreen: bool,
}

impl Flags {
    /// From the protocol's array of native-endian u32 state values.
    fn from_array(array: &[u8]) -> Flags {
        let mut flags = Flags::default();
        for chunk in array.chunks_exact(4) {
            match u32::from_ne_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) {
                ACTIVATED => flags.activated = true,
                FULLSCREEN => flags.fullscreen = true,
                _ => {}
            }
        }
        flags
    }
}

impl State {
    /// Whether some window is both activated and fullscreen.
    fn on(&self) -> bool {
        self.toplevels
            .values()
            .any(|t| t.current.activated && t.current.fullscreen)
    }
}

impl Source {
    pub async fn connect(session: &Session) -> Result<Source, String> {
        let (conn, socket, _) = open(session)?;
        let mut queue = conn.new_event_queue();
        let qh = queue.handle();
        let display = conn.display();
        let registry = display.get_registry(&qh, ());
        let mut state = State::default();
        sync(&conn, &mut queue, &socket, &mut state, "list its globals").await?;
        let Some(&(name, _, version)) = state
            .globals
            .iter()
            .find(|(_, i, _)| i == ZwlrForeignToplevelManagerV1::interface().name)
        else {
            return Err("the compositor does not offer zwlr_foreign_toplevel_manager_v1".into());
        };
        if version < 2 {
            return Err(format!(
                "the compositor's zwlr_foreign_toplevel_manager_v1 is version {version}, which \
                 does not tell fullscreen windows (version 2 does)"
            ));
        }
        registry.bind::<ZwlrForeignToplevelManagerV1, _, _>(name, version.min(3), &qh, ());
        state.globals.clear();
        // The manager announces every window at once: know where things stand before `run`.
        sync(&conn, &mut queue, &socket, &mut state, "list its windows").await?;
        Ok(Source {
            conn,
            queue,
            socket,
            state,
            bound: name,
        })
    }

    /// What the compositor says now, for `unknot doctor`.
    pub fn describe(&self) -> String {
        let windows = self.state.toplevels.len();
        if self.state.on() {
            format!("{windows} windows; a fullscreen window has the focus now")
        } else {
            format!("{windows} windows; no fullscreen window has the focus now")
        }
    }

    pub async fn run(mut self, tell: &mut Tell) -> String {
        loop {
            tell.set(self.state.on());
            if let Err(why) = flush(&self.conn, &self.socket).await {
                return format!("cannot write to the compositor: {why}");
            }
            if let Err(why) = dispatch(&mut self.queue, &self.socket, &mut self.state).await {
                return why;
            }
            if self.state.removed.contains(&self.bound) || self.state.finished {
                return "the compositor withdrew zwlr_foreign_toplevel_manager_v1".into();
            }
            self.state.removed.clear();
        }
    }
}

/// One roundtrip, bounded by [`ANSWER`]: every event the compositor sent before it is handled.
async fn sync(
    conn: &Connection,
    queue: &mut EventQueue<State>,
    socket: &AsyncFd<OwnedFd>,
    state: &mut State,
    what: &str,
) -> Result<(), String> {
    state.synced = false;
    conn.display().sync(&queue.handle(), ());
    let synced = tokio::time::timeout(ANSWER, async {
        flush(conn, socket).await?;
        while !state.synced {
            dispatch(queue, socket, state).await?;
        }
        Ok::<_, String>(())
    })
    .await;
    match synced {
        Ok(Ok(())) => Ok(()),
        Ok(Err(why)) => Err(format!("the compositor did not {what}: {why}")),
        Err(_) => Err(format!(
            "the compositor did not {what} within {}s",
            ANSWER.as_secs()
        )),
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

impl Dispatch<ZwlrForeignToplevelManagerV1, ()> for State {
    fn event(
        state: &mut State,
        _: &ZwlrForeignToplevelManagerV1,
        event: zwlr_foreign_toplevel_manager_v1::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
        match event {
            zwlr_foreign_toplevel_manager_v1::Event::Toplevel { toplevel } => {
                state.toplevels.insert(toplevel.id(), Toplevel::default());
            }
            zwlr_foreign_toplevel_manager_v1::Event::Finished => state.finished = true,
            _ => {}
        }
    }

    event_created_child!(State, ZwlrForeignToplevelManagerV1, [
        zwlr_foreign_toplevel_manager_v1::EVT_TOPLEVEL_OPCODE => (ZwlrForeignToplevelHandleV1, ()),
    ]);
}

impl Dispatch<ZwlrForeignToplevelHandleV1, ()> for State {
    fn event(
        state: &mut State,
        handle: &ZwlrForeignToplevelHandleV1,
        event: zwlr_foreign_toplevel_handle_v1::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<State>,
    ) {
        match event {
            zwlr_foreign_toplevel_handle_v1::Event::State { state: array } => {
                if let Some(t) = state.toplevels.get_mut(&handle.id()) {
                    t.pending = Flags::from_array(&array);
                }
            }
            // The state announced since the last `done` holds from now on, all of it at once.
            zwlr_foreign_toplevel_handle_v1::Event::Done => {
                if let Some(t) = state.toplevels.get_mut(&handle.id()) {
                    t.current = t.pending;
                }
            }
            zwlr_foreign_toplevel_handle_v1::Event::Closed => {
                state.toplevels.remove(&handle.id());
                handle.destroy();
            }
            // Titles, app ids, outputs and parents say nothing of fullscreen.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn array(values: &[u32]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_ne_bytes()).collect()
    }

    #[test]
    fn state_arrays_read_activated_and_fullscreen() {
        let both = Flags {
            activated: true,
            fullscreen: true,
        };
        assert_eq!(Flags::from_array(&array(&[ACTIVATED, FULLSCREEN])), both);
        // Maximized (0) and minimized (1), and a value from a later version, are not either.
        assert_eq!(Flags::from_array(&array(&[0, 1, 7])), Flags::default());
        assert_eq!(
            Flags::from_array(&array(&[FULLSCREEN])),
            Flags {
                activated: false,
                fullscreen: true
            }
        );
        // A truncated value is ignored rather than misread.
        assert_eq!(Flags::from_array(&[2, 0]), Flags::default());
    }

    #[test]
    fn quiet_only_for_a_window_both_activated_and_fullscreen() {
        let mut state = State::default();
        let window = |activated, fullscreen| Toplevel {
            current: Flags {
                activated,
                fullscreen,
            },
            pending: Flags::default(),
        };
        let id = || ObjectId::null();
        state.toplevels.insert(id(), window(false, true));
        assert!(!state.on(), "a fullscreen window in the background");
        state.toplevels.insert(id(), window(true, true));
        assert!(state.on());
    }
}
