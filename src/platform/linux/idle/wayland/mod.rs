//! Idle time from the Wayland compositor itself: `ext_idle_notifier_v1` (sway ≥ 1.8, Hyprland,
//! niri, labwc, Plasma 6) or, where only that is offered, `org_kde_kwin_idle` (older KDE, sway
//! 1.7). The compositor pushes "idled" and "resumed"; the connection's socket is read from
//! tokio when it becomes readable, so nothing runs while the user works and no thread is needed.

use std::os::fd::OwnedFd;
use std::time::Duration;

use tokio::io::unix::AsyncFd;
use tokio::sync::watch;
use wayland_client::protocol::wl_seat;
use wayland_client::{Connection, EventQueue, Proxy};
use wayland_protocols::ext::idle_notify::v1::client::{
    ext_idle_notification_v1::ExtIdleNotificationV1, ext_idle_notifier_v1::ExtIdleNotifierV1,
};
use wayland_protocols_plasma::idle::client::{
    org_kde_kwin_idle::OrgKdeKwinIdle, org_kde_kwin_idle_timeout::OrgKdeKwinIdleTimeout,
};

// Also the fullscreen source's plumbing (platform::fullscreen::wlroots).
pub(crate) mod connection;

use super::Session;
use crate::driver::{Outbox, Presence};
use connection::{dispatch, flush, State};

/// How long the compositor may take to list its globals before `connect` gives up on it: a
/// hung compositor must not hang `unknot doctor` or the choice of a source.
const ANSWER: Duration = Duration::from_secs(5);

pub struct Source {
    conn: Connection,
    queue: EventQueue<State>,
    socket: AsyncFd<OwnedFd>,
    state: State,
    seat: wl_seat::WlSeat,
    notifier: Notifier,
    /// The registry names of the seat and the notifier: if the compositor takes either back,
    /// this source is gone.
    bound: [u32; 2],
}

enum Notifier {
    /// With its version: from 2 on it can ignore idle inhibitors.
    Ext(ExtIdleNotifierV1, u32),
    Kwin(OrgKdeKwinIdle),
}

enum Notification {
    Ext(ExtIdleNotificationV1),
    Kwin(OrgKdeKwinIdleTimeout),
}

impl Notification {
    fn destroy(self) {
        match self {
            Notification::Ext(n) => n.destroy(),
            Notification::Kwin(n) => n.release(),
        }
    }
}

impl Source {
    pub async fn connect(session: &Session) -> Result<Source, String> {
        let (conn, socket, path) = connection::open(session)?;
        let queue = conn.new_event_queue();
        let source = Source::list_globals(conn, queue, socket).await?;
        source
            .flush()
            .await
            .map_err(|e| format!("cannot connect to {}: {e}", path.display()))?;
        Ok(source)
    }

    /// Lists the compositor's globals (one roundtrip, bounded by [`ANSWER`]) and binds a seat
    /// and the best idle protocol offered.
    async fn list_globals(
        conn: Connection,
        mut queue: EventQueue<State>,
        socket: AsyncFd<OwnedFd>,
    ) -> Result<Source, String> {
        let qh = queue.handle();
        let display = conn.display();
        let registry = display.get_registry(&qh, ());
        display.sync(&qh, ());
        let mut state = State::default();
        let listed = tokio::time::timeout(ANSWER, async {
            flush(&conn, &socket).await?;
            while !state.synced {
                dispatch(&mut queue, &socket, &mut state).await?;
            }
            Ok::<_, String>(())
        })
        .await;
        match listed {
            Ok(Ok(())) => {}
            Ok(Err(why)) => return Err(format!("the compositor did not list its globals: {why}")),
            Err(_) => {
                return Err(format!(
                    "the compositor did not list its globals within {}s",
                    ANSWER.as_secs()
                ))
            }
        }
        let find = |interface: &str| {
            state
                .globals
                .iter()
                .find(|(_, i, _)| i == interface)
                .map(|&(name, _, version)| (name, version))
        };
        let (seat_name, _) = find(wl_seat::WlSeat::interface().name)
            .ok_or("the compositor advertises no wl_seat")?;
        let seat = registry.bind::<wl_seat::WlSeat, _, _>(seat_name, 1, &qh, ());
        let (notifier, notifier_name) =
            if let Some((name, version)) = find(ExtIdleNotifierV1::interface().name) {
                let version = version.min(2);
                (
                    Notifier::Ext(registry.bind(name, version, &qh, ()), version),
                    name,
                )
            } else if let Some((name, _)) = find(OrgKdeKwinIdle::interface().name) {
                (Notifier::Kwin(registry.bind(name, 1, &qh, ())), name)
            } else {
                return Err(
                    "the compositor advertises neither ext_idle_notifier_v1 nor org_kde_kwin_idle"
                        .into(),
                );
            };
        state.globals.clear();
        Ok(Source {
            conn,
            queue,
            socket,
            state,
            seat,
            notifier,
            bound: [seat_name, notifier_name],
        })
    }

