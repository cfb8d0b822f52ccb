//! When the driver should look again, and how long without input the idle source should
//! report: the tracker's side of "never polling while nothing is due".

use std::time::{Duration, SystemTime};

use super::tracker::{since, whole_minutes, Prompt, Tracker, HEARTBEAT};

impl Tracker {
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
    pub(super) fn due_at(&self) -> SystemTime {
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
}
