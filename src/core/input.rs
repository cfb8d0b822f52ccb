//! What can happen to the core: a look at the clock and the idle source, or something the user did.

use std::time::{Duration, SystemTime};

use super::{ExerciseMeta, Rules};

#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// The driver looked at the clock and asked the idle source: there has been no keyboard or
    /// mouse input for `idle` (`None` when no idle source works on this desktop).
    Observe {
        idle: Option<Duration>,
    },
    /// The driver looked at the clock only: the idle source was not due (see
    /// [`super::Tracker::idle_due`]).
    Tick,
    /// The user asked for a stretch now.
    StretchNow,
    /// The user answered the open reminder.
    Answer(Answer),
    /// The user wants to see how the suggested exercise is done.
    OpenExercise,
    Pause(PauseFor),
    Resume,
    /// Snooze the open reminder for this long instead of the configured snooze (same limits).
    SnoozeFor(Duration),
    /// The user says they did a stretch (from the command line), a reminder open or not:
    /// this exercise, or `None` for the open or upcoming one.
    Did(Option<String>),
    /// The config changed while running.
    SetRules(Rules),
    /// The library, or the user's selection from it, changed.
    SetExercises(Vec<ExerciseMeta>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Done,
    Snooze,
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseFor {
    Length(Duration),
    /// Until a wall-clock moment, such as the start of the next local day (the driver knows the
    /// time zone; the core does not).
    Until(SystemTime),
    UntilResumed,
}