    /// The source's name for `unknot doctor` and the log: which protocol it speaks.
    pub fn name(&self) -> &'static str {
        match self.notifier {
            Notifier::Ext(..) => "Wayland (ext_idle_notifier_v1)",
            Notifier::Kwin(_) => "Wayland (org_kde_kwin_idle)",
        }
    }

    pub async fn run(mut self, mut threshold: watch::Receiver<Duration>, outbox: Outbox) -> String {
        let mut generation = 0u32;
        let mut armed = *threshold.borrow_and_update();
        let mut current = self.notify(armed, generation);
        // The notification that saw the user leave, kept when the threshold changes while the
        // user is away: a new one would not say "resumed", as it never saw them idle.
        let mut retired: Option<Notification> = None;
        let mut idle = false;
        loop {
            if let Err(e) = self.flush().await {
                return format!("cannot write to the compositor: {e}");
            }
            tokio::select! {
                changed = threshold.changed() => {
                    if changed.is_err() {
                        return "unknot is stopping".into();
                    }
                    armed = *threshold.borrow_and_update();
                    generation = generation.wrapping_add(1);
                    let new = self.notify(armed, generation);
                    let old = std::mem::replace(&mut current, new);
                    if idle && retired.is_none() {
                        retired = Some(old);
                    } else {
                        old.destroy();
                    }
                }
                dispatched = dispatch(&mut self.queue, &self.socket, &mut self.state) => {
                    if let Err(why) = dispatched {
                        return why;
                    }
                    if self.state.removed.iter().any(|name| self.bound.contains(name)) {
                        return "the compositor removed its seat or idle notifier".into();
                    }
                    self.state.removed.clear();
                    for (seen, idled) in self.state.seen.drain(..) {
                        if idled && seen == generation && !idle {
                            idle = true;
                            outbox.send(Presence::Idle(armed));
                        } else if !idled && idle {
                            idle = false;
                            outbox.send(Presence::Active);
                            if let Some(old) = retired.take() {
                                old.destroy();
                            }
                        }
                    }
                }
            }
        }
    }

    /// Asks to be told after `after` without input, and again at the next input.
    fn notify(&self, after: Duration, generation: u32) -> Notification {
        log::debug!("{}: watching for {after:?} without input", self.name());
        // The protocols take milliseconds in a u32 (49 days): saturate beyond that.
        let ms = u32::try_from(after.as_millis()).unwrap_or(u32::MAX);
        let qh = self.queue.handle();
        match &self.notifier {
            // From version 2 on, input alone, as every other source (XSync, Mutter's monitor)
            // counts it: an idle inhibitor (a playing video) would otherwise hide the absence
            // here and nowhere else.
            Notifier::Ext(n, version) if *version >= 2 => {
                Notification::Ext(n.get_input_idle_notification(ms, &self.seat, &qh, generation))
            }
            Notifier::Ext(n, _) => {
                Notification::Ext(n.get_idle_notification(ms, &self.seat, &qh, generation))
            }
            Notifier::Kwin(n) => {
                Notification::Kwin(n.get_idle_timeout(&self.seat, ms, &qh, generation))
            }
        }
    }

    async fn flush(&self) -> Result<(), String> {
        flush(&self.conn, &self.socket).await
    }
}
