//! Scenarios of being away: locks, suspends, clock sets, and the idle source coming and going.

use std::time::{Duration, UNIX_EPOCH};

use super::*;

#[test]
fn a_lock_of_natural_break_or_more_is_a_break_caused_by_the_lock() {
    transcript!(
        "+20m; lock; away 10m; unlock; +1m; status",
        "
        25m log natural_break away=5m sitting=20m (lock)
        30m log returned away=10m
        31m status sitting sitting=1m next=1h15m exercise=chin-tuck
        "
    );
}

#[test]
fn the_key_that_unlocks_does_not_end_the_break_early() {
    // A key pressed on the lock screen is input, but the user is back only once unlocked.
    transcript!(
        "+20m; lock; away 3m; +5s; away 3m; unlock; status",
        "
        25m log natural_break away=5m sitting=20m (lock)
        26m5s log returned away=6m5s
        26m5s status sitting sitting=0s next=1h11m5s exercise=chin-tuck
        "
    );
}

#[test]
fn a_short_lock_is_no_break_and_a_reminder_due_meanwhile_waits_for_the_unlock() {
    transcript!(
        "+43m; lock; away 3m; unlock; +1m",
        "
        46m log reminded chin-tuck sitting=46m
        46m remind chin-tuck
        "
    );
}

#[test]
fn a_suspend_across_a_due_reminder_is_one_break_and_nothing_pops_up_on_waking() {
    transcript!(
        "+40m; suspend 8h; +30m; status",
        "
        40m log suspended sitting=40m
        8h40m log natural_break away=8h sitting=40m (suspend)
        8h40m log returned away=8h
        9h10m status sitting sitting=30m next=9h25m exercise=chin-tuck
        "
    );
}

#[test]
fn a_short_suspend_is_no_break_and_sitting_goes_on() {
    transcript!(
        "+40m; suspend 2m; +4m",
        "
        40m log suspended sitting=40m
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        "
    );
}

#[test]
fn waking_to_a_lock_screen_is_away_until_the_unlock() {
    transcript!(
        "+30m; lock; suspend 1h; away 2m; unlock; +1m",
        "
        30m log suspended sitting=30m
        1h30m log natural_break away=1h sitting=30m (suspend)
        1h32m log returned away=1h2m
        "
    );
}

#[test]
fn the_clock_set_forward_is_no_break_and_keeps_the_interval() {
    transcript!(
        "+10m; clock +2h; +36m",
        "
        2h45m log reminded chin-tuck sitting=45m
        2h45m remind chin-tuck
        "
    );
}

#[test]
fn the_clock_set_forward_unnoticed_looks_like_a_sleep() {
    // Without a timer that tells a clock set from a sleep, only the gap is seen.
    transcript!(
        "+10m; jump +2h; +1m",
        "
        2h10m log natural_break away=2h sitting=10m (suspend)
        2h10m log returned away=2h
        "
    );
}

#[test]
fn a_timed_pause_keeps_its_end_on_the_wall_clock_when_the_clock_goes_back() {
    transcript!(
        "+10m; pause 30m; clock -1h; +1h31m",
        "
        10m log paused until=40m
        40m log resumed after=1h30m auto
        40m log reminded chin-tuck sitting=1h40m
        40m remind chin-tuck
        "
    );
}

#[test]
fn an_idle_source_lost_and_found_again() {
    // Lost: away time cannot be seen. Found while the user is still away: the new source
    // reports how long at once, and the break counts from the last input.
    transcript!(
        "+20m; no-idle-source; away 10m; idle-source; away 1m; +1m",
        "
        30m log natural_break away=10m sitting=20m
        31m log returned away=11m
        "
    );
}

#[test]
fn a_logind_wake_after_the_timer_has_already_seen_the_gap_is_still_one_break() {
    let start = UNIX_EPOCH + START;
    let mut tracker = Tracker::new(start, Rules::default(), library(), []);
    let minutes = |m: u64| Duration::from_secs(m * 60);
    for m in 1..=30 {
        tracker.handle(start + minutes(m), Input::Tick);
    }
    tracker.handle(start + minutes(30), Input::Sleeping);
    // After eight hours the timer fires before logind's word of the wake arrives.
    let woke = start + minutes(30) + Duration::from_secs(8 * 3600);
    let mut records = Vec::new();
    for input in [Input::Tick, Input::Woke, Input::Tick] {
        for effect in tracker.handle(woke, input) {
            if let Effect::Record(r) = effect {
                records.push(r.event.name());
            }
        }
    }
    assert_eq!(records, ["natural_break", "returned"]);
}
