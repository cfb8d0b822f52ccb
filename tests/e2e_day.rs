//! The day, on the real app: reminders only in the user's hours (and one after a grace when
//! they begin), the daily limit's walk once a day, and a routine once enough is sat.

mod support;

use jiff::Timestamp;
use serde_json::Value;
use support::config::TEST_CONFIG;
use support::control::{quiet, wait_for_status};
use support::history::{event_name, timestamp};
use support::notifications::Notify;
use support::reminders::{done, is_reminder, wait_for_reminder, Mark};
use support::Session;

/// The same hours every day (the app runs with TZ=UTC).
fn schedule(range: &str) -> String {
    format!("[schedule]\nweekdays = [\"{range}\"]\nweekend = [\"{range}\"]\n")
}

/// Minutes after midnight as "HH:MM".
fn hm(minutes: i64) -> String {
    format!(
        "{:02}:{:02}",
        minutes.rem_euclid(1440) / 60,
        minutes.rem_euclid(60)
    )
}

fn minutes_now() -> i64 {
    let now = Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC);
    i64::from(now.hour()) * 60 + i64::from(now.minute())
}

fn utc_session() -> Session {
    let mut session = Session::new();
    session.set_env("TZ", "UTC");
    session.keep_active();
    session
}

fn is_walk(n: &Notify) -> bool {
    n.app_name == "unknot" && n.summary == "Time for a walk"
}

#[test]
fn outside_the_hours_a_due_reminder_waits_and_comes_a_grace_after_they_begin() {
    let mut session = utc_session();
    // Hours two to three hours from now: none now, whatever the time of day.
    let now = minutes_now();
    let grace = "[quiet]\ngrace = \"2s\"\n";
    session.write_config(&format!(
        "{TEST_CONFIG}{grace}{}",
        schedule(&format!("{}-{}", hm(now + 120), hm(now + 180)))
    ));
    session.start_app();
    let held = wait_for_status(&session, "a reminder held outside the hours", |s| {
        s["state"] == "held" && quiet(s) == ["schedule"]
    });
    assert!(
        held["tooltip"]
            .as_str()
            .is_some_and(|t| t.contains("outside your hours")),
        "{held}"
    );
    let shown = session.notifications().notifications();
    assert!(
        !shown.iter().any(is_reminder),
        "a reminder was shown outside the hours: {shown:?}"
    );

    // The hours begin: hours that hold the whole day.
    let changed = Timestamp::now();
    session.replace_config(&format!("{TEST_CONFIG}{grace}{}", schedule("00:00-24:00")));
    let reminder = wait_for_reminder(&session, Mark::START);
    let events = session.history().events();
    let held = events
        .iter()
        .position(|e| event_name(e) == "held")
        .unwrap_or_else(|| panic!("no `held` record: {events:?}"));
    assert_eq!(events[held]["reason"], "schedule", "{}", events[held]);
    assert!(
        events[held]["held_s"].as_u64().is_some(),
        "{}",
        events[held]
    );
    assert_eq!(event_name(&events[held + 1]), "reminded", "{events:?}");
    assert_eq!(reminder.index, held + 1);
    // Not at once: the grace (2 s) after the hours began, which was after the config changed.
    let raised = timestamp(&events[held + 1]);
    assert!(
        raised.duration_since(changed) >= jiff::SignedDuration::from_secs(2),
        "raised at {raised}, the hours began after {changed}: no grace"
    );
}

#[test]
fn the_walk_is_suggested_once_when_the_day_passes_the_limit_and_not_again_after_a_restart() {
    let mut session = utc_session();
    let config = TEST_CONFIG
        .replace("every = \"4s\"", "every = \"6s\"")
        .replace("remind_again", "daily_limit = \"2s\"\nremind_again");
    session.write_config(&config);
    session.start_app();
    let walk =
        session
            .notifications()
            .wait_for_notify_since(0, "the walk (\"Time for a walk\")", is_walk);
    assert!(walk.body.contains("walk"), "{walk:?}");
    let logged = session.history().wait_for_event("daily_limit");
    assert!(
        logged["sitting_s"].as_u64().is_some_and(|s| s >= 2),
        "{logged}"
    );

    // The first reminder (6 s of sitting) comes well after the limit (2 s): by then a second
    // walk would have shown.
    let first = wait_for_reminder(&session, Mark::START);
    let walks = |session: &Session| {
        session
            .notifications()
            .notifications()
            .iter()
            .filter(|n| is_walk(n))
            .count()
    };
    assert_eq!(walks(&session), 1);
    done(&session, &first);

    // Started again the same day, unknot reads that the walk was suggested.
    session.app().terminate();
    session.reap_app(support::TIMEOUT);
    let mark = Mark::now(&session);
    session.start_app();
    wait_for_reminder(&session, mark);
    assert_eq!(walks(&session), 1, "the walk came again after a restart");
    assert_eq!(session.history().named("daily_limit").len(), 1);
}

#[test]
fn once_routine_every_is_sat_the_reminder_offers_a_routine_and_done_logs_each_exercise() {
    let mut session = utc_session();
    // The first reminder at 4 s is one exercise; the next brings the sitting to 8 s, past 6 s.
    let config = TEST_CONFIG.replace("remind_again", "routine_every = \"6s\"\nremind_again");
    session.write_config(&config);
    session.start_app();
    let first = wait_for_reminder(&session, Mark::START);
    assert!(first.event.get("routine").is_none(), "{}", first.event);
    let after = done(&session, &first);
    let routine = wait_for_reminder(&session, after);
    let exercises: Vec<&str> = routine.event["routine"]
        .as_array()
        .unwrap_or_else(|| panic!("the second reminder is no routine: {}", routine.event))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        (3..=5).contains(&exercises.len()),
        "a routine has 3 to 5 exercises: {exercises:?}"
    );
    assert_eq!(routine.event["exercise"], exercises[0]);
    assert!(
        routine.notify.summary.contains("routine"),
        "{:?}",
        routine.notify
    );
    let status = wait_for_status(&session, "the routine open", |s| {
        s["state"] == "reminding" && s["routine"].as_array().is_some_and(|r| !r.is_empty())
    });
    assert_eq!(status["routine"], routine.event["routine"]);
    done(&session, &routine);
    let logged = session.history().named("done");
    let last = logged.last().expect("a done");
    assert_eq!(last["routine"], routine.event["routine"], "{last}");
}
