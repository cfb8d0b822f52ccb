//! Notifications against servers that differ: one that answers a button in the same instant
//! it shows the reminder (the press before the reply), one without buttons, one that reads
//! markup, none at all until one appears later, and one the bus starts on the first call.
//! Plus what every reminder carries.

mod support;

use support::config::{with_value, TEST_CONFIG};
use support::history::assert_well_formed;
use support::notifications::{Notify, CAPABILITIES};
use support::reminders::{is_reminder, wait_for_reminder, Mark};
use support::{wait_until, Services, Session, LONG, TIMEOUT};

const WELCOME: &str = "unknot has started";

fn is_welcome(n: &Notify) -> bool {
    n.summary == WELCOME
}

#[test]
fn a_press_in_the_instant_a_reminder_appears_is_never_lost() {
    const ROUNDS: usize = 50;
    let mut session = Session::new();
    // Only "Stretch now" raises reminders here.
    session.write_config(&with_value("every", "\"1h\""));
    session.keep_active();
    session.start_app();
    let server = session.notifications();
    server.press_on_notify("done");
    let menu = session.menu();
    for round in 1..=ROUNDS {
        menu.wait_for_item("Stretch now", true);
        menu.click("Stretch now");
        wait_until(
            TIMEOUT,
            format!("`done` #{round}: the press sent with reminder #{round} was lost"),
            || (session.history().named("done").len() >= round).then_some(()),
        );
    }
    let reminders = server
        .notifications()
        .into_iter()
        .filter(is_reminder)
        .count();
    let reminded = session.history().named("reminded");
    let done = session.history().named("done");
    assert_eq!(
        (reminders, reminded.len(), done.len()),
        (ROUNDS, ROUNDS, ROUNDS),
        "(reminders shown, `reminded`, `done`): every press must count, once"
    );
    for (raised, answered) in reminded.iter().zip(&done) {
        assert_well_formed(answered);
        assert_eq!(raised["exercise"], answered["exercise"], "{answered}");
    }
    assert_eq!(
        server.capabilities_calls(),
        1,
        "GetCapabilities is asked once per server"
    );
}

#[test]
fn a_reminder_stays_until_answered_and_carries_unknots_icon_and_hints() {
    let session = Session::active();
    let welcome = session
        .notifications()
        .wait_for_notify("the first-run note", is_welcome);
    let reminder = wait_for_reminder(&session, Mark::START).notify;

    assert_eq!(reminder.expire_timeout, 0, "a reminder must not expire");
    assert_eq!(reminder.hint_bool("resident"), Some(true));
    assert_eq!(
        reminder.hint_str("category").as_deref(),
        Some("x-unknot.reminder")
    );
    for n in [&reminder, &welcome] {
        assert_eq!(n.app_name, "unknot");
        assert_eq!(n.hint_str("desktop-entry").as_deref(), Some("unknot"));
        let (width, height, stride, alpha, bits, channels, pixels) = n
            .image_data()
            .unwrap_or_else(|| panic!("no image-data (iiibiiay) hint: {:?}", n.hints));
        assert_eq!(
            (width, height, stride, alpha, bits, channels),
            (64, 64, 256, true, 8, 4)
        );
        assert_eq!(
            pixels.len(),
            64 * 256,
            "image-data holds height × stride bytes"
        );
        assert!(
            pixels.chunks(4).any(|px| px[3] != 0),
            "the icon is fully transparent"
        );
    }
    // A one-off note goes away as the server likes.
    assert_eq!(welcome.expire_timeout, -1);
    assert_eq!(welcome.hint_bool("resident"), None);
}

#[test]
fn without_buttons_the_reminder_says_to_answer_from_the_tray() {
    let mut session = Session::with(Services::NO_NOTIFICATIONS);
    session.start_notifications(&["body"]);
    session.keep_active();
    session.start_app();
    let reminder = wait_for_reminder(&session, Mark::START);
    let n = &reminder.notify;
    assert!(
        n.actions.is_empty(),
        "buttons sent to a server without actions: {:?}",
        n.actions
    );
    assert!(
        n.body
            .ends_with("\nAnswer from the unknot icon in the tray."),
        "the body does not point to the tray: {:?}",
        n.body
    );

    let menu = session.menu();
    menu.wait_for_item("Done", true);
    menu.click("Done");
    let done = session
        .history()
        .wait_for_event_since(reminder.index + 1, "done");
    assert_eq!(done["exercise"], reminder.event["exercise"], "{done}");
}

