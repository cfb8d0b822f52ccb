//! The user's hours: on which days and at what times reminders may be raised. Outside them
//! sitting time still counts; a reminder that falls due waits for the hours to begin.

use std::time::SystemTime;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

const DAY: u16 = 24 * 60;

/// One range of a day's hours, in minutes after that day's midnight. `end` past 24:00 runs
/// into the next day ("22:00-02:00").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    start: u16,
    end: u16,
}

impl Hours {
    /// From `start` to `end`, minutes after midnight; an `end` not after `start` is on the next
    /// day. `None` for a start past the day or an empty range.
    pub fn new(start: u16, end: u16) -> Option<Hours> {
        let end = if end < start { end + DAY } else { end };
        (start < DAY && end > start && end - start <= DAY).then_some(Hours { start, end })
    }

    fn contains(&self, minute: u16) -> bool {
        self.start <= minute && minute < self.end
    }
}

/// Hours for each day of the week, Monday first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    days: [Vec<Hours>; 7],
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule::always()
    }
}

impl Schedule {
    /// Reminders at any time: the default.
    pub fn always() -> Schedule {
        Schedule::weekly(std::array::from_fn(|_| vec![Hours { start: 0, end: DAY }]))
    }

    /// `days[0]` is Monday; a day with no hours has no reminders.
    pub fn weekly(days: [Vec<Hours>; 7]) -> Schedule {
        Schedule { days }
    }

    pub fn is_always(&self) -> bool {
        *self == Schedule::always()
    }

    /// Whether reminders may be raised at this local time: within one of the day's hours, or
    /// in the part of the day before's that runs past midnight.
    pub fn allows(&self, at: DateTime) -> bool {
        let minute = at.hour() as u16 * 60 + at.minute() as u16;
        let today = at.weekday().to_monday_zero_offset() as usize;
        let yesterday = (today + 6) % 7;
        self.days[today].iter().any(|h| h.contains(minute))
            || self.days[yesterday]
                .iter()
                .any(|h| h.contains(minute + DAY))
    }

    pub fn allows_at(&self, t: SystemTime, zone: &TimeZone) -> bool {
        self.is_always() || local(t, zone).is_none_or(|at| self.allows(at))
    }

    /// The first moment after `t` at which [`Schedule::allows_at`] changes, if it changes
    /// within the coming week.
    pub fn next_change(&self, t: SystemTime, zone: &TimeZone) -> Option<SystemTime> {
        if self.is_always() {
            return None;
        }
        let now = local(t, zone)?;
        let allowed = self.allows(now);
        let mut edges: Vec<SystemTime> = (-1..=7)
            .filter_map(|offset| now.date().checked_add(jiff::Span::new().days(offset)).ok())
            .flat_map(|date| self.edges_on(date, zone))
            .filter(|&edge| edge > t)
            .collect();
        edges.sort();
        edges
            .into_iter()
            .find(|&edge| local(edge, zone).is_some_and(|at| self.allows(at) != allowed))
    }

    /// Where the hours listed for `date`'s weekday begin and end, as moments.
    fn edges_on(&self, date: Date, zone: &TimeZone) -> Vec<SystemTime> {
        let day = date.weekday().to_monday_zero_offset() as usize;
        self.days[day]
            .iter()
            .flat_map(|h| [h.start, h.end])
            .filter_map(|minute| {
                let at = date
                    .at(0, 0, 0, 0)
                    .checked_add(jiff::Span::new().minutes(i64::from(minute)))
                    .ok()?;
                // A time skipped by a DST change begins at the first minute that exists.
                let moment = zone.to_ambiguous_timestamp(at).compatible().ok()?;
                Some(SystemTime::from(moment))
            })
            .collect()
    }
}

fn local(t: SystemTime, zone: &TimeZone) -> Option<DateTime> {
    Timestamp::try_from(t).ok().map(|ts| zone.to_datetime(ts))
}
