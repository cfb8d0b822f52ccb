//! Words for the tray and the notifications, from the core's status.

use std::time::{Duration, SystemTime};

use crate::clock;
use crate::config::Config;
use crate::core::{Reason, Reminder, State, Status};
use crate::exercise::{short_duration, Library};

use super::ports::{ReminderView, TrayLook, TrayView};

fn minutes(d: Duration) -> u64 {
    d.as_secs() / 60
}

/// Minutes until `t`, rounded up so that "in 1 min" is said until it is due.
fn minutes_until(t: SystemTime, now: SystemTime) -> u64 {
    t.duration_since(now)
        .map_or(0, |d| d.as_secs().div_ceil(60))
}

/// Why reminders wait, as the tray says it.
pub fn quiet_reason(reason: Reason) -> &'static str {
    match reason {
        Reason::DoNotDisturb => "do not disturb is on",
        Reason::Fullscreen => "a fullscreen window",
        Reason::Camera => "the camera is in use",
        Reason::Schedule => "outside your hours",
    }
}

fn name<'a>(library: &'a Library, id: Option<&'a str>) -> &'a str {
    match id {
        Some(id) => library.get(id).map_or(id, |e| e.name.as_str()),
        None => "a stretch",
    }
}

/// The menu's status line, held so it can be worded for whatever moment a host opens the menu:
/// no timer has to keep it current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    state: State,
    sitting_since: Option<SystemTime>,
    next_reminder: Option<SystemTime>,
    exercise: String,
    /// What asks for quiet now, the strongest first.
    quiet: Vec<Reason>,
    /// Stretches done today, and when today ends: the line stops saying so at midnight
    /// without a timer to take it off.
    done_today: u32,
    today_ends: Option<SystemTime>,
}

impl Headline {
    pub fn new(status: &Status, library: &Library) -> Headline {
        Headline {
            state: status.state.clone(),
            sitting_since: status.sitting_since,
            next_reminder: status.next_reminder,
            exercise: name(library, status.exercise.as_deref()).to_string(),
            quiet: status.quiet.clone(),
            done_today: 0,
            today_ends: None,
        }
    }

    /// Ends the line with today's count ("… · 4 stretches today") until `today_ends`.
    pub fn with_done_today(mut self, count: u32, today_ends: Option<SystemTime>) -> Headline {
        self.done_today = count;
        self.today_ends = today_ends;
        self
    }

    /// The line as it reads at `now`, e.g. "Sitting 32 min · stretch in 13 min · 4 stretches
    /// today" (the count only once there is one).
    pub fn at(&self, now: SystemTime) -> String {
        let line = self.state_at(now);
        match self.done_today {
            n if n > 0 && self.today_ends.is_some_and(|end| now < end) => {
                format!(
                    "{line} · {n} stretch{} today",
                    if n == 1 { "" } else { "es" }
                )
            }
            _ => line,
        }
    }

    fn sitting_minutes(&self, now: SystemTime) -> u64 {
        self.sitting_since
            .map_or(0, |t| minutes(now.duration_since(t).unwrap_or_default()))
    }

    fn state_at(&self, now: SystemTime) -> String {
        let exercise = &self.exercise;
        match &self.state {
            State::Sitting => {
                let sitting = self.sitting_minutes(now);
                let line = match self.next_reminder.map_or(0, |t| minutes_until(t, now)) {
                    0 => format!("Sitting {sitting} min · stretch due"),
                    due => format!("Sitting {sitting} min · stretch in {due} min"),
                };
                match self.quiet.first() {
                    Some(&reason) => format!("{line} · quiet: {}", quiet_reason(reason)),
                    None => line,
                }
            }
            State::Held { reason, .. } => {
                let sitting = self.sitting_minutes(now);
                match (reason, self.next_reminder) {
                    (Some(reason), _) => format!(
                        "Sitting {sitting} min · stretch waits: {}",
                        quiet_reason(*reason)
                    ),
                    (None, Some(t)) => format!(
                        "Sitting {sitting} min · stretch in {} min",
                        minutes_until(t, now).max(1)
                    ),
                    (None, None) => format!("Sitting {sitting} min · stretch due"),
                }
            }
            State::Reminding { .. } => format!("Time to stretch: {exercise}"),
            State::Snoozed { until } => {
                format!("Snoozed · {exercise} at {}", clock::local_time(*until, now))
            }
            State::Away { since } => {
                format!("On a break since {}", clock::local_time(*since, now))
            }
            State::Paused { until: Some(t) } => {
                format!("Paused until {}", clock::local_time(*t, now))
            }
            State::Paused { until: None } => "Paused".to_string(),
        }
    }
}