/// A user exercise whose cue is markup, for a server that reads markup.
const MARKUP_CUE: &str = r#"Sit tall "><img src=x onerror=alert(1)> & <b>breathe</b>"#;
const MARKUP_CUE_ESCAPED: &str =
    r#"Sit tall "&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;breathe&lt;/b&gt;"#;

#[test]
fn markup_in_an_exercise_cue_arrives_escaped() {
    let mut session = Session::with(Services::NO_NOTIFICATIONS);
    session.start_notifications(&["actions", "body", "body-markup"]);
    // Only floor exercises, and the built-in ones for the floor hidden: ours is the one.
    session.write_config(&format!(
        "{TEST_CONFIG}\n[exercises]\nplaces = [\"floor\"]\n"
    ));
    let dir = session.path("config/unknot/exercises");
    std::fs::create_dir_all(&dir).expect("create the exercise folder");
    for id in [
        "downward-dog",
        "kneeling-thoracic-rotation",
        "push-ups",
        "shoulder-blade-squeeze",
    ] {
        std::fs::write(
            dir.join(format!("{id}.toml")),
            format!("id = \"{id}\"\nenabled = false\n"),
        )
        .expect("write a hiding file");
    }
    let exercise = format!(
        r#"id = "floor-breath"
name = "Floor breath"
cue = '{MARKUP_CUE}'
kind = "mobility"
area = "spine"
places = ["floor"]
equipment = []
duration = "1m"
reps = 5
steps = ["Lie on your back.", "Breathe slowly."]
cautions = ["Stop if it hurts."]
source = "Test"
"#
    );
    std::fs::write(dir.join("floor-breath.toml"), exercise).expect("write the exercise");
    session.keep_active();
    session.start_app();

    let reminder = wait_for_reminder(&session, Mark::START);
    assert_eq!(reminder.exercise(), "floor-breath", "{}", reminder.event);
    assert_eq!(
        reminder.notify.body,
        format!("{MARKUP_CUE_ESCAPED}\n5 reps"),
        "the cue must reach a markup-reading server escaped"
    );
    assert_eq!(reminder.notify.summary, "Time to stretch: Floor breath");
}

#[test]
fn with_no_server_a_reminder_is_logged_not_shown_and_shown_once_one_appears() {
    let mut session = Session::with(Services::NO_NOTIFICATIONS);
    session.write_config(&with_value("remind_again", "\"2s\""));
    session.keep_active();
    session.start_app();

    let (at, reminded) = session.history().wait_for_event_at(0, "reminded");
    let missed = session.history().wait_for_event_since(at + 1, "not_shown");
    assert_well_formed(&missed);
    assert_eq!(missed["exercise"], reminded["exercise"], "{missed}");
    assert_eq!(missed["raised"], 1, "{missed}");
    assert_eq!(missed["why"], "no notification server", "{missed}");
    // Raised again and still unseen: logged again, but the waiting is said once.
    let again = wait_until(TIMEOUT, "a second `not_shown`", || {
        session.history().named("not_shown").get(1).cloned()
    });
    assert_eq!(again["raised"], 2, "{again}");
    let log = session.app().log();
    assert_eq!(
        log.matches("waiting for one").count(),
        1,
        "the log should say once that unknot waits for a server:\n{log}"
    );

    session.start_notifications(&CAPABILITIES);
    let server = session.notifications();
    server.wait_for_notify("the first-run note, kept until a server came", is_welcome);
    let shown = server.wait_for_notify("the open reminder, shown when a server came", is_reminder);
    let mark = Mark::now(&session);
    server.invoke_action(shown.id, "done");
    let done = session.history().wait_for_event_since(mark.history, "done");
    assert_eq!(done["exercise"], reminded["exercise"], "{done}");
    assert_eq!(
        server.capabilities_calls(),
        1,
        "asked once, of the new server"
    );
}

