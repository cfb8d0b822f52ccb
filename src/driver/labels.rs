//! Words for the tray and the notifications, from the core's status.

use std::time::{Duration, SystemTime};

use crate::clock;
use crate::config::Config;
use crate::core::{Reminder, State, Status};
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

fn name<'a>(library: &'a Library, id: Option<&'a str>) -> &'a str {
    match id {
        Some(id) => library.get(id).map_or(id, |e| e.name.as_str()),
        None => "a stretch",
    }
}

pub fn tray_view(status: &Status, now: SystemTime, library: &Library) -> TrayView {
    let exercise = name(library, status.exercise.as_deref());
    let sitting = minutes(status.sitting);
    let (look, headline) = match &status.state {
        State::Sitting => {
            let due = status.next_reminder.map_or(0, |t| minutes_until(t, now));
            let headline = if due == 0 {
                format!("Sitting {sitting} min · stretch due")
            } else {
                format!("Sitting {sitting} min · stretch in {due} min")
            };
            (TrayLook::Normal, headline)
        }
        State::Reminding { .. } => (TrayLook::Due, format!("Time to stretch: {exercise}")),
        State::Snoozed { until } => (
            TrayLook::Normal,
            format!("Snoozed · {exercise} at {}", clock::local_time(*until, now)),
        ),
        State::Away { since } => (
            TrayLook::Normal,
            format!("On a break since {}", clock::local_time(*since, now)),
        ),
        State::Paused { until: Some(t) } => (
            TrayLook::Paused,
            format!("Paused until {}", clock::local_time(*t, now)),
        ),
        State::Paused { until: None } => (TrayLook::Paused, "Paused".to_string()),
    };
    // The tooltip gives the exact moment rather than a countdown, so it changes only when the
    // plan does, not every minute: each tray update wakes several threads.
    let tooltip = match status.next_reminder {
        Some(t) => format!(
            "Next stretch at {}: {exercise}",
            clock::local_time_precise(t, now)
        ),
        None => headline.clone(),
    };
    TrayView {
        look,
        headline,
        tooltip,
        reminder_open: matches!(status.state, State::Reminding { .. }),
        can_snooze: matches!(status.state, State::Reminding { can_snooze: true }),
        paused: matches!(status.state, State::Paused { .. }),
    }
}

pub fn reminder_view(reminder: &Reminder, library: &Library) -> ReminderView {
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

/// Said once, on the first start: what to expect, and that this is no medical advice.
pub fn welcome(config: &Config) -> (&'static str, String) {
    let every = short_duration(config.breaks.every);
    (
        "unknot is in your tray",
        format!(
            "After {every} of sitting it suggests a stretch; answer here or from the tray icon. \
             These are general exercises, not medical advice: if something hurts, stop, and if \
             pain, numbness or tingling persists, see a professional."
        ),
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
            next_reminder: Some(at(45 * 60)),
            exercise: Some("wall-pec-stretch".into()),
        };
        let view = tray_view(&status, at(32 * 60 - 30), &library);
        assert_eq!(view.headline, "Sitting 32 min · stretch in 14 min");
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
    fn an_open_reminder_names_the_exercise() {
        let library = Library::builtin();
        let status = Status {
            state: State::Reminding { can_snooze: false },
            sitting: Duration::from_secs(45 * 60),
            next_reminder: None,
            exercise: Some("chin-tuck".into()),
        };
        let view = tray_view(&status, at(0), &library);
        assert_eq!(view.headline, "Time to stretch: Chin tuck");
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
        };
        let view = reminder_view(&reminder, &library);
        let exercise = library.get("wall-pec-stretch").expect("built in");
        assert_eq!(view.summary, "Time to stretch: Wall pec stretch");
        assert_eq!(view.body, format!("{}\n{}", exercise.cue, exercise.dose()));
    }
}
