//! Self-test of the harness's tray client against the real tray stack the app uses
//! (tray-icon's ksni backend with a muda menu), run in this test process: the item registers
//! with the test watcher, its properties read back, and a click in a submenu reaches muda.
//!
//! It sets DBUS_SESSION_BUS_ADDRESS for this process, which is why it is alone in its file.

mod support;

use std::time::Duration;

use support::Session;
use tray_icon::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tray_icon::{Icon, TrayIconBuilder};

#[test]
fn tray_client_reads_and_clicks_a_real_ksni_menu() {
    let session = Session::new();
    // ksni connects to "the session bus" from the environment. Nothing else runs in this
    // test binary, so changing the environment races with no one.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", session.bus().address());

    let status = MenuItem::new("Sitting 2 min · stretch in 43 min", false, None);
    let snooze = MenuItem::new("&Snooze", false, None);
    let thirty = MenuItem::new("For 30 minutes", true, None);
    let pause = Submenu::with_items("Pause", true, &[&thirty]).expect("submenu");
    let quit = MenuItem::new("Quit", true, None);
    let menu = Menu::with_items(&[
        &status,
        &PredefinedMenuItem::separator(),
        &snooze,
        &pause,
        &quit,
    ])
    .expect("menu");
    let icon = Icon::from_rgba(vec![200; 16 * 16 * 4], 16, 16).expect("icon");
    let tray_icon = TrayIconBuilder::new()
        .with_menu(Box::new(menu))
        .with_title("unknot")
        .with_tooltip("Sitting 2 min")
        .with_icon(icon)
        .build()
        .expect("tray icon");

    let tray = session.tray();
    assert!(tray
        .item()
        .bus_name
        .starts_with("org.kde.StatusNotifierItem-"));
    assert_eq!(tray.item().path, "/StatusNotifierItem");
    assert_eq!(tray.title(), "unknot");
    assert_eq!(tray.status(), "Active");
    // tray-icon puts the title in the tooltip title and the tooltip text in its description.
    assert_eq!(tray.tooltip().title, "unknot");
    assert_eq!(tray.tooltip().description, "Sitting 2 min");
    let pixmaps = tray.icon_pixmap();
    assert_eq!((pixmaps[0].0, pixmaps[0].1), (16, 16));

    let menu = tray.menu();
    let root = menu.layout();
    let entries = root.entries();
    let texts: Vec<String> = entries.iter().map(|e| e.text()).collect();
    assert_eq!(
        texts,
        [
            "Sitting 2 min · stretch in 43 min",
            "Snooze",
            "Pause",
            "Quit"
        ],
        "{}",
        root.render()
    );
    assert!(!entries[0].enabled);
    assert_eq!(entries[1].label, "_Snooze");
    assert!(entries[2].is_submenu());
    assert_eq!(
        root.find("For 30 minutes").unwrap().text(),
        "For 30 minutes"
    );

    menu.wait_for_item("Snooze", false);
    snooze.set_enabled(true);
    menu.wait_for_item("Snooze", true);

    menu.click("For 30 minutes");
    let event = MenuEvent::receiver()
        .recv_timeout(Duration::from_secs(20))
        .expect("muda got the click");
    assert_eq!(event.id(), thirty.id());

    drop(tray_icon);
}
