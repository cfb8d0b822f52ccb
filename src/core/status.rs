//! What the tray shows: a snapshot of the core, recomputed after every change.

use std::time::{Duration, SystemTime};

use super::tracker::{since, whole_minutes, Prompt, Tracker};
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

impl Tracker {
    pub fn status(&self, now: SystemTime) -> Status {
        let state = if let Some(pause) = self.pause {
            State::Paused { until: pause.until }
        } else if let Some(since) = self.away_since {
            State::Away { since }
        } else {
            match (&self.prompt, self.quiet.held) {
                (
                    Prompt::Open {
                        withdrawn: false, ..
                    },
                    _,
                ) => State::Reminding {
                    can_snooze: self.can_snooze(),
                },
                (_, Some(hold)) => State::Held {
                    since: hold.since,
                    reason: self.holding(now),
                },
                (Prompt::Snoozed { until, .. }, None) => State::Snoozed { until: *until },
                _ => State::Sitting,
            }
        };
        let next_reminder = match &state {
            State::Sitting => Some(self.sitting_since + self.rules.every),
            State::Snoozed { until } => Some(*until),
            State::Held { reason: None, .. } => self.quiet.release_at,
            _ => None,
        };
        let (exercise, routine) = match &self.prompt {
            Prompt::Open {
                exercise, routine, ..
            }
            | Prompt::Snoozed {
                exercise, routine, ..
            } => (Some(exercise), routine.clone()),
            Prompt::None => (self.upcoming.as_ref(), Vec::new()),
        };
        Status {
            sitting: match self.away_since {
                Some(_) => Duration::ZERO,
                None => whole_minutes(since(now, self.sitting_since)),
            },
            sitting_since: self.away_since.is_none().then_some(self.sitting_since),
            state,
            next_reminder,
            exercise: exercise.cloned(),
            routine,
            quiet: self.quiet_now(now),
        }
    }
}
