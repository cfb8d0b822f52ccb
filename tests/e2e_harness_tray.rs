//! Self-test of the harness's tray client against the tray stack the app uses (ksni, a
//! StatusNotifierItem with a dbusmenu), run in this test process: the item registers with the
//! test watcher, its properties read back, an update shows, and a click in a submenu reaches
//! the item.
//!
//! It sets DBUS_SESSION_BUS_ADDRESS for this process, which is why it is alone in its file.

mod support;

use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use ksni::menu::{MenuItem, StandardItem, SubMenu};
use ksni::TrayMethods;
use support::Session;
use tokio::sync::mpsc;

struct TestTray {
    snooze: bool,
    clicked: std_mpsc::Sender<&'static str>,
}

impl ksni::Tray for TestTray {
    const MENU_ON_ACTIVATE: bool = true;

    fn id(&self) -> String {
        "harness".into()
    }
    fn title(&self) -> String {
        "unknot".into()
    }
    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        vec![ksni::Icon {
            width: 16,
            height: 16,
            data: vec![200; 16 * 16 * 4],
        }]
    }
    fn tool_tip(&self) -> ksni::ToolTip {
        ksni::ToolTip {
            title: "unknot".into(),
            description: "Sitting 2 min".into(),
            ..Default::default()
        }
    }
    fn menu(&self) -> Vec<MenuItem<Self>> {
        vec![
            StandardItem {
                label: "Sitting 2 min · stretch in 43 min".into(),
                enabled: false,
                ..Default::default()
            }
            .into(),
            MenuItem::Separator,
            StandardItem {
                label: "_Snooze".into(),
                enabled: self.snooze,
                ..Default::default()
            }
            .into(),
            SubMenu {
                label: "Pause".into(),
                submenu: vec![StandardItem {
                    label: "For 30 minutes".into(),
                    activate: Box::new(|t: &mut Self| {
                        let _ = t.clicked.send("For 30 minutes");
                    }),
                    ..Default::default()
                }
                .into()],
                ..Default::default()
            }
            .into(),
            StandardItem {
                label: "Quit".into(),
                ..Default::default()
            }
            .into(),
        ]
    }
}

#[test]
fn tray_client_reads_and_clicks_a_real_ksni_menu() {
    let session = Session::new();
    // ksni connects to "the session bus" from the environment. Nothing else runs in this
    // test binary, so changing the environment races with no one.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", session.bus().address());

    let (clicked, clicks) = std_mpsc::channel();
    let (enable, mut enabled) = mpsc::unbounded_channel::<()>();
    // The tray runs on a runtime of its own thread, as the test thread blocks on the bus.
    let server = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let tray = TestTray {
                snooze: false,
                clicked,
            };
            let handle = tray.spawn().await.expect("the tray registers");
            while enabled.recv().await.is_some() {
                handle.update(|t: &mut TestTray| t.snooze = true).await;
            }
            handle.shutdown().await;
        });
    });

    let tray = session.tray();
    assert!(tray
        .item()
        .bus_name
        .starts_with("org.kde.StatusNotifierItem-"));
    assert_eq!(tray.item().path, "/StatusNotifierItem");
    assert_eq!(tray.title(), "unknot");
    assert_eq!(tray.status(), "Active");
    assert!(tray.property::<bool>("ItemIsMenu"));
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
    enable.send(()).expect("the tray runs");
    menu.wait_for_item("Snooze", true);

    menu.click("For 30 minutes");
    let click = clicks
        .recv_timeout(Duration::from_secs(20))
        .expect("the item got the click");
    assert_eq!(click, "For 30 minutes");

    drop(enable);
    server.join().expect("the tray thread ends");
}
