//! With the real dunst as the notification server: a reminder is displayed, and choosing
//! "Done" from dunst's action menu (`dunstctl context`) is logged.

mod support;

use support::history::assert_well_formed;
use support::reminders::SUMMARY_PREFIX;
use support::{wait_until, Services, Session, TIMEOUT};

#[test]
fn done_chosen_in_dunst_is_logged() {
    let mut session = Session::with(Services::NO_NOTIFICATIONS);
    session.start_dunst();
    session.keep_active();
    session.start_app();

    let (at, reminded) = session.history().wait_for_event_at(0, "reminded");
    let dunst = session.dunst();
    wait_until(TIMEOUT, "dunst to display the reminder", || {
        (dunst.count("displayed") >= 1).then_some(())
    });

    dunst.choose("Done");
    let done = session.history().wait_for_event_since(at + 1, "done");
    assert_well_formed(&done);
    assert_eq!(done["exercise"], reminded["exercise"], "{done}");
    let menus = dunst.menus_shown();
    assert!(
        menus.contains(SUMMARY_PREFIX),
        "dunst's menu did not show the reminder:\n{menus}"
    );
}
