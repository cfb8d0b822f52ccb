//! Away from the computer: what the idle, lock and sleep sources say, and when that adds up to
//! a natural break. The user counts as gone from the earliest sign (the last input, the lock,
//! the sleep) and as back at the first sign of them after it: input, an unlock, a wake.

use std::time::SystemTime;

use super::effect::{Cause, Effect, Event};
use super::input::Input;
use super::tracker::{record, since, Prompt, Tracker, HEARTBEAT};

impl Tracker {
    pub(super) fn presence(&mut self, now: SystemTime, input: Input, fx: &mut Vec<Effect>) {
        let seen = &mut self.seen;
        match input {
            Input::Idle { since } => {
                let since = since.min(now);
                // The first report of one stretch without input stands; a later one (a watch
                // set again) only says the same from a later start.
                seen.idle_since = Some(seen.idle_since.map_or(since, |t| t.min(since)));
            }
            // Input on the lock screen is the user unlocking, or a cat: the lock says more.
            Input::Active => seen.idle_since = None,
            // Lost: nobody could tell when they come back, so count them back now rather
            // than away for ever.
            Input::IdleSource(false) => seen.idle_since = None,
            Input::Locked => {
                seen.locked_since.get_or_insert(now);
            }
            Input::Unlocked => {
                // Unlocking takes typing: the user is here.
                seen.locked_since = None;
                seen.idle_since = None;
            }
            Input::Sleeping => {
                let sitting = self
                    .away_since
                    .is_none()
                    .then(|| since(now, self.sitting_since));
                record(fx, now, Event::Suspended { sitting });
                self.seen.slept_since.get_or_insert(now);
            }
            Input::Woke => {
                // A long sleep is one break, counted now; whoever woke the machine is here,
                // unless it wakes to a lock screen, which then says when they are back.
                self.settle(now, fx);
                self.seen.slept_since = None;
            }
            _ => {}
        }
    }

    /// Where the user went, if they seem gone: since when (never before sitting began) and the
    /// strongest cause seen.
    pub(super) fn absence(&self) -> Option<(SystemTime, Cause)> {
        [
            (self.seen.idle_since, Cause::Idle),
            (self.seen.locked_since, Cause::Lock),
            (self.seen.slept_since, Cause::Suspend),
        ]
        .into_iter()
        .filter_map(|(t, cause)| Some((t?, cause)))
        .reduce(|(a, c), (b, d)| (a.min(b), c.max(d)))
        .map(|(left, cause)| (left.max(self.sitting_since), cause))
    }

    /// Locked or asleep: no reminder can be seen.
    pub(super) fn out_of_reach(&self) -> bool {
        self.seen.locked_since.is_some() || self.seen.slept_since.is_some()
    }

    /// Begins the break once an absence is long enough, and ends it once the user is back.
    pub(super) fn settle(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        match (self.away_since, self.absence()) {
            (None, Some((left, cause))) => {
                // A routine is more than stepping away: only its own Done counts it.
                let taken = match &self.prompt {
                    Prompt::Open {
                        opened_at,
                        exercise,
                        routine,
                        ..
                    } if routine.is_empty() => {
                        since(now, left.max(*opened_at)) >= self.taken_after(exercise)
                    }
                    _ => false,
                };
                if taken || since(now, left) >= self.rules.natural_break {
                    self.begin_break(now, left, taken, cause, fx);
                }
            }
            (Some(_), None) => self.end_break(now, now, fx),
            _ => {}
        }
    }

    /// Something only a user at the computer does (asking for a stretch, saying one is done).
    pub(super) fn here(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        self.seen.idle_since = None;
        self.seen.slept_since = None;
        if self.seen.locked_since.is_none() && self.away_since.is_some() {
            self.end_break(now, now, fx);
        }
    }

    /// A gap between looks longer than the driver ever sleeps, with no word of a sleep, means
    /// the machine slept anyway (no logind): away from before the gap, back now.
    pub(super) fn notice_gap(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        let previous = std::mem::replace(&mut self.last_look, now);
        let gap = since(now, previous);
        if gap <= 2 * HEARTBEAT || gap < self.rules.natural_break || self.seen.slept_since.is_some()
        {
            return;
        }
        self.seen.slept_since = Some(previous);
        self.settle(now, fx);
        self.seen.slept_since = None;
    }

    /// `taken`: an open reminder counts as done (away long enough while it was open).
    fn begin_break(
        &mut self,
        now: SystemTime,
        left: SystemTime,
        taken: bool,
        cause: Cause,
        fx: &mut Vec<Effect>,
    ) {
        let (open, suggested) = match std::mem::replace(&mut self.prompt, Prompt::None) {
            // One taken off the screen for quiet is not on it to close.
            Prompt::Open {
                exercise,
                withdrawn,
                ..
            } => (!withdrawn, Some(exercise)),
            Prompt::Snoozed { exercise, .. } => (false, Some(exercise)),
            Prompt::None => (false, None),
        };
        let exercise = suggested.clone().filter(|_| open && taken);
        if let Some(waiting) = suggested.clone().or_else(|| self.upcoming.clone()) {
            self.end_hold(now, &waiting, fx);
        }
        self.bank(left);
        record(
            fx,
            now,
            Event::NaturalBreak {
                away: since(now, left),
                sitting: since(left, self.sitting_since),
                exercise: exercise.clone(),
                cause: Some(cause),
            },
        );
        if open {
            fx.push(Effect::CloseReminder);
        }
        if let Some(exercise) = exercise {
            self.rotation.remember(&exercise, now);
            self.upcoming = self.rotation.pick(now);
        } else if suggested.is_some() {
            // Not done: it stays next in line.
            self.upcoming = suggested;
        }
        self.snoozes = 0;
        self.away_since = Some(left);
    }

    fn end_break(&mut self, now: SystemTime, back: SystemTime, fx: &mut Vec<Effect>) {
        if let Some(left) = self.away_since.take() {
            record(
                fx,
                now,
                Event::Returned {
                    away: since(back, left),
                },
            );
        }
        self.sitting_since = back;
    }
}
