//! The break loop: sitting time, reminders and their answers, pauses and natural breaks.

use std::time::{Duration, SystemTime};

use super::effect::{Effect, Event, Record, Reminder};
use super::input::{Answer, Input, Shift};
use super::rotation::Rotation;
use super::status::{State, Status};
use super::{ExerciseMeta, Rules};

/// The driver promises to look at least this often (see [`Tracker::next_deadline`]), so a longer
/// gap between two looks means the machine was asleep.
pub const HEARTBEAT: Duration = Duration::from_secs(60);

/// Durations below this would make the loop spin; the config refuses them anyway.
pub(super) const SHORTEST: Duration = Duration::from_secs(1);

#[derive(Debug, Clone)]
pub struct Tracker {
    pub(super) rules: Rules,
    pub(super) rotation: Rotation,
    /// The exercise the next reminder will suggest.
    pub(super) upcoming: Option<String>,
    /// End of the last real break: sitting time counts from here.
    pub(super) sitting_since: SystemTime,
    pub(super) last_look: SystemTime,
    /// What the idle, lock and sleep sources last said.
    pub(super) seen: Seen,
    /// Set while away long enough to count as a break: when the user was last seen.
    pub(super) away_since: Option<SystemTime>,
    pub(super) pause: Option<Pause>,
    pub(super) prompt: Prompt,
    /// Snoozes in a row.
    pub(super) snoozes: u32,
    shown: Option<Status>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Pause {
    pub since: SystemTime,
    pub until: Option<SystemTime>,
}

/// What the idle, lock and sleep sources said, each `Some` from the moment the user seemed to
/// leave until they are seen again.
#[derive(Debug, Clone, Default)]
pub(super) struct Seen {
    /// No input since then.
    pub idle_since: Option<SystemTime>,
    pub locked_since: Option<SystemTime>,
    /// Set when the machine goes to sleep, cleared when it wakes.
    pub slept_since: Option<SystemTime>,
}

#[derive(Debug, Clone)]
pub(super) enum Prompt {
    None,
    Open {
        exercise: String,
        /// When it was first raised: stepping away counts from here.
        opened_at: SystemTime,
        raised_at: SystemTime,
        raised: u32,
    },
    Snoozed {
        exercise: String,
        until: SystemTime,
    },
}

pub(super) fn since(now: SystemTime, earlier: SystemTime) -> Duration {
    now.duration_since(earlier).unwrap_or_default()
}

fn whole_minutes(d: Duration) -> Duration {
    Duration::from_secs(d.as_secs() / 60 * 60)
}

impl Tracker {
    /// Starts counting sitting time at `now`. `history` holds (exercise, when) pairs of past
    /// suggestions and stretches, oldest first, so the rotation carries on where it left off.
    pub fn new(
        now: SystemTime,
        rules: Rules,
        exercises: Vec<ExerciseMeta>,
        history: impl IntoIterator<Item = (String, SystemTime)>,
    ) -> Tracker {
        let mut rotation = Rotation::new(exercises);
        for (id, at) in history {
            rotation.remember(&id, at);
        }
        let upcoming = rotation.pick(now);
        Tracker {
            rules: sane(rules),
            rotation,
            upcoming,
            sitting_since: now,
            last_look: now,
            seen: Seen::default(),
            away_since: None,
            pause: None,
            prompt: Prompt::None,
            snoozes: 0,
            shown: None,
        }
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn handle(&mut self, now: SystemTime, input: Input) -> Vec<Effect> {
        let mut fx = Vec::new();
        match input {
            Input::ClockSet(shift) => self.shift(shift),
            _ => self.follow_clock_back(now),
        }
        self.notice_gap(now, &mut fx);
        match input {
            Input::Tick | Input::ClockSet(_) => {}
            Input::Quiet { .. } => {}
            Input::Idle { .. }
            | Input::Active
            | Input::IdleSource(_)
            | Input::Locked
            | Input::Unlocked
            | Input::Sleeping
            | Input::Woke => self.presence(now, input, &mut fx),
            Input::StretchNow => self.stretch_now(now, &mut fx),
            Input::Answer(answer) => self.answer(now, answer, None, &mut fx),
            Input::SnoozeFor(length) => self.answer(now, Answer::Snooze, Some(length), &mut fx),
            Input::Did(exercise) => self.did(now, exercise, &mut fx),
            Input::OpenExercise => self.open(now, &mut fx),
            Input::Pause(length) => self.pause(now, length, &mut fx),
            Input::Resume => self.resume(now, true, &mut fx),
            Input::Quit => self.quit(now, &mut fx),
            Input::SetRules(rules) => self.rules = sane(rules),
            Input::SetExercises(exercises) => {
                self.rotation.set_exercises(exercises);
                if !self
                    .upcoming
                    .as_deref()
                    .is_some_and(|id| self.rotation.contains(id))
                {
                    self.upcoming = self.rotation.pick(now);
                }
            }
        }
        self.settle(now, &mut fx);
        self.advance(now, &mut fx);
        let status = self.status(now);
        if self.shown.as_ref() != Some(&status) {
            self.shown = Some(status.clone());
            fx.push(Effect::Status(status));
        }
        fx
    }

    /// The latest moment the driver should look again with [`Input::Tick`]. Never more than a
    /// [`HEARTBEAT`] after the last look, so the sitting-time display keeps up and a sleep the
    /// driver was not told about shows as a gap.
    pub fn next_deadline(&self) -> SystemTime {
        let mut next = self.last_look + HEARTBEAT;
        let mut consider = |t: SystemTime| next = next.min(t);
        if let Some(pause) = self.pause {
            pause.until.map(&mut consider);
        }
        if self.away_since.is_some() {
            return next;
        }
        if let Some(left) = self.absence().map(|(left, _)| left) {
            consider(left + self.rules.natural_break);
            if let Prompt::Open {
                opened_at,
                exercise,
                ..
            } = &self.prompt
            {
                consider(left.max(*opened_at) + self.taken_after(exercise));
            }
        }
        let sitting = since(self.last_look, self.sitting_since);
        consider(self.sitting_since + whole_minutes(sitting) + Duration::from_secs(60));
        if self.pause.is_none() && !self.out_of_reach() {
            match &self.prompt {
                Prompt::None => consider(self.sitting_since + self.rules.every),
                Prompt::Snoozed { until, .. } => consider(*until),
                Prompt::Open { raised_at, .. } => consider(*raised_at + self.rules.remind_again),
            }
        }
        next
    }

    /// The shortest time without input that can matter now: what the idle source is asked to
    /// report. Stepping away for an open reminder's exercise counts sooner than a natural
    /// break; otherwise a pause to read or think is no news, and costs no wakeup.
    pub fn idle_threshold(&self) -> Duration {
        match &self.prompt {
            Prompt::Open { exercise, .. } => self.taken_after(exercise),
            _ => self.rules.natural_break,
        }
    }

    pub fn status(&self, now: SystemTime) -> Status {
        let state = if let Some(pause) = self.pause {
            State::Paused { until: pause.until }
        } else if let Some(since) = self.away_since {
            State::Away { since }
        } else {
            match &self.prompt {
                Prompt::None => State::Sitting,
                Prompt::Open { .. } => State::Reminding {
                    can_snooze: self.can_snooze(),
                },
                Prompt::Snoozed { until, .. } => State::Snoozed { until: *until },
            }
        };
        let next_reminder = match &state {
            State::Sitting => Some(self.sitting_since + self.rules.every),
            State::Snoozed { until } => Some(*until),
            _ => None,
        };
        let exercise = match &self.prompt {
            Prompt::Open { exercise, .. } | Prompt::Snoozed { exercise, .. } => Some(exercise),
            Prompt::None => self.upcoming.as_ref(),
        };
        Status {
            sitting: match self.away_since {
                Some(_) => Duration::ZERO,
                None => whole_minutes(since(now, self.sitting_since)),
            },
            sitting_since: self.away_since.is_none().then_some(self.sitting_since),
            state,
            next_reminder,
            exercise: exercise.cloned(),
        }
    }

    /// Stepping away this long while a reminder is open counts as doing the exercise.
    pub(super) fn taken_after(&self, exercise: &str) -> Duration {
        let duration = self
            .rotation
            .get(exercise)
            .map_or(Duration::MAX, |e| e.duration);
        duration.min(self.rules.natural_break).max(SHORTEST)
    }

    /// What time alone brings: the end of a pause, a reminder coming due, an unanswered one
    /// raised again.
    fn advance(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        if self
            .pause
            .and_then(|p| p.until)
            .is_some_and(|until| until <= now)
        {
            self.resume(now, false, fx);
        }
        if self.pause.is_some() || self.away_since.is_some() || self.out_of_reach() {
            return;
        }
        match &self.prompt {
            Prompt::None => {
                if now >= self.sitting_since + self.rules.every {
                    if let Some(exercise) = self.upcoming.clone() {
                        self.raise(now, exercise, 1, false, fx);
                    }
                }
            }
            Prompt::Snoozed { exercise, until } => {
                if now >= *until {
                    let exercise = exercise.clone();
                    self.raise(now, exercise, 1, false, fx);
                }
            }
            Prompt::Open {
                exercise,
                raised_at,
                raised,
                ..
            } => {
                if now >= *raised_at + self.rules.remind_again {
                    let (exercise, raised) = (exercise.clone(), raised + 1);
                    self.raise(now, exercise, raised, false, fx);
                }
            }
        }
    }

    pub(super) fn raise(
        &mut self,
        now: SystemTime,
        exercise: String,
        raised: u32,
        manual: bool,
        fx: &mut Vec<Effect>,
    ) {
        record(
            fx,
            now,
            Event::Reminded {
                exercise: exercise.clone(),
                sitting: since(now, self.sitting_since),
                raised,
                manual,
            },
        );
        fx.push(Effect::Remind(Reminder {
            exercise: exercise.clone(),
            can_snooze: self.can_snooze(),
            raised,
            routine: Vec::new(),
        }));
        let opened_at = match &self.prompt {
            Prompt::Open { opened_at, .. } if raised > 1 => *opened_at,
            _ => now,
        };
        self.prompt = Prompt::Open {
            exercise,
            opened_at,
            raised_at: now,
            raised,
        };
    }

    pub(super) fn can_snooze(&self) -> bool {
        self.snoozes < self.rules.max_snoozes
    }

    /// The wall clock went back without the driver saying so (no timer that notices a clock
    /// set): follow it as if it had, so intervals keep their length instead of stretching by
    /// the jump.
    fn follow_clock_back(&mut self, now: SystemTime) {
        if let Ok(back) = self.last_look.duration_since(now) {
            if !back.is_zero() {
                self.shift(Shift::Back(back));
            }
        }
    }

    /// Moves every remembered moment with the wall clock. A pause's end stays where it was on
    /// the clock: "until 14:00" still means 14:00.
    fn shift(&mut self, shift: Shift) {
        let at = |t: &mut SystemTime| *t = shift.apply(*t);
        let maybe = |t: &mut Option<SystemTime>| {
            if let Some(t) = t {
                *t = shift.apply(*t);
            }
        };
        at(&mut self.sitting_since);
        at(&mut self.last_look);
        maybe(&mut self.seen.idle_since);
        maybe(&mut self.seen.locked_since);
        maybe(&mut self.seen.slept_since);
        maybe(&mut self.away_since);
        if let Some(p) = &mut self.pause {
            at(&mut p.since);
        }
        match &mut self.prompt {
            Prompt::None => {}
            Prompt::Open {
                opened_at,
                raised_at,
                ..
            } => {
                at(opened_at);
                at(raised_at);
            }
            Prompt::Snoozed { until, .. } => at(until),
        }
    }
}

pub(super) fn record(fx: &mut Vec<Effect>, at: SystemTime, event: Event) {
    fx.push(Effect::Record(Record { at, event }));
}

fn sane(rules: Rules) -> Rules {
    Rules {
        every: rules.every.max(SHORTEST),
        natural_break: rules.natural_break.max(SHORTEST),
        snooze: rules.snooze.max(SHORTEST),
        remind_again: rules.remind_again.max(SHORTEST),
        ..rules
    }
}
