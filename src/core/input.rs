//! What can happen to the core: time passing, what the idle, lock and sleep sources saw, or
//! something the user did.

use std::time::{Duration, SystemTime};

use super::{ExerciseMeta, Reason, Rules};

#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Time passed: the driver's timer ran out (see [`super::Tracker::next_deadline`]).
    Tick,
    /// The idle source says there has been no keyboard or mouse input since this moment.
    Idle {
        since: SystemTime,
    },
    /// The idle source saw input again.
    Active,
    /// Whether an idle source works (it is told [`super::Tracker::idle_threshold`]). Without
    /// one, away time shows only as a lock, a suspend, or an answer.
    IdleSource(bool),
    /// The desktop began (`on`) or ended asking for quiet for this reason. For the camera this
    /// is also the answer to [`super::Effect::CheckCamera`]. `Reason::Schedule` is ignored: the
    /// core keeps the hours itself.
    Quiet {
        reason: Reason,
        on: bool,
    },
    /// The screen was locked.
    Locked,
    Unlocked,
    /// The machine is about to sleep; the driver writes the record before it lets it.
    Sleeping,
    Woke,
    /// The wall clock was set (not slept through): every moment the core remembers moves by
    /// this much, so intervals keep their real length.
    ClockSet(Shift),
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
    SetRules(Box<Rules>),
    /// The library, or the user's selection from it, changed.
    SetExercises(Vec<ExerciseMeta>),
    /// unknot is quitting: the log says so, with the sitting time so far.
    Quit,
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

/// How far the wall clock was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    Forward(Duration),
    Back(Duration),
}

impl Shift {
    /// `t` moved by the shift (unchanged if that would leave the representable range).
    pub fn apply(self, t: SystemTime) -> SystemTime {
        match self {
            Shift::Forward(d) => t.checked_add(d),
            Shift::Back(d) => t.checked_sub(d),
        }
        .unwrap_or(t)
    }
}
