//! Holding a due reminder while the desktop asks for quiet (do not disturb, a fullscreen
//! window, a call on the camera) or outside the user's hours. Sitting time keeps counting; the
//! reminder comes a `grace` after the quiet ends, and the log says how long it waited and why.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use super::effect::{Effect, Event};
use super::tracker::{record, since, Prompt, Tracker};
use super::Reason;

/// How long a camera check may take before the reminder goes ahead without its answer: a
/// reminder that never comes is worse than one during a call.
pub(super) const CAMERA_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Default)]
pub(super) struct Quiet {
    /// What the desktop says asks for quiet now, whether or not the user honours it.
    pub signals: BTreeSet<Reason>,
    /// A due reminder waits, since then, first for this reason.
    pub held: Option<Hold>,
    /// The quiet ended: the held reminder comes at this moment unless it begins again.
    pub release_at: Option<SystemTime>,
    pub camera: CameraCheck,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Hold {
    pub since: SystemTime,
    pub reason: Reason,
}

/// Where the camera check for the reminder now due stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum CameraCheck {
    #[default]
    Unasked,
    Asked(SystemTime),
    /// Nobody else has it open: the reminder may come.
    Clear,
}

impl Tracker {
    pub(super) fn quiet_signal(&mut self, reason: Reason, on: bool) {
        let signals = &mut self.quiet.signals;
        if reason == Reason::Schedule {
            return;
        }
        if on {
            signals.insert(reason);
        } else {
            signals.remove(&reason);
        }
        if reason == Reason::Camera && self.quiet.camera != CameraCheck::Clear {
            // An answer to the check, or the camera freed after a call: either way a check
            // that was waiting is over. Only a free answer lets the reminder come at once.
            self.quiet.camera = match self.quiet.camera {
                CameraCheck::Asked(_) if !on => CameraCheck::Clear,
                _ => CameraCheck::Unasked,
            };
        }
    }

    /// Every reason that holds reminders now, the strongest first.
    pub(super) fn quiet_now(&self, now: SystemTime) -> Vec<Reason> {
        Reason::ALL
            .into_iter()
            .filter(|&reason| match reason {
                Reason::Schedule => !self.rules.schedule.allows_at(now, &self.zone),
                _ => self.rules.quiet.honours(reason) && self.quiet.signals.contains(&reason),
            })
            .collect()
    }

    pub(super) fn holding(&self, now: SystemTime) -> Option<Reason> {
        self.quiet_now(now).into_iter().next()
    }

    /// A reminder on screen goes away while it is quiet, to come back later; one the user
    /// asked for, or is following (its page open), stays.
    pub(super) fn withdraw_if_quiet(&mut self, now: SystemTime, fx: &mut Vec<Effect>) {
        if self.holding(now).is_none() {
            return;
        }
        if let Prompt::Open {
            engaged: false,
            withdrawn: withdrawn @ false,
            ..
        } = &mut self.prompt
        {
            *withdrawn = true;
            fx.push(Effect::CloseReminder);
        }
    }

    /// Whether a reminder that is due may be raised now. While quiet it is held; once the
    /// quiet ends it waits out the grace; then, if the camera counts, it waits for the check.
    pub(super) fn may_raise(&mut self, now: SystemTime, fx: &mut Vec<Effect>) -> bool {
        if let Some(reason) = self.holding(now) {
            self.quiet.held.get_or_insert(Hold { since: now, reason });
            self.quiet.release_at = None;
            self.quiet.camera = CameraCheck::Unasked;
            return false;
        }
        if self.quiet.held.is_some() {
            let grace = self.rules.quiet.grace;
            if now < *self.quiet.release_at.get_or_insert(now + grace) {
                return false;
            }
        }
        if self.rules.quiet.camera {
            match self.quiet.camera {
                CameraCheck::Clear => {}
                CameraCheck::Asked(at) if now < at + CAMERA_WAIT => return false,
                CameraCheck::Asked(_) => {}
                CameraCheck::Unasked => {
                    self.quiet.camera = CameraCheck::Asked(now);
                    fx.push(Effect::CheckCamera);
                    return false;
                }
            }
        }
        true
    }

    /// The reminder was raised, answered or overtaken by a break: a hold ends, and the log
    /// says how long it lasted.
    pub(super) fn end_hold(&mut self, now: SystemTime, exercise: &str, fx: &mut Vec<Effect>) {
        self.quiet.release_at = None;
        self.quiet.camera = CameraCheck::Unasked;
        if let Some(hold) = self.quiet.held.take() {
            record(
                fx,
                now,
                Event::Held {
                    reason: hold.reason,
                    held: since(now, hold.since),
                    exercise: exercise.to_owned(),
                },
            );
        }
    }

    /// When to look again for a due reminder that cannot come yet; `None` when only news from
    /// the desktop can change that (or nothing is waiting).
    pub(super) fn hold_deadline(&self) -> Option<Option<SystemTime>> {
        if self.holding(self.last_look).is_some() {
            return Some(None);
        }
        if let Some(at) = self.quiet.release_at {
            return Some(Some(at));
        }
        match self.quiet.camera {
            CameraCheck::Asked(at) => Some(Some(at + CAMERA_WAIT)),
            _ => None,
        }
    }
}
