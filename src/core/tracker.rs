//! The break loop: sitting time, reminders and their answers, pauses and natural breaks.

use std::time::{Duration, SystemTime};

use super::effect::{Effect, Event, Record, Reminder};
use super::input::{Answer, Input, PauseFor};
use super::rotation::Rotation;
use super::status::{State, Status};
use super::{ExerciseMeta, Rules};

/// The driver promises to look at least this often (see [`Tracker::next_deadline`]), so a longer
/// gap between two looks means the machine was asleep.
pub const HEARTBEAT: Duration = Duration::from_secs(60);

/// Wall clock minus idle time jitters by a few milliseconds between looks; only input more than
/// this after the start of a break counts as coming back.
const INPUT_SLACK: Duration = Duration::from_secs(1);

/// Durations below this would make the loop spin; the config refuses them anyway.
const SHORTEST: Duration = Duration::from_secs(1);

#[derive(Debug, Clone)]
pub struct Tracker {
    rules: Rules,
    rotation: Rotation,
    /// The exercise the next reminder will suggest.
    upcoming: Option<String>,
    /// End of the last real break: sitting time counts from here.
    sitting_since: SystemTime,
    last_look: SystemTime,
    /// The last look that asked the idle source.
    last_idle_look: SystemTime,
    /// The last keyboard or mouse input seen; `None` without an idle source.
    last_input: Option<SystemTime>,
    /// Set while away long enough to count as a break: the last input before leaving.
    away_since: Option<SystemTime>,
    pause: Option<Pause>,
    prompt: Prompt,
    /// Snoozes in a row.
    snoozes: u32,
    shown: Option<Status>,
}

#[derive(Debug, Clone, Copy)]
struct Pause {
    since: SystemTime,
    until: Option<SystemTime>,
}