/// What the tray shows. Nothing in it changes with the mere passing of time, so the tray is
/// updated only when something happens; the countdown is worded by [`Headline::at`].
pub fn tray_view(status: &Status, now: SystemTime, library: &Library) -> TrayView {
    let headline = Headline::new(status, library);
    let look = match status.state {
        State::Reminding { .. } => TrayLook::Due,
        State::Paused { .. } => TrayLook::Paused,
        _ => TrayLook::Normal,
    };
    // The tooltip gives the exact moment rather than a countdown, so it changes only when the
    // plan does, not every minute: each tray update wakes the tray host.
    let tooltip = match status.next_reminder {
        Some(t) => format!(
            "Next stretch at {}: {}",
            clock::local_time_precise(t, now),
            headline.exercise
        ),
        None => headline.at(now),
    };
    TrayView {
        look,
        headline,
        tooltip,
        reminder_open: matches!(status.state, State::Reminding { .. }),
        can_snooze: matches!(status.state, State::Reminding { can_snooze: true }),
        paused: matches!(status.state, State::Paused { .. }),
        routine: !status.routine.is_empty(),
    }
}

pub fn reminder_view(reminder: &Reminder, library: &Library) -> ReminderView {
    if !reminder.routine.is_empty() {
        return routine_view(reminder, library);
    }
    let exercise = library.get(&reminder.exercise);
    let name = exercise.map_or(reminder.exercise.as_str(), |e| e.name.as_str());
    let body = match exercise {
        Some(e) => format!("{}\n{}", e.cue, e.dose()),
        None => "Stand up and move for a minute.".to_string(),
    };
    ReminderView {
        summary: format!("Time to stretch: {name}"),
        body,
        can_snooze: reminder.can_snooze,
        exercise: reminder.exercise.clone(),
        raised: reminder.raised,
    }
}

/// A routine's reminder: how long it takes, and what is in it.
fn routine_view(reminder: &Reminder, library: &Library) -> ReminderView {
    let exercises: Vec<_> = reminder
        .routine
        .iter()
        .filter_map(|id| library.get(id))
        .collect();
    let length: Duration = exercises.iter().map(|e| e.duration).sum();
    let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
    ReminderView {
        summary: format!(
            "Time to stretch: a short routine, {} exercises, about {} min",
            exercises.len(),
            minutes(length + Duration::from_secs(30)).max(1)
        ),
        body: format!(
            "{}.\nOpen it to be walked through, one exercise at a time.",
            names.join(", ")
        ),
        can_snooze: reminder.can_snooze,
        exercise: reminder.exercise.clone(),
        raised: reminder.raised,
    }
}

/// Said once a day when today's sitting passes the daily limit.
pub fn walk(sitting: Duration) -> (&'static str, String) {
    let hours = sitting.as_secs() / 3600;
    let minutes = sitting.as_secs() / 60 % 60;
    let sat = match minutes {
        0 => format!("{hours} h"),
        m => format!("{hours} h {m} min"),
    };
    (
        "Time for a walk",
        format!(
            "You have sat for {sat} today. Stretches help, but the back also needs you to \
             move: a walk of ten minutes or so, outside if you can, is the best next break."
        ),
    )
}

/// Said once, on the first start: what to expect, and that this is no medical advice.
pub fn welcome(config: &Config) -> (&'static str, String) {
    let every = short_duration(config.breaks.every);
    (
        "unknot has started",
        format!(
            "After {every} of sitting it suggests a stretch; answer here or from the tray icon. \
             These are general exercises, not medical advice: if something hurts, stop, and if \
             pain, numbness or tingling persists, see a professional."
        ),
    )
}

