//! What the app's reminders look like from outside, per its spec, and waiting for the next one.

use serde_json::Value;

use super::notifications::Notify;
use super::session::Session;

/// Every reminder's summary starts with this, followed by the exercise's name.
pub const SUMMARY_PREFIX: &str = "Time to stretch: ";

/// A reminder's actions, key and label, in order ("snooze" only while snoozing is allowed).
pub const ACTIONS: [(&str, &str); 5] = [
    ("default", "Open exercise"),
    ("done", "Done"),
    ("snooze", "Snooze"),
    ("skip", "Skip"),
    ("howto", "How to"),
];

pub fn is_reminder(n: &Notify) -> bool {
    n.app_name == "unknot" && n.summary.starts_with(SUMMARY_PREFIX)
}

/// The exercise name in a reminder's summary.
pub fn exercise_name(n: &Notify) -> &str {
    n.summary.strip_prefix(SUMMARY_PREFIX).unwrap_or("")
}

/// Where the history and the notifications stood: later waits look only past this.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub history: usize,
    pub notifications: usize,
}

impl Mark {
    pub fn now(session: &Session) -> Mark {
        Mark {
            history: session.history().len(),
            notifications: session
                .notifications_if_any()
                .map_or(0, |n| n.notifications().len()),
        }
    }

    /// Nothing seen yet.
    pub const START: Mark = Mark {
        history: 0,
        notifications: 0,
    };
}

/// A reminder as the test saw it: the notification and the history line.
#[derive(Debug, Clone)]
pub struct Reminder {
    pub notify: Notify,
    pub event: Value,
    /// Where `event` is in the history: past it, the next reminder's mark.
    pub index: usize,
}

impl Reminder {
    /// The exercise id the history gave for it.
    pub fn exercise(&self) -> &str {
        self.event["exercise"].as_str().unwrap_or("")
    }

    /// A mark just past this reminder.
    pub fn mark(&self, session: &Session) -> Mark {
        Mark {
            history: self.index + 1,
            notifications: Mark::now(session).notifications,
        }
    }
}

/// The next reminder after `since`: its `reminded` history line and its Notify call.
pub fn wait_for_reminder(session: &Session, since: Mark) -> Reminder {
    let (index, event) = session
        .history()
        .wait_for_event_at(since.history, "reminded");
    let notify = session.notifications().wait_for_notify_since(
        since.notifications,
        "a reminder (\"Time to stretch: ...\")",
        is_reminder,
    );
    Reminder {
        notify,
        event,
        index,
    }
}

/// A notification about a broken config.
pub fn is_config_error(n: &Notify) -> bool {
    n.app_name == "unknot" && n.summary.to_lowercase().contains("config")
}

/// Answers `reminder` with Done and returns a mark just past the `done` line.
pub fn done(session: &Session, reminder: &Reminder) -> Mark {
    let mark = reminder.mark(session);
    session
        .notifications()
        .invoke_action(reminder.notify.id, "done");
    let (at, _) = session.history().wait_for_event_at(mark.history, "done");
    Mark {
        history: at + 1,
        notifications: mark.notifications,
    }
}

/// The sitting time a `reminded` line records, in seconds.
pub fn sitting_s(reminder: &Reminder) -> f64 {
    reminder.event["sitting_s"]
        .as_f64()
        .unwrap_or_else(|| panic!("`reminded` has no sitting_s: {}", reminder.event))
}