#[derive(Debug, Clone)]
enum Prompt {
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

fn since(now: SystemTime, earlier: SystemTime) -> Duration {
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
            last_idle_look: now,
            last_input: None,
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
        self.follow_clock_back(now);
        match input {
            Input::Observe { idle } => {
                if !self.notice_sleep(now, idle.is_some(), &mut fx) {
                    self.observe(now, idle, &mut fx);
                }
            }
            Input::Tick => {
                let has_idle = self.last_input.is_some();
                self.notice_sleep(now, has_idle, &mut fx);
            }
            Input::StretchNow => self.stretch_now(now, &mut fx),
            Input::Answer(answer) => self.answer(now, answer, None, &mut fx),
            Input::SnoozeFor(length) => self.answer(now, Answer::Snooze, Some(length), &mut fx),
            Input::Did(exercise) => self.did(now, exercise, &mut fx),
            Input::OpenExercise => self.open(now, &mut fx),
            Input::Pause(length) => self.pause(now, length, &mut fx),
            Input::Resume => self.resume(now, true, &mut fx),
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
        self.advance(now, &mut fx);
        let status = self.status(now);
        if self.shown.as_ref() != Some(&status) {
            self.shown = Some(status.clone());
            fx.push(Effect::Status(status));
        }
        fx
    }

    /// The latest moment the driver should look again (with [`Input::Observe`], or
    /// [`Input::Tick`] while [`Tracker::idle_due`] is still ahead). Never more than
    /// a [`HEARTBEAT`] after the last look, so sleep and the sitting-time display are caught.
    pub fn next_deadline(&self) -> SystemTime {
        let mut next = self.last_look + HEARTBEAT;
        let mut consider = |t: SystemTime| next = next.min(t);
        if let Some(pause) = self.pause {
            pause.until.map(&mut consider);
        }
        if let Some(due) = self.idle_due() {
            consider(due);
        }
        if self.away_since.is_some() {
            return next;
        }
        let sitting = since(self.last_look, self.sitting_since);
        consider(self.sitting_since + whole_minutes(sitting) + Duration::from_secs(60));
        if self.pause.is_none() {
            match &self.prompt {
                Prompt::None => consider(self.sitting_since + self.rules.every),
                Prompt::Snoozed { until, .. } => consider(*until),
                Prompt::Open { raised_at, .. } => consider(*raised_at + self.rules.remind_again),
            }
        }
        next
    }

    /// When the idle source next needs asking; looks before then can be an [`Input::Tick`],
    /// which spares a round trip to the display server. `None` without an idle source.
    pub fn idle_due(&self) -> Option<SystemTime> {
        if self.away_since.is_some() {
            // Coming back shows only in the idle time, so look for it: often enough that the
            // tray catches up soon, scaled to the break so short test settings stay quick.
            let poll = (self.rules.natural_break / 5).clamp(SHORTEST, HEARTBEAT);
            return Some(self.last_idle_look + poll);
        }
        let input = self.last_input?;
        let mut due = input.max(self.sitting_since) + self.rules.natural_break;
        if let Prompt::Open {
            opened_at,
            exercise,
            ..
        } = &self.prompt
        {
            due = due.min(input.max(*opened_at) + self.taken_after(exercise));
        }
        Some(due)
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

    /// A gap between looks longer than the driver ever sleeps means the machine was asleep.
    /// Returns whether it was.
    fn notice_sleep(&mut self, now: SystemTime, has_idle: bool, fx: &mut Vec<Effect>) -> bool {
        let previous = std::mem::replace(&mut self.last_look, now);
        let gap = since(now, previous);
        if gap <= 2 * HEARTBEAT || gap < self.rules.natural_break {
            return false;
        }
        // Nobody sits at a suspended computer, whatever the idle counter says (it stops while
        // the machine sleeps). Away from the last sign of life until now.
        let left = self.last_input.unwrap_or(previous).min(previous);
        if self.away_since.is_none() {
            self.begin_break(now, left, true, fx);
        }
        self.end_break(now, now, fx);
        self.last_input = has_idle.then_some(now);
        self.last_idle_look = now;
        true
    }

    fn observe(&mut self, now: SystemTime, idle: Option<Duration>, fx: &mut Vec<Effect>) {
        self.last_idle_look = now;
        let Some(idle) = idle else {
            // The idle source is gone: without it nobody can tell when the user comes back, so
            // count them back now rather than away for ever.
            if self.away_since.is_some() {
                self.end_break(now, now, fx);
            }
            self.last_input = None;
            return;
        };
        let input_at = now.checked_sub(idle).unwrap_or(now);
        if let Some(left) = self.away_since {
            if input_at > left + INPUT_SLACK {
                self.end_break(now, input_at, fx);
            }
        } else {
            let taken = match &self.prompt {
                Prompt::Open {
                    opened_at,
                    exercise,
                    ..
                } => since(now, input_at.max(*opened_at)) >= self.taken_after(exercise),
                _ => false,
            };
            // Away counts from when sitting began at the earliest: idle time from before unknot
            // started (or before the last break ended) is no sitting to break.
            let left = input_at.max(self.sitting_since);
            if taken || since(now, left) >= self.rules.natural_break {
                self.begin_break(now, left, taken, fx);
            }
        }
        self.last_input = Some(input_at);
    }

    /// Stepping away this long while a reminder is open counts as doing the exercise.
    fn taken_after(&self, exercise: &str) -> Duration {
        let duration = self
            .rotation
            .get(exercise)
            .map_or(Duration::MAX, |e| e.duration);
        duration.min(self.rules.natural_break).max(SHORTEST)
    }

    /// `taken`: an open reminder counts as done (away long enough while it was open).
    fn begin_break(
        &mut self,
        now: SystemTime,
        left: SystemTime,
        taken: bool,
        fx: &mut Vec<Effect>,
    ) {
        let (open, suggested) = match std::mem::replace(&mut self.prompt, Prompt::None) {
            Prompt::Open { exercise, .. } => (true, Some(exercise)),
            Prompt::Snoozed { exercise, .. } => (false, Some(exercise)),
            Prompt::None => (false, None),
        };
        let exercise = suggested.clone().filter(|_| open && taken);
        record(
            fx,
            now,
            Event::NaturalBreak {
                away: since(now, left),
                sitting: since(left, self.sitting_since),
                exercise: exercise.clone(),
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

    fn stretch_now(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        let exercise = match &self.prompt {
            Prompt::Open { exercise, .. } | Prompt::Snoozed { exercise, .. } => exercise.clone(),
            Prompt::None => match &self.upcoming {
                Some(id) => id.clone(),
                None => return,
            },
        };
        // Asking for a stretch means being at the computer.
        if self.away_since.is_some() {
            self.end_break(now, now, fx);
        }
        self.raise(now, exercise, 1, true, fx);
    }

    fn answer(
        &mut self,
        now: SystemTime,
        answer: Answer,
        snooze: Option<Duration>,
        fx: &mut Vec<Effect>,
    ) {
        let (exercise, open) = match &self.prompt {
            Prompt::Open { exercise, .. } => (exercise.clone(), true),
            Prompt::Snoozed { exercise, .. } if answer != Answer::Snooze => {
                (exercise.clone(), false)
            }
            _ => return,
        };
        let sitting = since(now, self.sitting_since);
        match answer {
            Answer::Snooze => {
                if !self.can_snooze() {
                    return;
                }
                self.snoozes += 1;
                let until = now + snooze.unwrap_or(self.rules.snooze).max(SHORTEST);
                record(
                    fx,
                    now,
                    Event::Snoozed {
                        exercise: exercise.clone(),
                        snoozes: self.snoozes,
                        until,
                    },
                );
                self.prompt = Prompt::Snoozed { exercise, until };
            }
            Answer::Done | Answer::Skip => {
                let event = if answer == Answer::Done {
                    self.rotation.remember(&exercise, now);
                    Event::Done { exercise, sitting }
                } else {
                    Event::Skipped { exercise, sitting }
                };
                record(fx, now, event);
                self.break_taken(now);
            }
        }
        if open {
            fx.push(Effect::CloseReminder);
        }
    }

    /// A stretch done without answering a reminder, or answering it with another exercise.
    fn did(&mut self, now: SystemTime, exercise: Option<String>, fx: &mut Vec<Effect>) {
        let Some(exercise) = exercise.or_else(|| match &self.prompt {
            Prompt::Open { exercise, .. } | Prompt::Snoozed { exercise, .. } => {
                Some(exercise.clone())
            }
            Prompt::None => self.upcoming.clone(),
        }) else {
            return;
        };
        let open = matches!(self.prompt, Prompt::Open { .. });
        if self.away_since.is_some() {
            self.end_break(now, now, fx);
        }
        let sitting = since(now, self.sitting_since);
        self.rotation.remember(&exercise, now);
        record(fx, now, Event::Done { exercise, sitting });
        self.break_taken(now);
        if open {
            fx.push(Effect::CloseReminder);
        }
    }

    /// A stretch was done or skipped: no reminder is open any more, and sitting starts again
    /// with the next exercise up.
    fn break_taken(&mut self, now: SystemTime) {
        self.prompt = Prompt::None;
        self.snoozes = 0;
        self.sitting_since = now;
        self.upcoming = self.rotation.pick(now);
    }

    fn open(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        let exercise = match &mut self.prompt {
            Prompt::Open {
                exercise,
                raised_at,
                ..
            } => {
                // Reading how it's done takes a while: hold off the next nudge.
                *raised_at = now;
                exercise.clone()
            }
            Prompt::Snoozed { exercise, .. } => exercise.clone(),
            Prompt::None => match &self.upcoming {
                Some(id) => id.clone(),
                None => return,
            },
        };
        record(
            fx,
            now,
            Event::Opened {
                exercise: exercise.clone(),
            },
        );
        fx.push(Effect::Open { exercise });
    }

    fn pause(&mut self, now: SystemTime, length: PauseFor, fx: &mut Vec<Effect>) {
        let until = match length {
            PauseFor::Length(d) => Some(now + d),
            PauseFor::Until(t) => Some(t),
            PauseFor::UntilResumed => None,
        };
        record(fx, now, Event::Paused { until });
        let open = matches!(self.prompt, Prompt::Open { .. });
        if let Prompt::Open { exercise, .. } | Prompt::Snoozed { exercise, .. } =
            std::mem::replace(&mut self.prompt, Prompt::None)
        {
            // What was suggested stays next in line for after the pause.
            self.upcoming = Some(exercise);
        }
        if open {
            fx.push(Effect::CloseReminder);
        }
        self.snoozes = 0;
        let since = self.pause.map_or(now, |p| p.since);
        self.pause = Some(Pause { since, until });
    }

    fn resume(&mut self, now: SystemTime, manual: bool, fx: &mut Vec<Effect>) {
        if let Some(pause) = self.pause.take() {
            let paused_for = since(now, pause.since);
            record(fx, now, Event::Resumed { paused_for, manual });
        }
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
        if self.pause.is_some() || self.away_since.is_some() {
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

    fn raise(
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

    fn can_snooze(&self) -> bool {
        self.snoozes < self.rules.max_snoozes
    }

    /// The wall clock went back (a manual change, a bad NTP step): move every remembered moment
    /// back with it, so intervals keep their length instead of stretching by the jump.
    fn follow_clock_back(&mut self, now: SystemTime) {
        let Ok(back) = self.last_look.duration_since(now) else {
            return;
        };
        if back.is_zero() {
            return;
        }
        let shift = |t: &mut SystemTime| *t = t.checked_sub(back).unwrap_or(*t);
        shift(&mut self.sitting_since);
        shift(&mut self.last_look);
        shift(&mut self.last_idle_look);
        if let Some(t) = &mut self.last_input {
            shift(t);
        }
        if let Some(t) = &mut self.away_since {
            shift(t);
        }
        if let Some(p) = &mut self.pause {
            shift(&mut p.since);
        }
        match &mut self.prompt {
            Prompt::None => {}
            Prompt::Open {
                opened_at,
                raised_at,
                ..
            } => {
                shift(opened_at);
                shift(raised_at);
            }
            Prompt::Snoozed { until, .. } => shift(until),
        }
    }
}

fn record(fx: &mut Vec<Effect>, at: SystemTime, event: Event) {
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
