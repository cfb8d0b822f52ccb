//! Local days in a time zone: a day runs from local midnight to the next (23 or 25 hours on
//! the days the clocks change), and a week from Monday to Sunday.

use std::cell::Cell;
use std::collections::BTreeSet;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::sitting::Span;
use super::Streak;

pub(super) struct Calendar<'a> {
    zone: &'a TimeZone,
    /// The last day looked up, with when it begins and ends: records come mostly in time
    /// order, so most look-ups of years of history fall on the day before.
    last: Cell<Option<(Timestamp, Timestamp, Date)>>,
}

impl<'a> Calendar<'a> {
    pub fn new(zone: &'a TimeZone) -> Calendar<'a> {
        Calendar {
            zone,
            last: Cell::new(None),
        }
    }

    pub fn date(&self, t: Timestamp) -> Date {
        if let Some((start, end, date)) = self.last.get() {
            if start <= t && t < end {
                return date;
            }
        }
        let date = self.zone.to_datetime(t).date();
        let start = self.start(date);
        let end = date.tomorrow().map_or(Timestamp::MAX, |d| self.start(d));
        if start <= t && t < end {
            self.last.set(Some((start, end, date)));
        }
        date
    }

    /// When `date` begins: its first moment, even where midnight itself does not exist.
    pub fn start(&self, date: Date) -> Timestamp {
        date.to_zoned(self.zone.clone())
            .map_or(Timestamp::MAX, |z| z.timestamp())
    }

    /// `span` cut at local midnights: each piece with its day.
    pub fn split(&self, span: Span, mut each: impl FnMut(Date, SignedDuration)) {
        let mut at = span.start;
        while at < span.end {
            let date = self.date(at);
            let next = date
                .tomorrow()
                .map_or(Timestamp::MAX, |tomorrow| self.start(tomorrow));
            // A zone whose day would not move forward would loop for ever.
            let end = if next > at {
                span.end.min(next)
            } else {
                span.end
            };
            each(date, end.duration_since(at));
            at = end;
        }
    }
}

/// The Monday of the week `date` is in.
pub(super) fn monday(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

/// Days in a row with the goal met. `met` holds every day on which it was, however long ago.
/// `current` ends today, or yesterday while today's goal is not met yet; `longest` is the
/// longest run that ends within `from..=to`, counted back before `from` in full (a streak is
/// not cut by the range you look at).
pub(super) fn streak(met: &BTreeSet<Date>, from: Date, to: Date, today: Date) -> Streak {
    let is_met = |d: Date| met.contains(&d);
    let run_back = |mut d: Date| {
        let mut n = 0;
        while is_met(d) {
            n += 1;
            match d.yesterday() {
                Ok(y) => d = y,
                Err(_) => break,
            }
        }
        n
    };
    let current = match is_met(today) {
        true => run_back(today),
        false => today.yesterday().map_or(0, run_back),
    };
    let mut longest = 0;
    let mut run = 0u32;
    let mut previous: Option<Date> = None;
    for &date in met.range(..=to) {
        let follows = previous.is_some_and(|p| p.tomorrow().ok() == Some(date));
        run = if follows { run + 1 } else { 1 };
        previous = Some(date);
        if date >= from {
            longest = longest.max(run);
        }
    }
    Streak { current, longest }
}
