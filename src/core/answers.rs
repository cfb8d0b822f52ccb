//! What the user does: ask for a stretch, answer a reminder, say a stretch is done, open an
//! exercise, pause and resume.

use std::time::{Duration, SystemTime};

use super::effect::{Effect, Event};
use super::input::{Answer, PauseFor};
use super::tracker::{record, since, Pause, Prompt, Suggestion, Tracker, SHORTEST};

impl Tracker {
    /// What a reminder now would suggest: the one open or snoozed, or the next exercise up.
    fn suggestion(&self) -> Option<Suggestion> {
        match &self.prompt {
            Prompt::Open {
                exercise, routine, ..
            }
            | Prompt::Snoozed {
                exercise, routine, ..
            } => Some(Suggestion::of(exercise, routine)),
            Prompt::None => self.upcoming.clone().map(Suggestion::one),
        }
    }

    /// Whether the reminder is on the screen (not snoozed, not taken off it for quiet).
    fn on_screen(&self) -> bool {
        matches!(
            self.prompt,
            Prompt::Open {
                withdrawn: false,
                ..
            }
        )
    }

    pub(super) fn stretch_now(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        let Some(suggestion) = self.suggestion() else {
            return;
        };
        // Asking for a stretch means being at the computer.
        self.here(now, fx);
        self.raise(now, suggestion, 1, true, fx);
    }

    pub(super) fn answer(
        &mut self,
        now: SystemTime,
        answer: Answer,
        snooze: Option<Duration>,
        fx: &mut Vec<Effect>,
    ) {
        let (Suggestion { exercise, routine }, open) = match &self.prompt {
            Prompt::Open {
                exercise, routine, ..
            } => (Suggestion::of(exercise, routine), self.on_screen()),
            Prompt::Snoozed {
                exercise, routine, ..
            } if answer != Answer::Snooze => (Suggestion::of(exercise, routine), false),
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
                self.end_hold(now, &exercise, fx);
                record(
                    fx,
                    now,
                    Event::Snoozed {
                        exercise: exercise.clone(),
                        snoozes: self.snoozes,
                        until,
                    },
                );
                self.prompt = Prompt::Snoozed {
                    exercise,
                    routine,
                    until,
                };
            }
            Answer::Done | Answer::Skip => {
                self.end_hold(now, &exercise, fx);
                // Done or turned down, the next routine is another `routine_every` away.
                let closes_routine = !routine.is_empty();
                let event = if answer == Answer::Done {
                    self.remember_done(&exercise, &routine, now);
                    Event::Done {
                        exercise,
                        sitting,
                        routine,
                    }
                } else {
                    Event::Skipped {
                        exercise,
                        sitting,
                        routine,
                    }
                };
                record(fx, now, event);
                self.break_taken(now, closes_routine);
            }
        }
        if open {
            fx.push(Effect::CloseReminder);
        }
    }

    /// A routine done counts every exercise in it.
    fn remember_done(&mut self, exercise: &str, routine: &[String], now: SystemTime) {
        if routine.is_empty() {
            self.rotation.remember(exercise, now);
        }
        for id in routine {
            self.rotation.remember(id, now);
        }
    }

    /// A stretch done without answering a reminder, or answering it with another exercise.
    pub(super) fn did(&mut self, now: SystemTime, exercise: Option<String>, fx: &mut Vec<Effect>) {
        let Some(Suggestion { exercise, routine }) = (match exercise {
            // Another exercise than the one suggested is that one alone.
            Some(id) => Some(Suggestion::one(id)),
            None => self.suggestion(),
        }) else {
            return;
        };
        let open = self.on_screen();
        self.here(now, fx);
        let sitting = since(now, self.sitting_since);
        self.end_hold(now, &exercise, fx);
        self.remember_done(&exercise, &routine, now);
        let closes_routine = !routine.is_empty();
        record(
            fx,
            now,
            Event::Done {
                exercise,
                sitting,
                routine,
            },
        );
        self.break_taken(now, closes_routine);
        if open {
            fx.push(Effect::CloseReminder);
        }
    }

    /// A stretch was done or skipped: no reminder is open any more, and sitting starts again
    /// with the next exercise up. `closes_routine`: it was a routine, so the count to the next
    /// one starts over.
    pub(super) fn break_taken(&mut self, now: SystemTime, closes_routine: bool) {
        self.bank(now);
        if closes_routine {
            self.day.toward_routine = Duration::ZERO;
        }
        self.prompt = Prompt::None;
        self.snoozes = 0;
        self.sitting_since = now;
        self.upcoming = self.rotation.pick(now);
    }

    pub(super) fn open(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        let suggestion = match &mut self.prompt {
            Prompt::Open {
                exercise,
                routine,
                raised_at,
                engaged,
                ..
            } => {
                // Reading how it's done takes a while: hold off the next nudge.
                *raised_at = now;
                *engaged = true;
                Suggestion::of(exercise, routine)
            }
            Prompt::Snoozed {
                exercise, routine, ..
            } => Suggestion::of(exercise, routine),
            Prompt::None => match &self.upcoming {
                Some(id) => Suggestion::one(id.clone()),
                None => return,
            },
        };
        let Suggestion { exercise, routine } = suggestion;
        record(
            fx,
            now,
            Event::Opened {
                exercise: exercise.clone(),
            },
        );
        fx.push(Effect::Open { exercise, routine });
    }

    pub(super) fn pause(&mut self, now: SystemTime, length: PauseFor, fx: &mut Vec<Effect>) {
        let until = match length {
            PauseFor::Length(d) => Some(now + d),
            PauseFor::Until(t) => Some(t),
            PauseFor::UntilResumed => None,
        };
        if let Some(Suggestion { exercise, .. }) = self.suggestion() {
            self.end_hold(now, &exercise, fx);
        }
        record(fx, now, Event::Paused { until });
        let open = self.on_screen();
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
        if let Some(Suggestion { exercise, .. }) = self.suggestion() {
            self.end_hold(now, &exercise, fx);
        }
        let sitting = self
            .away_since
            .is_none()
            .then(|| since(now, self.sitting_since));
        record(fx, now, Event::Stopped { sitting });
        if self.on_screen() {
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
