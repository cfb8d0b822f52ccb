//! What the idle, lock and sleep sources see, pushed into the driver's inbox as it happens.
//! Sources read no clock: the driver stamps each event with the wall clock when it arrives.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::oneshot;

use super::app::App;
use super::ports::Woken;
use crate::core::{Input, Shift};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// No keyboard or mouse input for this long (the watch's threshold, or more when the user
    /// was already idle when the watch was set).
    Idle(Duration),
    /// Keyboard or mouse input again after [`Presence::Idle`].
    Active,
    /// The screen was locked.
    Locked,
    Unlocked,
    /// The machine is about to sleep. It waits (up to logind's delay limit) until every clone of
    /// the guard is dropped: the driver drops it once the record is on disk.
    Sleeping(SleepGuard),
    /// The machine woke up.
    Woke,
    /// Which idle source works now, by name, or why none does (away time then cannot be seen).
    IdleSource(Result<String, String>),
}

/// Held while the machine may not sleep yet. The sleep source waits on [`SleepGuard::new`]'s
/// receiver, which resolves when the last clone is dropped.
#[derive(Debug, Clone)]
pub struct SleepGuard(#[allow(dead_code)] Arc<oneshot::Sender<()>>);

impl SleepGuard {
    pub fn new() -> (SleepGuard, oneshot::Receiver<()>) {
        let (tx, rx) = oneshot::channel();
        (SleepGuard(Arc::new(tx)), rx)
    }
}

impl PartialEq for SleepGuard {
    fn eq(&self, other: &SleepGuard) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SleepGuard {}

/// What the driver remembers between looks to feed the core its presence and clock inputs.
#[derive(Debug, Default)]
pub(super) struct Looks {
    /// The idle source in use, by name, or why there is none; `None` until the idle task says.
    pub idle_source: Option<Result<String, String>>,
    /// The idle threshold the source was last told.
    pub watching: Option<Duration>,
    /// The wall clock and the boot clock at the last look: a clock set is measured against them.
    pub last: Option<(SystemTime, Duration)>,
}

impl App {
    /// A source saw something: stamp it and tell the core.
    pub(super) fn presence(&mut self, presence: Presence) {
        log::debug!("presence {presence:?}");
        let now = self.desktop.clock.now();
        let input = match presence {
            Presence::Idle(idle) => Input::Idle {
                since: now.checked_sub(idle).unwrap_or(now),
            },
            Presence::Active => Input::Active,
            Presence::Locked => Input::Locked,
            Presence::Unlocked => Input::Unlocked,
            Presence::Woke => Input::Woke,
            Presence::Sleeping(guard) => {
                // The record is written (and synced) inside feed; only then may the machine sleep.
                self.feed(Input::Sleeping);
                drop(guard);
                return;
            }
            Presence::IdleSource(source) => {
                let works = source.is_ok();
                self.looks.idle_source = Some(source);
                self.feed(Input::IdleSource(works));
                // The tooltip says whether away time can be seen, which is no status change.
                let status = self.tracker.status(now);
                self.show_in_tray(&status);
                return;
            }
        };
        self.feed(input);
    }

    /// The timer ran out, or the clock was set: tell the core which, and by how much.
    pub(super) fn wake(&mut self, woken: Woken) {
        // While saving fails, try again at each wake the loop has anyway: space may be back.
        let notice = self.history.retry();
        self.tell_saving(notice);
        let input = match (woken, self.looks.last) {
            (Woken::ClockSet, Some((wall, boot))) => {
                let elapsed = self.desktop.clock.since_boot().saturating_sub(boot);
                let expected = wall + elapsed;
                let now = self.desktop.clock.now();
                let shift = match now.duration_since(expected) {
                    Ok(ahead) => Shift::Forward(ahead),
                    Err(behind) => Shift::Back(behind.duration()),
                };
                log::info!("the wall clock was set: {shift:?}");
                Input::ClockSet(shift)
            }
            _ => Input::Tick,
        };
        self.feed(input);
    }

    /// After every look: the idle source watches for the threshold the core needs now, and the
    /// clocks are noted for the next look.
    pub(super) fn after_look(&mut self, now: SystemTime) {
        self.looks.last = Some((now, self.desktop.clock.since_boot()));
        let threshold = self.tracker.idle_threshold();
        if self.looks.watching != Some(threshold) {
            self.looks.watching = Some(threshold);
            self.desktop.idle.watch(threshold);
        }
    }
}
