//! What the core asks the driver to do.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{Reason, Status};
use crate::clock::wire;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Append to the history log. Always comes before the effects that show its outcome, so the
    /// record is on disk before the user sees the answer take effect.
    Record(Record),
    /// Raise the stretch reminder, replacing the one already showing.
    Remind(Reminder),
    /// Take the reminder off the screen.
    CloseReminder,
    /// Show how an exercise is done, or how a routine goes (`routine` not empty: its
    /// exercises in order, `exercise` the first).
    Open {
        exercise: String,
        routine: Vec<String>,
    },
    /// Is another program using the camera? A reminder is due; the answer comes back as
    /// [`super::Input::Quiet`] with [`super::Reason::Camera`].
    CheckCamera,
    /// The tray should show this.
    Status(Status),
    /// Today's sitting passed the daily limit: suggest a walk (once a day).
    SuggestWalk { sitting: Duration },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub exercise: String,
    pub can_snooze: bool,
    /// 1 for the first time it is raised, counting up while it goes unanswered.
    pub raised: u32,
    /// A routine: its exercises in order (`exercise` is the first). Empty for one exercise.
    pub routine: Vec<String>,
}

/// One line of the history log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub at: SystemTime,
    pub event: Event,
}

/// What happened, as the history log keeps it: each line is one of these, tagged by `event`,
/// with the time (`ts`) and format version (`v`) around it (see `crate::history`, which also
/// reads them back). The serde attributes are the log's wire format; the rules never
/// serialize anything themselves. Durations are whole seconds (`…_s`), moments RFC 3339 in
/// local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A reminder was raised (`raised` > 1: raised again, unanswered).
    Reminded {
        exercise: String,
        #[serde(rename = "sitting_s", with = "wire::secs")]
        sitting: Duration,
        raised: u32,
        manual: bool,
        /// A routine: its exercises in order (`exercise` is the first).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        routine: Vec<String>,
    },
    /// A stretch done; for a routine, the whole routine, every exercise in `routine`.
    Done {
        exercise: String,
        #[serde(rename = "sitting_s", with = "wire::secs")]
        sitting: Duration,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        routine: Vec<String>,
    },
    Snoozed {
        exercise: String,
        /// Snoozes in a row, this one included.
        snoozes: u32,
        #[serde(with = "wire::moment")]
        until: SystemTime,
    },
    Skipped {
        exercise: String,
        #[serde(rename = "sitting_s", with = "wire::secs")]
        sitting: Duration,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        routine: Vec<String>,
    },
    Opened {
        exercise: String,
    },
    Paused {
        /// `None`: until resumed.
        #[serde(
            default,
            with = "wire::moment_opt",
            skip_serializing_if = "Option::is_none"
        )]
        until: Option<SystemTime>,
    },
    Resumed {
        #[serde(rename = "paused_s", with = "wire::secs")]
        paused_for: Duration,
        /// False when the pause ran out by itself.
        manual: bool,
    },
    /// Away long enough to count as a break. `exercise` is set when a reminder was open, which
    /// then counts as taken. `away` is how long the user had been away when it counted.
    NaturalBreak {
        #[serde(rename = "away_s", with = "wire::secs")]
        away: Duration,
        #[serde(rename = "sitting_s", with = "wire::secs")]
        sitting: Duration,
        #[serde(skip_serializing_if = "Option::is_none")]
        exercise: Option<String>,
        /// `None` only in lines written before unknot could tell.
        #[serde(skip_serializing_if = "Option::is_none")]
        cause: Option<Cause>,
    },
    /// The machine went to sleep. Written (and on disk) before the driver lets it sleep.
    Suspended {
        /// Sitting time so far; `None` when already away.
        #[serde(
            rename = "sitting_s",
            with = "wire::secs_opt",
            skip_serializing_if = "Option::is_none"
        )]
        sitting: Option<Duration>,
    },
    /// Back at the computer after a natural break, `away` in all.
    Returned {
        #[serde(rename = "away_s", with = "wire::secs")]
        away: Duration,
    },
    /// A reminder that was raised (`reminded`) but could not be put on screen. The core never
    /// produces it: the driver appends it when the desktop reports back, so the log says what
    /// the user really saw.
    NotShown {
        exercise: String,
        raised: u32,
        /// Why, e.g. "no notification server" or the D-Bus error.
        why: String,
    },
    /// unknot began watching: sitting time counts from here. The driver writes it, once the
    /// log is open.
    Started {
        /// The computer's name, so statistics across computers can say which is which.
        host: String,
    },
    /// A due reminder waited while it was quiet or outside the user's hours: written when the
    /// wait ends (the reminder raised, or a break or an answer overtaking it).
    Held {
        /// What held it first.
        reason: Reason,
        #[serde(rename = "held_s", with = "wire::secs")]
        held: Duration,
        exercise: String,
    },
    /// Today's sitting passed the daily limit and a walk was suggested.
    DailyLimit {
        #[serde(rename = "sitting_s", with = "wire::secs")]
        sitting: Duration,
    },
    /// unknot quit. A log that ends, or goes on to `started`, without one was cut short (a
    /// crash, a power cut): its last record is then the end of the sitting time.
    Stopped {
        /// Sitting time so far; `None` when away.
        #[serde(
            rename = "sitting_s",
            with = "wire::secs_opt",
            skip_serializing_if = "Option::is_none"
        )]
        sitting: Option<Duration>,
    },
}

