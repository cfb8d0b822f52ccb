//! The tray item as a host sees it (a left click opens the menu, every icon size, a status line
//! that is current whenever the menu opens), and what happens with no tray host at all.

mod support;

use support::config::with_value;
use support::dbusmenu::MenuItem;
use support::notifications::Notify;
use support::reminders::{wait_for_reminder, Mark};
use support::{wait_until, Services, Session, LONG};

const NO_TRAY_SUMMARY: &str = "unknot: no system tray";

fn is_no_tray_note(n: &Notify) -> bool {
    n.summary == NO_TRAY_SUMMARY
}

#[test]
fn a_left_click_opens_the_menu_and_every_icon_size_is_offered() {
    let mut session = Session::new();
    session.write_config(&with_value("every", "\"1h\""));
    session.start_app();
    let tray = session.tray();
    assert!(
        tray.property::<bool>("ItemIsMenu"),
        "ItemIsMenu is false: a left click would not open the menu"
    );
    let sizes: Vec<(i32, i32, usize)> = tray
        .icon_pixmap()
        .iter()
        .map(|(w, h, data)| (*w, *h, data.len()))
        .collect();
    let want: Vec<(i32, i32, usize)> = [16, 22, 24, 32, 48, 64]
        .iter()
        .map(|&s| (s, s, (s * s * 4) as usize))
        .collect();
    assert_eq!(sizes, want, "IconPixmap sizes (width, height, bytes)");

    // With a tray host there all along, nobody is told there is none: a reminder raised
    // from the menu comes after anything said at start.
    session.menu().click("Stretch now");
    wait_for_reminder(&session, Mark::START);
    let notes = session.notifications().notifications();
    assert!(
        !notes.iter().any(is_no_tray_note),
        "told of no tray host though there is one: {notes:?}"
    );
}

#[test]
fn the_status_line_is_current_whenever_the_menu_opens() {
    let mut session = Session::new();
    // Due 75 s after start: "stretch in 2 min" for 15 s, then "in 1 min" until the first
    // minute is over. Nothing but the clock changes in that minute, so the app sends the tray
    // no update: only wording the line when the menu opens shows the new countdown.
    session.write_config(&with_value("every", "\"75s\""));
    session.keep_active();
    session.start_app();
    let menu = session.menu();
    let reads = |text: &'static str| {
        move |root: &MenuItem| root.entries().first().is_some_and(|e| e.text() == text)
    };
    menu.wait_for(
        "the status line to read \"Sitting 0 min · stretch in 2 min\"",
        reads("Sitting 0 min · stretch in 2 min"),
    );
    menu.wait_for(
        "the status line to read \"Sitting 0 min · stretch in 1 min\"",
        reads("Sitting 0 min · stretch in 1 min"),
    );
}

#[test]
fn without_a_tray_host_the_user_is_told_once_and_the_item_registers_when_one_appears() {
    let mut session = Session::with(Services {
        notifications: true,
        watcher: false,
    });
    session.keep_active();
    session.start_app();
    let note = session
        .notifications()
        .wait_for_notify("the note that there is no tray", is_no_tray_note);
    assert!(
        note.body.contains("gnome-shell-extension-appindicator"),
        "the note does not say what to install: {note:?}"
    );
    // Reminders still come, by notification.
    let first = wait_for_reminder(&session, Mark::START);
    session
        .notifications()
        .invoke_action(first.notify.id, "done");
    session
        .history()
        .wait_for_event_since(first.index + 1, "done");

    session.start_watcher();
    let mark = Mark::now(&session);
    let menu = session.menu();
    menu.click("Stretch now");
    let reminder = wait_for_reminder(&session, mark);
    assert_eq!(reminder.event["manual"], true, "{}", reminder.event);

    let notes = session.notifications().notifications();
    let told = notes.iter().filter(|n| is_no_tray_note(n)).count();
    assert_eq!(told, 1, "told of no tray host {told} times: {notes:?}");
}

#[test]
fn a_tray_host_that_goes_away_is_waited_for_then_told_and_the_item_comes_back_with_it() {
    let mut session = Session::new();
    session.write_config(&with_value("every", "\"1h\""));
    session.start_app();
    session.menu().wait_for_item("Stretch now", true);

    // Gone for a moment (a shell restarting): the item registers again, nobody is told.
    session.stop_watcher();
    session.start_watcher();
    session.menu().wait_for_item("Stretch now", true);

    // Gone for good: after a grace of some seconds the user is told, once.
    session.stop_watcher();
    let mark = Mark::now(&session);
    let note = wait_until(LONG, "the note that there is no tray", || {
        let notes = session.notifications().notifications();
        notes
            .iter()
            .skip(mark.notifications)
            .find(|n| is_no_tray_note(n))
            .cloned()
    });
    assert!(
        note.body.contains("gnome-shell-extension-appindicator"),
        "{note:?}"
    );

    session.start_watcher();
    session.menu().click("Stretch now");
    wait_for_reminder(&session, mark);
    let notes = session.notifications().notifications();
    let told = notes.iter().filter(|n| is_no_tray_note(n)).count();
    assert_eq!(told, 1, "told of no tray host {told} times: {notes:?}");
}

#[test]
fn the_status_line_ends_with_the_stretches_done_today_on_every_computer() {
    let mut session = Session::new();
    session.write_config(&with_value("every", "\"1h\""));
    // Another computer's log in the synced history folder, with a stretch done just now.
    let folder = session
        .history()
        .path()
        .parent()
        .expect("the history folder")
        .to_owned();
    std::fs::create_dir_all(&folder).expect("mkdir history");
    let now = unknot::clock::rfc3339(unknot::clock::now());
    std::fs::write(
        folder.join("other-computer.jsonl"),
        format!(
            "{{\"v\":1,\"ts\":\"{now}\",\"event\":\"done\",\"exercise\":\"chin-tuck\",\"sitting_s\":60}}\n"
        ),
    )
    .expect("write the other log");
    session.keep_active();
    session.start_app();
    let menu = session.menu();
    let ends = |tail: &'static str| {
        move |root: &MenuItem| {
            root.entries()
                .first()
                .is_some_and(|e| e.text().ends_with(tail))
        }
    };
    menu.wait_for(
        "the status line to end with \" · 1 stretch today\"",
        ends(" · 1 stretch today"),
    );
    menu.click("Stretch now");
    wait_for_reminder(&session, Mark::START);
    menu.click("Done");
    session.history().wait_for_event("done");
    menu.wait_for(
        "the status line to end with \" · 2 stretches today\"",
        ends(" · 2 stretches today"),
    );
}
