//! Self-tests of the end-to-end harness, without the app: the session's X server, bus and
//! services start and stop cleanly, and the test services and dunst speak their protocols to
//! a plain zbus client.

mod support;

use std::collections::HashMap;
use std::sync::mpsc;

use support::dbusmenu::strip_mnemonics;
use support::{notifications, wait_until, watcher, Services, Session, TIMEOUT};
use zbus::zvariant::Value;

fn pid_alive(pid: u32) -> bool {
    // SAFETY: kill(2) with signal 0 only checks that the process exists.
    unsafe { libc::kill(pid as i32, 0) == 0 }
}

/// Calls a method on the session bus as a plain client and returns the reply.
fn call<B>(
    conn: &zbus::blocking::Connection,
    dest: &str,
    path: &str,
    iface: &str,
    method: &str,
    body: &B,
) -> zbus::Message
where
    B: serde::Serialize + zbus::zvariant::DynamicType,
{
    conn.call_method(Some(dest), path, Some(iface), method, body)
        .unwrap_or_else(|e| panic!("{iface}.{method} failed: {e}"))
}

/// Collects the signals matching `rule` on a background thread.
fn subscribe(conn: &zbus::blocking::Connection, rule: &str) -> mpsc::Receiver<zbus::Message> {
    let rule = zbus::MatchRule::try_from(rule).expect("valid match rule");
    let messages = zbus::blocking::MessageIterator::for_match_rule(rule, conn, None)
        .expect("subscribe to signals");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for message in messages.flatten() {
            if tx.send(message).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn session_starts_its_own_x_server_and_bus_and_leaves_nothing_behind() {
    let session = Session::new();
    let xvfb_pid = session.xvfb().pid();
    let bus_pid = session.bus().pid();
    let display: u32 = session.display()[1..].parse().expect("display number");
    let dir = session.dir().to_owned();
    assert!(session.bus().address().contains(dir.to_str().unwrap()));
    assert!(session.name_has_owner(notifications::NAME));
    assert!(session.name_has_owner(watcher::NAME));
    let mode = std::fs::metadata(dir.join("runtime"))
        .unwrap()
        .permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o700
    );

    // Input through xdotool resets the idle time that MIT-SCREEN-SAVER reports.
    let idle = wait_until(TIMEOUT, "the X server to be idle for 500 ms", || {
        let idle = session.xvfb().idle_ms();
        (idle >= 500).then_some(idle)
    });
    session.xvfb().poke();
    assert!(
        session.xvfb().idle_ms() < idle,
        "xdotool input did not reset the idle time"
    );

    // The stub xdg-open records its arguments.
    let status = session
        .command("xdg-open")
        .arg("/some/page.html")
        .status()
        .expect("run the stub xdg-open");
    assert!(status.success());
    assert_eq!(session.opened(), vec!["/some/page.html".to_owned()]);

    drop(session);
    assert!(!pid_alive(xvfb_pid), "Xvfb is still running");
    assert!(!pid_alive(bus_pid), "dbus-daemon is still running");
    assert!(!dir.exists(), "the session dir was not removed");
    let socket = format!("/tmp/.X11-unix/X{display}");
    assert!(
        !std::path::Path::new(&socket).exists(),
        "{socket} was left behind"
    );
}

#[test]
fn notification_server_answers_like_a_real_one_and_records_calls() {
    let session = Session::new();
    let conn = session.bus().connect();
    let (n, p) = (notifications::NAME, notifications::PATH);
    let signals = subscribe(
        &conn,
        "type='signal',interface='org.freedesktop.Notifications'",
    );

    let caps: Vec<String> = call(&conn, n, p, n, "GetCapabilities", &())
        .body()
        .deserialize()
        .unwrap();
    assert_eq!(caps, notifications::CAPABILITIES);
    let info: (String, String, String, String) = call(&conn, n, p, n, "GetServerInformation", &())
        .body()
        .deserialize()
        .unwrap();
    assert_eq!(info.3, "1.2");

    let mut hints: HashMap<&str, Value> = HashMap::new();
    hints.insert("resident", Value::from(true));
    let actions = vec!["default", "Open exercise", "done", "Done"];
    let notify = |replaces: u32| -> u32 {
        call(
            &conn,
            n,
            p,
            n,
            "Notify",
            &(
                "unknot",
                replaces,
                "",
                "Time to stretch: X",
                "cue",
                &actions,
                &hints,
                -1i32,
            ),
        )
        .body()
        .deserialize()
        .unwrap()
    };
    let first = notify(0);
    let second = notify(0);
    assert_ne!(first, second);
    assert_eq!(
        notify(first),
        first,
        "replaces_id must be answered with itself"
    );

    let server = session.notifications();
    let calls = server.notifications();
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[0].app_name, "unknot");
    assert_eq!(calls[0].summary, "Time to stretch: X");
    assert_eq!(calls[0].action_keys(), vec!["default", "done"]);
    assert_eq!(calls[0].action_label("done"), Some("Done"));
    assert_eq!(calls[0].hint_bool("resident"), Some(true));
    assert_eq!(calls[2].replaces_id, first);
    assert_eq!(calls[0].sender, conn.unique_name().unwrap().to_string());
    let found = server.wait_for_notify("the replacing one", |c| c.replaces_id != 0);
    assert_eq!(found.id, first);

    let next_signal = || {
        let message = signals.recv_timeout(TIMEOUT).expect("a signal");
        let member = message.header().member().unwrap().to_string();
        (member, message)
    };

    call(&conn, n, p, n, "CloseNotification", &(second,));
    assert_eq!(server.close_calls(), vec![second]);
    assert!(!server.is_open(second));
    let (member, message) = next_signal();
    assert_eq!(member, "NotificationClosed");
    assert_eq!(
        message.body().deserialize::<(u32, u32)>().unwrap(),
        (second, 3)
    );

    server.invoke_action(first, "done");
    let (member, message) = next_signal();
    assert_eq!(member, "ActionInvoked");
    let (id, key): (u32, String) = message.body().deserialize().unwrap();
    assert_eq!((id, key.as_str()), (first, "done"));

    server.dismiss(first);
    let (member, message) = next_signal();
    assert_eq!(member, "NotificationClosed");
    assert_eq!(
        message.body().deserialize::<(u32, u32)>().unwrap(),
        (first, 2)
    );
    assert!(!server.is_open(first));
}

