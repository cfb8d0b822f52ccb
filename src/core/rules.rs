//! The break intervals, as the core uses them. `crate::config` parses and validates them.

use std::time::Duration;

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
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            every: Duration::from_secs(45 * 60),
            natural_break: Duration::from_secs(5 * 60),
            snooze: Duration::from_secs(10 * 60),
            max_snoozes: 3,
            remind_again: Duration::from_secs(5 * 60),
        }
    }
}
