//! Scenarios of the day: the user's hours, routines, and the daily limit.

use super::*;

#[test]
fn before_the_hours_begin_a_due_reminder_waits_then_comes_after_the_grace() {
    transcript!("set hours=10:00-18:00; local; +50m; status; +30m", "
        Fri 09:50:00 status held since=Fri 09:45:00 schedule sitting=50m exercise=chin-tuck quiet=schedule
        Fri 10:01:00 log held chin-tuck for=16m (schedule)
        Fri 10:01:00 log reminded chin-tuck sitting=1h1m
        Fri 10:01:00 remind chin-tuck
        Fri 10:06:00 log reminded chin-tuck sitting=1h6m #2
        Fri 10:06:00 remind chin-tuck #2
        Fri 10:11:00 log reminded chin-tuck sitting=1h11m #3
        Fri 10:11:00 remind chin-tuck #3
        Fri 10:16:00 log reminded chin-tuck sitting=1h16m #4
        Fri 10:16:00 remind chin-tuck #4
        ");
}

#[test]
fn hours_that_run_past_midnight() {
    transcript!(
        "set every=2h; set hours=22:00-02:00; local; +13h; status; +1m; done; +2h; done; +2h; status",
        "
        Fri 22:00:00 status held since=Fri 11:00:00 grace sitting=13h next=Fri 22:01:00 exercise=chin-tuck
        Fri 22:01:00 log held chin-tuck for=11h1m (schedule)
        Fri 22:01:00 log reminded chin-tuck sitting=13h1m
        Fri 22:01:00 remind chin-tuck
        Fri 22:01:00 log done chin-tuck sitting=13h1m
        Fri 22:01:00 close
        Sat 00:01:00 log reminded shoulder-blade-squeeze sitting=2h
        Sat 00:01:00 remind shoulder-blade-squeeze
        Sat 00:01:00 log done shoulder-blade-squeeze sitting=2h
        Sat 00:01:00 close
        Sat 02:01:00 status held since=Sat 02:01:00 schedule sitting=2h exercise=wall-pec-stretch quiet=schedule
        "
    );
}

#[test]
fn a_break_outside_the_hours_still_counts() {
    transcript!(
        "set hours=10:00-18:00; local; +30m; away 6m; +50m",
        "
        Fri 09:35:00 log natural_break away=5m sitting=30m
        Fri 09:36:00 log returned away=6m
        Fri 10:21:00 log reminded chin-tuck sitting=45m
        Fri 10:21:00 remind chin-tuck
        Fri 10:26:00 log reminded chin-tuck sitting=50m #2
        Fri 10:26:00 remind chin-tuck #2
        "
    );
}

#[test]
fn the_walk_is_suggested_once_a_day() {
    transcript!(
        "set daily_limit=1h30m; +45m; done; +45m; done; +45m; done; suspend 20h; +45m; done; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log done chin-tuck sitting=45m
        45m close
        1h30m log reminded shoulder-blade-squeeze sitting=45m
        1h30m remind shoulder-blade-squeeze
        1h30m log daily_limit sitting=1h30m
        1h30m suggest a walk sat=1h30m
        1h30m log done shoulder-blade-squeeze sitting=45m
        1h30m close
        2h15m log reminded wall-pec-stretch sitting=45m
        2h15m remind wall-pec-stretch
        2h15m log done wall-pec-stretch sitting=45m
        2h15m close
        2h15m log suspended sitting=0s
        22h15m log natural_break away=20h sitting=0s (suspend)
        22h15m log returned away=20h
        23h log reminded shoulder-blade-squeeze sitting=45m
        23h remind shoulder-blade-squeeze
        23h log done shoulder-blade-squeeze sitting=45m
        23h close
        23h45m log reminded drink-water sitting=45m
        23h45m remind drink-water
        23h45m log daily_limit sitting=1h30m
        23h45m suggest a walk sat=1h30m
        "
    );
}

#[test]
fn the_walk_waits_for_quiet_to_end() {
    transcript!(
        "set daily_limit=1h; set every=2h; +50m; dnd on; +20m; dnd off",
        "
        1h10m log daily_limit sitting=1h10m
        1h10m suggest a walk sat=1h10m
        "
    );
}

#[test]
fn a_routine_comes_once_routine_every_is_sat_and_done_starts_the_count_again() {
    transcript!(
        "set routine_every=1h30m; +45m; done; +45m; status; done; +45m; done; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log done chin-tuck sitting=45m
        45m close
        1h30m log reminded routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water sitting=45m
        1h30m remind routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water
        1h30m status reminding sitting=45m exercise=wall-pec-stretch
        1h30m log done routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water sitting=45m
        1h30m close
        2h15m log reminded chin-tuck sitting=45m
        2h15m remind chin-tuck
        2h15m log done chin-tuck sitting=45m
        2h15m close
        3h log reminded routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water sitting=45m
        3h remind routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water
        "
    );
}

#[test]
fn breaks_do_not_reset_the_count_to_a_routine_but_skipping_one_does() {
    transcript!(
        "set routine_every=1h30m; +45m; done; +30m; away 6m; +45m; skip; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log done chin-tuck sitting=45m
        45m close
        1h20m log natural_break away=5m sitting=30m
        1h21m log returned away=6m
        2h6m log reminded routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water sitting=45m
        2h6m remind routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water
        2h6m log skipped routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water sitting=45m
        2h6m close
        2h51m log reminded chin-tuck sitting=45m
        2h51m remind chin-tuck
        "
    );
}

#[test]
fn stepping_away_from_a_routine_is_a_break_not_the_routine() {
    transcript!("set routine_every=45m; +45m; away 6m; +45m", "
        45m log reminded routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water sitting=45m
        45m remind routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water
        50m log natural_break away=5m sitting=45m
        50m close
        51m log returned away=6m
        1h36m log reminded routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water sitting=45m
        1h36m remind routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water
        ");
}
