//! A tiny real Wayland client for tests: one xdg-shell window with a plain shared-memory buffer
//! and an app id, so that the compositor maps it and a test can act on it (e.g.
//! `swaymsg '[app_id="…"] fullscreen enable'`). It runs on a thread of its own, answering the
//! compositor's configures and pings, until dropped.

use std::fs::File;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::thread::JoinHandle;

use wayland_client::globals::{registry_queue_init, GlobalListContents};
use wayland_client::protocol::{
    wl_buffer, wl_compositor, wl_registry, wl_shm, wl_shm_pool, wl_surface,
};
use wayland_client::{delegate_noop, Connection, Dispatch, QueueHandle};
use wayland_protocols::xdg::shell::client::{xdg_surface, xdg_toplevel, xdg_wm_base};

pub struct WaylandWindow {
    /// A copy of the connection's socket: shutting it down ends the client's thread.
    socket: OwnedFd,
    thread: Option<JoinHandle<()>>,
}

impl WaylandWindow {
    /// Connects to the compositor at `socket` and opens a window with `app_id` (also its
    /// title), returning once the compositor has its first buffer and so shows it.
    pub fn open(socket: &Path, app_id: &str) -> WaylandWindow {
        let stream = UnixStream::connect(socket)
            .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", socket.display()));
        let copy = stream
            .as_fd()
            .try_clone_to_owned()
            .expect("copy the Wayland socket");
        let conn = Connection::from_socket(stream).expect("a Wayland connection");
        let (globals, mut queue) =
            registry_queue_init::<Window>(&conn).expect("list the compositor's globals");
        let qh = queue.handle();
        let compositor: wl_compositor::WlCompositor =
            globals.bind(&qh, 1..=4, ()).expect("wl_compositor");
        let shm: wl_shm::WlShm = globals.bind(&qh, 1..=1, ()).expect("wl_shm");
        let wm_base: xdg_wm_base::XdgWmBase = globals.bind(&qh, 1..=2, ()).expect("xdg_wm_base");
        let surface = compositor.create_surface(&qh, ());
        let xdg = wm_base.get_xdg_surface(&surface, &qh, ());
        let toplevel = xdg.get_toplevel(&qh, ());
        toplevel.set_app_id(app_id.to_owned());
        toplevel.set_title(app_id.to_owned());
        surface.commit();
        let mut window = Window {
            shm,
            surface,
            xdg,
            size: (0, 0),
            buffer: None,
            drawn: false,
            closed: false,
        };
        while !window.drawn {
            queue
                .blocking_dispatch(&mut window)
                .expect("the compositor to configure the window");
        }
        // The first buffer is committed, but the compositor maps the window only when it reads
        // that commit: a round trip makes sure it has, so the window can be found (by swaymsg)
        // the moment this returns.
        queue
            .roundtrip(&mut window)
            .expect("the compositor to take the first buffer");
        let thread = std::thread::spawn(move || {
            // Ends with an error once the socket is shut down.
            while !window.closed && queue.blocking_dispatch(&mut window).is_ok() {}
            drop(toplevel);
        });
        WaylandWindow {
            socket: copy,
            thread: Some(thread),
        }
    }
}

impl Drop for WaylandWindow {
    fn drop(&mut self) {
        // SAFETY: shutdown(2) on a descriptor this struct owns.
        unsafe { libc::shutdown(self.socket.as_raw_fd(), libc::SHUT_RDWR) };
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Window {
    shm: wl_shm::WlShm,
    surface: wl_surface::WlSurface,
    xdg: xdg_surface::XdgSurface,
    /// The size the compositor asked for last; (0, 0) leaves it to us.
    size: (i32, i32),
    buffer: Option<wl_buffer::WlBuffer>,
    drawn: bool,
    closed: bool,
}

impl Window {
    /// A buffer of the size asked for (grey, opaque), attached and committed.
    fn draw(&mut self, qh: &QueueHandle<Window>) {
        let (width, height) = match self.size {
            (w, h) if w > 0 && h > 0 => (w, h),
            _ => (200, 150),
        };
        let stride = width * 4;
        let file: File = tempfile::tempfile().expect("a file for the window's pixels");
        let bytes = vec![0x80u8; (stride * height) as usize];
        std::io::Write::write_all(&mut &file, &bytes).expect("write the window's pixels");
        let pool = self.shm.create_pool(file.as_fd(), stride * height, qh, ());
        let buffer = pool.create_buffer(0, width, height, stride, wl_shm::Format::Xrgb8888, qh, ());
        pool.destroy();
        self.surface.attach(Some(&buffer), 0, 0);
        self.surface.damage(0, 0, width, height);
        self.surface.commit();
        if let Some(old) = self.buffer.replace(buffer) {
            old.destroy();
        }
        self.drawn = true;
    }
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Window {
    fn event(
        _: &mut Window,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Window>,
    ) {
    }
}

impl Dispatch<xdg_wm_base::XdgWmBase, ()> for Window {
    fn event(
        _: &mut Window,
        wm_base: &xdg_wm_base::XdgWmBase,
        event: xdg_wm_base::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Window>,
    ) {
        if let xdg_wm_base::Event::Ping { serial } = event {
            wm_base.pong(serial);
        }
    }
}

impl Dispatch<xdg_surface::XdgSurface, ()> for Window {
    fn event(
        window: &mut Window,
        xdg: &xdg_surface::XdgSurface,
        event: xdg_surface::Event,
        _: &(),
        _: &Connection,
        qh: &QueueHandle<Window>,
    ) {
        if let xdg_surface::Event::Configure { serial } = event {
            xdg.ack_configure(serial);
            debug_assert!(xdg == &window.xdg);
            window.draw(qh);
        }
    }
}

impl Dispatch<xdg_toplevel::XdgToplevel, ()> for Window {
    fn event(
        window: &mut Window,
        _: &xdg_toplevel::XdgToplevel,
        event: xdg_toplevel::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Window>,
    ) {
        match event {
            xdg_toplevel::Event::Configure { width, height, .. } => window.size = (width, height),
            xdg_toplevel::Event::Close => window.closed = true,
            _ => {}
        }
    }
}

delegate_noop!(Window: ignore wl_compositor::WlCompositor);
delegate_noop!(Window: ignore wl_surface::WlSurface);
delegate_noop!(Window: ignore wl_shm::WlShm);
delegate_noop!(Window: ignore wl_shm_pool::WlShmPool);
delegate_noop!(Window: ignore wl_buffer::WlBuffer);
