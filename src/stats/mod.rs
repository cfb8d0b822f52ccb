//! Statistics from the history logs of every computer: per day, per week, a streak.
//!
//! Pure, like the core: the logs, today's date and the time zone are handed in, and a
//! [`Report`] comes back. How the log's events become numbers:
//! - sitting time: see `sitting` (intervals per computer) and [`Tally::sitting_s`] (their
//!   union, so two computers at once count once), split at local midnights;
//! - breaks: every `done`, and the natural breaks that were breaks from every computer (see
//!   `breaks`);
//! - reminders: see `reminders`;
//! - stretches done, by exercise and by body area: the `done` records.

mod breaks;
mod calendar;
mod model;
mod reminders;
mod sitting;

#[cfg(test)]
mod scenarios;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::core::{Area, Event, Record};

pub use model::{Breaks, Day, Reminders, Report, Streak, Stretch, Tally, Week};

use breaks::Machine;
use calendar::Calendar;
use reminders::Outcome;
use sitting::Span;

/// One computer's log: its records in file order.
#[derive(Debug, Clone, Copy)]
pub struct Log<'a> {
    pub machine: &'a str,
    /// The computer's name, if its log says.
    pub host: Option<&'a str>,
    pub records: &'a [Record],
}

/// The settings statistics use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsRules {
    /// `[breaks] natural_break`: away at least this long, from every computer, is a break.
    pub natural_break: Duration,
    /// `[stats] daily_goal`: stretches done on a day for it to count towards the streak.
    pub daily_goal: u32,
}

impl Default for StatsRules {
    fn default() -> StatsRules {
        StatsRules {
            natural_break: Duration::from_secs(5 * 60),
            daily_goal: 4,
        }
    }
}

impl StatsRules {
    pub fn from_config(config: &crate::config::Config) -> StatsRules {
        StatsRules {
            natural_break: config.breaks.natural_break,
            daily_goal: config.stats.daily_goal,
        }
    }
}

/// A record with its time as jiff reads it.
#[derive(Debug, Clone, Copy)]
struct Entry<'a> {
    at: Timestamp,
    event: &'a Event,
}