impl Event {
    /// Every name the log uses, as [`Event::name`] gives them.
    pub const NAMES: [&'static str; 15] = [
        "reminded",
        "done",
        "snoozed",
        "skipped",
        "opened",
        "paused",
        "resumed",
        "natural_break",
        "returned",
        "not_shown",
        "suspended",
        "started",
        "stopped",
        "held",
        "daily_limit",
    ];

    /// The name the log uses.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Reminded { .. } => "reminded",
            Event::Done { .. } => "done",
            Event::Snoozed { .. } => "snoozed",
            Event::Skipped { .. } => "skipped",
            Event::Opened { .. } => "opened",
            Event::Paused { .. } => "paused",
            Event::Resumed { .. } => "resumed",
            Event::NaturalBreak { .. } => "natural_break",
            Event::Returned { .. } => "returned",
            Event::NotShown { .. } => "not_shown",
            Event::Suspended { .. } => "suspended",
            Event::Started { .. } => "started",
            Event::Stopped { .. } => "stopped",
            Event::Held { .. } => "held",
            Event::DailyLimit { .. } => "daily_limit",
        }
    }

    pub fn exercise(&self) -> Option<&str> {
        match self {
            Event::Reminded { exercise, .. }
            | Event::Done { exercise, .. }
            | Event::Snoozed { exercise, .. }
            | Event::Skipped { exercise, .. }
            | Event::Opened { exercise }
            | Event::NotShown { exercise, .. }
            | Event::Held { exercise, .. } => Some(exercise),
            Event::NaturalBreak { exercise, .. } => exercise.as_deref(),
            Event::Paused { .. }
            | Event::Resumed { .. }
            | Event::Returned { .. }
            | Event::Suspended { .. }
            | Event::Started { .. }
            | Event::Stopped { .. }
            | Event::DailyLimit { .. } => None,
        }
    }
}

/// What kept the user away: the strongest sign seen during the absence, a suspend over a lock
/// over mere idleness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// No keyboard or mouse input.
    Idle,
    /// The screen was locked.
    Lock,
    /// The machine slept.
    Suspend,
}

impl Cause {
    pub fn name(self) -> &'static str {
        match self {
            Cause::Idle => "idle",
            Cause::Lock => "lock",
            Cause::Suspend => "suspend",
        }
    }

    pub fn from_name(name: &str) -> Option<Cause> {
        [Cause::Idle, Cause::Lock, Cause::Suspend]
            .into_iter()
            .find(|c| c.name() == name)
    }
}
