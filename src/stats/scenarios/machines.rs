//! Two computers: sitting counted once, a break only when away from both.

use super::*;

#[test]
fn time_at_two_computers_at_once_counts_once() {
    let log = "
        desktop 2026-11-23 09:00 started
        laptop 09:30 started
        desktop 10:00 stopped sitting=1h
        laptop 11:00 stopped sitting=1h30m
    ";
    expect_report!(
        report(log, "2026-11-23", "2026-11-23"),
        "
        2026-11-23 sat 2h · longest 2h from 11-23 09:00
        week 2026-11-23 sat 2h · longest 2h from 11-23 09:00 · goal days 0
        streak 0 longest 0
        "
    );
}

#[test]
fn the_laptop_idle_while_the_desktop_is_used_is_no_break_and_leaving_both_is_one() {
    let log = "
        desktop 2026-11-23 09:00 started
        laptop 09:00 started
        laptop 09:20 natural_break away=10m cause=idle
        desktop 10:00 done chin-tuck
        laptop 10:30 returned away=1h20m
        desktop 12:05 natural_break away=5m cause=lock
        laptop 12:06 natural_break away=6m cause=idle
        desktop 12:30 returned away=30m
        laptop 12:31 returned away=31m
        desktop 13:00 stopped
        laptop 13:00 stopped
    ";
    // The laptop's break at 09:10 fell while the desktop was in use. At 12:00 both were left:
    // one break, caused by the lock (the stronger cause).
    expect_report!(
        report(log, "2026-11-23", "2026-11-23"),
        "
        2026-11-23 sat 3h30m · longest 2h from 11-23 10:00 · breaks 2 (done:1,lock:1) · areas neck:1 · moved every 1h45m
        week 2026-11-23 sat 3h30m · longest 2h from 11-23 10:00 · breaks 2 (done:1,lock:1) · areas neck:1 · moved every 1h45m · goal days 0
        streak 0 longest 0
        "
    );
}

#[test]
fn a_break_on_one_computer_counts_when_the_other_was_left_long_enough_within_it() {
    // The laptop was left at 09:10 and not touched till 11:00; the desktop was in use until
    // 09:30 and again from 09:40: a ten-minute gap at both, a break from 09:30.
    let log = "
        desktop 2026-11-23 09:00 started
        laptop 09:00 started
        laptop 09:20 natural_break away=10m cause=idle
        desktop 09:30 stopped
        desktop 09:40 started
        laptop 11:00 returned away=1h50m
        desktop 12:00 stopped
        laptop 12:00 stopped
    ";
    expect_report!(
        report(log, "2026-11-23", "2026-11-23"),
        "
        2026-11-23 sat 2h50m · longest 2h20m from 11-23 09:40 · breaks 1 (idle:1) · moved every 2h50m
        week 2026-11-23 sat 2h50m · longest 2h20m from 11-23 09:40 · breaks 1 (idle:1) · moved every 2h50m · goal days 0
        streak 0 longest 0
        "
    );
}

#[test]
fn reminders_and_stretches_on_each_computer_all_count() {
    let log = "
        desktop 2026-11-23 09:00 started
        laptop 09:10 started
        desktop 09:45 reminded chin-tuck
        desktop 09:46 done chin-tuck
        laptop 09:55 reminded wall-pec-stretch
        laptop 09:56 skipped wall-pec-stretch
        laptop 10:00 done shoulder-blade-squeeze
        laptop 10:30 stopped
        desktop 10:30 stopped
    ";
    let report = report_with(
        log,
        "2026-11-23",
        "2026-11-23",
        "2026-11-23",
        StatsRules::default(),
    );
    let day = &report.days[0].tally;
    assert_eq!(day.sitting_s, 90 * 60);
    assert_eq!(
        (
            day.reminders.raised,
            day.reminders.done,
            day.reminders.skipped
        ),
        (2, 1, 1)
    );
    assert_eq!(day.breaks.done, 2);
    assert_eq!(
        day.areas
            .iter()
            .map(|(a, n)| format!("{a}:{n}"))
            .collect::<Vec<_>>(),
        ["neck:1", "upper-back:1"]
    );
    assert_eq!(report.machines, ["desktop", "laptop"]);
}

#[test]
fn a_gap_at_both_shorter_than_natural_break_is_no_break() {
    // Unknot on the desktop restarted in three minutes while the laptop sat idle: no break,
    // and the stretch goes on across the gap (which is not counted as sitting).
    let log = "
        desktop 2026-11-23 09:00 started
        laptop 09:00 started
        laptop 09:20 natural_break away=10m cause=idle
        desktop 09:30 stopped
        desktop 09:33 started
        laptop 11:00 returned away=1h50m
        desktop 12:00 stopped
        laptop 12:00 stopped
    ";
    expect_report!(
        report(log, "2026-11-23", "2026-11-23"),
        "
        2026-11-23 sat 2h57m · longest 2h57m from 11-23 09:00
        week 2026-11-23 sat 2h57m · longest 2h57m from 11-23 09:00 · goal days 0
        streak 0 longest 0
        "
    );
}