/// Statistics for the local days `range.0..=range.1` in `zone`. `today` decides the current
/// streak; `area_of` says which body area an exercise id works (`None`: no longer known).
pub fn compute(
    logs: &[Log<'_>],
    range: (Date, Date),
    today: Date,
    zone: &TimeZone,
    rules: &StatsRules,
    area_of: &dyn Fn(&str) -> Option<Area>,
) -> Report {
    let (from, to) = (range.0.min(range.1), range.0.max(range.1));
    let calendar = Calendar::new(zone);
    let natural_break =
        SignedDuration::try_from(rules.natural_break).unwrap_or(SignedDuration::MAX);
    let machines: Vec<Machine<'_>> = logs
        .iter()
        .map(|log| {
            let entries: Vec<Entry<'_>> = log
                .records
                .iter()
                .filter_map(|r| {
                    Some(Entry {
                        at: Timestamp::try_from(r.at).ok()?,
                        event: &r.event,
                    })
                })
                .collect();
            let sitting = sitting::intervals(&entries);
            Machine { entries, sitting }
        })
        .collect();

    let (first, past) = (
        calendar.start(from),
        calendar.start(to.tomorrow().unwrap_or(to)),
    );
    let mut days = Days {
        from,
        to,
        first,
        past,
        tallies: BTreeMap::new(),
    };
    let mut seconds: BTreeMap<Date, SignedDuration> = BTreeMap::new();

    let timeline = sitting::union(machines.iter().flat_map(|m| m.sitting.clone()).collect());
    for span in timeline.iter().filter(|s| s.end > first && s.start < past) {
        let clipped = Span {
            start: span.start.max(first),
            end: span.end.min(past),
        };
        calendar.split(clipped, |date, length| {
            let total = seconds.entry(date).or_default();
            *total = total.saturating_add(length);
        });
    }

    let mut done_at: Vec<Timestamp> = Vec::new();
    let mut done_per_day: BTreeMap<Date, u32> = BTreeMap::new();
    for entry in machines.iter().flat_map(|m| &m.entries) {
        let Event::Done {
            exercise, routine, ..
        } = entry.event
        else {
            continue;
        };
        done_at.push(entry.at);
        let date = calendar.date(entry.at);
        // A routine is one break done, and each of its exercises worked its area.
        *done_per_day.entry(date).or_default() += 1;
        if let Some(tally) = days.get(date) {
            tally.breaks.done += 1;
            let worked = match routine.is_empty() {
                true => std::slice::from_ref(exercise),
                false => routine.as_slice(),
            };
            for exercise in worked {
                *tally.exercises.entry(exercise.clone()).or_default() += 1;
                let area = area_of(exercise).map_or("unknown", Area::as_str);
                *tally.areas.entry(area.to_owned()).or_default() += 1;
            }
        }
    }
    done_at.sort();

    for (start, length) in breaks::stretches(&timeline, &done_at, natural_break) {
        if let Some(tally) = days.at(&calendar, start) {
            let stretch = Stretch {
                start,
                length_s: whole_seconds(length),
            };
            if tally.longest.is_none_or(|l| stretch.length_s > l.length_s) {
                tally.longest = Some(stretch);
            }
        }
    }

    for natural in breaks::natural(&machines, natural_break) {
        if let Some(tally) = days.at(&calendar, natural.left) {
            tally.breaks.natural += 1;
            *tally
                .breaks
                .natural_by_cause
                .entry(natural.cause.to_owned())
                .or_default() += 1;
        }
    }

    let mut answers = reminders::Answers::default();
    for machine in &machines {
        reminders::answers(&machine.entries, &mut answers);
    }
    for closed in &answers.reminders {
        if let Some(tally) = days.at(&calendar, closed.raised_at) {
            let r = &mut tally.reminders;
            r.raised += 1;
            match closed.outcome {
                Outcome::Done => r.done += 1,
                Outcome::Skipped => r.skipped += 1,
                Outcome::TakenAway => r.taken_away += 1,
                Outcome::Unanswered => r.unanswered += 1,
            }
        }
    }
    for &at in &answers.snoozes {
        if let Some(tally) = days.at(&calendar, at) {
            tally.reminders.snoozed += 1;
        }
    }

    let goal = rules.daily_goal;
    let met: BTreeSet<Date> = done_per_day
        .iter()
        .filter(|&(_, &n)| n >= goal)
        .map(|(&d, _)| d)
        .collect();
    let mut report_days = Vec::new();
    let mut date = from;
    loop {
        let mut tally = days.tallies.remove(&date).unwrap_or_default();
        tally.sitting_s = seconds.get(&date).map_or(0, |&d| whole_seconds(d));
        finish(&mut tally);
        report_days.push(Day {
            date,
            goal_met: tally.breaks.done >= goal,
            tally,
        });
        match date.tomorrow() {
            Ok(next) if next <= to => date = next,
            _ => break,
        }
    }
    let weeks = weeks(&report_days);
    let mut total = Tally::default();
    for day in &report_days {
        add(&mut total, &day.tally);
    }
    finish(&mut total);
    Report {
        from,
        to,
        daily_goal: goal,
        total,
        days: report_days,
        weeks,
        streak: calendar::streak(&met, from, to, today),
        machines: logs.iter().map(|l| l.machine.to_owned()).collect(),
        hosts: logs
            .iter()
            .filter_map(|l| Some((l.machine.to_owned(), l.host?.to_owned())))
            .collect(),
    }
}

/// Whether every day of `days` (both included) had at least `goal` stretches done. When the
/// days just before a range all did, a streak may run on before them, and a reader that took
/// only the end of the logs should look further back.
pub fn goal_met_throughout(
    logs: &[Log<'_>],
    days: (Date, Date),
    zone: &TimeZone,
    goal: u32,
) -> bool {
    let calendar = Calendar::new(zone);
    let mut done: BTreeMap<Date, u32> = BTreeMap::new();
    for record in logs.iter().flat_map(|log| log.records) {
        if let (Event::Done { .. }, Ok(at)) = (&record.event, Timestamp::try_from(record.at)) {
            let date = calendar.date(at);
            if days.0 <= date && date <= days.1 {
                *done.entry(date).or_default() += 1;
            }
        }
    }
    let mut date = days.0;
    loop {
        if done.get(&date).copied().unwrap_or(0) < goal {
            return false;
        }
        match date.tomorrow() {
            Ok(next) if next <= days.1 => date = next,
            _ => return true,
        }
    }
}

/// The tallies of the days in the range, as they fill up.
struct Days {
    from: Date,
    to: Date,
    /// When the range begins and ends.
    first: Timestamp,
    past: Timestamp,
    tallies: BTreeMap<Date, Tally>,
}

impl Days {
    /// `None` for a day outside the range.
    fn get(&mut self, date: Date) -> Option<&mut Tally> {
        (self.from <= date && date <= self.to).then(|| self.tallies.entry(date).or_default())
    }

    /// The tally of the day `t` falls on; years of history outside the range cost no time zone
    /// look-up.
    fn at(&mut self, calendar: &Calendar<'_>, t: Timestamp) -> Option<&mut Tally> {
        if t < self.first || t >= self.past {
            return None;
        }
        self.get(calendar.date(t))
    }
}

fn whole_seconds(d: SignedDuration) -> u64 {
    u64::try_from(d.as_secs()).unwrap_or(0)
}

fn weeks(days: &[Day]) -> Vec<Week> {
    let mut weeks: Vec<Week> = Vec::new();
    for day in days {
        let start = calendar::monday(day.date);
        if weeks.last().is_none_or(|w| w.start != start) {
            weeks.push(Week {
                start,
                tally: Tally::default(),
                goal_days: 0,
            });
        }
        if let Some(week) = weeks.last_mut() {
            add(&mut week.tally, &day.tally);
            week.goal_days += u32::from(day.goal_met);
        }
    }
    for week in &mut weeks {
        finish(&mut week.tally);
    }
    weeks
}

/// Sums `from` into `into`; the longest stretch is the longer (the earlier of two as long).
fn add(into: &mut Tally, from: &Tally) {
    into.sitting_s += from.sitting_s;
    if let Some(l) = from.longest {
        if into.longest.is_none_or(|i| l.length_s > i.length_s) {
            into.longest = Some(l);
        }
    }
    let (b, f) = (&mut into.breaks, &from.breaks);
    b.done += f.done;
    b.natural += f.natural;
    sum_into(&mut b.natural_by_cause, &f.natural_by_cause);
    let (r, f) = (&mut into.reminders, &from.reminders);
    r.raised += f.raised;
    r.done += f.done;
    r.skipped += f.skipped;
    r.snoozed += f.snoozed;
    r.taken_away += f.taken_away;
    r.unanswered += f.unanswered;
    sum_into(&mut into.exercises, &from.exercises);
    sum_into(&mut into.areas, &from.areas);
}

fn sum_into(into: &mut BTreeMap<String, u32>, from: &BTreeMap<String, u32>) {
    for (key, n) in from {
        *into.entry(key.clone()).or_default() += n;
    }
}

/// The figures derived from the others: breaks in all, and how often you moved.
fn finish(tally: &mut Tally) {
    tally.breaks.total = tally.breaks.done + tally.breaks.natural;
    tally.moved_every_s =
        (tally.breaks.total > 0).then(|| tally.sitting_s / u64::from(tally.breaks.total));
}
