//! Scenarios of quiet: do not disturb, a fullscreen window, the camera. Sitting time keeps
//! counting, a due reminder waits, and it comes a `grace` after the quiet ends.

use super::*;

#[test]
fn do_not_disturb_holds_a_due_reminder_until_a_grace_after_it_ends() {
    transcript!(
        "+40m; dnd on; +10m; status; dnd off; status; +2m",
        "
        50m status held since=45m do_not_disturb sitting=50m exercise=chin-tuck quiet=do_not_disturb
        50m status held since=45m grace sitting=50m next=51m exercise=chin-tuck
        51m log held chin-tuck for=6m (do_not_disturb)
        51m log reminded chin-tuck sitting=51m
        51m remind chin-tuck
        "
    );
}

#[test]
fn a_reminder_on_screen_is_taken_off_for_a_fullscreen_window_and_comes_back() {
    transcript!(
        "+45m; fullscreen on; status; +5m; fullscreen off; +1m; status",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m close
        45m status held since=45m fullscreen sitting=45m exercise=chin-tuck quiet=fullscreen
        51m log held chin-tuck for=6m (fullscreen)
        51m log reminded chin-tuck sitting=51m #2
        51m remind chin-tuck #2
        51m status reminding sitting=51m exercise=chin-tuck
        "
    );
}

#[test]
fn quiet_again_during_the_grace_holds_it_again() {
    transcript!(
        "+40m; dnd on; +10m; dnd off; +30s; dnd on; +5m; dnd off; +1m",
        "
        56m30s log held chin-tuck for=11m30s (do_not_disturb)
        56m30s log reminded chin-tuck sitting=56m30s
        56m30s remind chin-tuck
        "
    );
}

#[test]
fn a_routine_being_followed_stays_on_screen_and_only_its_nudge_waits() {
    transcript!(
        "set routine_every=45m; +45m; open; fullscreen on; +10m; status; done; fullscreen off; status",
        "
        45m log reminded routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water sitting=45m
        45m remind routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water
        45m log opened wall-pec-stretch
        45m open wall-pec-stretch
        55m status reminding sitting=55m exercise=wall-pec-stretch quiet=fullscreen
        55m log held wall-pec-stretch for=5m (fullscreen)
        55m log done routine wall-pec-stretch+shoulder-blade-squeeze+chin-tuck+drink-water sitting=55m
        55m close
        55m status sitting sitting=0s next=1h40m exercise=chin-tuck
        "
    );
}

#[test]
fn the_camera_is_looked_at_when_a_reminder_falls_due_and_a_call_holds_it() {
    transcript!(
        "set camera=on; camera busy; +45m; status; +10m; camera free; status; +1m",
        "
        45m check camera: in use
        45m status held since=45m camera sitting=45m exercise=chin-tuck quiet=camera
        55m status held since=45m grace sitting=55m next=56m exercise=chin-tuck
        56m check camera: free
        56m log held chin-tuck for=11m (camera)
        56m log reminded chin-tuck sitting=56m
        56m remind chin-tuck
        "
    );
}

#[test]
fn a_free_camera_lets_the_reminder_come_at_once() {
    transcript!(
        "set camera=on; +45m; +5m",
        "
        45m check camera: free
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        50m check camera: free
        50m log reminded chin-tuck sitting=50m #2
        50m remind chin-tuck #2
        "
    );
}

#[test]
fn quiet_the_user_turned_off_holds_nothing() {
    transcript!(
        "set fullscreen=off; fullscreen on; +45m; status",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m status reminding sitting=45m exercise=chin-tuck
        "
    );
}

#[test]
fn a_natural_break_during_quiet_ends_the_wait_and_counts() {
    transcript!(
        "dnd on; +45m; away 6m; +1m; dnd off; status",
        "
        50m log held chin-tuck for=5m (do_not_disturb)
        50m log natural_break away=5m sitting=45m
        51m log returned away=6m
        52m status sitting sitting=1m next=1h36m exercise=chin-tuck
        "
    );
}

#[test]
fn stretch_now_during_quiet_comes_at_once() {
    transcript!(
        "+40m; dnd on; +10m; stretch; status",
        "
        50m log held chin-tuck for=5m (do_not_disturb)
        50m log reminded chin-tuck sitting=50m manual
        50m remind chin-tuck
        50m status reminding sitting=50m exercise=chin-tuck quiet=do_not_disturb
        "
    );
}