#[test]
fn watcher_registers_items_by_name_or_path_and_forgets_departed_ones() {
    let session = Session::new();
    let (w, p) = (watcher::NAME, watcher::PATH);
    let signals = subscribe(
        session.client(),
        "type='signal',interface='org.kde.StatusNotifierWatcher'",
    );
    let by_name = session.bus().connect();
    by_name
        .request_name("org.kde.StatusNotifierItem-1-1")
        .expect("own an item name");
    call(
        &by_name,
        w,
        p,
        w,
        "RegisterStatusNotifierItem",
        &("org.kde.StatusNotifierItem-1-1",),
    );
    let by_path = session.bus().connect();
    call(
        &by_path,
        w,
        p,
        w,
        "RegisterStatusNotifierItem",
        &("/org/ayatana/NotificationItem/x",),
    );

    let items = session.watcher().items();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].bus_name, "org.kde.StatusNotifierItem-1-1");
    assert_eq!(items[0].path, "/StatusNotifierItem");
    assert_eq!(items[0].sender, by_name.unique_name().unwrap().to_string());
    assert_eq!(
        items[1].bus_name,
        by_path.unique_name().unwrap().to_string()
    );
    assert_eq!(items[1].path, "/org/ayatana/NotificationItem/x");

    let get = |prop: &str| -> zbus::zvariant::OwnedValue {
        call(
            session.client(),
            w,
            p,
            "org.freedesktop.DBus.Properties",
            "Get",
            &(w, prop),
        )
        .body()
        .deserialize()
        .unwrap()
    };
    let listed: Vec<String> = get("RegisteredStatusNotifierItems").try_into().unwrap();
    assert_eq!(listed, vec![items[0].id(), items[1].id()]);
    assert!(bool::try_from(get("IsStatusNotifierHostRegistered")).unwrap());
    assert_eq!(i32::try_from(get("ProtocolVersion")).unwrap(), 0);

    let registered = signals.recv_timeout(TIMEOUT).expect("a signal");
    assert_eq!(
        registered.header().member().unwrap().as_str(),
        "StatusNotifierItemRegistered"
    );
    assert_eq!(
        registered.body().deserialize::<String>().unwrap(),
        items[0].id()
    );
    let _second = signals.recv_timeout(TIMEOUT).expect("a signal");

    drop(by_name);
    wait_until(TIMEOUT, "the departed item to be unregistered", || {
        (session.watcher().items().len() == 1).then_some(())
    });
    assert_eq!(
        session.watcher().unregistered()[0].bus_name,
        items[0].bus_name
    );
    let gone = signals.recv_timeout(TIMEOUT).expect("a signal");
    assert_eq!(
        gone.header().member().unwrap().as_str(),
        "StatusNotifierItemUnregistered"
    );

    call(
        session.client(),
        w,
        p,
        w,
        "RegisterStatusNotifierHost",
        &("org.kde.StatusNotifierHost-1",),
    );
    assert_eq!(
        session.watcher().hosts(),
        vec!["org.kde.StatusNotifierHost-1".to_owned()]
    );
}

