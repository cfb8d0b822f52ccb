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

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> TimeZone {
        TimeZone::get("Europe/Berlin").expect("tzdata has Europe/Berlin")
    }

    fn at(text: &str) -> SystemTime {
        let dt: DateTime = text.parse().expect("a civil time");
        SystemTime::from(
            berlin()
                .to_ambiguous_timestamp(dt)
                .compatible()
                .expect("exists"),
        )
    }

    fn show(t: Option<SystemTime>) -> String {
        let ts = Timestamp::try_from(t.expect("a change")).expect("in range");
        ts.to_zoned(berlin()).strftime("%a %F %H:%M").to_string()
    }

    fn hours(start: u16, end: u16) -> Hours {
        Hours::new(start * 60, end * 60).expect("valid")
    }

    /// Weekdays 9 to 17, nothing at the weekend.
    fn office() -> Schedule {
        Schedule::weekly(std::array::from_fn(|day| match day {
            0..5 => vec![hours(9, 17)],
            _ => Vec::new(),
        }))
    }

    #[test]
    fn office_hours_allow_weekdays_only_and_the_next_change_skips_the_weekend() {
        let zone = berlin();
        let office = office();
        assert!(office.allows_at(at("2027-01-15T16:59"), &zone));
        assert!(!office.allows_at(at("2027-01-15T17:00"), &zone));
        assert!(!office.allows_at(at("2027-01-16T10:00"), &zone));
        let friday_evening = office.next_change(at("2027-01-15T17:00"), &zone);
        assert_eq!(show(friday_evening), "Mon 2027-01-18 09:00");
        assert_eq!(
            show(office.next_change(at("2027-01-18T09:00"), &zone)),
            "Mon 2027-01-18 17:00"
        );
    }

    #[test]
    fn hours_past_midnight_belong_to_the_day_they_start() {
        let zone = berlin();
        // Friday night only.
        let late = Schedule::weekly(std::array::from_fn(|day| match day {
            4 => vec![hours(22, 2)],
            _ => Vec::new(),
        }));
        assert!(
            late.allows_at(at("2027-01-16T01:59"), &zone),
            "Saturday 01:59"
        );
        assert!(
            !late.allows_at(at("2027-01-17T01:00"), &zone),
            "Sunday 01:00"
        );
        assert_eq!(
            show(late.next_change(at("2027-01-15T23:00"), &zone)),
            "Sat 2027-01-16 02:00"
        );
    }

    #[test]
    fn an_hour_skipped_by_daylight_saving_begins_at_the_first_minute_there_is() {
        let zone = berlin();
        // 28 March 2027: Berlin goes from 02:00 to 03:00.
        let early = Schedule::weekly(std::array::from_fn(|_| {
            vec![Hours::new(150, 600).expect("valid")]
        }));
        assert_eq!(
            show(early.next_change(at("2027-03-28T01:00"), &zone)),
            "Sun 2027-03-28 03:30"
        );
    }

    #[test]
    fn always_never_changes_and_a_range_must_not_be_empty() {
        assert_eq!(
            Schedule::always().next_change(at("2027-01-15T12:00"), &berlin()),
            None
        );
        assert!(Schedule::always().is_always());
        assert_eq!(Hours::new(600, 600), None);
        assert!(Hours::new(0, 24 * 60).is_some());
    }
}
