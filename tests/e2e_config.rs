//! Config edits while running: a bad edit keeps the app on its last good config and raises one
//! notification naming the file and line; a good edit then applies.

mod support;

use std::collections::BTreeSet;

use support::config::{line_of, with_value};
use support::reminders::{done, is_config_error, sitting_s, wait_for_reminder, Mark};
use support::Session;

#[test]
fn a_bad_edit_keeps_the_old_config_and_names_file_and_line_then_a_good_edit_applies() {
    let mut session = Session::new();
    session.keep_active();
    session.start_app();
    let first = wait_for_reminder(&session, Mark::START);
    let after_first = done(&session, &first);

    // A bad edit, written in place.
    let bad = with_value("every", "\"banana\"");
    let bad_line = line_of(&bad, "banana");
    session.write_config(&bad);
    let error = session.notifications().wait_for_notify_since(
        after_first.notifications,
        "a config error (summary mentioning \"config\")",
        is_config_error,
    );
    let path = session.config_path().display().to_string();
    let text = format!("{}\n{}", error.summary, error.body);
    assert!(
        error.body.contains(&path),
        "the config error does not name the file {path}:\n{text}"
    );
    assert!(
        error.body.contains(&format!("{path}:{bad_line}"))
            || error.body.contains(&format!("line {bad_line}")),
        "the config error does not name line {bad_line}:\n{text}"
    );
    session.app().assert_running("after a bad config edit");
    let log = session.app().log();
    assert!(
        log.contains(&format!("{path}:{bad_line}")) || log.contains(&format!("line {bad_line}")),
        "the config error (naming {path} and line {bad_line}) is not in the log"
    );

    // Still on the old config: reminded again, after `every` = 4s of sitting.
    let second = wait_for_reminder(&session, after_first);
    assert!(
        sitting_s(&second) >= 4.0,
        "reminded after {}s of sitting, not by the old `every` (4s)",
        sitting_s(&second)
    );
    let errors: BTreeSet<u32> = session
        .notifications()
        .notifications()
        .iter()
        .skip(after_first.notifications)
        .filter(|n| is_config_error(n))
        .map(|n| n.id)
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "one bad edit should raise ONE config error notification, got ids {errors:?}"
    );
    let after_second = done(&session, &second);

    // A good edit, written to a new file renamed over the old one (as vim does).
    session.replace_config(&with_value("every", "\"2s\""));
    let third = wait_for_reminder(&session, after_second);
    assert!(
        sitting_s(&third) < 4.0,
        "after `every = \"2s\"` the reminder still came after {}s of sitting",
        sitting_s(&third)
    );
    session.app().assert_running("after a good config edit");
}