#[test]
fn dunst_shows_notifications_and_runs_the_action_picked_from_its_menu() {
    let mut session = Session::with(Services::NO_NOTIFICATIONS);
    let dunst_pid = session.start_dunst().pid();
    let conn = session.bus().connect();
    let signals = subscribe(
        &conn,
        "type='signal',interface='org.freedesktop.Notifications',member='ActionInvoked'",
    );
    let n = notifications::NAME;
    let hints: HashMap<&str, Value> = HashMap::new();
    let actions = vec!["default", "Open exercise", "done", "Done", "skip", "Skip"];
    let id: u32 = call(
        &conn,
        n,
        notifications::PATH,
        n,
        "Notify",
        &(
            "unknot",
            0u32,
            "",
            "Time to stretch: Test",
            "cue",
            &actions,
            &hints,
            0i32,
        ),
    )
    .body()
    .deserialize()
    .unwrap();

    let dunst = session.dunst();
    wait_until(TIMEOUT, "dunst to display the notification", || {
        (dunst.count("displayed") == 1).then_some(())
    });
    dunst.choose("Done");
    let message = signals.recv_timeout(TIMEOUT).unwrap_or_else(|_| {
        panic!(
            "no ActionInvoked; menus shown:\n{}\ndunst log:\n{}",
            dunst.menus_shown(),
            dunst.log()
        )
    });
    let (got_id, key): (u32, String) = message.body().deserialize().unwrap();
    assert_eq!(
        (got_id, key.as_str()),
        (id, "done"),
        "menus shown:\n{}",
        dunst.menus_shown()
    );
    assert!(dunst.menus_shown().contains("Done"));

    drop(session);
    assert!(!pid_alive(dunst_pid), "dunst is still running");
}

#[test]
fn a_missing_tool_fails_naming_the_tool_and_its_package() {
    let panic = std::panic::catch_unwind(|| {
        support::tools::require("unknot-no-such-tool", "unknot-no-such-package")
    })
    .expect_err("a missing tool must panic");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("unknot-no-such-tool"), "{message}");
    assert!(
        message.contains("apt-get install -y unknot-no-such-package"),
        "{message}"
    );
    assert!(support::tools::find("sh").is_some());
}

#[test]
fn menu_labels_lose_their_mnemonics() {
    assert_eq!(strip_mnemonics("_Quit"), "Quit");
    assert_eq!(strip_mnemonics("Stretch _now"), "Stretch now");
    assert_eq!(strip_mnemonics("a__b"), "a_b");
    assert_eq!(
        strip_mnemonics("Add exercises from file…"),
        "Add exercises from file…"
    );
}
