//! The break intervals, as the core uses them. `crate::config` parses and validates them.

use std::time::Duration;

use super::{Reason, Schedule};

/// How often to stretch and how persistently to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Sitting time before a stretch reminder.
    pub every: Duration,
    /// Being away (no keyboard or mouse input) this long counts as a real break.
    pub natural_break: Duration,
    /// How long Snooze puts a reminder off.
    pub snooze: Duration,
    /// Snoozes allowed in a row before Snooze is no longer offered.
    pub max_snoozes: u32,
    /// An unanswered reminder is raised again this often.
    pub remind_again: Duration,
    /// Sitting time (across breaks) after which the next reminder offers a routine instead of
    /// one exercise; `None`: never.
    pub routine_every: Option<Duration>,
    /// Sitting time in a day after which unknot suggests a walk, once; `None`: never.
    pub daily_limit: Option<Duration>,
    pub quiet: QuietRules,
    /// When reminders may be raised.
    pub schedule: Schedule,
}

/// Which of the desktop's requests for quiet hold a reminder back, and how long to wait once
/// they end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietRules {
    pub do_not_disturb: bool,
    pub fullscreen: bool,
    pub camera: bool,
    /// A held reminder comes this long after the quiet (or the time outside the user's hours)
    /// ends, so it does not land on the first second of the desktop back.
    pub grace: Duration,
}

impl QuietRules {
    /// Whether the user wants this reason to hold reminders. The schedule always does.
    pub fn honours(&self, reason: Reason) -> bool {
        match reason {
            Reason::DoNotDisturb => self.do_not_disturb,
            Reason::Fullscreen => self.fullscreen,
            Reason::Camera => self.camera,
            Reason::Schedule => true,
        }
    }
}

impl Default for QuietRules {
    fn default() -> Self {
        QuietRules {
            do_not_disturb: true,
            fullscreen: true,
            camera: true,
            grace: Duration::from_secs(60),
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            // The evidence's number: see the README and config/default.toml.
            every: Duration::from_secs(30 * 60),
            natural_break: Duration::from_secs(5 * 60),
            snooze: Duration::from_secs(10 * 60),
            max_snoozes: 3,
            remind_again: Duration::from_secs(5 * 60),
            routine_every: Some(Duration::from_secs(2 * 60 * 60)),
            daily_limit: Some(Duration::from_secs(8 * 60 * 60)),
            quiet: QuietRules::default(),
            schedule: Schedule::always(),
        }
    }
}
