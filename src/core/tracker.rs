//! The break loop: sitting time, reminders and their answers, pauses and natural breaks.

use std::time::{Duration, SystemTime};

use jiff::tz::TimeZone;

use super::day::Day;
use super::effect::{Effect, Event, Record, Reminder};
use super::hold::{CameraCheck, Quiet};
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
    /// The user's local time zone: the schedule and "today" are in it.
    pub(super) zone: TimeZone,
    pub(super) quiet: Quiet,
    pub(super) day: Day,
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
        /// A routine's exercises in order, `exercise` first; empty for one exercise.
        routine: Vec<String>,
        /// When it was first raised: stepping away counts from here.
        opened_at: SystemTime,
        raised_at: SystemTime,
        raised: u32,
        /// The user asked for it or opened its page: they are on it, so quiet leaves it on
        /// screen.
        engaged: bool,
        /// Taken off the screen while it is quiet, to be raised again when it ends.
        withdrawn: bool,
    },
    Snoozed {
        exercise: String,
        routine: Vec<String>,
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
            zone: TimeZone::UTC,
            quiet: Quiet::default(),
            day: Day::default(),
            shown: None,
        }
    }

    /// The user's hours and days are in this zone (UTC until told).
    pub fn in_zone(mut self, zone: TimeZone) -> Tracker {
        self.zone = zone;
        self
    }

    /// What the log says of today before this start: sitting so far, and whether the walk was
    /// already suggested. (Call after [`Tracker::in_zone`].)
    pub fn with_today(mut self, sitting: Duration, walk_suggested: bool) -> Tracker {
        let now = self.sitting_since;
        self.roll_day(now);
        self.day.banked = sitting;
        self.day.told = walk_suggested;
        self
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
        self.roll_day(now);
        self.notice_gap(now, &mut fx);
        match input {
            Input::Tick | Input::ClockSet(_) => {}
            Input::Quiet { reason, on } => self.quiet_signal(reason, on),
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
            Input::SetRules(rules) => self.rules = sane(*rules),
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
        self.check_limit(now, &mut fx);
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
                routine,
                ..
            } = &self.prompt
            {
                if routine.is_empty() {
                    consider(left.max(*opened_at) + self.taken_after(exercise));
                }
            }
        }
        let sitting = since(self.last_look, self.sitting_since);
        consider(self.sitting_since + whole_minutes(sitting) + Duration::from_secs(60));
        if let Some(change) = self.rules.schedule.next_change(self.last_look, &self.zone) {
            consider(change);
        }
        if let Some(limit) = self.limit_deadline() {
            consider(limit);
        }
        if self.pause.is_none() && !self.out_of_reach() {
            match self.hold_deadline() {
                Some(Some(at)) => consider(at),
                // Quiet: only the desktop's news (or the schedule) can let it come. Until it
                // is held, its due moment is still worth a look, to say so in the tray.
                Some(None) if self.quiet.held.is_some() => {}
                _ => consider(self.due_at()),
            }
        }
        next
    }

    /// When the reminder now pending comes due by time alone.
    fn due_at(&self) -> SystemTime {
        match &self.prompt {
            Prompt::None => self.sitting_since + self.rules.every,
            Prompt::Snoozed { until, .. } => *until,
            Prompt::Open {
                withdrawn: true, ..
            } => self.last_look,
            Prompt::Open { raised_at, .. } => *raised_at + self.rules.remind_again,
        }
    }

    /// The shortest time without input that can matter now: what the idle source is asked to
    /// report. Stepping away for an open reminder's exercise counts sooner than a natural
    /// break; otherwise a pause to read or think is no news, and costs no wakeup.
    pub fn idle_threshold(&self) -> Duration {
        match &self.prompt {
            Prompt::Open {
                exercise, routine, ..
            } if routine.is_empty() => self.taken_after(exercise),
            _ => self.rules.natural_break,
        }
    }

    pub fn status(&self, now: SystemTime) -> Status {
        let state = if let Some(pause) = self.pause {
            State::Paused { until: pause.until }
        } else if let Some(since) = self.away_since {
            State::Away { since }
        } else {
            match (&self.prompt, self.quiet.held) {
                (
                    Prompt::Open {
                        withdrawn: false, ..
                    },
                    _,
                ) => State::Reminding {
                    can_snooze: self.can_snooze(),
                },
                (_, Some(hold)) => State::Held {
                    since: hold.since,
                    reason: self.holding(now),
                },
                (Prompt::Snoozed { until, .. }, None) => State::Snoozed { until: *until },
                _ => State::Sitting,
            }
        };
        let next_reminder = match &state {
            State::Sitting => Some(self.sitting_since + self.rules.every),
            State::Snoozed { until } => Some(*until),
            State::Held { reason: None, .. } => self.quiet.release_at,
            _ => None,
        };
        let (exercise, routine) = match &self.prompt {
            Prompt::Open {
                exercise, routine, ..
            }
            | Prompt::Snoozed {
                exercise, routine, ..
            } => (Some(exercise), routine.clone()),
            Prompt::None => (self.upcoming.as_ref(), Vec::new()),
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
            routine,
            quiet: self.quiet_now(now),
            sat_today: whole_minutes(self.sat_today(now)),
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
    /// raised again. A due reminder may have to wait (see `hold`).
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
        self.withdraw_if_quiet(now, fx);
        if now < self.due_at() || self.upcoming.is_none() && matches!(self.prompt, Prompt::None) {
            return;
        }
        if !self.may_raise(now, fx) {
            return;
        }
        let (suggestion, raised) = match &self.prompt {
            Prompt::None => {
                let routine = match self.routine_due(now) {
                    true => self.rotation.pick_routine(now),
                    false => None,
                };
                match (routine, &self.upcoming) {
                    (Some(routine), _) => (Suggestion::routine(routine), 1),
                    (None, Some(exercise)) => (Suggestion::one(exercise.clone()), 1),
                    (None, None) => return,
                }
            }
            Prompt::Snoozed {
                exercise, routine, ..
            } => (Suggestion::of(exercise, routine), 1),
            Prompt::Open {
                exercise,
                routine,
                raised,
                ..
            } => (Suggestion::of(exercise, routine), raised + 1),
        };
        self.raise(now, suggestion, raised, false, fx);
    }

    pub(super) fn raise(
        &mut self,
        now: SystemTime,
        suggestion: Suggestion,
        raised: u32,
        manual: bool,
        fx: &mut Vec<Effect>,
    ) {
        let Suggestion { exercise, routine } = suggestion;
        self.end_hold(now, &exercise, fx);
        record(
            fx,
            now,
            Event::Reminded {
                exercise: exercise.clone(),
                sitting: since(now, self.sitting_since),
                raised,
                manual,
                routine: routine.clone(),
            },
        );
        fx.push(Effect::Remind(Reminder {
            exercise: exercise.clone(),
            can_snooze: self.can_snooze(),
            raised,
            routine: routine.clone(),
        }));
        let (opened_at, engaged) = match &self.prompt {
            Prompt::Open {
                opened_at, engaged, ..
            } if raised > 1 => (*opened_at, *engaged || manual),
            _ => (now, manual),
        };
        self.prompt = Prompt::Open {
            exercise,
            routine,
            opened_at,
            raised_at: now,
            raised,
            engaged,
            withdrawn: false,
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
        maybe(&mut self.quiet.release_at);
        if let Some(hold) = &mut self.quiet.held {
            at(&mut hold.since);
        }
        if let CameraCheck::Asked(asked) = &mut self.quiet.camera {
            at(asked);
        }
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

/// What a reminder suggests: one exercise, or a routine (its exercises in order, the first
/// also in `exercise`).
#[derive(Debug, Clone)]
pub(super) struct Suggestion {
    pub exercise: String,
    pub routine: Vec<String>,
}

impl Suggestion {
    pub fn one(exercise: String) -> Suggestion {
        Suggestion {
            exercise,
            routine: Vec::new(),
        }
    }

    /// `routine` is never empty when it comes from the rotation.
    fn routine(routine: Vec<String>) -> Suggestion {
        Suggestion {
            exercise: routine.first().cloned().unwrap_or_default(),
            routine,
        }
    }

    pub fn of(exercise: &str, routine: &[String]) -> Suggestion {
        Suggestion {
            exercise: exercise.to_owned(),
            routine: routine.to_vec(),
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
