//! What the idle, lock and sleep sources see, pushed into the driver's inbox as it happens.
//! Sources read no clock: the driver stamps each event with the wall clock when it arrives.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

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
    /// Which idle source works now, by name (`None`: none does, and away time cannot be seen).
    IdleSource(Option<String>),
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
