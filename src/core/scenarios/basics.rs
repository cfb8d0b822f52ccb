//! Scenarios of the plain break loop: reminders, answers, pauses, natural breaks.

use super::*;

#[test]
fn a_reminder_comes_after_45_minutes_of_sitting_and_done_restarts_the_count() {
    transcript!(
        "+45m; status; done; status; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m status reminding sitting=45m exercise=chin-tuck
        45m log done chin-tuck sitting=45m
        45m close
        45m status sitting sitting=0s next=1h30m exercise=shoulder-blade-squeeze
        1h30m log reminded shoulder-blade-squeeze sitting=45m
        1h30m remind shoulder-blade-squeeze
        "
    );
}

#[test]
fn short_pauses_in_input_still_count_as_sitting() {
    transcript!(
        "+20m; away 4m; +21m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        "
    );
}

#[test]
fn being_away_for_the_natural_break_restarts_sitting() {
    transcript!(
        "+20m; away 6m; status; +46m",
        "
        25m log natural_break away=5m sitting=20m
        26m status away since=20m sitting=0s exercise=chin-tuck
        26m log returned away=6m
        1h11m log reminded chin-tuck sitting=45m
        1h11m remind chin-tuck
        "
    );
}

#[test]
fn skip_is_logged_and_restarts_sitting() {
    transcript!(
        "+45m; skip; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log skipped chin-tuck sitting=45m
        45m close
        1h30m log reminded shoulder-blade-squeeze sitting=45m
        1h30m remind shoulder-blade-squeeze
        "
    );
}

#[test]
fn snooze_brings_the_reminder_back_and_runs_out_after_max_snoozes() {
    transcript!(
        "+45m; snooze; status; +10m; snooze; +10m; snooze; +10m; status; snooze; done",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log snoozed chin-tuck n=1 until=55m
        45m close
        45m status snoozed until=55m sitting=45m next=55m exercise=chin-tuck
        55m log reminded chin-tuck sitting=55m
        55m remind chin-tuck
        55m log snoozed chin-tuck n=2 until=1h5m
        55m close
        1h5m log reminded chin-tuck sitting=1h5m
        1h5m remind chin-tuck
        1h5m log snoozed chin-tuck n=3 until=1h15m
        1h5m close
        1h15m log reminded chin-tuck sitting=1h15m
        1h15m remind chin-tuck no-snooze
        1h15m status reminding no-snooze sitting=1h15m exercise=chin-tuck
        1h15m log done chin-tuck sitting=1h15m
        1h15m close
        "
    );
}

#[test]
fn an_ignored_reminder_is_raised_again_every_five_minutes() {
    transcript!(
        "+45m; +10m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        50m log reminded chin-tuck sitting=50m #2
        50m remind chin-tuck #2
        55m log reminded chin-tuck sitting=55m #3
        55m remind chin-tuck #3
        "
    );
}

#[test]
fn stepping_away_while_a_reminder_is_open_counts_as_taken() {
    // chin-tuck takes 30 s, shorter than the 5 minute natural break.
    transcript!(
        "+45m; away 3m; +1m; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m30s log natural_break away=30s sitting=45m chin-tuck
        45m30s close
        48m log returned away=3m
        1h33m log reminded shoulder-blade-squeeze sitting=45m
        1h33m remind shoulder-blade-squeeze
        "
    );
}

#[test]
fn a_reminder_raised_while_already_idle_counts_the_time_from_when_it_appeared() {
    transcript!(
        "+41m; away 5m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m30s log natural_break away=4m30s sitting=41m chin-tuck
        45m30s close
        "
    );
}

#[test]
fn pause_holds_reminders_and_ends_by_itself() {
    transcript!(
        "+40m; pause 30m; status; +30m",
        "
        40m log paused until=1h10m
        40m status paused until=1h10m sitting=40m exercise=chin-tuck
        1h10m log resumed after=30m auto
        1h10m log reminded chin-tuck sitting=1h10m
        1h10m remind chin-tuck
        "
    );
}

#[test]
fn pausing_closes_an_open_reminder_and_resume_brings_it_back() {
    transcript!(
        "+45m; pause; +2h; resume",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log paused
        45m close
        2h45m log resumed after=2h
        2h45m log reminded chin-tuck sitting=2h45m
        2h45m remind chin-tuck
        "
    );
}

#[test]
fn natural_breaks_still_count_while_paused() {
    transcript!(
        "pause; +30m; away 10m; +1m; resume; +45m",
        "
        0s log paused
        35m log natural_break away=5m sitting=30m
        40m log returned away=10m
        41m log resumed after=41m
        1h25m log reminded chin-tuck sitting=45m
        1h25m remind chin-tuck
        "
    );
}

