//! Natural breaks: no input for `natural_break` counts as a break (no reminder while away),
//! input afterwards is a return, and sitting time starts again from there.

mod support;

use std::time::Duration;

use support::history::{assert_well_formed, timestamp};
use support::reminders::{is_reminder, wait_for_reminder, Mark};
use support::wait::assert_holds_for;
use support::Session;

#[test]
fn idle_for_natural_break_is_a_break_and_sitting_restarts_on_return() {
    // Nobody touches the X server: idle from the start.
    let mut session = Session::new();
    session.start_app();

    let (at, natural_break) = session.history().wait_for_event_at(0, "natural_break");
    assert_well_formed(&natural_break);

    // Away for longer than `every` (4s) + `natural_break` (3s): still no reminder.
    let reminded = || {
        !session.history().named("reminded").is_empty()
            || session
                .notifications()
                .notifications()
                .iter()
                .any(is_reminder)
    };
    assert_holds_for(
        Duration::from_secs(8),
        "no reminder while the user is away",
        || !reminded(),
    );
    assert!(
        session.xvfb().idle_ms() >= 3000,
        "the X server saw input during the test"
    );

    // Back at the machine: one nudge, then the usual stream of input.
    session.xvfb().poke();
    session.keep_active();
    let (back_at, returned) = session.history().wait_for_event_at(at + 1, "returned");
    assert_well_formed(&returned);
    assert!(timestamp(&returned) >= timestamp(&natural_break));

    let reminder = wait_for_reminder(
        &session,
        Mark {
            history: back_at + 1,
            notifications: 0,
        },
    );
    let sitting = reminder.event["sitting_s"]
        .as_f64()
        .unwrap_or_else(|| panic!("`reminded` has no sitting_s: {}", reminder.event));
    let since_return = timestamp(&reminder.event)
        .duration_since(timestamp(&returned))
        .as_secs_f64();
    assert!(
        sitting <= since_return + 1.0,
        "sitting time did not restart at the break: reminded with sitting_s = {sitting} only \
         {since_return:.1}s after returning\n{}",
        reminder.event
    );
}
