//! What the user does: ask for a stretch, answer a reminder, say a stretch is done, open an
//! exercise, pause and resume.

use std::time::{Duration, SystemTime};

use super::effect::{Effect, Event};
use super::input::{Answer, PauseFor};
use super::tracker::{record, since, Pause, Prompt, Tracker, SHORTEST};

impl Tracker {
    pub(super) fn stretch_now(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        let exercise = match &self.prompt {
            Prompt::Open { exercise, .. } | Prompt::Snoozed { exercise, .. } => exercise.clone(),
            Prompt::None => match &self.upcoming {
                Some(id) => id.clone(),
                None => return,
            },
        };
        // Asking for a stretch means being at the computer.
        self.here(now, fx);
        self.raise(now, exercise, 1, true, fx);
    }

    pub(super) fn answer(
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
    pub(super) fn did(&mut self, now: SystemTime, exercise: Option<String>, fx: &mut Vec<Effect>) {
        let Some(exercise) = exercise.or_else(|| match &self.prompt {
            Prompt::Open { exercise, .. } | Prompt::Snoozed { exercise, .. } => {
                Some(exercise.clone())
            }
            Prompt::None => self.upcoming.clone(),
        }) else {
            return;
        };
        let open = matches!(self.prompt, Prompt::Open { .. });
        self.here(now, fx);
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
    pub(super) fn break_taken(&mut self, now: SystemTime) {
        self.prompt = Prompt::None;
        self.snoozes = 0;
        self.sitting_since = now;
        self.upcoming = self.rotation.pick(now);
    }

    pub(super) fn open(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
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
        fx.push(Effect::Open {
            exercise,
            routine: Vec::new(),
        });
    }

    pub(super) fn pause(&mut self, now: SystemTime, length: PauseFor, fx: &mut Vec<Effect>) {
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

    /// An open reminder goes with the app; the next start counts sitting afresh.
    pub(super) fn quit(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        let sitting = self
            .away_since
            .is_none()
            .then(|| since(now, self.sitting_since));
        record(fx, now, Event::Stopped { sitting });
        if matches!(self.prompt, Prompt::Open { .. }) {
            fx.push(Effect::CloseReminder);
        }
    }

    pub(super) fn resume(&mut self, now: SystemTime, manual: bool, fx: &mut Vec<Effect>) {
        if let Some(pause) = self.pause.take() {
            let paused_for = since(now, pause.since);
            record(fx, now, Event::Resumed { paused_for, manual });
        }
    }
}
