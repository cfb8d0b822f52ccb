//! Idle time: which source sees keyboard and mouse input on this desktop, chosen at start
//! (the first that works, in the order of [`NAMES`]) and chosen again if it goes away. Every
//! source pushes [`Presence::Idle`] and [`Presence::Active`]; none is asked while the user works.

mod kde;
mod mutter;
mod poll;
mod session;
pub(super) mod wayland;
mod x11;

use std::time::Duration;

use tokio::sync::watch;

pub use session::Session;

use crate::driver::{IdleWatch, Outbox, Presence};

/// The sources, in the order they are tried.
pub const NAMES: [&str; 4] = [
    "GNOME (org.gnome.Mutter.IdleMonitor)",
    "Wayland (ext_idle_notifier_v1, org_kde_kwin_idle)",
    "X11 (XSync IDLETIME, MIT-SCREEN-SAVER)",
    "KDE (org.freedesktop.ScreenSaver)",
];

enum Source {
    Mutter(mutter::Source),
    Wayland(Box<wayland::Source>),
    X11(Box<x11::Source>),
    Kde(kde::Source),
}

impl Source {
    async fn run(self, threshold: watch::Receiver<Duration>, outbox: Outbox) -> String {
        match self {
            Source::Mutter(s) => s.run(threshold, outbox).await,
            Source::Wayland(s) => s.run(threshold, outbox).await,
            Source::X11(s) => s.run(threshold, outbox).await,
            Source::Kde(s) => s.run(threshold, outbox).await,
        }
    }
}

/// What one source said when it was tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tried {
    pub name: &'static str,
    /// `Ok` when it works; else why not, worded for `unknot doctor`.
    pub outcome: Result<(), String>,
}

/// The session bus for the D-Bus sources: the app's own connection where it has one (each
/// connection costs memory for the life of the app), else one of their own.
async fn session_bus(shared: Option<&zbus::Connection>) -> Result<zbus::Connection, String> {
    if let Some(conn) = shared {
        return Ok(conn.clone());
    }
    zbus::Connection::session()
        .await
        .map_err(|e| format!("cannot connect to the session bus ({e})"))
}

/// Tries the sources in order, up to the first that works. `all`: try every one, for a full
/// report, and keep the first that works.
async fn choose(
    session: &Session,
    all: bool,
    bus: Option<&zbus::Connection>,
) -> (Option<(&'static str, Source)>, Vec<Tried>) {
    let mut chosen = None;
    let mut tried = Vec::new();
    for (i, name) in NAMES.into_iter().enumerate() {
        if chosen.is_some() && !all {
            break;
        }
        let source = match i {
            0 => mutter::Source::connect(session, bus)
                .await
                .map(Source::Mutter),
            1 => wayland::Source::connect(session)
                .await
                .map(|s| Source::Wayland(Box::new(s))),
            2 => x11::Source::connect(session)
                .await
                .map(|s| Source::X11(Box::new(s))),
            _ => kde::Source::connect(session, bus).await.map(Source::Kde),
        };
        // A source that speaks one of several protocols names the one it chose.
        let name = match &source {
            Ok(Source::Wayland(s)) => s.name(),
            Ok(Source::X11(s)) => s.name(),
            _ => name,
        };
        tried.push(Tried {
            name,
            outcome: source.as_ref().map(|_| ()).map_err(Clone::clone),
        });
        if let (Ok(source), None) = (source, &chosen) {
            chosen = Some((name, source));
        }
    }
    (chosen, tried)
}

/// Every source tried, for `unknot doctor`.
pub async fn diagnose(session: &Session) -> Vec<Tried> {
    choose(session, true, None).await.1
}

/// The driver's handle on the idle task.
pub struct IdleWatcher {
    threshold: watch::Sender<Duration>,
}

impl IdleWatch for IdleWatcher {
    fn watch(&mut self, after: Duration) {
        self.threshold.send_if_modified(|current| {
            let changed = *current != after;
            *current = after;
            changed
        });
    }
}

/// How long to wait before choosing again after every source failed, doubling up to the last.
const RETRY: [u64; 6] = [1, 2, 5, 15, 60, 300];

/// Starts the idle task on the current runtime. It says which source it chose (or that none
/// works) with [`Presence::IdleSource`], and chooses again when that source goes away.
/// `bus`: the app's session-bus connection, shared by the D-Bus sources.
pub fn start(session: Session, outbox: Outbox, bus: Option<zbus::Connection>) -> IdleWatcher {
    let (threshold, watched) = watch::channel(Duration::from_secs(60));
    let quitting = outbox.clone();
    let task = async move {
        let mut failures = 0usize;
        let mut told_none = false;
        loop {
            let (chosen, tried) = choose(&session, false, bus.as_ref()).await;
            let Some((name, source)) = chosen else {
                if !told_none {
                    for t in &tried {
                        if let Err(why) = &t.outcome {
                            log::info!("idle source {}: {why}", t.name);
                        }
                    }
                    log::warn!(
                        "no idle source works in this session ({}): away time cannot be seen",
                        session.describe()
                    );
                    outbox.send(Presence::IdleSource(Err(format!(
                        "no idle source works in this session ({}); `unknot doctor` says why",
                        session.describe()
                    ))));
                    told_none = true;
                }
                let wait = RETRY[failures.min(RETRY.len() - 1)];
                failures += 1;
                tokio::time::sleep(Duration::from_secs(wait)).await;
                if watched.has_changed().is_err() {
                    return;
                }
                continue;
            };
            log::info!("idle time from {name}");
            outbox.send(Presence::IdleSource(Ok(name.to_owned())));
            failures = 0;
            let why = source.run(watched.clone(), outbox.clone()).await;
            if watched.has_changed().is_err() {
                return;
            }
            log::warn!("idle source {name} went away ({why}); choosing again");
            outbox.send(Presence::IdleSource(Err(format!(
                "{name} went away: {why}"
            ))));
            told_none = true;
        }
    };
    tokio::spawn(async move {
        // The shared connection owns unknot's bus name: let go of it as soon as the loop ends.
        tokio::select! {
            () = task => {}
            () = quitting.closed() => {}
        }
    });
    IdleWatcher { threshold }
}