/// Said once when there is no tray to show the icon in.
pub fn no_tray_host() -> (&'static str, &'static str) {
    (
        "unknot: no system tray",
        "unknot keeps reminding you here, but its tray icon and menu cannot be shown: this \
         desktop has no StatusNotifierItem tray. On GNOME, install and enable the \
         \"AppIndicator and KStatusNotifierItem Support\" extension (Debian and Ubuntu: \
         gnome-shell-extension-appindicator); the icon appears as soon as a tray is there.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 + secs)
    }

    #[test]
    fn sitting_shows_minutes_and_the_countdown_rounded_up() {
        let library = Library::builtin();
        let status = Status {
            state: State::Sitting,
            sitting: Duration::from_secs(32 * 60),
            sitting_since: Some(at(0)),
            next_reminder: Some(at(45 * 60)),
            exercise: Some("wall-pec-stretch".into()),
            routine: Vec::new(),
            quiet: Vec::new(),
        };
        let view = tray_view(&status, at(32 * 60 - 30), &library);
        assert_eq!(
            view.headline.at(at(32 * 60 - 30)),
            "Sitting 31 min · stretch in 14 min"
        );
        assert_eq!(view.look, TrayLook::Normal);
        assert!(
            view.tooltip.starts_with("Next stretch at "),
            "{}",
            view.tooltip
        );
        assert!(
            view.tooltip.ends_with(": Wall pec stretch"),
            "{}",
            view.tooltip
        );
    }

    #[test]
    fn the_headline_reads_current_at_any_later_moment_from_one_view() {
        let library = Library::builtin();
        let status = Status {
            state: State::Sitting,
            sitting: Duration::from_secs(2 * 60),
            sitting_since: Some(at(0)),
            next_reminder: Some(at(45 * 60)),
            exercise: None,
            routine: Vec::new(),
            quiet: Vec::new(),
        };
        let view = tray_view(&status, at(2 * 60), &library);
        assert_eq!(
            view.headline.at(at(2 * 60)),
            "Sitting 2 min · stretch in 43 min"
        );
        assert_eq!(
            view.headline.at(at(32 * 60)),
            "Sitting 32 min · stretch in 13 min"
        );
        assert_eq!(
            view.headline.at(at(45 * 60)),
            "Sitting 45 min · stretch due"
        );
        // A minute later the core's status differs (sitting 3 min), the view does not.
        let later = Status {
            sitting: Duration::from_secs(3 * 60),
            ..status
        };
        assert_eq!(tray_view(&later, at(3 * 60), &library), view);
    }

    #[test]
    fn the_headline_ends_with_todays_count_until_midnight() {
        let library = Library::builtin();
        let status = Status {
            state: State::Sitting,
            sitting: Duration::from_secs(2 * 60),
            sitting_since: Some(at(0)),
            next_reminder: Some(at(45 * 60)),
            exercise: None,
            routine: Vec::new(),
            quiet: Vec::new(),
        };
        let headline = |count| {
            tray_view(&status, at(2 * 60), &library)
                .headline
                .with_done_today(count, Some(at(60 * 60)))
        };
        assert_eq!(
            headline(4).at(at(2 * 60)),
            "Sitting 2 min · stretch in 43 min · 4 stretches today"
        );
        assert_eq!(
            headline(1).at(at(2 * 60)),
            "Sitting 2 min · stretch in 43 min · 1 stretch today"
        );
        assert_eq!(
            headline(0).at(at(2 * 60)),
            "Sitting 2 min · stretch in 43 min"
        );
        // Past midnight (here: an hour in) the count was yesterday's.
        assert_eq!(headline(4).at(at(60 * 60)), "Sitting 60 min · stretch due");
    }

    #[test]
    fn an_open_reminder_names_the_exercise() {
        let library = Library::builtin();
        let status = Status {
            state: State::Reminding { can_snooze: false },
            sitting: Duration::from_secs(45 * 60),
            sitting_since: Some(at(0)),
            next_reminder: None,
            exercise: Some("chin-tuck".into()),
            routine: Vec::new(),
            quiet: Vec::new(),
        };
        let view = tray_view(&status, at(0), &library);
        assert_eq!(view.headline.at(at(0)), "Time to stretch: Chin tuck");
        assert_eq!(view.look, TrayLook::Due);
        assert!(view.reminder_open && !view.can_snooze);
    }

    #[test]
    fn a_reminder_reads_summary_cue_and_dose() {
        let library = Library::builtin();
        let reminder = Reminder {
            exercise: "wall-pec-stretch".into(),
            can_snooze: true,
            raised: 1,
            routine: Vec::new(),
        };
        let view = reminder_view(&reminder, &library);
        let exercise = library.get("wall-pec-stretch").expect("built in");
        assert_eq!(view.summary, "Time to stretch: Wall pec stretch");
        assert_eq!(view.body, format!("{}\n{}", exercise.cue, exercise.dose()));
    }
}