/// Lets the session's bus start dunst on the first call to the notifications name, as a
/// desktop with dunst installed does (its D-Bus service file). The bus re-reads its config
/// with the service folder added.
fn make_dunst_activatable(session: &Session) {
    let dunst = support::tools::require("dunst", "dunst");
    let rc = session.path("dunstrc-activated");
    std::fs::write(&rc, "[global]\n    follow = none\n    idle_threshold = 0\n").expect("dunstrc");
    // The bus starts services with its own (empty) environment: give dunst the session's.
    let env: String = session
        .env()
        .iter()
        .map(|(k, v)| format!("{k}='{}' ", v.to_string_lossy()))
        .collect();
    make_activatable(
        session,
        &format!(
            "exec env {env} '{}' -config '{}' >> '{}' 2>&1",
            dunst.display(),
            rc.display(),
            session.path("dunst-activated.log").display()
        ),
    );
}

/// Gives the session's bus a service file for the notifications name that runs `script` (a
/// shell script body), and makes the bus re-read its config.
fn make_activatable(session: &Session, script_body: &str) {
    let services = session.path("services");
    std::fs::create_dir_all(&services).expect("create the service folder");
    let script = session.path("bin/activated-notifications");
    std::fs::write(&script, format!("#!/bin/sh\n{script_body}\n"))
        .expect("write the activation script");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod the activation script");
    std::fs::write(
        services.join("org.freedesktop.Notifications.service"),
        format!(
            "[D-BUS Service]\nName=org.freedesktop.Notifications\nExec={}\n",
            script.display()
        ),
    )
    .expect("write the service file");
    let conf = session.path("bus.conf");
    let text = std::fs::read_to_string(&conf).expect("read bus.conf");
    let text = text.replace(
        "</busconfig>",
        &format!(
            "  <servicedir>{}</servicedir>\n</busconfig>",
            services.display()
        ),
    );
    std::fs::write(&conf, text).expect("write bus.conf");
    session
        .client()
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "ReloadConfig",
            &(),
        )
        .expect("the bus reloads its config");
    let activatable: Vec<String> = session
        .client()
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "ListActivatableNames",
            &(),
        )
        .and_then(|reply| reply.body().deserialize())
        .expect("ListActivatableNames");
    assert!(
        activatable
            .iter()
            .any(|n| n == support::notifications::NAME),
        "the bus does not list the notifications name as activatable: {activatable:?}"
    );
}

#[test]
fn a_server_the_bus_can_start_counts_as_present() {
    let mut session = Session::with(Services::NO_NOTIFICATIONS);
    make_dunst_activatable(&session);
    session.keep_active();
    session.start_app();

    let (at, _) = session.history().wait_for_event_at(0, "reminded");
    // The reminder's Notify started dunst.
    wait_until(
        TIMEOUT,
        "dunst, started by the bus, to own the name",
        || {
            session
                .name_has_owner(support::notifications::NAME)
                .then_some(())
        },
    );
    let displayed = wait_until(TIMEOUT, "dunst to display the reminder", || {
        let out = session
            .command("dunstctl")
            .args(["count", "displayed"])
            .output()
            .ok()?;
        let n: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
        (n >= 1).then_some(n)
    });
    assert!(displayed >= 1);
    let names = session.history().names();
    assert!(
        !names[at..].iter().any(|n| n == "not_shown"),
        "a reminder was logged not_shown though the bus could start a server: {names:?}"
    );
    let log = session.app().log();
    assert!(
        !log.contains("waiting for one"),
        "unknot said it waits for a server though the bus could start one:\n{log}"
    );
}

#[test]
fn a_server_the_bus_cannot_start_is_tried_once_per_reminder_not_in_a_loop() {
    let mut session = Session::with(Services::NO_NOTIFICATIONS);
    session.write_config(&with_value("remind_again", "\"2s\""));
    // A service file whose server dies at once, as dunst does with no display.
    let starts = session.path("notification-server-starts.log");
    make_activatable(
        &session,
        &format!("echo started >> '{}'\nexit 1", starts.display()),
    );
    session.keep_active();
    session.start_app();

    // The reminder is raised three times and each is logged as nobody saw it.
    let third = wait_until(LONG, "a third `not_shown`", || {
        session.history().named("not_shown").get(2).cloned()
    });
    assert_eq!(third["raised"], 3, "{third}");
    assert_eq!(third["why"], "no notification server", "{third}");
    // The bus ran the failing server once for the start-up note and once for each raise after
    // the first: never again in between.
    let started = std::fs::read_to_string(&starts)
        .unwrap_or_default()
        .lines()
        .count();
    assert!(
        (1..=4).contains(&started),
        "the bus was asked to start the notification server {started} times for 3 reminders:\n{}",
        session.app().log()
    );
}
