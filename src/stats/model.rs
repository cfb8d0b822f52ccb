//! What the statistics come to: the numbers `unknot stats` prints, its JSON, and the page's
//! charts, all from one [`Report`]. Durations are whole seconds in JSON (`_s`), dates are local
//! calendar days (`YYYY-MM-DD`), moments RFC 3339 in UTC. The JSON is documented field by field
//! in `docs/stats-json.md`: fields are only ever added.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

/// Statistics for a range of local days, `from` to `to` inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub from: Date,
    pub to: Date,
    /// Stretches done on a day for it to count towards the streak (`[stats] daily_goal`).
    pub daily_goal: u32,
    /// The whole range summed.
    pub total: Tally,
    /// Every day of the range, oldest first, days without use included (all zero).
    pub days: Vec<Day>,
    /// Monday-to-Sunday weeks that overlap the range, oldest first, summed over the days of
    /// each that fall in the range.
    pub weeks: Vec<Week>,
    pub streak: Streak,
    /// The computers whose logs were read: one per log file in the history folder, in the
    /// order given (this computer's first).
    pub machines: Vec<String>,
    /// The computers' names (their host names, from `started`), by machine, where known.
    pub hosts: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    pub date: Date,
    pub tally: Tally,
    /// Whether `done` reached the daily goal.
    pub goal_met: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    /// The Monday.
    pub start: Date,
    pub tally: Tally,
    /// Days of this week in the range on which the daily goal was met.
    pub goal_days: u32,
}

/// The sums for one day, one week or the whole range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Time at the computer, not away: the union over all machines, so time spent at two at
    /// once counts once. Days are split at local midnight.
    pub sitting_s: u64,
    /// The longest time sat without a break (a stretch done, or no computer used for
    /// `natural_break`), and when it began (for a day: a stretch that began that day, however
    /// long past midnight it went on).
    pub longest: Option<Stretch>,
    pub breaks: Breaks,
    pub reminders: Reminders,
    /// Stretches done, by exercise id.
    pub exercises: BTreeMap<String, u32>,
    /// Stretches done, by body area (`chest`, `upper-back`, …; `unknown` for an exercise no
    /// longer in the library).
    pub areas: BTreeMap<String, u32>,
    /// Sitting time divided by breaks taken: how often you moved, on average. `None` without
    /// a break.
    pub moved_every_s: Option<u64>,
}

/// One unbroken sitting stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stretch {
    /// RFC 3339, in UTC.
    pub start: jiff::Timestamp,
    /// Sitting time within it.
    pub length_s: u64,
}

/// Breaks taken: stretches done, and natural breaks (away from every computer at least
/// `natural_break`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Breaks {
    /// `done` + `natural`.
    pub total: u32,
    pub done: u32,
    pub natural: u32,
    /// Natural breaks by what kept you away: `idle`, `lock`, `suspend`, or `unknown` (logs
    /// written before unknot could tell).
    pub natural_by_cause: BTreeMap<String, u32>,
}

/// What became of the reminders raised (each counted once, however often it was raised again),
/// on the day each was first raised: `raised` = `done` + `skipped` + `taken_away` +
/// `unanswered`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reminders {
    pub raised: u32,
    pub done: u32,
    pub skipped: u32,
    /// Snooze answers (a reminder snoozed twice counts two).
    pub snoozed: u32,
    /// Closed by a natural break taken while it was open, which counts as done.
    pub taken_away: u32,
    /// Never answered: still open when unknot stopped or crashed, a pause began, another
    /// reminder came, or the log ends. (A suspend does not end one: a long one is a natural
    /// break, which says whether it was taken.)
    pub unanswered: u32,
}

/// Days in a row on which the daily goal was met.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Streak {
    /// Ending today (or yesterday, while today's goal is not met yet).
    pub current: u32,
    /// The longest in the range.
    pub longest: u32,
}
