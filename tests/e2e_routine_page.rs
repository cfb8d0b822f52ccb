//! How to on a routine, end to end: the real app raises a routine's reminder, How to opens
//! `Routine.html` through xdg-open, and that page, in headless Chromium, walks through exactly
//! the routine the log names, in its order; Done in the notification then logs the routine.
//!
//! Needs what the e2e harness needs (see tests/support/mod.rs) and Debian's `chromium`.

mod support;

use std::path::Path;

use serde_json::{json, Value};
use support::config::TEST_CONFIG;
use support::routine_page::{assert_quiet, open, wait_for_step};
use support::{wait_until, Session, TIMEOUT};
use unknot::exercise::Library;

#[test]
fn how_to_on_a_routine_opens_its_page_with_its_exercises_in_order() {
    let mut session = Session::new();
    // Every reminder offers a routine.
    session.write_config(&format!("{TEST_CONFIG}routine_every = \"4s\"\n"));
    session.keep_active();
    session.start_app();
    let (index, reminded) = session.history().wait_for_event_at(0, "reminded");
    let ids: Vec<String> = match &reminded["routine"] {
        Value::Array(ids) => ids
            .iter()
            .map(|id| id.as_str().unwrap_or_default().to_owned())
            .collect(),
        other => panic!("the reminder offers no routine: {other} in {reminded}"),
    };
    assert!((3..=5).contains(&ids.len()), "{reminded}");
    let reminder =
        session
            .notifications()
            .wait_for_notify_since(0, "the routine's reminder", |n| {
                n.summary.contains("a short routine")
            });
    session.notifications().invoke_action(reminder.id, "howto");
    let line = wait_until(TIMEOUT, "xdg-open called with a page", || {
        session.opened().first().cloned()
    });
    let page = Path::new(line.trim().trim_start_matches("file://"));
    assert!(page.ends_with("unknot/pages/Routine.html"), "{line:?}");

    let library = Library::builtin();
    let mut names: Vec<String> = ids
        .iter()
        .map(|id| {
            library
                .get(id)
                .unwrap_or_else(|| panic!("{id} is not built in"))
                .name
                .clone()
        })
        .collect();
    names.push("All done".into());
    let mut browser = open(session.dir(), page);
    let headings =
        browser.eval("[...document.querySelectorAll('#routine > li h2')].map(h => h.textContent)");
    assert_eq!(headings, json!(names));
    for (i, name) in names.iter().enumerate() {
        wait_for_step(&mut browser, i + 1, names.len(), name);
        browser.click("#next");
    }
    assert_quiet(&mut browser, "the page How to opened");

    session.notifications().invoke_action(reminder.id, "done");
    let done = session.history().wait_for_event_since(index + 1, "done");
    assert_eq!(done["routine"], reminded["routine"], "{done}");
}
