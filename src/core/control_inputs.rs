//! The inputs only the command line gives: a snooze of a chosen length, and a stretch done
//! without (or instead of) the one a reminder suggests.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;

const MIN: Duration = Duration::from_secs(60);

fn tracker(start: SystemTime) -> Tracker {
    let meta = |id: &str| ExerciseMeta {
        id: id.into(),
        kind: Kind::Stretch,
        area: Area::Neck,
        duration: Duration::from_secs(30),
    };
    Tracker::new(
        start,
        Rules::default(),
        vec![meta("chin-tuck"), meta("corner-stretch")],
        [],
    )
}

fn records(effects: &[Effect]) -> Vec<Event> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Record(r) => Some(r.event.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_snooze_of_a_chosen_length_counts_toward_the_limit() {
    let start = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let mut t = tracker(start);
    let max = Rules::default().max_snoozes;
    let mut now = start;
    for round in 1..=max {
        t.handle(now, Input::StretchNow);
        let fx = t.handle(now, Input::SnoozeFor(2 * MIN));
        match records(&fx).as_slice() {
            [Event::Snoozed { until, snoozes, .. }] => {
                assert_eq!((*until, *snoozes), (now + 2 * MIN, round));
            }
            other => panic!("round {round}: {other:?}"),
        }
        now += 2 * MIN;
    }
    t.handle(now, Input::StretchNow);
    let fx = t.handle(now, Input::SnoozeFor(2 * MIN));
    assert!(records(&fx).is_empty(), "snoozed past the limit: {fx:?}");
    assert!(matches!(
        t.status(now).state,
        State::Reminding { can_snooze: false }
    ));
}

#[test]
fn done_without_a_reminder_logs_the_upcoming_exercise_and_restarts_sitting() {
    let start = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let mut t = tracker(start);
    let upcoming = t.status(start).exercise.expect("an exercise up next");
    // The driver looks every minute at least; a longer silence would be a sleep.
    for m in 1..=20 {
        t.handle(start + m * MIN, Input::Tick);
    }
    let now = start + 20 * MIN;
    let fx = t.handle(now, Input::Did(None));
    assert_eq!(
        records(&fx),
        [Event::Done {
            exercise: upcoming.clone(),
            sitting: 20 * MIN,
            routine: Vec::new(),
        }]
    );
    assert!(!fx.contains(&Effect::CloseReminder));
    let status = t.status(now);
    assert_eq!(status.sitting_since, Some(now));
    assert_ne!(status.exercise, Some(upcoming), "the rotation moves on");
}

#[test]
fn done_with_another_exercise_answers_the_open_reminder() {
    let start = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let mut t = tracker(start);
    t.handle(start, Input::StretchNow);
    let fx = t.handle(start + MIN, Input::Did(Some("corner-stretch".into())));
    assert_eq!(
        records(&fx),
        [Event::Done {
            exercise: "corner-stretch".into(),
            sitting: MIN,
            routine: Vec::new(),
        }]
    );
    assert!(fx.contains(&Effect::CloseReminder));
    assert_eq!(t.status(start + MIN).state, State::Sitting);
}
