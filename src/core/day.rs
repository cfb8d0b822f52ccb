//! Sitting time that adds up across breaks: today's, for the daily limit, and since the last
//! routine, for the next one.

use std::time::{Duration, SystemTime};

use jiff::civil::Date;
use jiff::Timestamp;

use super::effect::{Effect, Event};
use super::tracker::{record, since, Tracker};

#[derive(Debug, Clone, Default)]
pub(super) struct Day {
    /// The local day the counts are for; `None` before the first look.
    pub date: Option<Date>,
    /// Sitting today before the current stretch.
    pub banked: Duration,
    /// The walk was suggested today.
    pub told: bool,
    /// Sitting since the last routine was done or skipped, before the current stretch.
    pub toward_routine: Duration,
}

impl Tracker {
    fn local_date(&self, t: SystemTime) -> Option<Date> {
        Timestamp::try_from(t)
            .ok()
            .map(|ts| self.zone.to_datetime(ts).date())
    }

    /// Where today began, as a moment.
    fn today_start(&self) -> Option<SystemTime> {
        let date = self.day.date?;
        let start = self.zone.to_ambiguous_timestamp(date.at(0, 0, 0, 0));
        start.compatible().ok().map(SystemTime::from)
    }

    /// A new local day starts with nothing sat and no walk suggested.
    pub(super) fn roll_day(&mut self, now: SystemTime) {
        let today = self.local_date(now);
        if today != self.day.date {
            self.day.date = today;
            self.day.banked = Duration::ZERO;
            self.day.told = false;
        }
    }

    /// Where the current stretch of sitting starts counting towards today.
    fn today_from(&self) -> SystemTime {
        self.today_start()
            .map_or(self.sitting_since, |start| start.max(self.sitting_since))
    }

    /// The current stretch of sitting ended at `end`: it counts towards today and the routine.
    pub(super) fn bank(&mut self, end: SystemTime) {
        self.day.banked += since(end, self.today_from());
        self.day.toward_routine += since(end, self.sitting_since);
    }

    pub(super) fn sat_today(&self, now: SystemTime) -> Duration {
        let current = match self.away_since {
            Some(_) => Duration::ZERO,
            None => since(now, self.today_from()),
        };
        self.day.banked + current
    }

    /// Whether the next reminder should offer a routine.
    pub(super) fn routine_due(&self, now: SystemTime) -> bool {
        self.rules
            .routine_every
            .is_some_and(|every| self.day.toward_routine + since(now, self.sitting_since) >= every)
    }

    /// When today's sitting will reach the limit, if the walk is still to be suggested.
    pub(super) fn limit_deadline(&self) -> Option<SystemTime> {
        let limit = self.rules.daily_limit?;
        if self.day.told || self.away_since.is_some() {
            return None;
        }
        let left = limit.saturating_sub(self.day.banked);
        // Past and not yet told: something holds it, and whatever ends that is a look anyway.
        Some(self.today_from() + left).filter(|&at| at > self.last_look)
    }

    /// Once a day, when today's sitting passes the limit, suggest a walk. Like a reminder, it
    /// waits while it is quiet or outside the user's hours.
    pub(super) fn check_limit(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        let Some(limit) = self.rules.daily_limit else {
            return;
        };
        let sitting = self.sat_today(now);
        if self.day.told
            || sitting < limit
            || self.away_since.is_some()
            || self.pause.is_some()
            || self.out_of_reach()
            || self.holding(now).is_some()
        {
            return;
        }
        self.day.told = true;
        record(fx, now, Event::DailyLimit { sitting });
        fx.push(Effect::SuggestWalk { sitting });
    }
}
