//! What the tray shows: a snapshot of the core, recomputed after every change.

use std::time::{Duration, SystemTime};

use super::Reason;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub state: State,
    /// Sitting time, whole seconds.
    pub sitting: Duration,
    /// Where sitting time counts from (`None` while away), so it can be worded for any later
    /// moment without a new status.
    pub sitting_since: Option<SystemTime>,
    /// When the next reminder is due, if one will come without the user doing anything.
    pub next_reminder: Option<SystemTime>,
    /// The exercise the next reminder (or "Open exercise") suggests.
    pub exercise: Option<String>,
    /// The routine open or snoozed (its exercises in order, `exercise` first); empty otherwise.
    pub routine: Vec<String>,
    /// What asks for quiet now (the reasons the user honours, the schedule included), the
    /// strongest first.
    pub quiet: Vec<Reason>,
    /// Sitting today, whole minutes.
    pub sat_today: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Sitting,
    /// A reminder is open and waits for an answer.
    Reminding {
        can_snooze: bool,
    },
    Snoozed {
        until: SystemTime,
    },
    /// A due reminder waits, since then: for `reason`, or (`None`) the grace after the quiet
    /// ended, until [`Status::next_reminder`].
    Held {
        since: SystemTime,
        reason: Option<Reason>,
    },
    /// Away from the computer long enough to count as a break.
    Away {
        since: SystemTime,
    },
    Paused {
        until: Option<SystemTime>,
    },
}