#[test]
fn a_suspended_machine_counts_as_a_break() {
    transcript!(
        "+30m; sleep 8h; +45m",
        "
        8h30m log natural_break away=8h sitting=30m (suspend)
        8h30m log returned away=8h
        9h15m log reminded chin-tuck sitting=45m
        9h15m remind chin-tuck
        "
    );
}

#[test]
fn a_shorter_interval_applies_at_once() {
    transcript!(
        "+30m; set every=20m",
        "
        30m log reminded chin-tuck sitting=30m
        30m remind chin-tuck
        "
    );
}

#[test]
fn stretch_now_and_open_exercise() {
    transcript!(
        "+10m; open; stretch; +2m; open; +5m; done",
        "
        10m log opened chin-tuck
        10m open chin-tuck
        10m log reminded chin-tuck sitting=10m manual
        10m remind chin-tuck
        12m log opened chin-tuck
        12m open chin-tuck
        17m log reminded chin-tuck sitting=17m #2
        17m remind chin-tuck #2
        17m log done chin-tuck sitting=17m
        17m close
        "
    );
}

#[test]
fn without_an_idle_source_only_answers_end_sitting() {
    transcript!(
        "no-idle-source; +20m; away 30m; status",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        50m log reminded chin-tuck sitting=50m #2
        50m remind chin-tuck #2
        50m status reminding sitting=50m exercise=chin-tuck
        "
    );
}

#[test]
fn idle_time_from_before_the_start_is_not_a_break() {
    // Already idle for an hour when unknot starts: away counts from the start.
    let start = UNIX_EPOCH + START;
    let mut tracker = Tracker::new(start, Rules::default(), library(), []);
    tracker.handle(start, Input::IdleSource(true));
    let hour = Duration::from_secs(3600);
    let effects = tracker.handle(
        start,
        Input::Idle {
            since: start - hour,
        },
    );
    assert!(
        effects.iter().all(|e| matches!(e, Effect::Status(_))),
        "{effects:?}"
    );
    let five = start + Duration::from_secs(300);
    assert_eq!(tracker.next_deadline(), start + Duration::from_secs(60));
    let mut now = start;
    while now < five {
        now = tracker.next_deadline();
        tracker.handle(now, Input::Tick);
    }
    assert_eq!(now, five);
    assert_eq!(tracker.status(five).state, State::Away { since: start });
}

#[test]
fn answers_without_a_reminder_do_nothing() {
    transcript!("+5m; done; skip; snooze; resume", "");
}

#[test]
fn the_clock_going_back_unnoticed_keeps_the_interval() {
    // Set back by an hour ten minutes in, with no timer to say so: 35 more minutes are due.
    transcript!(
        "+10m; jump -1h; +36m",
        "
        -15m log reminded chin-tuck sitting=45m
        -15m remind chin-tuck
        "
    );
}

#[test]
fn every_fifth_reminder_is_a_habit_when_each_is_done() {
    transcript!(
        "+45m; done; +45m; done; +45m; done; +45m; done; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log done chin-tuck sitting=45m
        45m close
        1h30m log reminded shoulder-blade-squeeze sitting=45m
        1h30m remind shoulder-blade-squeeze
        1h30m log done shoulder-blade-squeeze sitting=45m
        1h30m close
        2h15m log reminded wall-pec-stretch sitting=45m
        2h15m remind wall-pec-stretch
        2h15m log done wall-pec-stretch sitting=45m
        2h15m close
        3h log reminded shoulder-blade-squeeze sitting=45m
        3h remind shoulder-blade-squeeze
        3h log done shoulder-blade-squeeze sitting=45m
        3h close
        3h45m log reminded drink-water sitting=45m
        3h45m remind drink-water
        "
    );
}

#[test]
fn a_reminder_open_only_a_moment_before_a_natural_break_is_not_taken() {
    // Left 4 min 59 s before the reminder: the break counts, the stretch was not done, so
    // it is suggested again next time.
    transcript!(
        "+40m1s; away 5m; +46m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m1s log natural_break away=5m sitting=40m1s
        45m1s close
        45m1s log returned away=5m
        1h30m1s log reminded chin-tuck sitting=45m
        1h30m1s remind chin-tuck
        "
    );
}

#[test]
fn losing_the_idle_source_while_away_counts_the_user_back() {
    transcript!(
        "+20m; away 6m; no-idle-source; +46m",
        "
        25m log natural_break away=5m sitting=20m
        26m log returned away=6m
        1h11m log reminded chin-tuck sitting=45m
        1h11m remind chin-tuck
        "
    );
}

#[test]
fn the_clock_going_back_while_away_still_sees_the_return() {
    transcript!(
        "+10m; away 6m; clock -1h; +1m; status",
        "
        15m log natural_break away=5m sitting=10m
        -44m log returned away=6m
        -43m status sitting sitting=1m next=1m exercise=chin-tuck
        "
    );
}
